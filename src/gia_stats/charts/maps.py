"""Choropleth maps of regions from offline boundary GeoJSON (no base-map tiles)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gia_stats.charts import HOUSE

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
