"""gia-stats dashboard entry point: registers the pages and the sidebar banner."""

import streamlit as st

from gia_stats import ui

# No page_icon: a material-icon favicon is fetched from fonts.gstatic.com (no internet).
st.set_page_config(page_title="gia-stats", layout="wide")

pages = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("pages/veilig_thuis.py", title="Veilig Thuis", icon=":material/home:"),
    st.Page("pages/regios.py", title="Regio's", icon=":material/map:"),
    st.Page("pages/prevalentie.py", title="Prevalentie", icon=":material/groups:"),
    st.Page("pages/briefing.py", title="Briefingpakket", icon=":material/folder_zip:"),
    st.Page("pages/bronnen.py", title="Bronnen & methode", icon=":material/menu_book:"),
]
navigation = st.navigation(pages)
tables = ui.tables()
ui.banner(tables)
ui.refresh_control()
navigation.run()
