"""Changes, vintages, flags, index, shares and rates on published Veilig Thuis figures."""

import math
from typing import Any

import pandas as pd
import pytest

from gia_stats.metrics.change import (
    POPULATION_MEASURE,
    Figure,
    change,
    change_between,
    index_series,
    pick,
    previous_period,
    rate_per_1000,
    rate_per_1000_from,
    same_period_year_before,
    share,
    share_of_total,
    year_on_year,
)
from gia_stats.periods import parse_period
from gia_stats.schema import COUNT_SCHEMA, conform

MELD = "Ontvangen meldingen"
ADV = "Gestarte adviezen"

# Sources (reference data in shared/data/veilig_thuis and shared/data/population):
IMPACT = (
    "https://www.cbs.nl/nl-nl/longread/rapportages/2022/"
    "impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022/4-vergroting-bereik-veilig-thuis"
)
STATLINE_84852 = "https://www.cbs.nl/nl-nl/cijfers/detail/84852NED?q=europa+2020"
LETTER_2022 = "Kamerstuk 28 345 nr. 259 (2022-09-28)"
NJI = "https://www.nji.nl/nl/Databank/Cijfers-over-Jeugd-en-Opvoeding/Advies-en-Meldpunt-Kindermishandeling-(AMK)"
OOGTV = "https://www.oogtv.nl/2022/04/daling-aantal-meldingen-van-huiselijk-geweld-en-kindermishandeling-in-gemeente-groningen/"
STATLINE_84851 = "https://www.cbs.nl/nl-nl/cijfers/detail/84851NED?q=drenthe"
STATLINE_70072 = "https://www.cbs.nl/nl-nl/cijfers/detail/70072ned?q=legacy-CBS-ST"


def row(measure: str, period: str, value: float, **kw: Any) -> dict[str, Any]:
    """One tidy row; defaults are a national total with the Impactmonitor as source."""
    p = parse_period(period)
    base: dict[str, Any] = {
        "dataset": "vt_kerncijfers",
        "measure": measure,
        "unit": "aantal",
        "breakdown": "",
        "group": "",
        "region_code": "NL01",
        "region_name": "Nederland",
        "region_level": "NL",
        "period_code": p.code,
        "period_label": p.label,
        "period_type": p.type.value,
        "period_start": p.start,
        "value": value,
        "status": "",
        "flag": "",
        "rounding": 5,
        "source": "CBS, Impactmonitor 2022",
        "source_url": IMPACT,
        "retrieved": "2025-11-01",
        "vintage": "Impactmonitor 2022",
        "note": "",
    }
    base.update(kw)
    return base


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return conform(pd.DataFrame(list(rows)), COUNT_SCHEMA)


FIRST = {"status": "voorlopig", "vintage": "eerste publicatie", "source": LETTER_2022}
GRONINGEN = {"region_code": "PV20", "region_name": "Groningen (PV)", "region_level": "PV"}
DRENTHE = {"region_code": "PV22", "region_name": "Drenthe (PV)", "region_level": "PV"}

VT = frame(
    # 2021 first release as quoted in the 2022 letter; 2020 year from StatLine 84852NED.
    row(MELD, "2021", 119_190, **FIRST),
    row(ADV, "2021", 133_645, **FIRST),
    row(MELD, "2020", 127_410, source="CBS StatLine 84852NED", vintage="StatLine 84852NED"),
    # Half-years, Impactmonitor 2022 table 4.1 (2022-H1 provisional).
    row(ADV, "2019-H1", 53_145),
    row(ADV, "2019-H2", 54_540),
    row(ADV, "2020-H1", 58_575),
    row(ADV, "2020-H2", 63_475),
    row(ADV, "2021-H1", 67_545),
    row(ADV, "2021-H2", 66_625),
    row(MELD, "2021-H1", 60_880),
    row(MELD, "2021-H2", 58_500),
    row(MELD, "2022-H1", 59_985, status="voorlopig"),
    # 2019-H1 meldingen, first release as NJI quoted it in 2019 (revised to 65.075).
    row(MELD, "2019-H1", 64_960, status="voorlopig (first release)",
        vintage="NJI 2019, first release", retrieved="2019-11-04", source_url=NJI),
    row(MELD, "2019-H1", 65_075),
    # Groningen (PV), oogtv.nl 2022-04 citing CBS.
    row(MELD, "2020", 4_195, source_url=OOGTV, vintage="oogtv 2022", **GRONINGEN),
    row(MELD, "2021", 3_920, status="voorlopig", source_url=OOGTV, vintage="oogtv 2022",
        **GRONINGEN),
    # Drenthe (PV) 2023, 84851NED: total and Kindermishandeling.
    row(MELD, "2023", 1_905, status="voorlopig", source_url=STATLINE_84851, **DRENTHE),
    row(MELD, "2023", 1_060, status="voorlopig", breakdown="Aard van het geweld",
        group="Kindermishandeling", source_url=STATLINE_84851, **DRENTHE),
    # Midden-Drenthe 2023, a cell CBS shows as "." (84851NED).
    row("Afgeronde diensten voorwaarden en vervolg", "2023", math.nan, flag=".",
        region_code="GM1731", region_name="Midden-Drenthe", region_level="GM",
        source_url=STATLINE_84851),
)  # fmt: skip

