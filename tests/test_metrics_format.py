"""Dutch formatting: known answers from the letters to parliament, edge cases, round trips."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gia_stats.metrics.format import (
    MINUS,
    format_change,
    format_number,
    format_percent,
    format_period,
    parse_number,
    parse_percent,
    round_phrase,
    round_to_whole,
)
from gia_stats.periods import Period, PeriodType

# Figures from Kamerstuk 28 345 nr. 259 (2022-09-28) and CBS 84852NED
# (https://www.cbs.nl/nl-nl/cijfers/detail/84852NED?q=europa+2020) and the Impactmonitor 2022
# (https://www.cbs.nl/nl-nl/longread/rapportages/2022/impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022/4-vergroting-bereik-veilig-thuis).
MELDINGEN_2021_FIRST = 119_190
MELDINGEN_2020 = 127_410
ADVIEZEN_2021_FIRST = 133_645
ADVIEZEN_2020_HALVES = (58_575, 63_475)
ADVIEZEN_2021_HALVES_CBS = (67_545, 66_625)  # add up to 134.170, the later CBS vintage


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (133_645, 0, "133.645"),
        (-8_000, 0, f"{MINUS}8.000"),
        (0, 0, "0"),
        (1_234.5, 1, "1.234,5"),
        (17_475_415, 0, "17.475.415"),
        (2.5, 0, "3"),  # half away from zero, as CBS rounds (Babel alone would give 2)
        (-2.5, 0, f"{MINUS}3"),
        (-0.0001, 1, "0,0"),  # never "−0,0"
        (math.nan, 0, "onbekend"),
    ],
)
def test_format_number(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_minus_sign_is_the_true_minus_everywhere() -> None:
    assert MINUS == "\u2212"
    for text in (format_number(-1), format_percent(-0.5), format_change(-3)):
        assert "-" not in text
        assert text.startswith(MINUS)


@pytest.mark.parametrize(
    ("fraction", "signed", "expected"),
    [
        (0.065, False, "6,5%"),
        (0.098, True, "+9,8%"),
        # 2021 vs 2020 meldingen: (119.190 − 127.410) / 127.410 = −6,45…% → −6,5%
        ((MELDINGEN_2021_FIRST - MELDINGEN_2020) / MELDINGEN_2020, True, f"{MINUS}6,5%"),
        (0.0, True, "0,0%"),
        (1.0, False, "100,0%"),
        (math.nan, False, "onbekend"),
    ],
)
def test_format_percent(fraction: float, signed: bool, expected: str) -> None:
    assert format_percent(fraction, signed=signed) == expected


def test_format_change_has_a_sign() -> None:
    assert format_change(11_595) == "+11.595"
    assert format_change(MELDINGEN_2021_FIRST - MELDINGEN_2020) == f"{MINUS}8.220"
    assert format_change(0) == "0"


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2021HJ01", "1e halfjaar 2021"),
        ("2021-H2", "2e halfjaar 2021"),
        ("2021JJ00", "2021"),
        ("2021MM07", "juli 2021"),
    ],
)
def test_format_period(code: str, label: str) -> None:
    assert format_period(code) == label
    assert format_period(Period.of(2021, PeriodType.HALFJAAR, 1)) == "1e halfjaar 2021"


def test_seed_letter_adviesvragen_bijna_12000() -> None:
    # The 2022 letter: "een toename van bijna 12.000 adviesvragen". The only way to get there
    # is the first-release 2021 year minus the two 2020 half-years added up (no 2020 year was
    # published in the data): 133.645 − 122.050 = 11.595 → "bijna 12.000". With CBS's later
    # 2021 half-years (134.170) the same sum gives 12.120: "ruim 12.000". The letter's word
    # depends on the vintage, which is why change.pick refuses to add half-years.
    letter = round_phrase(ADVIEZEN_2021_FIRST - sum(ADVIEZEN_2020_HALVES))
    assert (letter.text, letter.exact, letter.exact_text) == ("bijna 12.000", 11_595.0, "11.595")
    revised = round_phrase(sum(ADVIEZEN_2021_HALVES_CBS) - sum(ADVIEZEN_2020_HALVES))
    assert (revised.text, revised.exact) == ("ruim 12.000", 12_120.0)


def test_seed_letter_meldingen_8000_minder() -> None:
    # The letter: "Dit zijn 8000 minder meldingen dan in 2020": 127.410 − 119.190 = 8.220.
    phrase = round_phrase(MELDINGEN_2020 - MELDINGEN_2021_FIRST, digits=1)
    assert (phrase.text, phrase.qualifier, phrase.rounded) == ("ruim 8.000", "ruim", 8_000.0)
    assert round_phrase(MELDINGEN_2020 - MELDINGEN_2021_FIRST).text == "ruim 8.200"


@pytest.mark.parametrize(
    ("value", "digits", "directional", "expected"),
    [
        (11_980, 2, True, "bijna 12.000"),
        (1_730_000, 2, True, "ruim 1,7 miljoen"),  # CBS 2024/48: "over 1.7 million"
        (1_000_000, 2, True, "1 miljoen"),
        (2_500_000_000, 2, True, "2,5 miljard"),
        (64_000, 2, True, "64.000"),  # already round: no qualifier
        (63_950, 2, False, "ongeveer 64.000"),
        (64_040, 2, False, "ongeveer 64.000"),
        (11_595, 1, True, "ongeveer 10.000"),  # 16% off: "bijna"/"ruim" would mislead
        (999.6, 2, True, "bijna 1.000"),
        (0.0123, 2, True, "ruim 0,012"),
        (-8_220, 1, True, f"ruim {MINUS}8.000"),
        (0, 2, True, "0"),
    ],
)
def test_round_phrase_rule(value: float, digits: int, directional: bool, expected: str) -> None:
    assert round_phrase(value, digits, directional=directional).text == expected


def test_round_phrase_missing_and_bad_digits() -> None:
    missing = round_phrase(math.nan)
    assert missing.text == "onbekend"
    assert math.isnan(missing.exact)
    with pytest.raises(ValueError, match="digits"):
        round_phrase(12, 0)


def test_round_to_whole_rounds_half_up() -> None:
    assert [round_to_whole(v) for v in (10.9, 12.7, 12.5, 8.3, 0.5)] == [11, 13, 13, 8, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("133.645", 133_645.0),
        (f"{MINUS}8.000", -8_000.0),
        ("-8.000", -8_000.0),
        ("+11.595", 11_595.0),
        ("1.234,5", 1_234.5),
        ("ruim 1,7 miljoen", 1_700_000.0),
        ("bijna 12.000", 12_000.0),
        ("ruim 30 duizend", 30_000.0),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.7", "6,5%", "abc", "", "12 appels", "1,2,3"])
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_percent() -> None:
    assert parse_percent("6,5%") == pytest.approx(0.065, abs=1e-15)
    assert parse_percent("+9,8%") == pytest.approx(0.098, abs=1e-15)
    assert parse_percent(f"{MINUS}6,5%") == pytest.approx(-0.065, abs=1e-15)
    with pytest.raises(ValueError):
        parse_percent("6,5")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(value: int) -> None:
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=3))
def test_decimals_round_trip(units: int, decimals: int) -> None:
    value = units / 10**decimals
    assert parse_number(format_number(value, decimals)) == pytest.approx(value, abs=1e-9)


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_percent_round_trip(tenths_of_percent: int) -> None:
    fraction = tenths_of_percent / 1000
    text = format_percent(fraction, signed=True)
    assert parse_percent(text) == pytest.approx(fraction, abs=1e-12)


@given(st.floats(min_value=1e-3, max_value=1e12, allow_nan=False), st.integers(1, 3))
def test_round_phrase_properties(value: float, digits: int) -> None:
    phrase = round_phrase(value, digits)
    # The phrase reads back as its round figure, and the qualifier tells the truth.
    assert parse_number(phrase.text) == pytest.approx(phrase.rounded, rel=1e-12)
    assert phrase.exact == value
    distance = (value - phrase.rounded) / phrase.rounded
    if phrase.qualifier == "bijna":
        assert -0.05 - 1e-12 <= distance < 0
    elif phrase.qualifier == "ruim":
        assert 0 < distance <= 0.05 + 1e-12
    elif phrase.qualifier == "":
        assert value == phrase.rounded
    else:
        assert phrase.qualifier == "ongeveer"
        assert abs(value - phrase.rounded) > 0.05 * phrase.rounded
