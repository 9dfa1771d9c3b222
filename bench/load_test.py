"""Load test: 20 concurrent browser sessions through every page (issue 6).

Run: `.venv/bin/python bench/load_test.py [--sessions 20] [--rounds 2]`. Starts the app on
127.0.0.1, drives N Playwright contexts in one headless Debian Chromium concurrently through
the pages, and reports page-ready p50/p95, errors (must be 0) and the server's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from load import _machine  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_app  # noqa: E402

#: (url path, text that shows the page is rendered)
PAGES = [
    ("/", "Overzicht"),
    ("/veilig_thuis", "Veilig Thuis"),
    ("/regios", "Regio"),
    ("/prevalentie", "Prevalentie"),
    ("/bronnen", "Bronnen"),
]
PAGE_TIMEOUT_MS = 60_000


def _rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _session(browser: object, url: str, rounds: int, times: list[float],
                   errors: list[str]) -> None:  # fmt: skip
    context = await browser.new_context()  # type: ignore[attr-defined]
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"js: {exc}"))
    try:
        for _ in range(rounds):
            for path, marker in PAGES:
                start = time.perf_counter()
                try:
                    await page.goto(url + path)
                    await page.locator("h1", has_text=marker).first.wait_for(
                        timeout=PAGE_TIMEOUT_MS
                    )
                    # A Streamlit exception renders as an element with this test id.
                    if await page.locator('[data-testid="stException"]').count():
                        errors.append(f"{path}: exception on page")
                    times.append(time.perf_counter() - start)
                except Exception as exc:
                    errors.append(f"{path}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await context.close()


async def run(sessions: int, rounds: int) -> None:
    """Drive the sessions and print the report."""
    times: list[float] = []
    errors: list[str] = []
    with streamlit_app() as url:
        idle = _rss_mib(url.pid)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            start = time.perf_counter()
            await asyncio.wait_for(
                asyncio.gather(
                    *(_session(browser, url, rounds, times, errors) for _ in range(sessions))
                ),
                timeout=900,
            )
            wall = time.perf_counter() - start
            peak = _rss_mib(url.pid)
            await browser.close()
    q = statistics.quantiles(times, n=20) if len(times) >= 2 else [float("nan")] * 19
    print(f"machine: {_machine()}")
    print(
        f"sessions: {sessions} concurrent, {rounds} round(s) over {len(PAGES)} pages, "
        f"{len(times)} page loads in {wall:.1f} s"
    )
    print(
        f"page ready: p50 {statistics.median(times):.2f} s, p95 {q[18]:.2f} s, "
        f"max {max(times):.2f} s"
    )
    print(f"errors: {len(errors)}")
    for e in errors[:10]:
        print(f"  {e}")
    print(f"server memory (RSS): {idle:.0f} MiB idle, {peak:.0f} MiB after the load")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.rounds))


if __name__ == "__main__":
    main()