# Inhabitants on 1 January (70072ned); Groningen has no 1 January 2020 in the data.
POPULATION = frame(
    *(
        row(POPULATION_MEASURE, year, value, dataset="bevolking", rounding=1,
            source_url=STATLINE_70072, **region)
        for year, value, region in [
            ("2021", 17_475_415, {}),
            ("2021", 586_937, GRONINGEN),
            ("2023", 502_120, DRENTHE),
        ]
    )
)  # fmt: skip


def test_year_on_year_seed_letter_meldingen() -> None:
    result = year_on_year(VT, MELD, "NL01", 2021)
    assert (result.current.value, result.base.value) == (119_190, 127_410)
    assert result.absolute == -8_220
    assert result.relative == pytest.approx(-8_220 / 127_410, abs=1e-12)
    assert result.direction == "minder"
    assert result.reason == ""
    # Allowed, but flagged: a provisional first release against another publication.
    assert any("2021 is voorlopig" in w for w in result.warnings)
    assert any("verschillende publicaties" in w for w in result.warnings)


def test_a_year_is_never_summed_from_half_years() -> None:
    # No 2020 adviezen year in the data: 58.575 + 63.475 must not stand in for it.
    result = year_on_year(VT, ADV, "NL01", "2021JJ00")
    assert result.missing
    assert math.isnan(result.relative)
    assert "halfjaarcijfers worden niet opgeteld" in result.reason
    assert result.current.value == 133_645


def test_half_year_against_same_half_year_a_year_earlier() -> None:
    result = same_period_year_before(VT, ADV, "NL01", "2021HJ01")
    assert result.base.period_code == "2020HJ01"
    assert result.absolute == 8_970
    assert result.relative == pytest.approx(8_970 / 58_575, abs=1e-12)
    # CBS, Impactmonitor 2022: meldingen 1e halfjaar 2022 −1% t.o.v. 1e halfjaar 2021.
    cbs = same_period_year_before(VT, MELD, "NL01", "2022-H1")
    assert round(100 * cbs.relative) == -1
    assert any("voorlopig" in w for w in cbs.warnings)


def test_half_year_against_previous_half_year() -> None:
    # CBS news 2022-10: meldingen 1e halfjaar 2022 +2,5% t.o.v. 2e halfjaar 2021.
    result = previous_period(VT, MELD, "NL01", "2022-H1")
    assert result.base.period_code == "2021HJ02"
    assert result.absolute == 1_485
    assert round(100 * result.relative, 1) == 2.5
    across_year = previous_period(VT, ADV, "NL01", "2021-H1")
    assert across_year.base.period_code == "2020HJ02"
    assert across_year.absolute == 67_545 - 63_475


def test_year_on_year_refuses_a_half_year() -> None:
    with pytest.raises(ValueError, match="geen jaar"):
        year_on_year(VT, ADV, "NL01", "2021-H1")


def test_pick_prefers_later_release_and_can_pin_a_vintage() -> None:
    assert pick(VT, MELD, "NL01", "2019-H1").value == 65_075
    pinned = pick(VT, MELD, "NL01", "2019-H1", vintage="NJI 2019, first release")
    assert (pinned.value, pinned.status) == (64_960, "voorlopig (first release)")
    between = change(VT, MELD, "NL01", "2019-H1", "2019-H1", base_vintage="NJI 2019, first release")
    assert between.absolute == 115
    assert any("verschillende publicaties" in w for w in between.warnings)


def test_pick_respects_the_stores_current_column() -> None:
    marked = VT.assign(current=VT["value"] != 65_075)  # the store chose the NJI row
    assert pick(marked, MELD, "NL01", "2019-H1").value == 64_960


def test_pick_prefers_a_cbs_snapshot_over_curated() -> None:
    snapshot = row(MELD, "2020", 127_410, vintage="CBS 2025-11-20", source="CBS 84847NED")
    both = frame(row(MELD, "2020", 127_405, vintage="samengesteld"), snapshot)
    assert pick(both, MELD, "NL01", "2020").source == "CBS 84847NED"


def test_ambiguous_vintages_give_a_missing_figure_with_reason() -> None:
    tied = frame(
        row(MELD, "2019-H1", 65_075, vintage="Impactmonitor 2022"),
        row(MELD, "2019-H1", 64_960, vintage="NJI 2019"),
    )
    figure = pick(tied, MELD, "NL01", "2019-H1")
    assert figure.missing
    assert "kies een vintage" in figure.reason
    assert "NJI 2019: 64960" in figure.reason


