"""Plotly figure builders with one house template (colour-blind safe, Dutch number format)."""

from __future__ import annotations

import textwrap

import pandas as pd
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


MAP_ATTRIBUTION = (
    "Grenzen: © CBS – Gebiedsindelingen (via PDOK), CC BY 4.0; "
    "vereenvoudigd door cartomap/nl (E. de Jonge)."
)


def choropleth(
    geojson: dict[str, object],
    values: pd.DataFrame,
    title: str,
    value_label: str,
    note: str = "",
) -> go.Figure:
    """Map of regions coloured by value; regions without a figure shown as 'geen gegevens'.

    No base-map tiles are used (nothing is fetched from the internet): only the boundaries.

    Parameters
    ----------
    geojson
        FeatureCollection whose features carry ``properties.statcode`` and ``statnaam``.
    values
        Columns ``code`` (statcode), ``value`` (float, NaN = no figure) and ``label``
        (formatted value for the hover text).
    title, value_label
        Chart title and colour-bar title.
    note
        Source line shown under the map (the boundary attribution is always added).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    features = geojson.get("features", [])
    assert isinstance(features, list)
    codes = [str(f["properties"]["statcode"]) for f in features]
    names = {str(f["properties"]["statcode"]): str(f["properties"]["statnaam"]) for f in features}
    known = values.dropna(subset=["value"]).set_index("code")
    labels = {str(k): str(v) for k, v in known["label"].items()}
    missing = [c for c in codes if c not in known.index]
    fig = go.Figure()
    if missing:
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey="properties.statcode",
                locations=missing,
                z=[0] * len(missing),
                colorscale=[[0, "#d9d9d9"], [1, "#d9d9d9"]],
                showscale=False,
                marker={"line": {"color": "white", "width": 0.8}},
                text=[f"{names[c]}: geen gegevens" for c in missing],
                hoverinfo="text",
                name="geen gegevens",
            )
        )
    present = [c for c in codes if c in known.index]
    if present:
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey="properties.statcode",
                locations=present,
                z=known.loc[present, "value"].astype(float).tolist(),
                colorscale="Blues",
                marker={"line": {"color": "white", "width": 0.8}},
                colorbar={"title": {"text": value_label}, "separatethousands": True},
                text=[f"{names[c]}: {labels[c]}" for c in present],
                hoverinfo="text",
                name=value_label,
            )
        )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    caption = " ".join(t for t in (note, MAP_ATTRIBUTION) if t)
    if missing:
        caption += " Grijs: geen gegevens."
    fig.update_layout(
        template=HOUSE,
        title={"text": title},
        height=620,
        margin={"l": 0, "r": 0, "t": 60, "b": 60},
        annotations=[
            {
                "text": caption,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.06,
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11, "color": "#555"},
            }
        ],
    )
    return fig
