"""The boundary loader: a fixed whitelist of offline GeoJSON files, nearest year, checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gia_stats.loaders import geo

GEO = Path(__file__).resolve().parents[1] / "datasets" / "geo"


@pytest.mark.parametrize(
    ("level", "year", "expected"),
    [
        ("VT", 2020, 2020),
        ("VT", 2022, 2022),
        ("VT", 2023, 2023),
        ("VT", 2019, 2020),  # no veiligthuisregio_2019: the nearest file
        ("VT", 2026, 2025),
        ("PV", 2020, 2025),  # provincie borders unchanged: one file for every year
        ("LD", 2023, 2025),
    ],
)
def test_map_year_is_the_nearest_file(level: str, year: int, expected: int) -> None:
    assert geo.map_year(level, year) == expected


def test_file_names_come_from_the_whitelist_only() -> None:
    assert geo.file_name("VT", 2023) == "veiligthuisregio_2023.geojson"
    assert geo.file_name("PV", 1999) == "provincie_2025.geojson"
    for level in ("GM", "../etc", ""):
        with pytest.raises(geo.GeoError):
            geo.map_year(level, 2023)
    every = {name for years in geo.GEO_FILES.values() for name in years.values()}
    assert every <= {p.name for p in GEO.glob("*.geojson")}


@pytest.mark.parametrize(
    ("level", "year", "count", "has", "lacks"),
    [
        ("VT", 2022, 26, {"VT16", "VT26"}, {"VT27"}),  # before the merger
        ("VT", 2023, 25, {"VT27"}, {"VT16", "VT26"}),  # VT16 + VT26 → VT27 Oost-Brabant
        ("PV", 2023, 12, {"PV20", "PV31"}, set()),
        ("LD", 2020, 4, {"LD01", "LD04"}, set()),
    ],
)
def test_load_geojson_reads_the_real_files(
    level: str, year: int, count: int, has: set[str], lacks: set[str]
) -> None:
    data = geo.load_geojson(level, year)
    codes = {f["properties"]["statcode"] for f in data["features"]}
    assert data["type"] == "FeatureCollection"
    assert len(codes) == count
    assert has <= codes and not (lacks & codes)


def test_load_geojson_reads_from_the_configured_datasets_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "geo").mkdir()
    shutil.copy(GEO / "landsdeel_2025.geojson", tmp_path / "geo")
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(tmp_path))
    assert len(geo.load_geojson("LD", 2025)["features"]) == 4
    (tmp_path / "geo" / "landsdeel_2025.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [{"properties": {"id": 1}}]})
    )
    with pytest.raises(geo.GeoError, match="statcode"):
        geo.load_geojson("LD", 2025)
    (tmp_path / "geo" / "landsdeel_2025.geojson").write_text("[1, 2]")
    with pytest.raises(geo.GeoError, match="FeatureCollection"):
        geo.load_geojson("LD", 2025)
    with pytest.raises(OSError):
        geo.load_geojson("PV", 2025)  # not copied into tmp_path
