"""Briefingpakket: every chart as PNG/SVG/HTML, the CSVs and the memo sentences, in one zip."""

import streamlit as st

from gia_stats import ui
from gia_stats.export import briefing, images

st.title("Briefingpakket")
tables = ui.tables()
ui.problems(tables, "veilig_thuis", "prevalentie", "uitspraken")
items = briefing.default_items(tables.frames)

st.markdown(
    "Alle grafieken in één keer, klaar voor een nota of briefing: per grafiek **PNG** "
    "(printkwaliteit), **SVG** en **HTML** (werkt offline), de **CSV**'s erachter (standaard en "
    "Excel NL), en `bouwstenen.md` + `bouwstenen.docx` met de memo-zinnen en hun bronnen."
)
st.table({"Grafiek": [item.title for item in items]})
if not images.chromium_available():
    st.warning(f"Op deze machine: {images.NO_CHROMIUM}. Het pakket bevat dan geen PNG/SVG.")
if st.button("Maak briefingpakket", key="brief_maak", type="primary"):
    st.session_state["brief_zip"] = ui.briefing_pack(items)
if "brief_zip" in st.session_state:
    st.download_button(
        "Download briefingpakket (zip)",
        st.session_state["brief_zip"],
        "briefingpakket.zip",
        "application/zip",
        key="brief_download",
        on_click="ignore",
    )
