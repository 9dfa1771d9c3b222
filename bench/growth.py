"""Benchmark: growth with data size — the real Veilig Thuis table vs a synthetic large one.

Run: `.venv/bin/python bench/growth.py`. The synthetic table (342 gemeenten × 14 half-years ×
30 measures = 143.640 rows, added to the real rows) is generated here in memory and in a
temporary folder; it is never written to datasets/. Target (issue 6): the page work on the
large table takes ≤ 3× the time on the real table.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from load import _machine  # noqa: E402

from gia_stats.loaders import store  # noqa: E402
from gia_stats.metrics import change  # noqa: E402
from gia_stats.periods import Period, PeriodType  # noqa: E402
from gia_stats.views import overzicht, regios  # noqa: E402

REPEATS = 9


def synthetic(real: pd.DataFrame) -> pd.DataFrame:
    """342 × 14 × 30 invented rows in the tidy schema (benchmark only, never shown)."""
    rng = np.random.default_rng(20261123)
    gemeenten = [f"GM{n:04d}" for n in range(1, 343)]
    halves = [Period.of(y, PeriodType.HALFJAAR, h) for y in range(2019, 2026) for h in (1, 2)]
    measures = [f"Synthetische maat {m:02d}" for m in range(30)]
    index = pd.MultiIndex.from_product([measures, gemeenten, halves], names=["m", "g", "p"])
    frame = index.to_frame(index=False)
    n = len(frame)
    out = pd.DataFrame(
        {
            "dataset": "synthetisch",
            "measure": frame["m"],
            "unit": "aantal",
            "breakdown": "",
            "group": "",
            "region_code": frame["g"],
            "region_name": frame["g"],
            "region_level": "GM",
            "period_code": [p.code for p in frame["p"]],
            "period_label": [p.label for p in frame["p"]],
            "period_type": "halfjaar",
            "period_start": [p.start for p in frame["p"]],
            "value": (rng.integers(0, 2000, n) * 5).astype(float),
            "status": "voorlopig",
            "flag": "",
            "rounding": 5,
            "source": "synthetisch (benchmark)",
            "source_url": "",
            "retrieved": "2026-11-23",
            "vintage": "synthetisch",
            "note": "",
            "current": True,
        }
    )
    return pd.concat([real, out.astype({"rounding": "Int64"})], ignore_index=True)


def _median_ms(fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def page_work(vt: pd.DataFrame, pop: pd.DataFrame) -> None:
    """What a rerun computes: the Overzicht tiles, a map view and a national series."""
    overzicht.count_sections(vt, "auto")
    option = next(o for o in regios.measure_options(vt, "PV") if o.key == "ontvangen-meldingen")
    regios.build(vt, pop, "PV", option, "2020JJ00")
    for code in ("2019HJ01", "2020HJ01", "2021HJ01", "2022HJ01"):
        change.pick(vt, "Ontvangen meldingen", "NL01", code)


def main() -> None:
    """Time the same work on the real and the enlarged table; print the ratio."""
    tables = store.load()
    real, pop = tables["veilig_thuis"], tables["bevolking"]
    big = synthetic(real)
    real_ms = _median_ms(lambda: page_work(real, pop))
    big_ms = _median_ms(lambda: page_work(big, pop))
    with tempfile.TemporaryDirectory() as tmp:
        small_path, big_path = Path(tmp) / "real.parquet", Path(tmp) / "big.parquet"
        real.to_parquet(small_path, index=False)
        big.to_parquet(big_path, index=False)
        read_real = _median_ms(lambda: pd.read_parquet(small_path))
        read_big = _median_ms(lambda: pd.read_parquet(big_path))
    print(f"machine: {_machine()}")
    print(f"rows: real {len(real)}, enlarged {len(big)} (+342 gemeenten × 14 halfjaren × 30)")
    print(f"{'what':34}{'real ms':>9}{'large ms':>10}{'ratio':>7}")
    print(
        f"{'page work (tiles, map, picks)':34}{real_ms:>9.1f}{big_ms:>10.1f}"
        f"{big_ms / real_ms:>7.2f}"
    )
    print(
        f"{'read the cached table (parquet)':34}{read_real:>9.1f}{read_big:>10.1f}"
        f"{read_big / read_real:>7.2f}"
    )
    ok = big_ms / real_ms <= 3
    print(f"target page work ≤ 3×: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
