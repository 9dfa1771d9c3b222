"""The gia-stats command line: refresh, status and curate, with exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from odata_server import ODataServer, closed_port

from gia_stats import cli

REPO_DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(REPO_DATASETS, target, ignore=shutil.ignore_patterns("cache", "cbs"))
    (target / "cbs").mkdir()
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(target))
    monkeypatch.setenv("GIA_STATS_TIMEOUT", "2")
    return target


def test_refresh_unreachable_exits_1_and_keeps_nothing_half_done(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIA_STATS_CBS_URL", f"http://127.0.0.1:{closed_port()}")
    assert cli.main(["refresh", "84847NED"]) == 1
    err = capsys.readouterr().err
    assert "84847NED" in err and "MISLUKT" in err and "ongewijzigd" in err
    assert list((data_dir / "cbs").iterdir()) in ([], [data_dir / "cbs" / "84847NED.lock"])


def test_refresh_from_a_mirror_then_status(
    data_dir: Path,
    odata_server: ODataServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GIA_STATS_CBS_URL", odata_server.base_url)
    assert cli.main(["refresh", "84847NED"]) == 0
    out = capsys.readouterr().out
    assert "[84847NED] klaar:" in out and "TypedDataSet" in out
    assert (data_dir / "cbs" / "84847NED" / "manifest.json").exists()
    assert cli.main(["status"]) == 0
    status = capsys.readouterr().out
    assert "vt_kerncijfers" in status and "CBS" in status and "samengesteld" in status
    assert "84848NED" in status  # not yet refreshed: listed as missing


def test_unknown_table_exits_1(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["refresh", "99999NED"]) == 1
    assert "99999NED" in capsys.readouterr().err


def test_curate_rebuilds_the_committed_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gia_stats import settings

    if not settings.shared_data_dir().exists():
        pytest.skip(f"reference data {settings.shared_data_dir()} not on this machine")
    out = tmp_path / "curated"
    assert cli.main(["curate", "--out", str(out)]) == 0
    for name in ("vt_kerncijfers.csv", "prevalentie.csv", "bevolking.meta.json"):
        assert (out / name).read_bytes() == (REPO_DATASETS / "curated" / name).read_bytes()


def test_failed_refresh_leaves_snapshot_and_cache_byte_for_byte(
    data_dir: Path,
    odata_server: ODataServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hashlib

    from gia_stats.loaders import store

    monkeypatch.setenv("GIA_STATS_CBS_URL", odata_server.base_url)
    assert cli.main(["refresh", "84847NED"]) == 0
    store.load(data_dir)  # writes the parquet cache for this snapshot

    def digest() -> dict[str, str]:
        return {
            str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data_dir.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")
        }

    before = digest()
    assert any(k.startswith("cache/") for k in before)
    odata_server.add_fault("status", "TypedDataSet", times=-1)  # every data request: HTTP 500
    assert cli.main(["refresh", "84847NED"]) == 1
    assert digest() == before
