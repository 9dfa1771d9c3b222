"""Dot plots of Prevalentiemonitor estimates per edition: indicators or groups, CI where given.

One row of dots per indicator (or group), one colour per edition, grouped side by side.
A figure CBS did not publish itself (a third party or the media quoting CBS) gets an open
symbol. Error bars appear only where a 95% interval was published; when none was, the note
under the chart says so instead of drawing anything. A new questionnaire (2024) is named in
the legend and in the note.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from gia_stats.charts import HOUSE, PALETTE, note_annotation, source_line, wrap

#: Marker per source type: CBS/WODC itself filled, quoted figures open.
SYMBOLS = {"officieel": "circle", "derde": "diamond-open", "media": "square-open"}
SOURCE_TYPE_NAMES = {
    "officieel": "CBS/WODC zelf",
    "derde": "derde citeert CBS",
    "media": "media citeren CBS",
}

NO_MARGINS_NOTE = "Geen 95%-marges gepubliceerd: daarom geen foutbalken."
SOME_MARGINS_NOTE = (
    "Streepjes: gepubliceerd 95%-interval; zonder streepje: geen marge gepubliceerd."
)
ROUNDED_NOTE = "Hele procenten zijn afgerond gepubliceerd (zie tabel)."


def source_kind(vintage: object) -> str:
    """``"officieel"``, ``"media"`` or ``"derde"`` from a vintage text."""
    text = "" if vintage is None or vintage != vintage else str(vintage).casefold()
    if text.startswith("officieel"):
        return "officieel"
    if "media" in text:
        return "media"
    return "derde"


def edition_name(edition: int, break_edition: int | None) -> str:
    """Legend name of an edition; the one with a new questionnaire says so."""
    return f"{edition} (nieuwe vragenlijst)" if edition == break_edition else str(edition)


def _finite(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float)


def dot_chart(
    frame: pd.DataFrame,
    category: str,
    title: str,
    *,
    source: str,
    x_title: str,
    categories: Sequence[str] | None = None,
    editions: Sequence[int] | None = None,
    break_edition: int | None = None,
    break_note: str = "",
) -> go.Figure:
    """Horizontal dot plot: one row per category, one dot per edition.

    Parameters
    ----------
    frame
        One row per (category, edition): columns ``category``, ``edition``, ``estimate``
        (percent), ``ci_low``, ``ci_high``, ``label`` (the figure as published, e.g.
        "afgerond 12%"), ``precision``, ``vintage``, ``retrieved``. Missing estimates are
        left out (no dot, never zero).
    category
        Column with the row names (``"indicator"`` or ``"group"``).
    title
        Chart title.
    source
        The survey as a source ("CBS/WODC, Prevalentiemonitor …").
    x_title
        X-axis title.
    categories
        Row order, top to bottom (default: order of appearance).
    editions
        Every edition, for stable colours across charts (default: those in ``frame``).
    break_edition, break_note
        The edition with a new questionnaire and what changed; named in the legend and note.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    rows = frame[_finite(frame["estimate"]).notna()].copy()
    rows["edition"] = rows["edition"].astype(int)
    order = list(categories) if categories else list(dict.fromkeys(rows[category].astype(str)))
    all_editions = sorted(editions) if editions else sorted(set(rows["edition"]))
    fig = go.Figure()
    has_ci = False
    for i, edition in enumerate(all_editions):
        part = rows[rows["edition"] == edition]
        if part.empty:
            continue
        estimate = _finite(part["estimate"])
        low, high = _finite(part["ci_low"]), _finite(part["ci_high"])
        with_ci = low.notna() & high.notna()
        kinds = [source_kind(v) for v in part["vintage"]]
        trace = go.Scatter(
            x=estimate,
            y=part[category].astype(str),
            name=edition_name(edition, break_edition),
            mode="markers",
            orientation="h",
            legendgroup=str(edition),
            showlegend=False,
            marker={
                "color": PALETTE[i % len(PALETTE)],
                "size": 12,
                "symbol": [SYMBOLS[k] for k in kinds],
                "line": {"width": 2, "color": PALETTE[i % len(PALETTE)]},
            },
            customdata=list(
                zip(part["label"].astype(str), [SOURCE_TYPE_NAMES[k] for k in kinds], strict=True)
            ),
            hovertemplate=(
                f"<b>%{{y}}</b><br>{edition}: %{{customdata[0]}}"
                "<br>%{customdata[1]}<extra></extra>"
            ),
        )
        if with_ci.any():
            has_ci = True
            trace.error_x = {
                "type": "data",
                "symmetric": False,
                "array": (high - estimate).where(with_ci).tolist(),
                "arrayminus": (estimate - low).where(with_ci).tolist(),
                "thickness": 1.5,
                "width": 4,
            }
        fig.add_trace(trace)
        # The legend entry: a filled dot in the edition's colour, whatever the symbols of
        # its points (the legend would copy the first one); clicking it toggles the points.
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=edition_name(edition, break_edition),
                legendgroup=str(edition),
                marker={"symbol": "circle", "color": PALETTE[i % len(PALETTE)], "size": 11},
                hoverinfo="skip",
            )
        )
    present = [k for k in SYMBOLS if k in {source_kind(v) for v in rows["vintage"]}]
    if present and present != ["officieel"]:
        for kind in present:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=f"Bron: {SOURCE_TYPE_NAMES[kind]}",
                    legendgroup=f"bron {kind}",
                    marker={"symbol": SYMBOLS[kind], "color": "#555", "size": 11},
                    hoverinfo="skip",
                )
            )
    notes = [NO_MARGINS_NOTE if not has_ci else SOME_MARGINS_NOTE]
    if (rows["precision"].astype(str) == "integer").any():
        notes.append(ROUNDED_NOTE)
    if break_note and break_edition in set(rows["edition"]):
        notes.append(f"Let op: {break_note}")
    quoted = any(source_kind(v) != "officieel" for v in rows["vintage"])
    sources = [source, "deels geciteerd door derden of media (open symbool)" if quoted else ""]
    retrieved = str(rows["retrieved"].dropna().max()) if not rows.empty else ""
    note = " ".join([source_line(sources, retrieved), *notes])
    wrapped = wrap(note, 100)
    lines = wrapped.count("<br>") + 1
    per_row = 14 + 10 * max(len(all_editions), 1)
    plot_height = max(len(order), 1) * per_row
    top, bottom = 110, 90 + 15 * lines
    fig.update_layout(
        template=HOUSE,
        title={"text": title, "y": 0.98, "yanchor": "top"},
        height=top + bottom + plot_height,
        scattermode="group",
        scattergap=0.35,
        xaxis={
            "title": {"text": x_title},
            "rangemode": "tozero",
            "ticksuffix": "%",
            "showgrid": True,
            "gridcolor": "#e5e5e5",
            "zeroline": False,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order,
            "autorange": "reversed",
            "automargin": True,
            "showgrid": False,
            "title": {"text": ""},
        },
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "groupclick": "togglegroup",
        },
        margin={"t": top, "b": bottom, "l": 20, "r": 20},
        annotations=[note_annotation(wrapped, -64)],
    )
    return fig


