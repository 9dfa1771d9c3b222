"""Benchmark: cold start to a fully drawn page, gia-stats Overzicht vs a bare Streamlit page.

Run: `.venv/bin/python bench/startup.py`. Both are measured in the same run, on the same
machine: from starting `streamlit run` to the first plotly chart drawn in headless Chromium
(the browser itself is started beforehand and not counted); for Overzicht, to its
last element (the memo sentences), since its key figures are tiles rather than a chart.
Target (issue 6): ≤ 1.3× the bare page, the stack's own floor.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from load import _machine  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_app  # noqa: E402

BARE = """
import plotly.express as px
import streamlit as st

st.title("Kaal")
st.plotly_chart(px.line(x=[2019, 2020, 2021], y=[1, 3, 2]))
"""
ROUNDS = 3
CHART = ".js-plotly-plot .main-svg"
#: Overzicht is fully rendered when its last element, the memo sentences, is drawn and the
#: key figure (84849NED: 84.935 adviezen in the 1st half of 2025) is on screen.
OVERZICHT_READY = "[data-testid='stCode'] >> nth=5"


def _cold_start(browser: object, script: str, ready: str) -> float:
    start = time.perf_counter()
    with streamlit_app(script) as url:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(url)
        page.locator(ready).first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - start
        page.close()
    return elapsed


def main() -> None:
    """Alternate bare and app cold starts; print medians and the ratio."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE, "utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bare_s, app_s = [], []
        for _ in range(ROUNDS):
            bare_s.append(_cold_start(browser, str(bare), CHART))
            app_s.append(_cold_start(browser, "app.py", OVERZICHT_READY))
        browser.close()
    b, a = statistics.median(bare_s), statistics.median(app_s)
    print(f"machine: {_machine()}")
    print(f"{'cold start → page drawn':34}{'median s':>9}{'runs':>30}")
    print(f"{'bare Streamlit + 1 plotly chart':34}{b:>9.2f}{[round(x, 2) for x in bare_s]!s:>30}")
    print(f"{'gia-stats Overzicht':34}{a:>9.2f}{[round(x, 2) for x in app_s]!s:>30}")
    print(f"ratio {a / b:.2f}× (target ≤ 1.3×: {'met' if a / b <= 1.3 else 'MISSED'})")


if __name__ == "__main__":
    main()
