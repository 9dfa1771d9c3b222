"""Benchmark: a 20-chart briefing pack in one kaleido session vs a browser per image.

Run: `.venv/bin/python bench/export.py` (about four minutes: the naive way starts Chromium
40 times). Prints the machine, both times and the ratio. Goal (issue 5): >= 5x.

Both ways write every chart as PNG (scale 3) and SVG into a temporary folder:
- session: one ImageRenderer (one Chromium, two tabs) for the whole pack, start and close
  included;
- naive: ``fig.write_image`` per image, as plotly documents it: kaleido starts and stops a
  browser for every call (``--baseline oneshot`` instead uses ``kaleido.calc_fig_sync`` per
  image with the same offline page as the session: no MathJax, local plotly.js).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go

from gia_stats.export import briefing, images
from gia_stats.loaders import store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import _machine


def charts(count: int) -> list[go.Figure]:
    """``count`` distinct charts: the default pack's charts, renumbered in the title."""
    items = briefing.default_items(store.load().frames)
    figures = []
    for i in range(count):
        item = items[i % len(items)]
        fig = images.prepare_figure(item.figure)
        figures.append(fig.update_layout(title={"text": f"{i + 1}. {item.title}"}))
    return figures


def session(figures: list[go.Figure], formats: list[str], out: Path) -> float:
    """The whole pack through one ImageRenderer; seconds."""
    start = time.perf_counter()
    with images.ImageRenderer() as renderer:
        jobs = [(fig, fmt) for fig in figures for fmt in formats]
        for i, data in enumerate(renderer.render_many(jobs)):  # type: ignore[arg-type]
            (out / f"s{i:02d}.{jobs[i][1]}").write_bytes(data)
    return time.perf_counter() - start


def naive(figures: list[go.Figure], formats: list[str], out: Path, baseline: str) -> float:
    """A browser per image; seconds."""
    import kaleido

    start = time.perf_counter()
    for i, fig in enumerate(figures):
        for fmt in formats:
            opts = {"format": fmt, "width": images.DEFAULT_WIDTH, "height": images.DEFAULT_HEIGHT}
            opts["scale"] = images.PNG_SCALE if fmt == "png" else 1
            target = out / f"n{i:02d}.{fmt}"
            if baseline == "naive":
                fig.write_image(target, **opts)
            else:
                kopts = {"path": images.browser_path(), "mathjax": False}
                target.write_bytes(kaleido.calc_fig_sync(fig, opts, kopts=kopts))
    return time.perf_counter() - start


def main() -> int:
    """Run both ways in one process and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=20)
    parser.add_argument("--formats", default="png,svg")
    parser.add_argument("--baseline", choices=["naive", "oneshot"], default="naive")
    args = parser.parse_args()
    if not images.chromium_available():
        print(f"{images.NO_CHROMIUM}: benchmark niet mogelijk")
        return 1
    # plotly's write_image finds the browser through kaleido/choreographer: BROWSER_PATH.
    os.environ.setdefault("BROWSER_PATH", images.browser_path() or images.DEFAULT_CHROMIUM)
    formats = args.formats.split(",")
    figures = charts(args.charts)
    n = len(figures) * len(formats)
    print(f"machine: {_machine()}")
    print(f"pack: {len(figures)} charts x {'+'.join(formats)} = {n} images")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        one = session(figures, formats, out)
        print(f"one kaleido session:   {one:7.1f} s  ({one / n:.2f} s per image)", flush=True)
        many = naive(figures, formats, out, args.baseline)
        label = "fig.write_image" if args.baseline == "naive" else "calc_fig_sync"
        print(f"browser per image ({label}): {many:7.1f} s  ({many / n:.2f} s per image)")
        sizes = sorted(p.stat().st_size for p in out.iterdir())
        assert len(sizes) == 2 * n and sizes[0] > 0
    ratio = many / one
    print(f"ratio: {ratio:.1f}x (goal >= 5x: {'met' if ratio >= 5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
