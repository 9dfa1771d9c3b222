"""CBS period codes (``2021JJ00``, ``2021HJ01``, ``2021KW03``, ``2021MM07``) as typed periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodError(ValueError):
    """A period code or label that is not understood."""


class PeriodType(StrEnum):
    """The kinds of period CBS publishes, with the Dutch word used in the tidy table."""

    JAAR = "jaar"
    HALFJAAR = "halfjaar"
    KWARTAAL = "kwartaal"
    MAAND = "maand"


class Status(StrEnum):
    """Publication status of a figure (CBS Perioden ``Status`` or ``*``/``**`` marks)."""

    DEFINITIEF = "definitief"
    NADER_VOORLOPIG = "nader voorlopig"
    VOORLOPIG = "voorlopig"
    ONBEKEND = ""  # the source does not say


# CBS two-letter kind codes and how many months one such period spans.
_CBS_KIND = {
    "JJ": PeriodType.JAAR,
    "HJ": PeriodType.HALFJAAR,
    "KW": PeriodType.KWARTAAL,
    "MM": PeriodType.MAAND,
}
_KIND_CODE = {v: k for k, v in _CBS_KIND.items()}
_MONTHS = {PeriodType.JAAR: 12, PeriodType.HALFJAAR: 6, PeriodType.KWARTAAL: 3, PeriodType.MAAND: 1}
_MAX_NUMBER = {
    PeriodType.JAAR: 0,
    PeriodType.HALFJAAR: 2,
    PeriodType.KWARTAAL: 4,
    PeriodType.MAAND: 12,
}
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

_CBS_RE = re.compile(r"^(\d{4})(JJ|HJ|KW|MM)(\d{2})$")
# Forms used in the curated reference files: 2021, 2021-H1, 2021-Q3, 2021-07.
_TEXT_RE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One CBS period.

    Ordering is chronological by start, and for the same start the longer period first
    (``2021`` < ``1e halfjaar 2021`` < ``1e kwartaal 2021`` < ``januari 2021``).

    Parameters
    ----------
    year
        Calendar year, 1900–2999.
    type
        Year, half-year, quarter or month.
    number
        0 for a year, 1–2 for a half-year, 1–4 for a quarter, 1–12 for a month.
    """

    year: int
    _start_month: int
    _span_rank: int
    type: PeriodType
    number: int

    @classmethod
    def of(cls, year: int, type: PeriodType, number: int = 0) -> Period:
        """Build a period, checking its parts.

        Parameters
        ----------
        year, type, number
            See the class docstring.

        Returns
        -------
        Period

        Raises
        ------
        PeriodError
            When the number does not fit the type or the year is out of range.
        """
        type = PeriodType(type)
        if not 1900 <= year <= 2999:
            raise PeriodError(f"jaar buiten bereik: {year!r}")
        low = 0 if type is PeriodType.JAAR else 1
        if not low <= number <= _MAX_NUMBER[type]:
            raise PeriodError(f"ongeldig volgnummer {number!r} voor periode van type {type}")
        start_month = 1 + (number - 1) * _MONTHS[type] if number else 1
        return cls(year, start_month, -_MONTHS[type], type, number)

    @property
    def code(self) -> str:
        """The CBS code, e.g. ``2021HJ01``."""
        return f"{self.year}{_KIND_CODE[self.type]}{self.number:02d}"

    @property
    def label(self) -> str:
        """The Dutch label, e.g. ``1e halfjaar 2021``, ``3e kwartaal 2021``, ``juli 2021``."""
        if self.type is PeriodType.JAAR:
            return str(self.year)
        if self.type is PeriodType.MAAND:
            return f"{MONTH_NAMES[self.number - 1]} {self.year}"
        return f"{self.number}e {self.type.value} {self.year}"

    @property
    def start(self) -> date:
        """First day of the period."""
        return date(self.year, self._start_month, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        month = self._start_month + _MONTHS[self.type]
        return date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    def same_period_year_before(self) -> Period:
        """The same half-year, quarter or month one year earlier (or the previous year)."""
        return Period.of(self.year - 1, self.type, self.number)

    def previous(self) -> Period:
        """The period of the same type directly before this one."""
        if self.type is PeriodType.JAAR or self.number == 1:
            last = _MAX_NUMBER[self.type]
            return Period.of(self.year - 1, self.type, last)
        return Period.of(self.year, self.type, self.number - 1)

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period."""
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return self.label


def period_range(first: Period, last: Period) -> list[Period]:
    """Every period of ``first``'s type from ``first`` up to and including ``last``.

    Parameters
    ----------
    first, last
        Periods of the same type.

    Returns
    -------
    list of Period
        Chronological; empty when ``last`` comes before ``first``.

    Raises
    ------
    PeriodError
        When the two periods are of different types.
    """
    if first.type is not last.type:
        raise PeriodError(f"verschillende periodetypen: {first.label!r} en {last.label!r}")
    out: list[Period] = []
    current = last
    while current >= first:
        out.append(current)
        current = current.previous()
    return out[::-1]


def parse_period(code: str) -> Period:
    """Parse a CBS period code or a curated-file period text.

    Accepts ``2021JJ00``, ``2021HJ01``, ``2021KW03``, ``2021MM07`` (CBS padding and a
    trailing ``*``/``**`` are ignored) and ``2021``, ``2021-H1``, ``2021-Q3``, ``2021-07``.

    Parameters
    ----------
    code
        The text to parse.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not one of the forms above; the message quotes it.
    """
    if not isinstance(code, str):
        raise PeriodError(f"periodecode is geen tekst: {code!r}")
    try:
        return _parse(code.strip().rstrip("*").strip())
    except PeriodError as exc:
        raise PeriodError(f"onbekende periodecode: {code!r} ({exc})") from None


def _parse(text: str) -> Period:
    match = _CBS_RE.match(text)
    if match:
        year, kind, number = match.groups()
        return Period.of(int(year), _CBS_KIND[kind], int(number))
    match = _TEXT_RE.match(text)
    if match:
        year, part = match.groups()
        if part is None:
            return Period.of(int(year), PeriodType.JAAR)
        if part[0] == "H":
            return Period.of(int(year), PeriodType.HALFJAAR, int(part[1]))
        if part[0] == "Q":
            return Period.of(int(year), PeriodType.KWARTAAL, int(part[1]))
        return Period.of(int(year), PeriodType.MAAND, int(part))
    raise PeriodError("geen CBS-code (2021JJ00, 2021HJ01, 2021KW03, 2021MM07) of 2021-H1")


def parse_status(status: str | None = None, title: str | None = None) -> Status:
    """Read the publication status from CBS's Perioden ``Status`` or a ``*``/``**`` mark.

    Parameters
    ----------
    status
        CBS's ``Status`` field ("Voorlopig", "Nader voorlopig", "Definitief") or a curated
        status word; may be empty.
    title
        The period title or code as shown by StatLine, e.g. ``"2023*"`` or ``"2022**"``.

    Returns
    -------
    Status
        ``Status.ONBEKEND`` when neither says anything.

    Raises
    ------
    PeriodError
        When ``status`` holds a word that is not a known status.
    """
    word = (status or "").strip().lower()
    if word:
        # Curated files qualify the status: "voorlopig (first release)".
        base = word.split("(")[0].strip()
        for candidate in (Status.NADER_VOORLOPIG, Status.VOORLOPIG, Status.DEFINITIEF):
            if base == candidate.value:
                return candidate
        raise PeriodError(f"onbekende status: {status!r}")
    mark = (title or "").strip()
    if mark.endswith("**"):
        return Status.NADER_VOORLOPIG
    if mark.endswith("*"):
        return Status.VOORLOPIG
    return Status.ONBEKEND
