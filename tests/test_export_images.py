"""Chart files: PNG/SVG through one kaleido session on the system Chromium, offline HTML."""

from __future__ import annotations

import os
import re
import struct
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from gia_stats.charts import HOUSE
from gia_stats.charts.series import series_chart
from gia_stats.export import images

TITLE = "Veilig Thuis, Nederland, per jaar"
HAS_CHROMIUM = os.path.exists(images.DEFAULT_CHROMIUM)
needs_chromium = pytest.mark.skipif(
    not HAS_CHROMIUM, reason=f"{images.DEFAULT_CHROMIUM} ontbreekt: `make chromium`"
)

#: Ontvangen meldingen, 84852NED and the 2022 letter (2021, first release).
ROWS = pd.DataFrame(
    {
        "measure": ["Ontvangen meldingen"] * 3,
        "period_label": ["2020", "2021", "2023"],
        "period_start": [date(2020, 1, 1), date(2021, 1, 1), date(2023, 1, 1)],
        "value": [127410.0, 119190.0, 127340.0],
        "status": ["", "", "voorlopig"],
        "source": ["CBS StatLine 84852NED"] * 3,
        "retrieved": ["2025-12-03"] * 3,
    }
)

# A square in the North Sea, wound clockwise as d3-geo wants it.
SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "A",
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[4, 52], [4, 53], [5, 53], [5, 52], [4, 52]]],
            },
        }
    ],
}


def _chart() -> go.Figure:
    return series_chart(ROWS, TITLE, "Aantal", ["2020", "2021", "2022", "2023"])


def _map() -> go.Figure:
    fig = go.Figure(go.Choropleth(geojson=SQUARE, locations=["A"], z=[1.0]))
    fig.update_geos(fitbounds="locations", visible=False)
    fig.add_annotation(text="Bron: CBS.", x=0, y=0, xref="paper", yref="paper", showarrow=False)
    return fig.update_layout(title={"text": "Kaart"})


@pytest.fixture
def renderer(image_renderer: images.ImageRenderer) -> images.ImageRenderer:
    # The session-wide browser of conftest.py, shared with the briefing tests.
    return image_renderer


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


@needs_chromium
def test_png_has_print_size(renderer: images.ImageRenderer) -> None:
    png = renderer.render(_chart(), "png")
    assert _png_size(png) == (images.DEFAULT_WIDTH * 3, images.DEFAULT_HEIGHT * 3)
    small = _chart().update_layout(width=400, height=300)
    assert _png_size(renderer.render(small, "png", scale=2)) == (800, 600)


@needs_chromium
def test_svg_parses_and_carries_title_and_source(renderer: images.ImageRenderer) -> None:
    svg = renderer.render(_chart(), "svg")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("900", "560")
    text = " ".join("".join(root.itertext()).split())
    assert TITLE in text
    assert "Bron: CBS StatLine 84852NED. Geraadpleegd 2025-12-03." in text
    assert "127.410" not in text  # the value is a point, the axis says 120.000 …
    assert "120.000" in text  # Dutch thousands separator from the house template


@needs_chromium
def test_many_charts_in_one_session_with_progress(
    renderer: images.ImageRenderer, tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []
    out = renderer.render_many(
        [(_chart(), "png"), (_chart(), "svg"), (_map(), "png")],
        progress=lambda done, total, _msg: calls.append((done, total)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert out[0][:4] == b"\x89PNG" and out[1].startswith(b"<svg")
    assert _png_size(out[2]) == (2700, 1680)  # the map rendered offline (no topojson fetch)
    target = renderer.write(_chart(), tmp_path / "grafiek.svg")
    assert target.read_bytes().startswith(b"<svg")
    with pytest.raises(ValueError, match="beeldformaat"):
        renderer.write(_chart(), tmp_path / "grafiek.gif")


def test_no_chromium_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not images.chromium_available()
    with pytest.raises(images.ImageExportError, match="geen Chromium: alleen HTML en CSV"):
        images.ImageRenderer().start()


def test_a_browser_that_dies_gives_a_clear_error() -> None:
    with pytest.raises(images.ImageExportError, match="startte niet"):
        images.ImageRenderer(browser="/bin/false", start_timeout=20).start()


def test_prepare_requires_title_and_source_and_sets_the_house_template() -> None:
    bare = go.Figure(go.Bar(x=["a"], y=[1]), layout={"template": "plotly_dark"})
    with pytest.raises(ValueError, match="titel"):
        images.prepare_figure(bare)
    with pytest.raises(ValueError, match="bronregel"):
        images.prepare_figure(bare, title="Staaf")
    ready = images.prepare_figure(bare, title="Staaf", source="Bron: CBS. Geraadpleegd 2025-12-03.")
    assert ready.layout.template == HOUSE
    assert ready.layout.annotations[0].text == "Bron: CBS. Geraadpleegd 2025-12-03."
    assert bare.layout.title.text is None  # the page's figure is not changed


def test_html_is_standalone_and_offline() -> None:
    page = images.to_html(_chart())
    assert page.startswith("<!doctype html>") or page.startswith("<html")
    assert '<html lang="nl">' in page
    assert f"<title>{TITLE}</title>" in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)  # plotly.js inlined
    assert "Bron: CBS StatLine 84852NED. Geraadpleegd 2025-12-03." in page
    assert '"displaylogo": false' in page and "sendDataToCloud" in page
    assert "plotly.js v" in page and len(page) > 3_000_000
    assert images.GEO_ASSETS_JS not in page  # only maps need the offline topojson stand-in
    assert images.GEO_ASSETS_JS in images.to_html(_map())


@pytest.mark.browser
@needs_chromium
def test_html_map_makes_no_external_requests(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from streamlit_server import CHROMIUM, CHROMIUM_ARGS

    page_file = tmp_path / "kaart.html"
    page_file.write_text(images.to_html(_map()), "utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector("path.choroplethlocation", state="attached", timeout=20_000)
        browser.close()
    assert requests == [page_file.as_uri()]
