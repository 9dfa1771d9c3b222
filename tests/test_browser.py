"""Browser tests: the real app in Debian's Chromium through Playwright (no browser download).

Each page is loaded from a running `streamlit run app.py` on 127.0.0.1, a known published
figure is checked on screen, a selection is changed, and a screenshot is saved in
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).parent / "artifacts"
WAIT = 60_000

if not os.path.exists(CHROMIUM):  # pragma: no cover - make test installs it
    pytest.skip(f"{CHROMIUM} missing: run `make chromium`", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # Nothing may leave the machine: record any request that is not to the app itself.
    outside: list[str] = []
    pg.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    yield pg
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, errors
    assert not outside, f"requests to the internet: {outside[:5]}"


def _shown(pg: Any, text: str) -> None:
    """Wait until ``text`` is in the page (also inside a collapsed table)."""
    pg.get_by_text(text, exact=False).first.wait_for(state="attached", timeout=WAIT)


def _no_exception(pg: Any) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0


def test_overzicht_key_figures(page: Any, app_url: str) -> None:
    page.goto(app_url)
    _shown(page, "Offline momentopname")
    # 84849NED: 1e halfjaar 2025* = 84.935 gestarte adviezen.
    _shown(page, "84.935")
    page.locator(".js-plotly-plot, [data-testid='stMetric']").first.wait_for(timeout=WAIT)
    _no_exception(page)


def test_veilig_thuis_year_and_half_year(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/veilig_thuis?periode=jaar")
    _shown(page, "Veilig Thuis")
    # 84852NED: Ontvangen meldingen 2020 = 127.410.
    _shown(page, "127.410")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=WAIT)
    # The segmented control's options are radio buttons to assistive tech (and Playwright).
    page.get_by_role("radio", name="halfjaar", exact=True).first.click()
    # Impactmonitor 2022: 53.145 gestarte adviezen in the first half of 2019.
    _shown(page, "53.145")
    # halfjaar is the default, which Streamlit leaves out of the link.
    assert "periode=jaar" not in page.url
    _no_exception(page)


def test_regios_map_and_ranking(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/regios?reg_niveau=Provincies&reg_periode=2020")
    _shown(page, "Rangorde")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=WAIT)
    # 84852NED: Groningen (PV) 4.195 meldingen in 2020.
    _shown(page, "4.195")
    _no_exception(page)


def test_prevalentie_editions_and_verdicts(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/prevalentie")
    _shown(page, "Significantie")
    # CBS: seksueel grensoverschrijdend gedrag 12,7% in 2022.
    _shown(page, "12,7")
    _shown(page, "niet toetsbaar")
    _no_exception(page)


def test_bronnen_lists_every_cbs_table(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/bronnen")
    for table in ("84847NED", "84852NED", "85361NED", "70072ned"):
        _shown(page, table)
    _no_exception(page)


def test_hostile_link_falls_back(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/regios?reg_niveau=..%2F..%2Fetc%2Fpasswd&reg_periode=%00%F0%9F%92%A5")
    _shown(page, "Rangorde")
    _no_exception(page)
    assert "root:" not in page.content()


def test_briefing_pack_is_built_and_offered(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/briefing")
    page.get_by_role("button", name="Maak briefingpakket").click()
    page.get_by_role("button", name="Download briefingpakket (zip)").wait_for(timeout=240_000)
    with page.expect_download(timeout=WAIT) as info:
        page.get_by_role("button", name="Download briefingpakket (zip)").click()
    assert info.value.suggested_filename == "briefingpakket.zip"
    _no_exception(page)
