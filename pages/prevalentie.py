"""Prevalentie: Prevalentiemonitor editions per form of violence, groups, our test beside CBS's."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from gia_stats import catalog, ui
from gia_stats.charts import prevalence as charts
from gia_stats.metrics.sentences import Sentence
from gia_stats.views import prevalentie as view


@st.cache_resource(show_spinner=False, max_entries=4)
def prepared(prevalence: pd.DataFrame, statements: pd.DataFrame) -> view.PageParts:
    # Once per data version, not per widget change: the tests over every rounding of the
    # published figures take ~0,6 s, a figure ~50 ms. Shared between sessions: read-only.
    return view.page_parts(prevalence, statements)


# Per selection, once per data version (``token``): a widget change then costs no new tests
# or figures. Arguments with a leading underscore are not hashed by Streamlit.
@st.cache_resource(show_spinner=False, max_entries=256)
def memo(_prev: pd.DataFrame, _statements: pd.DataFrame, token: int, indicator: str,
         edition: int) -> Sentence | None:  # fmt: skip
    return view.memo_sentence(_prev, _statements, indicator, edition)


@st.cache_resource(show_spinner=False, max_entries=256)
def group_view(
    _rows: pd.DataFrame, _style: dict[str, str], token: int, indicator: str, breakdown: str
) -> tuple[go.Figure, pd.DataFrame, str, bool, pd.DataFrame]:
    groups = view.group_rows(_rows, indicator, breakdown)
    title = f"{indicator} naar {view.breakdown_label(breakdown).lower()}"
    figure = charts.groups_chart(
        groups, title, **_style, x_title=view.group_axis_title(groups)
    )  # fmt: skip
    return (
        figure,
        view.group_table(groups),
        view.groups_alt(groups, indicator, breakdown),
        view.groups_testable(groups),
        groups.assign(indicator=indicator, breakdown=breakdown),
    )


st.title("Prevalentie: huiselijk geweld en seksueel grensoverschrijdend gedrag")
tables = ui.tables()
ui.problems(tables, "prevalentie", "uitspraken", "opzet")
dataset = catalog.get("prevalentie")
prev, statements = tables["prevalentie"], tables["uitspraken"]
if prev.empty:
    st.info("Er zijn geen prevalentiecijfers geladen (zie de melding hierboven).")
    st.stop()
page = prepared(prev, statements)
rows, editions, style = page.rows, page.editions, page.style
st.caption(dataset.notes)
if style["break_note"]:
    st.warning(f"**Breuk in de reeksen.** {style['break_note']}", icon=":material/warning:")

st.header("Edities per vorm van geweld")
ui.chart(
    page.overview_chart, page.overview_table, page.overview_alt, key="prev_edities_grafiek",
    rows=rows,
)  # fmt: skip
if page.excluded:
    st.caption(f"Niet in de grafiek (andere referentieperiode): {'; '.join(page.excluded)}.")

st.header("Per indicator")
indicator = ui.choice(
    "Indicator", view.indicator_options(rows), key="prev_indicator", default="SGG totaal"
)
st.table(view.indicator_detail(rows, indicator, editions))
if view.series_note(indicator):
    st.info(f"**{indicator}:** {view.series_note(indicator)}.")

st.subheader("Memozin")
edition_options = view.edition_options(rows, indicator)
edition = ui.choice(
    "Editie", edition_options, key="prev_editie", default=(edition_options or [""])[-1],
    widget="segmented",
)  # fmt: skip
token = id(tables)  # one loaded-tables object per data version (ui.tables is cached)
sentence = memo(prev, statements, token, indicator, int(edition)) if edition else None
if sentence is None:
    st.info(
        "Geen memozin: alleen voor de indicatoren die we tussen edities kunnen vergelijken ("
        + ", ".join(view.memo_indicators())
        + ")."
    )
else:
    st.success(sentence.text, icon=":material/edit_note:")
    if sentence.warnings:
        with st.expander("Aannames achter deze zin"):
            st.markdown("\n".join(f"- {w}" for w in sentence.warnings))

st.subheader("Groepen")
# Labels as options (no format_func): the URL holds what the widget shows.
breakdowns = {view.breakdown_label(b): b for b in view.breakdown_options(rows, indicator)}
breakdown = breakdowns.get(ui.choice("Uitsplitsing", list(breakdowns), key="prev_uitsplitsing"), "")
if breakdown:
    figure, table, alt, testable, export_rows = group_view(rows, style, token, indicator, breakdown)
    ui.chart(figure, table, alt, key="prev_groepen_grafiek", rows=export_rows)
    if not testable:
        st.caption(
            "Per groep zijn geen aantallen respondenten of marges gepubliceerd: verschillen "
            "tussen groepen of edities zijn niet toetsbaar."
        )

st.header("Significantie: onze toets naast de uitspraak van CBS/WODC")
st.table(page.verdict_table)
st.markdown(page.method)
with st.expander("Aannames per uitspraak"):
    st.markdown("\n".join(f"- {line}" for line in page.assumptions))
