"""Plotly figure builders: the house template (colour-blind safe, Dutch number format)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

#: Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

HOUSE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#1a1a1a"},
        colorway=PALETTE,
        separators=",.",  # Dutch: decimal comma, thousands dot
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"showgrid": False, "linecolor": "#555", "ticks": "outside"},
        yaxis={"gridcolor": "#e5e5e5", "rangemode": "tozero", "tickformat": ",d"},
        legend={"orientation": "h", "y": -0.18},
        margin={"l": 70, "r": 20, "t": 70, "b": 110},
        hoverlabel={"namelength": -1},
    )
)

#: Chart toolbar: no cloud/sharing buttons, Dutch-friendly image name.
PLOT_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "select2d", "lasso2d"],
    "locale": "nl",
}


def source_line(sources: list[str], retrieved: str) -> str:
    """The line under a chart: 'Bron: …; geraadpleegd …'."""
    text = "Bron: " + "; ".join(dict.fromkeys(s for s in sources if s))
    return text + (f". Geraadpleegd {retrieved}." if retrieved else ".")


def wrap(text: str, width: int = 120) -> str:
    """Break a long source line into plotly ``<br>``-separated lines."""
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def note_annotation(text: str, yshift: int) -> dict[str, object]:
    """The source/notes line under a chart: small grey text, left-aligned below the plot.

    Parameters
    ----------
    text
        The (already wrapped) note, e.g. from :func:`source_line` and :func:`wrap`.
    yshift
        Pixels below the plot area (negative), so the gap is independent of chart height.

    Returns
    -------
    dict
        A plotly layout annotation.
    """
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": yshift,
        "yanchor": "top",
        "xanchor": "left",
        "align": "left",
        "showarrow": False,
        "font": {"size": 11, "color": "#555"},
    }