def test_unknown_vintage_lists_the_known_ones() -> None:
    figure = pick(VT, MELD, "NL01", "2019-H1", vintage="CBS 2030")
    assert figure.missing
    assert "Impactmonitor 2022" in figure.reason


def test_flagged_cell_is_missing_never_zero() -> None:
    figure = pick(VT, "Afgeronde diensten voorwaarden en vervolg", "GM1731", "2023")
    assert figure.missing
    assert figure.flag == "."
    assert "onbekend of geheim" in figure.reason
    # A flagged row whose value column holds 0 anyway is still missing.
    zero = frame(row(MELD, "2023", 0.0, flag="x"), row(MELD, "2022", 100.0))
    result = change(zero, MELD, "NL01", "2023", "2022")
    assert result.missing
    assert "'x'" in result.reason


def test_missing_period_has_a_reason() -> None:
    result = change(VT, MELD, "NL01", "2018", "2017")
    assert result.missing
    assert result.reason == "geen cijfer voor Ontvangen meldingen, NL01, 2018"


def test_zero_base_keeps_the_absolute_change() -> None:
    now = Figure(MELD, "NL01", "2021JJ00", 5.0, unit="aantal")
    zero = Figure(MELD, "NL01", "2020JJ00", 0.0, unit="aantal")
    result = change_between(now, zero)
    assert result.absolute == 5.0
    assert math.isnan(result.relative)
    assert "is 0" in result.reason


def test_different_units_are_not_compared() -> None:
    count = Figure(MELD, "NL01", "2021JJ00", 100.0, unit="aantal")
    percent = Figure(MELD, "NL01", "2020JJ00", 5.0, unit="%")
    assert "eenheden" in change_between(count, percent).reason


def test_index_series_base_100() -> None:
    periods = ["2019-H1", "2020-H1", "2021-H1", "2022-H1"]
    table = index_series(VT, ADV, "NL01", periods, "2019-H1")
    assert table["index"].iloc[0] == 100.0
    assert table["index"].iloc[2] == pytest.approx(100 * 67_545 / 53_145, abs=1e-9)
    assert math.isnan(table["index"].iloc[3])  # no 2022-H1 adviezen row
    assert "geen cijfer" in table["reason"].iloc[3]
    missing_base = index_series(VT, ADV, "NL01", periods, "2018-H1")
    assert missing_base["index"].isna().all()
    assert missing_base["reason"].str.startswith("basisperiode ontbreekt").all()


def test_share_of_total() -> None:
    result = share_of_total(VT, MELD, "PV22", "2023", "Kindermishandeling",
                            breakdown="Aard van het geweld")  # fmt: skip
    assert result.value == pytest.approx(1_060 / 1_905, abs=1e-12)
    assert result.reason == ""


def test_share_guards() -> None:
    part = Figure(MELD, "NL01", "2021JJ00", 10.0)
    other_year = Figure(MELD, "NL01", "2020JJ00", 20.0)
    zero_total = Figure(MELD, "NL01", "2021JJ00", 0.0)
    bigger = Figure(MELD, "NL01", "2021JJ00", 5.0)
    assert "verschillende perioden" in share(part, other_year).reason
    assert "noemer is 0" in share(part, zero_total).reason
    assert share(part, bigger).value == 2.0
    assert "overlappen" in share(part, bigger).warnings[0]


def test_rate_per_1000_inhabitants_of_1_january() -> None:
    rate = rate_per_1000_from(VT, POPULATION, MELD, "PV20", "2021")
    assert rate.value == pytest.approx(1000 * 3_920 / 586_937, abs=1e-12)
    assert rate.per == 1000.0
    half_year = rate_per_1000_from(VT, POPULATION, MELD, "NL01", "2021-H1")
    assert half_year.value == pytest.approx(1000 * 60_880 / 17_475_415, abs=1e-12)
    assert "niet over een heel jaar" in half_year.warnings[0]


def test_missing_population_gives_missing_rate_never_a_guess() -> None:
    # Groningen has 1 July 2020 in the sources, not 1 January 2020: no rate.
    rate = rate_per_1000_from(VT, POPULATION, MELD, "PV20", "2020")
    assert rate.missing
    assert "geen bevolkingscijfer op 1 januari 2020 voor PV20" in rate.reason


def test_rate_refuses_a_percentage_and_a_wrong_year() -> None:
    population = pick(POPULATION, POPULATION_MEASURE, "NL01", "2021")
    share_row = Figure("Aandeel", "NL01", "2021JJ00", 56.0, unit="%")
    assert "geen aantal" in rate_per_1000(share_row, population).reason
    count_2023 = Figure(MELD, "NL01", "2023JJ00", 127_340.0, unit="aantal")
    assert "niet van 1 januari 2023" in rate_per_1000(count_2023, population).reason
