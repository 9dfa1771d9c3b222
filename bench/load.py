"""Benchmark: load every dataset from the parquet cache vs from the raw CSV/JSON files.

Run: `.venv/bin/python bench/load.py` (or `make bench`). Prints the machine and timings.
Goal (issue 2): all datasets from cache in <= 50 ms.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from gia_stats import settings
from gia_stats.loaders import store

REPEATS = 15


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.1f}"
    )


def _time(fn: object, repeats: int = REPEATS) -> tuple[float, float]:
    assert callable(fn)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


def main() -> None:
    """Time raw vs cached loading on a private copy of datasets/ (the real one is untouched)."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "datasets"
        shutil.copytree(settings.datasets_dir(), data, ignore=shutil.ignore_patterns("cache"))
        raw_med, raw_min = _time(lambda: store.build(data), 5)
        store.load(data)  # writes the cache
        cache_med, cache_min = _time(lambda: store.load(data))
        digest_med, _ = _time(lambda: store.sources_digest(data))
        tables = store.load(data)
    rows = sum(len(f) for f in tables.frames.values())
    print(f"machine: {_machine()}")
    print(f"datasets: {len(tables.sources)} sources, {rows} rows in {len(tables.frames)} tables")
    print(f"{'what':34}{'median ms':>10}{'min ms':>9}")
    print(f"{'raw CSV/JSON -> tidy (build)':34}{raw_med:>10.1f}{raw_min:>9.1f}")
    print(f"{'parquet cache (load)':34}{cache_med:>10.1f}{cache_min:>9.1f}")
    print(f"{'  of which source checksum':34}{digest_med:>10.1f}")
    print(
        f"speed-up cache vs raw: {raw_med / cache_med:.1f}x; goal cache <= 50 ms: "
        f"{'met' if cache_med <= 50 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
