"""Line charts of Veilig Thuis series over periods, with provisional marks and gaps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gia_stats.charts import HOUSE, PALETTE, source_line, wrap


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
                customdata=status.replace("", "definitief of niet vermeld"),
                hovertemplate="%{x}: %{y:,d} (%{customdata})<extra>%{fullData.name}</extra>",
            )
        )
    retrieved = str(frame["retrieved"].dropna().max()) if not frame.empty else ""
    note = source_line(list(frame["source"].dropna().astype(str)), retrieved)
    if frame["status"].fillna("").str.contains("voorlopig").any():
        note += " Open punt = voorlopig cijfer."
    lines = wrap(note).count("<br>") + 1
    fig.update_layout(
        template=HOUSE,
        title={"text": title},
        yaxis_title=y_title,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": axis},
        margin={"b": 110 + 14 * lines},
        annotations=[
            {
                "text": wrap(note),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.25,
                "yanchor": "top",
                "align": "left",
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11, "color": "#555"},
            }
        ],
    )
    return fig
