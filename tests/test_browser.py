"""Browser tests: the real app in Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).parent / "artifacts"

if not os.path.exists(CHROMIUM):  # pragma: no cover - make test installs it
    pytest.skip(f"{CHROMIUM} missing: run `make chromium`", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_veilig_thuis_page_shows_2020_meldingen(app_url: str, browser: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(f"{app_url}/veilig_thuis?periode=jaar")
    page.get_by_text("Veilig Thuis: adviesvragen en meldingen").wait_for(timeout=30_000)
    # 84852NED: Ontvangen meldingen 2020 = 127 410, shown in Dutch notation.
    page.get_by_text("127.410").first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "veilig_thuis_jaar.png"), full_page=True)
    page.close()
