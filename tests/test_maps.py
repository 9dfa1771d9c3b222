"""The choropleth builder: offline boundaries only, missing regions grey, never as zero."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from gia_stats.charts import maps

GEO = Path(__file__).resolve().parents[1] / "datasets" / "geo"


@pytest.fixture(scope="module")
def provinces() -> dict[str, object]:
    data: dict[str, object] = json.loads((GEO / "provincie_2025.geojson").read_text("utf-8"))
    return data


def _values(rows: list[tuple[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [c for c, _ in rows],
            "value": [v for _, v in rows],
            "label": ["geen gegevens" if math.isnan(v) else f"{v:,.0f}" for _, v in rows],
        }
    )


def _by_name(fig: go.Figure) -> dict[str, go.Scatter]:
    return {str(t.text).split(":")[0]: t for t in fig.data if t.text}


def test_regions_without_a_figure_are_grey_and_say_geen_gegevens(
    provinces: dict[str, object],
) -> None:
    # 84852NED, Ontvangen meldingen 2020: Groningen 4.195, Overijssel 5.960; Limburg has
    # no row and Utrecht a NaN value: both grey, never coloured as a value.
    values = _values([("PV20", 4195.0), ("PV23", 5960.0), ("PV26", math.nan)])
    fig = maps.choropleth(provinces, values, "Ontvangen meldingen, 2020", "Aantal", "Bron: CBS.")
    traces = _by_name(fig)
    assert traces["Groningen"].text == "Groningen: 4,195"
    for name in ("Limburg", "Utrecht"):
        assert traces[name].fillcolor == maps.MISSING_COLOUR
        assert traces[name].text == f"{name}: geen gegevens"
    assert traces["Groningen"].fillcolor != maps.MISSING_COLOUR
    # Lowest value gets the light end of the scale, highest the dark end.
    assert traces["Groningen"].fillcolor == "rgb(198, 219, 239)"
    assert traces["Overijssel"].fillcolor == "rgb(8, 48, 107)"
    # One legend entry "geen gegevens", one colour bar.
    legend = [t for t in fig.data if t.showlegend]
    assert [t.name for t in legend] == ["geen gegevens"]
    bars = [t for t in fig.data if t.marker and t.marker.showscale]
    assert len(bars) == 1 and bars[0].marker.colorbar.title.text == "Aantal"


def test_a_published_zero_is_coloured_not_grey(provinces: dict[str, object]) -> None:
    fig = maps.choropleth(provinces, _values([("PV20", 0.0), ("PV21", 10.0)]), "t", "Aantal")
    assert _by_name(fig)["Groningen"].fillcolor != maps.MISSING_COLOUR


def test_no_base_map_is_fetched_and_attribution_is_shown(provinces: dict[str, object]) -> None:
    fig = maps.choropleth(provinces, _values([("PV22", 2205.0)]), "t", "Aantal", "Bron: CBS.")
    spec = fig.to_dict()
    # No geo/mapbox/map subplot and no choropleth traces: plotly.js would download
    # world_110m.json from cdn.plot.ly (or tiles) for those.
    assert {t["type"] for t in spec["data"]} == {"scatter"}
    assert not {"geo", "mapbox", "map"} & set(spec["layout"])
    caption = spec["layout"]["annotations"][0]["text"].replace("<br>", " ")
    assert "Bron: CBS." in caption
    assert maps.MAP_ATTRIBUTION in caption
    assert "Grijs: geen gegevens" in caption
    assert spec["layout"]["template"]["layout"]["separators"] == ",."
    go.Figure(spec)  # the dict is a valid plotly figure (built without per-trace validation)


def test_names_and_hover_and_every_feature_drawn(provinces: dict[str, object]) -> None:
    values = _values([("PV21", 4245.0)]).assign(name=["Friesland (Fryslân)"])
    fig = maps.choropleth(provinces, values, "t", "Per 1.000 inwoners", decimals=1)
    regions = [t for t in fig.data if t.fill == "toself"]
    assert len(regions) == 12
    assert _by_name(fig)["Friesland (Fryslân)"].text == "Friesland (Fryslân): 4,245"
    bar = next(t for t in fig.data if t.marker and t.marker.showscale)
    assert bar.marker.colorbar.tickformat == ",.1f"
    # Zeeland's holes (water) are rings of their own: one path, separated by gaps.
    zeeland = _by_name(fig)["Zeeland"]
    assert list(zeeland.x).count(None) >= 5


def test_all_regions_missing_gives_a_grey_map_without_colour_bar(
    provinces: dict[str, object],
) -> None:
    fig = maps.choropleth(provinces, _values([]), "t", "Aantal")
    assert all(t.fillcolor == maps.MISSING_COLOUR for t in fig.data)
    assert not any(t.marker and t.marker.showscale for t in fig.data)
