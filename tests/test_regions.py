"""Regions: padded CBS keys, level detection, Veilig Thuis-regio names across years."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gia_stats.regions import (
    VT_REGIONS,
    RegionError,
    RegionLevel,
    detect_level,
    display_name,
    is_known_code,
    region_name,
    strip_key,
    vt_code_for_name,
)


def test_padded_key_is_stripped() -> None:
    assert strip_key("NL01    ") == "NL01"
    assert detect_level("NL01    ") is RegionLevel.NL


@pytest.mark.parametrize(
    ("key", "title", "level"),
    [
        ("LD01    ", "Noord-Nederland (LD)", RegionLevel.LD),
        ("PV22    ", "Drenthe (PV)", RegionLevel.PV),
        ("GM0014  ", "Groningen", RegionLevel.GM),
        ("VR02    ", "Drenthe (VT)", RegionLevel.VT),  # CBS's own VT keys are not documented
        ("XX99", "Nederland", RegionLevel.NL),
    ],
)
def test_level_from_prefix_or_title(key: str, title: str, level: RegionLevel) -> None:
    assert detect_level(key, title) is level


def test_unplaceable_region_raises_with_key_and_title() -> None:
    with pytest.raises(RegionError, match=r"'ZZ01'.*'Atlantis'"):
        detect_level("ZZ01", "Atlantis")


def test_display_name_drops_level_suffix() -> None:
    assert display_name("Noord-Nederland (LD)") == "Noord-Nederland"
    assert display_name("Groningen (gemeente)") == "Groningen"


def test_vt_names_across_years() -> None:
    # shared/geo/README.md: VT16 renamed in 2021, merged with VT26 into VT27 in 2023.
    assert vt_code_for_name("Drenthe (VT)") == "VT02"
    assert vt_code_for_name("West-brabant") == "VT21"
    assert vt_code_for_name("Noord-Brabant Noord", 2020) == "VT16"
    assert vt_code_for_name("Brabant Noordoost", 2022) == "VT16"
    assert vt_code_for_name("Oost-Brabant", 2024) == "VT27"
    assert region_name("VT15", 2022) == "Noord-Brabant Midden"
    assert region_name("VT15", 2023) == "Midden-Brabant"
    with pytest.raises(RegionError, match="2024"):
        vt_code_for_name("Zuidoost-Brabant", 2024)
    assert sum(1 for r in VT_REGIONS.values() if r.name_in(2022)) == 26
    assert sum(1 for r in VT_REGIONS.values() if r.name_in(2023)) == 25


@pytest.mark.parametrize("code", ["NL01", "LD04", "PV20", "PV31", "VT27", "GM0014"])
def test_known_codes(code: str) -> None:
    assert is_known_code(code)


@pytest.mark.parametrize("code", ["NL02", "LD05", "PV19", "PV32", "VT28", "GM14", "", "../etc"])
def test_unknown_codes(code: str) -> None:
    assert not is_known_code(code)
    if code and not code.startswith("GM"):
        with pytest.raises(RegionError):
            region_name(code)


@given(st.text(max_size=20), st.text(max_size=40))
def test_level_detection_only_raises_region_error(key: str, title: str) -> None:
    with contextlib.suppress(RegionError):
        detect_level(key, title)


@given(st.sampled_from(sorted(VT_REGIONS)), st.integers(2020, 2025))
def test_vt_name_round_trip(code: str, year: int) -> None:
    name = VT_REGIONS[code].name_in(year)
    if name is not None:
        assert vt_code_for_name(name, year) == code
        assert vt_code_for_name(f"{name.upper()} (VT)") == code
