"""Veilig Thuis: adviesvragen and meldingen per year or half-year, nationally."""

import streamlit as st

from gia_stats import catalog, charts, ui

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
st.plotly_chart(
    charts.series_chart(rows, f"Veilig Thuis, Nederland, per {period_type}", "Aantal"),
    config=charts.PLOT_CONFIG,
)
table = rows.pivot_table(
    index=["period_start", "period_label"], columns="measure", values="value", aggfunc="first"
).reset_index(level=0, drop=True)
st.dataframe(table.style.format(lambda v: f"{v:,.0f}".replace(",", ".")), width="stretch")
st.caption(kern.notes)
