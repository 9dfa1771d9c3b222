"""Offline boundary GeoJSON for the regional maps (``datasets/geo/``, from cartomap/nl).

Only files from a fixed whitelist are ever read: the file name is chosen here from the
level and the year, never taken from a URL parameter or user input.
"""

from __future__ import annotations

import json
from typing import Any

from gia_stats import settings

#: The boundary files per level and year (see ``datasets/geo/README.md``). Provincie and
#: landsdeel borders have not changed since 2019, so one file serves every year.
GEO_FILES: dict[str, dict[int, str]] = {
    "VT": {year: f"veiligthuisregio_{year}.geojson" for year in range(2020, 2026)},
    "PV": {2025: "provincie_2025.geojson"},
    "LD": {2025: "landsdeel_2025.geojson"},
}


class GeoError(ValueError):
    """A level without boundary files, or a boundary file that is not a FeatureCollection."""


def map_year(level: str, year: int) -> int:
    """The year of the boundary file used for ``year`` at ``level``: that year, or the nearest.

    Ties go to the later file. Veilig Thuis-regio's exist as files for 2020–2025 only, so a
    2019 figure is drawn on the 2020 regions and a 2026 figure on the 2025 regions.

    Raises
    ------
    GeoError
        When the level has no boundary files.
    """
    years = GEO_FILES.get(level)
    if not years:
        raise GeoError(f"geen grenzen voor niveau {level!r}")
    return min(years, key=lambda y: (abs(y - year), -y))


def file_name(level: str, year: int) -> str:
    """The whitelisted file name for ``level`` and ``year`` (nearest available year)."""
    return GEO_FILES[level][map_year(level, year)]


def load_geojson(level: str, year: int) -> dict[str, Any]:
    """Read the boundary FeatureCollection for a level (``VT``, ``PV``, ``LD``) and year.

    Pure I/O: reads one file from ``settings.datasets_dir() / "geo"``. Cache it at the page
    boundary.

    Parameters
    ----------
    level
        ``"VT"``, ``"PV"`` or ``"LD"``.
    year
        The data year; the nearest year with a file is used (see :func:`map_year`).

    Returns
    -------
    dict
        The GeoJSON FeatureCollection; every feature has ``properties.statcode`` and
        ``properties.statnaam``.

    Raises
    ------
    GeoError
        For an unknown level or a file that is not a FeatureCollection of coded features.
    OSError
        When the file cannot be read.
    """
    path = settings.datasets_dir() / "geo" / file_name(level, year)
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoError(f"{path.name}: geen FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise GeoError(f"{path.name}: geen features")
    for feature in features:
        props = feature.get("properties") or {}
        if not props.get("statcode") or not props.get("statnaam"):
            raise GeoError(f"{path.name}: feature zonder statcode/statnaam")
    return data
