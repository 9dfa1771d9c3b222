"""Region keys and levels (NL, landsdeel, provincie, Veilig Thuis-regio, gemeente)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class RegionError(ValueError):
    """A region key or title that cannot be placed."""


class RegionLevel(StrEnum):
    """Regional levels, with the key prefix CBS uses for each."""

    NL = "NL"
    LD = "LD"
    PV = "PV"
    VT = "VT"
    GM = "GM"

    @property
    def dutch(self) -> str:
        """Dutch name of the level, for the UI."""
        return _LEVEL_DUTCH[self]


_LEVEL_DUTCH = {
    RegionLevel.NL: "Nederland",
    RegionLevel.LD: "landsdeel",
    RegionLevel.PV: "provincie",
    RegionLevel.VT: "Veilig Thuis-regio",
    RegionLevel.GM: "gemeente",
}

# CBS titles carry the level as a suffix: "Noord-Nederland (LD)", "Drenthe (PV)".
_SUFFIX_RE = re.compile(r"\s*\((LD|PV|VT|CR|GM|gemeente)\)\s*$")
_SUFFIX_LEVEL = {
    "LD": RegionLevel.LD,
    "PV": RegionLevel.PV,
    "VT": RegionLevel.VT,
    "GM": RegionLevel.GM,
    "gemeente": RegionLevel.GM,
}
_KEY_RE = re.compile(r"^(NL|LD|PV|VT|GM)(\d{2,4})$")

NATIONAL = "NL01"

LANDSDELEN: dict[str, str] = {
    "LD01": "Noord-Nederland",
    "LD02": "Oost-Nederland",
    "LD03": "West-Nederland",
    "LD04": "Zuid-Nederland",
}

PROVINCIES: dict[str, str] = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}


@dataclass(frozen=True)
class VTRegion:
    """One Veilig Thuis-regio code with the names it had and the years it existed.

    Source: CBS Gebiedsindelingen via cartomap/nl, ``shared/geo/vt_regions.csv`` (2020–2025).
    """

    code: str
    names: tuple[tuple[int, str], ...]  # (first year with this name, name)
    first_year: int = 2020
    last_year: int | None = None  # None: still exists

    def name_in(self, year: int) -> str | None:
        """The region's name in ``year``, or None if it did not exist then."""
        if year < self.first_year or (self.last_year is not None and year > self.last_year):
            return None
        current = None
        for since, name in self.names:
            if year >= since:
                current = name
        return current


def _vt(code: str, *names: tuple[int, str], first: int = 2020, last: int | None = None) -> VTRegion:
    return VTRegion(code, tuple(names), first, last)


VT_REGIONS: dict[str, VTRegion] = {
    r.code: r
    for r in (
        _vt("VT01", (2020, "Amsterdam-Amstelland")),
        _vt("VT02", (2020, "Drenthe")),
        _vt("VT03", (2020, "Flevoland")),
        _vt("VT04", (2020, "Friesland")),
        _vt("VT05", (2020, "Gelderland-Midden")),
        _vt("VT06", (2020, "Gelderland-Zuid")),
        _vt("VT07", (2020, "Gooi en Vechtstreek")),
        _vt("VT08", (2020, "Groningen")),
        _vt("VT09", (2020, "Haaglanden")),
        _vt("VT10", (2020, "Hollands-Midden")),
        _vt("VT11", (2020, "IJsselland")),
        _vt("VT12", (2020, "Kennemerland")),
        _vt("VT13", (2020, "Noord- en Midden Limburg")),
        _vt("VT14", (2020, "Noord- en Oost-Gelderland")),
        _vt("VT15", (2020, "Noord-Brabant Midden"), (2023, "Midden-Brabant")),
        _vt("VT16", (2020, "Noord-Brabant Noord"), (2021, "Brabant Noordoost"), last=2022),
        _vt("VT17", (2020, "Noord-Holland Noord")),
        _vt("VT18", (2020, "Rotterdam-Rijnmond")),
        _vt("VT19", (2020, "Twente")),
        _vt("VT20", (2020, "Utrecht")),
        _vt("VT21", (2020, "West-Brabant")),
        _vt("VT22", (2020, "Zaanstreek-Waterland")),
        _vt("VT23", (2020, "Zeeland")),
        _vt("VT24", (2020, "Zuid-Holland-Zuid")),
        _vt("VT25", (2020, "Zuid-Limburg")),
        _vt("VT26", (2020, "Zuidoost-Brabant"), last=2022),
        _vt("VT27", (2023, "Oost-Brabant"), first=2023),
    )
}

