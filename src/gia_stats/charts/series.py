"""Line charts of Veilig Thuis series over periods, with provisional marks and gaps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gia_stats.charts import HOUSE, PALETTE, note_annotation, source_line, wrap
from gia_stats.metrics.change import COARSE_ROUNDING
from gia_stats.metrics.format import format_number


def _tick(label: str) -> str:
    """A short axis label on two lines: ``"1e halfjaar 2021"`` → ``"1e hj<br>2021"``."""
    head, _, year = label.rpartition(" ")
    head = head.replace("halfjaar", "hj").replace("kwartaal", "kw")
    return f"{head}<br>{year}" if head else label


def _details(rows: pd.DataFrame) -> list[str]:
    """Hover text per point: status, a coarse rounding and the version it comes from."""
    out = []
    for _, row in rows.iterrows():
        status = row.get("status")
        parts = [
            str(status) if isinstance(status, str) and status else "definitief of niet vermeld"
        ]
        rounding = row.get("rounding")
        if rounding is not None and not pd.isna(rounding) and int(rounding) > COARSE_ROUNDING:
            parts.append(f"afgerond op {format_number(int(rounding))}-tallen")
        vintage = row.get("vintage")
        if isinstance(vintage, str) and vintage:
            parts.append(f"versie: {vintage}")
        out.append("; ".join(parts))
    return out


def series_chart(
    frame: pd.DataFrame, title: str, y_title: str, categories: list[str] | None = None
) -> go.Figure:
    """Line chart of one or more measures over periods, provisional figures marked.

    Parameters
    ----------
    frame
        Rows of the tidy count table: one row per (measure, period), columns ``measure``,
        ``period_label``, ``period_start``, ``value``, ``status``, ``source``, ``retrieved``.
    title
        Chart title.
    y_title
        Y-axis title (Dutch, with unit).
    categories
        Every period label of the axis, in order; periods without a figure stay a visible
        gap in the line (never bridged, never zero). Default: the labels in ``frame``.

    Returns
    -------
    plotly.graph_objects.Figure
        With the house template, a source line and hollow markers for provisional figures.
    """
    fig = go.Figure()
    ordered = frame.sort_values("period_start")
    axis = categories or list(dict.fromkeys(ordered["period_label"]))
    for i, (measure, rows) in enumerate(ordered.groupby("measure", sort=False)):
        rows = rows.drop_duplicates("period_label").set_index("period_label").reindex(axis)
        status = rows["status"].fillna("")
        provisional = status.str.contains("voorlopig")
        details = _details(rows)
        fig.add_trace(
            go.Scatter(
                x=axis,
                y=rows["value"],
                name=str(measure),
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[i % len(PALETTE)], "width": 3},
                marker={
                    "size": 9,
                    "symbol": ["circle-open" if p else "circle" for p in provisional],
                    "line": {"width": 2},
                },
                customdata=details,
                hovertemplate="%{x}: %{y:,d} (%{customdata})<extra>%{fullData.name}</extra>",
            )
        )
    retrieved = str(frame["retrieved"].dropna().max()) if not frame.empty else ""
    note = source_line(list(frame["source"].dropna().astype(str)), retrieved)
    if frame["status"].fillna("").str.contains("voorlopig").any():
        note += " Open punt = voorlopig cijfer."
    if "rounding" in frame and (frame["rounding"].fillna(1).astype(int) > COARSE_ROUNDING).any():
        note += " Sommige cijfers zijn afgerond op duizendtallen (zie tabel: ca.)."
    lines = wrap(note, 90).count("<br>") + 1
    top = frame["value"].max() if not frame.empty else float("nan")
    fig.update_layout(
        template=HOUSE,
        title={"text": title},
        yaxis_title=y_title,
        # Room above the highest point (a lone point would sit on the frame), zero at the base.
        yaxis_range=[0, float(top) * 1.12] if top == top and top > 0 else None,
        showlegend=True,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": axis,
            # "1e halfjaar 2021" on two lines, never slanted over the source line.
            "tickvals": axis,
            "ticktext": [_tick(label) for label in axis],
            "tickangle": 0,
            "tickfont": {"size": 11},
        },
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"t": 100, "b": 80 + 15 * lines},
        annotations=[note_annotation(wrap(note, 90), -60)],
    )
    return fig
