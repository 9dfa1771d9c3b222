"""Veilig Thuis: adviesvragen and meldingen per year or half-year, per region, and breakdowns."""

import pandas as pd
import streamlit as st

from gia_stats import catalog, ui
from gia_stats.regions import NATIONAL
from gia_stats.views import veilig_thuis as view

st.title("Veilig Thuis: adviesvragen en meldingen")
tables = ui.tables()
ui.problems(tables, "veilig_thuis")
kern = catalog.get("vt_kerncijfers")
# The built views are cached per data version (a refresh gives a new tables object) and
# selection, so a widget change does not rebuild tables or figures. They are read-only.
version = id(tables)


@st.cache_resource(show_spinner=False, max_entries=4)
def menus(version: int, _vt: pd.DataFrame) -> view.Menus:
    return view.menus(_vt)


@st.cache_resource(show_spinner=False, max_entries=128)
def series_view(
    version: int, region: str, name: str, period_type: str, _menu: view.Menus
) -> view.SeriesView:
    return view.series_view(_menu.totals, region, name, period_type)


@st.cache_resource(show_spinner=False, max_entries=256)
def breakdown_view(
    version: int, label: str, measure: str, region: str, name: str, period: str, _menu: view.Menus
) -> view.BreakdownView:
    rows = _menu.tables[label].rows
    return view.breakdown_view(rows, label, measure, region, name, period)


# Options are the texts shown: Streamlit keeps the shown text of a selection in the URL.
menu = menus(version, tables["veilig_thuis"])
left, right = st.columns([1, 2])
with left:
    period_type = ui.choice(
        "Periode", ["jaar", "halfjaar"], key="periode", default="halfjaar", widget="segmented"
    )
with right:
    name = ui.choice("Regio", list(menu.regions), key="vt_regio", default="Nederland")
region = menu.regions.get(name, NATIONAL)
shown = series_view(version, region, name, period_type, menu)
if shown.figure is None:
    st.info(f"Geen cijfers per {period_type} voor {name}: geen gegevens.")
else:
    numbers, chart = st.columns([1, 2])
    with numbers:  # the figures themselves, readable and copyable beside the chart
        st.table(shown.table)
        st.caption(view.LEGEND)
    with chart:
        ui.chart(shown.figure, shown.table, shown.alt, key="vt_reeks", rows=shown.rows)
    if shown.gaps:
        st.caption(
            f"Geen gepubliceerd cijfer offline voor: {', '.join(shown.gaps)} (geen gegevens)."
        )
if region != NATIONAL:
    st.caption(
        "Regionale cijfers komen uit de totaalrij van de CBS-tabellen met uitsplitsingen; "
        "niet elke tabel heeft elke periode."
    )
with st.expander("Alle versies van deze cijfers (eerste publicatie, herzieningen)", expanded=True):
    st.table(shown.vintages.set_index("Periode"))
    st.caption(
        "Een cijfer kan in meerdere publicaties staan. Getoond wordt de nieuwste CBS-versie; "
        "een jaarcijfer wordt nooit uit halfjaren opgeteld."
    )
st.caption(kern.notes)

st.header("Uitsplitsingen")
chosen = ui.choice("Tabel", list(menu.tables), key="vt_uitsplitsing")
if chosen:
    table = menu.tables[chosen]
    dataset = catalog.get(table.dataset)
    cols = st.columns(3)
    with cols[0]:
        part_name = ui.choice(
            "Regio", list(table.regions), key=table.key("regio"), default=table.default_region
        )
    part_region = table.regions[part_name]
    with cols[1]:
        period = ui.choice(
            "Periode", list(table.periods), key=table.key("periode"),
            default=table.default_period(part_region),
        )  # fmt: skip
    with cols[2]:
        measure = ui.choice(
            "Maat", table.measures, key=table.key("maat"),
            default=view.default_measure(table.measures),
        )  # fmt: skip
    part = breakdown_view(
        version, chosen, measure, part_region, part_name, table.periods[period], menu
    )
    if part.figure is None:
        st.info(view.gap_text(table, part_region, part_name, period, measure))
    else:
        ui.chart(part.figure, part.display, part.alt, key="vt_uitsplitsing_grafiek", rows=part.rows)
        for note in part.notes:
            st.caption(note)
    st.caption(f"Bron: {dataset.source}. {dataset.notes}")