#: Regions merged away in 2023: to compare across 2022/2023, add these into the successor.
VT_SUCCESSOR: dict[str, str] = {"VT16": "VT27", "VT26": "VT27"}

#: Regions whose area changed between two years (from the geo README): not fully comparable.
VT_BOUNDARY_CHANGES: dict[int, tuple[str, ...]] = {
    2021: ("VT15", "VT16"),
    2022: ("VT01", "VT07", "VT20"),
    2023: ("VT15", "VT21", "VT27"),
}


def strip_key(key: str) -> str:
    """Remove CBS's padding from a dimension key (``'NL01    '`` → ``'NL01'``)."""
    return key.strip()


def display_name(title: str) -> str:
    """The region name without CBS's level suffix (``'Drenthe (PV)'`` → ``'Drenthe'``)."""
    return _SUFFIX_RE.sub("", title).strip()


def detect_level(key: str, title: str | None = None) -> RegionLevel:
    """Find a region's level from its key prefix, or else from its title's suffix.

    Parameters
    ----------
    key
        CBS key, padded or not (``'PV22    '``), or a curated code.
    title
        CBS title such as ``'Drenthe (PV)'``; used when the key has no known prefix
        (CBS's keys for Veilig Thuis-regio's are not documented).

    Returns
    -------
    RegionLevel

    Raises
    ------
    RegionError
        When neither key nor title reveals the level.
    """
    match = _KEY_RE.match(strip_key(key))
    if match:
        return RegionLevel(match.group(1))
    if title:
        suffix = _SUFFIX_RE.search(title)
        if suffix and suffix.group(1) in _SUFFIX_LEVEL:
            return _SUFFIX_LEVEL[suffix.group(1)]
        if title.strip() == "Nederland":
            return RegionLevel.NL
    raise RegionError(f"onbekende regio: sleutel {key!r}, titel {title!r}")


def is_known_code(code: str) -> bool:
    """Whether ``code`` is a region code gia-stats can place (NL01, LD, PV, VT, GM)."""
    code = strip_key(code)
    return (
        code == NATIONAL
        or code in LANDSDELEN
        or code in PROVINCIES
        or code in VT_REGIONS
        or re.fullmatch(r"GM\d{4}", code) is not None
    )


def _normal(name: str) -> str:
    text = unicodedata.normalize("NFKD", display_name(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", text.lower())


def vt_code_for_name(name: str, year: int | None = None) -> str:
    """Find the Veilig Thuis-regio code for a name as written in a source.

    Matching ignores case, accents, hyphens, spaces and a ``(VT)`` suffix, and knows the
    regions' earlier names.

    Parameters
    ----------
    name
        E.g. ``'Drenthe (VT)'``, ``'West-brabant'``, ``'Brabant Noordoost'``.
    year
        When given, only regions that existed that year match.

    Returns
    -------
    str
        The code, e.g. ``'VT02'``.

    Raises
    ------
    RegionError
        When no region (of that year) has that name.
    """
    wanted = _normal(name)
    for region in VT_REGIONS.values():
        if year is not None and region.name_in(year) is None:
            continue
        if any(_normal(n) == wanted for _, n in region.names):
            return region.code
    raise RegionError(f"onbekende Veilig Thuis-regio: {name!r}" + (f" in {year}" if year else ""))


def region_name(code: str, year: int | None = None) -> str:
    """Dutch display name of a known region code (gemeenten: the code itself).

    Raises
    ------
    RegionError
        When the code is not known.
    """
    code = strip_key(code)
    if code == NATIONAL:
        return "Nederland"
    if code in LANDSDELEN:
        return LANDSDELEN[code]
    if code in PROVINCIES:
        return PROVINCIES[code]
    if code in VT_REGIONS:
        region = VT_REGIONS[code]
        named = region.name_in(year) if year is not None else None
        return named or region.names[-1][1]
    if is_known_code(code):
        return code
    raise RegionError(f"onbekende regiocode: {code!r}")
