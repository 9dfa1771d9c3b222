"""Periods: CBS codes, Dutch labels, ordering, status, and round trips."""

import contextlib
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gia_stats.periods import (
    Period,
    PeriodError,
    PeriodType,
    Status,
    parse_period,
    parse_status,
    period_range,
)


@pytest.mark.parametrize(
    ("code", "label", "start", "end"),
    [
        ("2021JJ00", "2021", date(2021, 1, 1), date(2022, 1, 1)),
        ("2021HJ01", "1e halfjaar 2021", date(2021, 1, 1), date(2021, 7, 1)),
        ("2021HJ02", "2e halfjaar 2021", date(2021, 7, 1), date(2022, 1, 1)),
        ("2021KW01", "1e kwartaal 2021", date(2021, 1, 1), date(2021, 4, 1)),
        ("2021KW04", "4e kwartaal 2021", date(2021, 10, 1), date(2022, 1, 1)),
        ("2021MM01", "januari 2021", date(2021, 1, 1), date(2021, 2, 1)),
        ("2021MM12", "december 2021", date(2021, 12, 1), date(2022, 1, 1)),
    ],
)
def test_cbs_codes(code: str, label: str, start: date, end: date) -> None:
    period = parse_period(code)
    assert (period.code, period.label, period.start, period.end) == (code, label, start, end)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2021", "2021JJ00"),
        ("2021-H2", "2021HJ02"),
        ("2025-Q3", "2025KW03"),
        ("2020-07", "2020MM07"),
        ("2023JJ00  ", "2023JJ00"),
        ("2023JJ00*", "2023JJ00"),
    ],
)
def test_curated_and_padded_forms(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2021XX01",
        "2021HJ03",
        "2021KW05",
        "2021MM13",
        "2021MM00",
        "21JJ00",
        "2021-H3",
        "2025-Q1-Q3",
        "jaar",
        "2021JJ01",
    ],
)
def test_unknown_codes_raise_with_the_code(bad: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(repr(bad))):
        parse_period(bad)


def test_non_text_raises() -> None:
    with pytest.raises(PeriodError):
        parse_period(2021)  # type: ignore[arg-type]


def test_neighbours() -> None:
    h1 = parse_period("2022HJ01")
    assert h1.previous().code == "2021HJ02"
    assert h1.same_period_year_before().code == "2021HJ01"
    assert parse_period("2021KW01").previous().code == "2020KW04"
    assert parse_period("2021MM01").previous().code == "2020MM12"
    assert parse_period("2021JJ00").previous().code == "2020JJ00"
    assert parse_period("2021JJ00").contains(parse_period("2021HJ02"))
    assert not parse_period("2021HJ01").contains(parse_period("2021MM07"))


def test_ordering_is_chronological_then_longest_first() -> None:
    codes = ["2021MM01", "2021KW01", "2020HJ02", "2021HJ01", "2021JJ00", "2019JJ00"]
    ordered = [p.code for p in sorted(parse_period(c) for c in codes)]
    assert ordered == ["2019JJ00", "2020HJ02", "2021JJ00", "2021HJ01", "2021KW01", "2021MM01"]


@pytest.mark.parametrize(
    ("status", "title", "expected"),
    [
        ("Voorlopig", None, Status.VOORLOPIG),
        ("Nader voorlopig", None, Status.NADER_VOORLOPIG),
        ("Definitief", None, Status.DEFINITIEF),
        ("voorlopig (first release)", None, Status.VOORLOPIG),
        (None, "2023*", Status.VOORLOPIG),
        ("", "2022**", Status.NADER_VOORLOPIG),
        ("", "2021", Status.ONBEKEND),
    ],
)
def test_status(status: str | None, title: str | None, expected: Status) -> None:
    assert parse_status(status, title) is expected


def test_unknown_status_raises() -> None:
    with pytest.raises(PeriodError, match="prognose"):
        parse_status("prognose")


_periods = st.builds(
    lambda year, kind, n: Period.of(
        year,
        kind,
        {
            PeriodType.JAAR: 0,
            PeriodType.HALFJAAR: 1 + n % 2,
            PeriodType.KWARTAAL: 1 + n % 4,
            PeriodType.MAAND: 1 + n % 12,
        }[kind],
    ),
    st.integers(1900, 2999),
    st.sampled_from(list(PeriodType)),
    st.integers(0, 100),
)


@given(_periods)
def test_code_round_trip(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(f" {period.code}   ") == period


@given(_periods)
def test_previous_is_adjacent(period: Period) -> None:
    if period.year > 1900:
        assert period.previous().end == period.start
        assert period.previous() < period


@given(st.text(max_size=30))
def test_parser_only_raises_period_error(text: str) -> None:
    with contextlib.suppress(PeriodError):
        parse_period(text)


def test_period_range_keeps_gaps_visible() -> None:
    codes = [p.code for p in period_range(parse_period("2021HJ02"), parse_period("2023HJ01"))]
    assert codes == ["2021HJ02", "2022HJ01", "2022HJ02", "2023HJ01"]
    assert period_range(parse_period("2023JJ00"), parse_period("2021JJ00")) == []
    with pytest.raises(PeriodError, match="verschillende"):
        period_range(parse_period("2021JJ00"), parse_period("2021HJ01"))