def editions_chart(
    overview: pd.DataFrame,
    title: str,
    *,
    source: str,
    editions: Sequence[int] | None = None,
    break_edition: int | None = None,
    break_note: str = "",
) -> go.Figure:
    """Jaarprevalentie per form of violence (indicator) and edition, 16 years and older.

    Parameters
    ----------
    overview
        ``views.prevalentie.edition_overview``: one row per (indicator, edition).
    title, source, editions, break_edition, break_note
        See :func:`dot_chart`.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    return dot_chart(
        overview,
        "indicator",
        title,
        source=source,
        x_title="Slachtoffers in de afgelopen 12 maanden, % van de 16-plussers",
        editions=editions,
        break_edition=break_edition,
        break_note=break_note,
    )


def groups_chart(
    rows: pd.DataFrame,
    title: str,
    *,
    source: str,
    editions: Sequence[int] | None = None,
    break_edition: int | None = None,
    break_note: str = "",
    x_title: str = "Slachtoffers in de afgelopen 12 maanden, % van de groep",
) -> go.Figure:
    """Groups of one breakdown per edition (the preferred figure of each; see ``preferred``).

    Parameters
    ----------
    rows
        ``views.prevalentie.group_rows``: every published figure, ``preferred`` marking the
        one to draw per group and edition.
    title, source, editions, break_edition, break_note, x_title
        See :func:`dot_chart`.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    shown = rows[rows["preferred"]] if "preferred" in rows else rows
    return dot_chart(
        shown,
        "group",
        title,
        source=source,
        x_title=x_title,
        categories=list(dict.fromkeys(rows["group"].astype(str))),
        editions=editions,
        break_edition=break_edition,
        break_note=break_note,
    )


__all__ = [
    "NO_MARGINS_NOTE",
    "ROUNDED_NOTE",
    "SOME_MARGINS_NOTE",
    "SOURCE_TYPE_NAMES",
    "SYMBOLS",
    "dot_chart",
    "edition_name",
    "editions_chart",
    "groups_chart",
    "source_kind",
]
