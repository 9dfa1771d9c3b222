"""gia-stats dashboard entry point: registers the pages and the sidebar banner."""

import streamlit as st

from gia_stats import ui

# No page or page_icon icons: a material-icon favicon is fetched from fonts.gstatic.com.
st.set_page_config(page_title="gia-stats", layout="wide")

pages = [
    st.Page("pages/overzicht.py", title="Overzicht", default=True),
    st.Page("pages/veilig_thuis.py", title="Veilig Thuis"),
    st.Page("pages/regios.py", title="Regio's"),
    st.Page("pages/prevalentie.py", title="Prevalentie"),
    st.Page("pages/briefing.py", title="Briefingpakket"),
    st.Page("pages/bronnen.py", title="Bronnen & methode"),
]
navigation = st.navigation(pages)
tables = ui.tables()
ui.banner(tables)
ui.refresh_control()
navigation.run()
