"""Regio's: one Veilig Thuis figure per region on a map, ranked, and against Nederland."""

from typing import Any

import pandas as pd
import streamlit as st

from gia_stats import catalog, ui
from gia_stats.charts import maps
from gia_stats.loaders import geo
from gia_stats.views import regios as rv


@st.cache_data(show_spinner=False, max_entries=16)
def grenzen(level: str, year: int) -> dict[str, Any]:
    """Boundary GeoJSON of a level and year, read once (whitelisted file, see loaders.geo)."""
    return geo.load_geojson(level, year)


@st.cache_data(show_spinner=False, max_entries=4)
def keuzes(_vt: pd.DataFrame, data: tuple[object, ...]) -> dict[str, Any]:
    """Measures and periods per level; ``data`` identifies the loaded tables."""
    return rv.choices(_vt)


@st.cache_data(show_spinner=False, max_entries=128)
def weergave(
    _vt: pd.DataFrame, _pop: pd.DataFrame, data: tuple[object, ...], level: str, key: str,
    period: str, base: str, geo_year: int,
) -> rv.RegionalView:  # fmt: skip
    """The regional figures of one selection, computed once per selection and data."""
    option = next(o for o, _ in keuzes(_vt, data)[level] if o.key == key)
    return rv.build(_vt, _pop, level, option, period, base, geo_year)


st.title("Regio's")
st.caption(
    "Cijfers van Veilig Thuis per Veilig Thuis-regio, provincie of landsdeel: op de kaart, "
    "in een rangorde en naast Nederland. Regio's zonder cijfer zijn grijs (geen gegevens), "
    "nooit 0."
)
tables = ui.tables()
ui.problems(tables, "veilig_thuis", "bevolking")
vt, pop = tables["veilig_thuis"], tables["bevolking"]
# The loaded tables are one cached object per data version: its identity and sources key
# the caches below, so a widget change never recomputes and a refresh does.
data = (id(tables), tuple((s.dataset, s.origin, s.rows, s.retrieved) for s in tables.sources))
offline = not any(s.origin == "CBS" for s in tables.sources)


# Every selection's options are its Dutch labels: Streamlit binds the shown label to the
# URL, so the labels themselves make the link (?reg_niveau=Provincies&reg_periode=2020).
all_choices = keuzes(vt, data)
levels = {rv.LEVELS[lvl]: lvl for lvl in rv.LEVELS if all_choices[lvl]}
level = levels.get(
    ui.choice("Niveau", list(levels), "reg_niveau", rv.LEVELS["VT"], widget="segmented"), "VT"
)
options = {o.label: (o, coverage) for o, coverage in all_choices.get(level, [])}
picked = ui.choice("Maat", list(options), "reg_maat")
if not picked:
    st.info("Geen regionale cijfers op dit niveau in de gegevens (geen gegevens).")
    st.stop()
option, coverage = options[picked]
periods = rv.period_labels(coverage)
col_period, col_base, col_scale = st.columns([1, 1, 1])
with col_period:
    default = rv.label_of(rv.default_period(coverage) or "")
    period = periods[ui.choice("Periode", list(periods), "reg_periode", default)]
with col_base:
    bases = rv.period_labels(coverage, rv.comparison_options(coverage, period))
    base = bases[ui.choice("Vergelijken met", list(bases), "reg_vergelijk")]
geo_year = geo.map_year(level, rv.geography_year(level, period, base))
view = weergave(vt, pop, data, level, option.key, period, base, geo_year)
with col_scale:
    scales = {rv.SCALES[s]: s for s in (["aantal", "per1000"] if view.has_rates else ["aantal"])}
    scale = scales[ui.choice("Weergave", list(scales), "reg_schaal", widget="radio")]
st.caption(rv.coverage_by_period(coverage, level))

if view.covered < len(view.rows):
    st.info(
        rv.coverage_text(view)
        + (
            " De offline momentopname bevat maar een deel van de regionale CBS-cijfers; "
            "online vult `gia-stats refresh` (of de knop *CBS-cijfers verversen*) ze aan."
            if offline
            else ""
        ),
        icon=":material/info:",
    )
for notice in view.notices:
    st.warning(notice, icon=":material/compare_arrows:")
if rate_note := rv.rate_notice(view):
    st.caption(rate_note)

figure = maps.choropleth(
    grenzen(level, geo_year),
    rv.map_values(view, scale),
    rv.title(view, scale),
    rv.value_title(option, scale, view.period),
    note=rv.source_note(view),
    decimals=1 if scale == "per1000" or option.unit == "%" else 0,
)
ui.chart(
    figure, rv.map_table(view, scale), rv.alt_text(view, scale), key="reg_kaart",
    rows=rv.export_rows(tables["veilig_thuis"], view),
)  # fmt: skip

st.subheader("Rangorde")
st.table(rv.ranking_table(view, scale))
st.caption(catalog.VT_NOTE)

st.subheader("Regio en Nederland")
names = {r.name: r.code for r in view.rows}
default_region = view.row(rv.default_region(view, scale)).name
region = names[ui.choice("Regio", list(names), "reg_regio", default_region)]
versus = rv.versus_nl(view, region)
cols = st.columns(3)
cols[0].metric(f"{versus.region}, {view.period.label}", versus.region_value)
cols[1].metric(f"Nederland, {view.period.label}", versus.national_value)
cols[2].metric("Aandeel van Nederland", versus.share, help=versus.share_reason or None)
if view.has_rates:
    cols = st.columns(3)
    cols[0].metric(f"{versus.region}, per 1.000 inwoners", versus.region_rate)
    cols[1].metric("Nederland, per 1.000 inwoners", versus.national_rate)
for line in (versus.share_reason, *versus.warnings):
    if line:
        st.caption(line)
