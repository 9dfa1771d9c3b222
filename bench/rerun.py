"""Benchmark: server-side rerun time of every page after a widget change (issue 4, target ≤ 150 ms).

Run: `.venv/bin/python bench/rerun.py`. Uses streamlit.testing.v1.AppTest, which runs the
script in-process exactly as the server does for a rerun (without the websocket hop).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from load import _machine  # noqa: E402

PAGES = ["overzicht", "veilig_thuis", "regios", "prevalentie", "bronnen"]
REPEATS = 10
TARGET_MS = 150


def _other_option(widget: object) -> object:
    options = list(getattr(widget, "options", []))
    current = getattr(widget, "value", None)
    for option in options:
        if option != current and str(option) != str(current):
            return option
    return current


def bench_page(page: str) -> tuple[float, float, str]:
    """Median and max rerun time (ms) after alternating a widget on ``page``."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page(f"pages/{page}.py")
    at.run()  # warm: loads the cached tables once
    widgets = [*at.selectbox, *at.segmented_control, *at.radio]
    samples = []
    label = "(geen keuze: herhaalde rerun)"
    for _ in range(REPEATS):
        if widgets:
            widget = widgets[0]
            label = f"{type(widget).__name__} {getattr(widget, 'key', '')}"
            widget.set_value(_other_option(widget))
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception}")
        widgets = [*at.selectbox, *at.segmented_control, *at.radio]
    return statistics.median(samples), max(samples), label


def main() -> None:
    """Print a table of rerun times per page."""
    print(f"machine: {_machine()}")
    print(f"{'page':14}{'median ms':>10}{'max ms':>9}  widget changed")
    for page in PAGES:
        med, worst, label = bench_page(page)
        mark = "" if med <= TARGET_MS else "  MISSED"
        print(f"{page:14}{med:>10.1f}{worst:>9.1f}  {label}{mark}")
    print(f"target: median ≤ {TARGET_MS} ms per page")


if __name__ == "__main__":
    main()
