"""gia-stats dashboard entry point: registers the pages and the sidebar banner."""

import streamlit as st

from gia_stats import ui

st.set_page_config(page_title="gia-stats", page_icon=":material/bar_chart:", layout="wide")

pages = [
    st.Page("pages/veilig_thuis.py", title="Veilig Thuis", icon=":material/home:", default=True),
]
navigation = st.navigation(pages)
ui.banner(ui.tables())
navigation.run()
