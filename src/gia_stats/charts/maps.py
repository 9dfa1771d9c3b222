"""Choropleth maps of regions from offline boundary GeoJSON (no base map, nothing fetched).

The regions are drawn as filled polygons on plain (hidden) axes, not on a plotly ``geo``
subplot: a geo subplot makes plotly.js download a world base map (``world_110m.json``) from
cdn.plot.ly even when it is hidden, and a government laptop may not reach it. Longitude and
latitude are drawn with the aspect ratio of the Netherlands' mid latitude, which at this
scale is indistinguishable from a Mercator map.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from gia_stats.charts import HOUSE, note_annotation, wrap

MAP_ATTRIBUTION = (
    "Grenzen: © CBS – Gebiedsindelingen (via PDOK), CC BY 4.0; "
    "vereenvoudigd door cartomap/nl (E. de Jonge)."
)

#: Fill of a region without a figure: a neutral grey, never a colour of the scale.
MISSING_COLOUR = "#c8c8c8"

#: Sequential single-hue scale (colour-blind safe); it starts at a visible light blue so
#: the lowest value is never mistaken for the white background or the grey "geen gegevens".
SCALE: list[list[float | str]] = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]

_BORDER = {"color": "#ffffff", "width": 0.8}


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """All rings (outer and holes) of a Polygon or MultiPolygon."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates", [])
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [ring for polygon in polygons for ring in polygon]


def _path(geometry: dict[str, Any]) -> tuple[list[float | None], list[float | None]]:
    """Lon and lat of every ring, rings separated by None (one SVG path, holes cut out)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in _rings(geometry):
        xs.extend(float(p[0]) for p in ring)
        ys.extend(float(p[1]) for p in ring)
        xs.append(None)
        ys.append(None)
    return xs, ys


def _colour(value: float, low: float, high: float) -> str:
    share = 0.5 if high <= low else (value - low) / (high - low)
    return str(sample_colorscale(SCALE, [min(max(share, 0.0), 1.0)])[0])


def choropleth(
    geojson: dict[str, Any],
    values: pd.DataFrame,
    title: str,
    value_label: str,
    note: str = "",
    decimals: int = 0,
) -> go.Figure:
    """Map of regions coloured by value; regions without a figure shown as 'geen gegevens'.

    No base-map tiles or base-map files are used (nothing is fetched from the internet): only
    the boundaries given. A region without a figure (no row, or value NaN) is grey and
    labelled "geen gegevens", never coloured as 0; a published 0 is coloured like any other
    value.

    Parameters
    ----------
    geojson
        FeatureCollection whose features carry ``properties.statcode`` and ``statnaam``
        (WGS84 lon/lat Polygons or MultiPolygons).
    values
        Columns ``code`` (statcode), ``value`` (float, NaN = no figure) and ``label``
        (formatted value for the hover text); optional ``name`` (region name to show
        instead of the file's ``statnaam``).
    title, value_label
        Chart title and colour-bar title.
    note
        Source line shown under the map (the boundary attribution is always added).
    decimals
        Decimals on the colour bar (0 for counts, 1 for rates).

    Returns
    -------
    plotly.graph_objects.Figure
        One filled trace per region (hover: name and label), a colour bar, a legend entry
        "geen gegevens" when a region has no figure, and the source line with attribution.
    """
    features = geojson.get("features", [])
    assert isinstance(features, list)
    names = {str(f["properties"]["statcode"]): str(f["properties"]["statnaam"]) for f in features}
    if "name" in values.columns:
        names.update(
            {str(c): str(n) for c, n in zip(values["code"], values["name"], strict=True) if n}
        )
    known = values.dropna(subset=["value"]).drop_duplicates("code").set_index("code")
    labels = {str(k): str(v) for k, v in known["label"].items()}
    numbers = {str(k): float(v) for k, v in known["value"].items()}
    low = min(numbers.values(), default=0.0)
    high = max(numbers.values(), default=0.0)
    # Plain dicts, validated once by the tests rather than on every rerun (plotly's per-trace
    # validation costs more than the rest of the page).
    traces: list[dict[str, Any]] = []
    first_missing = True
    lats: list[float] = []
    lons: list[float] = []
    for feature in features:
        code = str(feature["properties"]["statcode"])
        xs, ys = _path(feature["geometry"])
        lats.extend(y for y in ys if y is not None)
        lons.extend(x for x in xs if x is not None)
        has = code in numbers
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": _colour(numbers[code], low, high) if has else MISSING_COLOUR,
                "line": _BORDER,
                "hoveron": "fills",
                "hoverinfo": "text",
                "text": f"{names[code]}: {labels[code] if has else 'geen gegevens'}",
                "name": names[code] if has else "geen gegevens",
                "legendgroup": "" if has else "geen gegevens",
                "showlegend": not has and first_missing,
            }
        )
        first_missing = first_missing and has  # only the first grey region has a legend entry
    if numbers:
        top = high if high > low else low + (abs(low) or 1.0)
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "marker": {
                    "color": [low],
                    "cmin": low,
                    "cmax": top,
                    "colorscale": SCALE,
                    "showscale": True,
                    "colorbar": {
                        "title": {"text": value_label},
                        "tickformat": f",.{decimals}f",
                        "len": 0.7,
                    },
                },
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    south, north = (min(lats), max(lats)) if lats else (50.7, 53.6)
    west, east = (min(lons), max(lons)) if lons else (3.3, 7.3)
    mid = (south + north) / 2
    caption = " ".join(t for t in (note, MAP_ATTRIBUTION) if t)
    if len(numbers) < len(features):
        caption += " Grijs: geen gegevens (geen cijfer, niet 0)."
    text = wrap(caption, 110)
    lines = text.count("<br>") + 1
    bottom = 30 + 16 * lines
    hidden = {
        "visible": False,
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "constrain": "domain",
    }
    pad_x, pad_y = 0.02 * (east - west), 0.02 * (north - south)
    layout: dict[str, Any] = dict(
        template=HOUSE,
        title={"text": title},
        height=640 + bottom,
        margin={"l": 10, "r": 10, "t": 60, "b": bottom},
        xaxis={**hidden, "range": [west - pad_x, east + pad_x]},
        yaxis={
            **hidden,
            "range": [south - pad_y, north + pad_y],
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(mid)),
        },
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        hovermode="closest",
        annotations=[note_annotation(text, -12)],
    )
    return go.Figure(data=traces, layout=layout, _validate=False)
