"""Veilig Thuis: adviesvragen and meldingen per year or half-year, nationally."""

import streamlit as st

from gia_stats import catalog, charts, ui
from gia_stats.charts import series
from gia_stats.periods import parse_period, period_range

st.title("Veilig Thuis: adviesvragen en meldingen")

tables = ui.tables()
ui.problems(tables, "veilig_thuis")
kern = catalog.get("vt_kerncijfers")

period_type = (
    st.segmented_control(
        "Periode", ["jaar", "halfjaar"], default="halfjaar", key="periode", bind="query-params"
    )
    or "halfjaar"
)
vt = tables["veilig_thuis"]
rows = vt[
    (vt["dataset"] == kern.id)
    & (vt["region_code"] == "NL01")
    & vt["measure"].isin([m.title for m in kern.measures])
    & (vt["period_type"] == period_type)
    & vt["current"]
]
periods = sorted(parse_period(c) for c in rows["period_code"].unique())
axis = [p.label for p in period_range(periods[0], periods[-1])] if periods else []
st.plotly_chart(
    series.series_chart(rows, f"Veilig Thuis, Nederland, per {period_type}", "Aantal", axis),
    config=charts.PLOT_CONFIG,
)
table = (
    rows.pivot_table(index="period_label", columns="measure", values="value", aggfunc="first")
    .reindex(axis)
    .map(lambda v: "geen gegevens" if v != v else f"{v:,.0f}".replace(",", "."))
)
table.index.name = "Periode"
st.table(table)
gaps = [label for label in axis if table.loc[label].eq("geen gegevens").all()]
if gaps:
    st.caption(f"Geen gepubliceerd landelijk cijfer offline voor: {', '.join(gaps)}.")
st.caption(kern.notes)
