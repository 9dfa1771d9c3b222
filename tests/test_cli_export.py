"""`gia-stats export csv` and `gia-stats briefing`: output, messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gia_stats import cli
from gia_stats.export.csv import read_csv
from gia_stats.export.images import NO_CHROMIUM

REPO_DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(REPO_DATASETS, target, ignore=shutil.ignore_patterns("cache", "cbs", "geo"))
    (target / "cbs").mkdir()
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(target))
    return target


def test_export_csv_to_stdout(data_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert cli.main(["export", "csv", "--dataset", "vt_kerncijfers"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b'"Maat","Regio","Regiocode","Periode","Periodecode","Waarde",')
    assert b'"Ontvangen meldingen","Nederland","NL01","2020","2020JJ00",127410,' in out
    frame = read_csv(out, "standard")
    # Only current rows: the 2021 first release is current offline, no duplicate keys.
    assert not frame.duplicated(["Maat", "Regiocode", "Periodecode"]).any()


def test_export_csv_excel_nl_to_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "prevalentie.csv"
    args = ["export", "csv", "--dataset", "prevalentie", "--dialect", "excel-nl"]
    assert cli.main([*args, "--out", str(target)]) == 0
    assert "geschreven naar" in capsys.readouterr().out
    data = target.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"Indicator";"Editie";')
    frame = read_csv(data, "excel-nl")
    sgg = frame[(frame["Indicator"] == "SGG totaal") & (frame["Uitsplitsing"] == "total")]
    assert sgg.set_index("Editie").loc[2022, "Waarde"] == 12.7
    assert b";12,7;" in data


def test_export_csv_errors(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", "csv", "--dataset", "bestaat_niet"]) == 1
    assert "onbekende dataset 'bestaat_niet'" in capsys.readouterr().err
    (data_dir / "curated" / "vt_kerncijfers.csv").unlink()
    assert cli.main(["export", "csv", "--dataset", "vt_kerncijfers"]) == 1
    assert "geen rijen voor dataset vt_kerncijfers" in capsys.readouterr().err
    missing = tmp_path / "geen" / "map" / "x.csv"
    assert cli.main(["export", "csv", "--dataset", "prevalentie", "--out", str(missing)]) == 1
    assert "kan" in capsys.readouterr().err


def test_briefing_without_chromium_still_writes_html_and_csv(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "geen-chromium"))
    out = tmp_path / "pakket"
    assert cli.main(["briefing", "--out", str(out), "--zip"]) == 0
    captured = capsys.readouterr()
    assert NO_CHROMIUM in captured.err
    assert "[ 1/" in captured.out and "klaar:" in captured.out and "pakket.zip" in captured.out
    names = {p.name for p in out.iterdir()}
    assert "01_vt_per_jaar.html" in names and "01_vt_per_jaar_excel-nl.csv" in names
    assert "bouwstenen.docx" in names and not any(n.endswith(".png") for n in names)
    assert (tmp_path / "pakket.zip").exists()


def test_briefing_with_a_broken_browser_exits_1(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")  # executable, but no browser
    assert cli.main(["briefing", "--out", str(tmp_path / "p")]) == 1
    assert "MISLUKT: Chromium (/bin/false) startte niet" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()  # the browser starts first: no half pack
