"""Store: curated + CBS snapshots merged into tidy tables, vintages kept, parquet cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from odata_server import ODataServer

from gia_stats import settings
from gia_stats.loaders import cbs, store

REPO_DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the committed datasets/ (never the real one)."""
    target = tmp_path / "datasets"
    shutil.copytree(REPO_DATASETS, target, ignore=shutil.ignore_patterns("cache", "cbs"))
    (target / "cbs").mkdir()
    return target


def _current(frame: pd.DataFrame, measure: str, region: str, period: str) -> pd.Series:
    rows = frame[
        (frame["dataset"] == "vt_kerncijfers")
        & (frame["measure"] == measure)
        & (frame["region_code"] == region)
        & (frame["period_code"] == period)
    ]
    current = rows[rows["current"]]
    assert len(current) == 1, rows
    return current.iloc[0]


def test_offline_snapshot_has_the_published_figures(data_dir: Path) -> None:
    tables = store.load(data_dir)
    vt = tables["veilig_thuis"]
    # 84852NED: Ontvangen meldingen 2020 = 127 410.
    assert _current(vt, "Ontvangen meldingen", "NL01", "2020JJ00")["value"] == 127410
    # Impactmonitor 2022 revised 2019-H1 adviezen (53 145) supersede the first release
    # (53 080), which is kept as a vintage.
    h1 = vt[(vt["measure"] == "Gestarte adviezen") & (vt["period_code"] == "2019HJ01")]
    assert sorted(h1["value"]) == [53080, 53145]
    assert _current(vt, "Gestarte adviezen", "NL01", "2019HJ01")["value"] == 53145
    # The exact StatLine 2025-H1 figure wins over the rounded news figure ("85 duizend").
    assert _current(vt, "Gestarte adviezen", "NL01", "2025HJ01")["value"] == 84935
    # 70072ned: 17 475 415 inhabitants on 1 January 2021.
    pop = tables["bevolking"]
    nl = pop[(pop["region_code"] == "NL01") & (pop["period_code"] == "2021JJ00") & pop["current"]]
    assert nl["value"].tolist() == [17475415]
    assert tables.problems == []
    assert {s.dataset for s in tables.sources} >= {"vt_kerncijfers", "prevalentie", "bevolking"}


def test_cache_is_used_and_equals_the_raw_build(data_dir: Path) -> None:
    first = store.load(data_dir)
    assert not first.from_cache
    second = store.load(data_dir)
    assert second.from_cache
    raw = store.build(data_dir)
    for subject in (*store.COUNT_SUBJECTS, "prevalentie"):
        pd.testing.assert_frame_equal(second[subject], raw[subject], check_dtype=False)
    assert second.sources == first.sources


def test_cache_is_invalidated_when_a_source_changes(data_dir: Path) -> None:
    store.load(data_dir)
    path = data_dir / "curated" / "vt_kerncijfers.csv"
    path.write_text(path.read_text("utf-8").replace(",127410,", ",127415,"), "utf-8")
    tables = store.load(data_dir)
    assert not tables.from_cache
    assert (
        _current(tables["veilig_thuis"], "Ontvangen meldingen", "NL01", "2020JJ00")["value"]
        == 127415
    )
    assert len(list((data_dir / "cache").glob("store-*"))) == 1


def test_a_bad_curated_file_is_reported_and_the_rest_loads(data_dir: Path) -> None:
    path = data_dir / "curated" / "bevolking.csv"
    path.write_text(path.read_text("utf-8").replace(",17475415,", ",veel,"), "utf-8")
    tables = store.load(data_dir)
    assert [p.dataset for p in tables.problems] == ["bevolking"]
    assert "veel" in tables.problems[0].message
    assert tables["bevolking"].empty
    assert not tables["veilig_thuis"].empty
    assert tables.problems_for("bevolking") and not tables.problems_for("prevalentie")


def test_a_cbs_snapshot_supersedes_curated_and_both_are_kept(
    data_dir: Path, odata_server: ODataServer
) -> None:
    cbs.refresh("84847NED", dest=data_dir / "cbs", base_url=odata_server.base_url, backoff=0.01)
    tables = store.load(data_dir)
    vt = tables["veilig_thuis"]
    current = _current(vt, "Ontvangen meldingen", "NL01", "2020JJ00")
    assert current["vintage"].startswith("CBS ")
    assert current["value"] == 127410
    same = vt[
        (vt["dataset"] == "vt_kerncijfers")
        & (vt["measure"] == "Ontvangen meldingen")
        & (vt["region_code"] == "NL01")
        & (vt["period_code"] == "2020JJ00")
    ]
    assert len(same) == 2 and (~same["current"]).sum() == 1
    assert any(s.origin == "CBS" and s.dataset == "vt_kerncijfers" for s in tables.sources)


def test_a_broken_snapshot_is_reported_and_curated_stays(
    data_dir: Path, odata_server: ODataServer
) -> None:
    cbs.refresh("84847NED", dest=data_dir / "cbs", base_url=odata_server.base_url, backoff=0.01)
    (data_dir / "cbs" / "84847NED" / "TypedDataSet.json").write_text("[{", "utf-8")
    tables = store.load(data_dir)
    assert [p.dataset for p in tables.problems] == ["vt_kerncijfers"]
    assert (
        _current(tables["veilig_thuis"], "Ontvangen meldingen", "NL01", "2020JJ00")["vintage"]
        == "StatLine-pagina"
    )


def test_data_dir_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(tmp_path))
    assert settings.curated_dir() == tmp_path / "curated"
    assert settings.cache_dir() == tmp_path / "cache"
