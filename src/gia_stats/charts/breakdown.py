"""Horizontal bar charts of a breakdown: groups as bars, missing groups named, never zero."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from gia_stats.charts import HOUSE, PALETTE, note_annotation, source_line, wrap
from gia_stats.metrics.format import format_number, format_percent

MISSING = "geen gegevens"
UNKNOWN = "onbekend (.)"


def _missing_text(flag: object) -> str:
    text = "" if flag is None or pd.isna(flag) else str(flag).strip()  # type: ignore[call-overload]
    if not text:
        return MISSING
    return UNKNOWN if text == "." else f"onbekend ({text})"


def breakdown_chart(
    table: pd.DataFrame,
    title: str,
    *,
    as_share: bool,
    x_title: str = "",
) -> go.Figure:
    """Bar chart of the groups of one breakdown, biggest on top.

    Parameters
    ----------
    table
        Rows per group: ``label``, ``value``, ``share`` (fraction or NaN), ``flag``,
        ``status``, ``is_total``, ``source``, ``retrieved`` (as made by
        ``gia_stats.views.veilig_thuis.breakdown_table``). The total row is not drawn.
    title
        Chart title.
    as_share
        Draw each group's share of the total (percent) instead of its count.
    x_title
        X-axis title; default "Aandeel van het totaal (%)" or "Aantal".

    Returns
    -------
    plotly.graph_objects.Figure
        House template and source line. A group without a figure (a CBS ``'.'`` or no
        publication) has no bar but its name and "onbekend (.)"/"geen gegevens" at zero;
        provisional figures get a ``*`` in the bar label.
    """
    groups = table[~table["is_total"].astype(bool)] if not table.empty else table
    # Plotly draws the first category at the bottom: reverse so the biggest is on top.
    groups = groups.iloc[::-1]
    # Long group names on two or three lines, so the bars keep their width.
    labels = ["<br>".join(textwrap.wrap(str(v), 36)) or str(v) for v in groups["label"]]
    values = [
        (s * 100.0 if as_share else v)
        for s, v in zip(groups["share"], groups["value"], strict=True)
    ]
    texts = []
    for value, status in zip(values, groups["status"], strict=True):
        if value is None or math.isnan(value):
            texts.append("")
            continue
        text = format_percent(value / 100.0, 1) if as_share else format_number(value)
        status_text = "" if status is None or pd.isna(status) else str(status)
        texts.append(text + ("*" if "voorlopig" in status_text else ""))
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": PALETTE[0]},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    annotations: list[dict[str, object]] = [
        {
            "x": 0,
            "y": label,
            "xref": "x",
            "yref": "y",
            "text": _missing_text(flag),
            "showarrow": False,
            "xanchor": "left",
            "font": {"size": 12, "color": "#555"},
        }
        for label, value, flag in zip(labels, values, groups["flag"], strict=True)
        if value is None or math.isnan(value)
    ]
    retrieved = str(table["retrieved"].dropna().max()) if not table.empty else ""
    note = source_line(list(table["source"].dropna().astype(str)), retrieved)
    if groups["status"].fillna("").astype(str).str.contains("voorlopig").any():
        note += " * = voorlopig cijfer."
    lines = wrap(note, 90).count("<br>") + 1
    annotations.append(note_annotation(wrap(note, 90), -58))
    known = [v for v in values if v is not None and not math.isnan(v)]
    top = max(known, default=1.0)
    fig.update_layout(
        template=HOUSE,
        title={"text": title},
        height=max(320, 160 + 24 * sum(label.count("<br>") + 1.4 for label in labels) + 15 * lines),
        xaxis={
            "title": {"text": x_title or ("Aandeel van het totaal (%)" if as_share else "Aantal")},
            "range": [0, top * 1.18],
            "tickformat": ",.0f",
            "showgrid": True,
            "gridcolor": "#e5e5e5",
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "tickformat": "",
            "automargin": True,
        },
        showlegend=False,
        margin={"l": 20, "r": 40, "t": 80, "b": 72 + 15 * lines},
        annotations=annotations,
    )
    return fig
