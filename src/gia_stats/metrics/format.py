"""Dutch numbers, percentages, signed changes, period labels and rounded memo phrases."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from gia_stats.periods import Period, parse_period

LOCALE = "nl_NL"

#: The minus sign of every formatted number: the true minus U+2212, never the hyphen, so a
#: negative figure cannot break across a line or read as a dash. Parsing accepts both.
MINUS = "\u2212"

#: What a missing value (NaN) is formatted as.
MISSING_TEXT = "onbekend"

#: Round-figure words above 999.999, largest first.
_LARGE = ((Decimal(10) ** 9, "miljard"), (Decimal(10) ** 6, "miljoen"))
_WORDS = {"duizend": Decimal(10) ** 3, "miljoen": Decimal(10) ** 6, "miljard": Decimal(10) ** 9}
_QUALIFIERS = ("bijna", "ruim", "ongeveer", "afgerond", "circa", "ca.")


def _decimal(value: float) -> Decimal:
    # repr() is the shortest text that round-trips, so 0.065 becomes Decimal("0.065") and
    # half-way cases round the way a reader of the printed figure expects.
    if not math.isfinite(value):
        raise ValueError(f"geen eindig getal: {value!r}")
    return Decimal(repr(float(value)))


def _round_half_up(value: Decimal, decimals: int) -> Decimal:
    # Babel rounds half-to-even; CBS and memo writers round half away from zero (6,45 → 6,5).
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _render(value: Decimal, decimals: int, signed: bool) -> str:
    rounded = _round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never "−0" or "+0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(rounded), format=pattern, locale=LOCALE)
    if rounded < 0:
        return MINUS + text
    if signed and rounded > 0:
        return "+" + text
    return text


def format_number(
    value: float, decimals: int = 0, *, signed: bool = False, missing: str = MISSING_TEXT
) -> str:
    """Format a number the Dutch way: ``133645`` → ``"133.645"``, ``-8000`` → ``"−8.000"``.

    Parameters
    ----------
    value
        The number; NaN gives ``missing``.
    decimals
        Fixed number of decimals (rounded half away from zero).
    signed
        Prefix ``+`` to positive numbers (for changes).
    missing
        Text for a missing value.

    Returns
    -------
    str
        Thousands separated by ``.``, decimals by ``,``, negatives with U+2212.
    """
    if isinstance(value, float) and math.isnan(value):
        return missing
    return _render(_decimal(value), decimals, signed)


def format_percent(
    fraction: float, decimals: int = 1, *, signed: bool = False, missing: str = MISSING_TEXT
) -> str:
    """Format a fraction as a Dutch percentage: ``0.065`` → ``"6,5%"``.

    Parameters
    ----------
    fraction
        The share or relative change as a fraction (0.065 = 6,5%); NaN gives ``missing``.
    decimals
        Decimals of the percentage.
    signed
        Prefix ``+`` to positive values: ``0.098`` → ``"+9,8%"``; negatives always get U+2212.
    missing
        Text for a missing value.

    Returns
    -------
    str
        The percentage with ``%`` directly after the number (Dutch CLDR pattern).
    """
    if isinstance(fraction, float) and math.isnan(fraction):
        return missing
    return _render(_decimal(fraction) * 100, decimals, signed) + "%"


def format_change(value: float, decimals: int = 0, *, missing: str = MISSING_TEXT) -> str:
    """Format a change with its sign: ``11595`` → ``"+11.595"``, ``-8220`` → ``"−8.220"``.

    Parameters
    ----------
    value
        The change; NaN gives ``missing``.
    decimals
        Fixed number of decimals.
    missing
        Text for a missing value.

    Returns
    -------
    str
    """
    return format_number(value, decimals, signed=True, missing=missing)


def format_period(period: str | Period) -> str:
    """Dutch label of a period: ``"2021HJ01"`` → ``"1e halfjaar 2021"``.

    Parameters
    ----------
    period
        A CBS period code, a curated period text (``"2021-H1"``) or a Period.

    Returns
    -------
    str
    """
    return (period if isinstance(period, Period) else parse_period(period)).label


def round_to_whole(value: float) -> int:
    """Round half away from zero to a whole number (``12.5`` → 13, unlike ``round``).

    Parameters
    ----------
    value
        A finite number.

    Returns
    -------
    int
    """
    return int(_round_half_up(_decimal(value), 0))


@dataclass(frozen=True)
class RoundedPhrase:
    """A memo phrase for a figure, with the exact figure beside it.

    Attributes
    ----------
    text
        E.g. ``"bijna 12.000"``, ``"ruim 1,7 miljoen"``, ``"12.000"``.
    qualifier
        ``"bijna"``, ``"ruim"``, ``"ongeveer"`` or ``""`` (the figure is round already).
    rounded
        The round figure in the phrase (12000.0).
    exact
        The figure itself (11595.0).
    exact_text
        The figure formatted in full (``"11.595"``).
    """

    text: str
    qualifier: str
    rounded: float
    exact: float
    exact_text: str


def round_phrase(
    value: float, digits: int = 2, *, tolerance: float = 0.05, directional: bool = True
) -> RoundedPhrase:
    """Phrase a figure as a memo would: ``11595`` → ``"bijna 12.000"``.

    The rule, exactly:

    1. The round figure R is ``|value|`` rounded to ``digits`` significant digits, half away
       from zero (11.595 → 12.000 with 2 digits; 8.220 → 8.000 with 1 digit).
    2. If ``|value| == R`` there is no qualifier ("12.000").
    3. Otherwise, with ``d = (|value| − R) / R``: ``"bijna"`` when ``−tolerance ≤ d < 0``
       (just below R), ``"ruim"`` when ``0 < d ≤ tolerance`` (just above R).
    4. ``"ongeveer"`` when R is further than ``tolerance`` away (possible only with
       ``digits=1``: 11.595 → "ongeveer 10.000"), or always when ``directional`` is False —
       for figures that are themselves approximate, where "close either side" is all that
       can honestly be said.

    R of a million or more is written with "miljoen"/"miljard" ("ruim 1,7 miljoen"). A
    negative value keeps its sign on the number ("ruim −8.000"); sentences pass magnitudes
    and say "meer"/"minder" in words.

    Parameters
    ----------
    value
        The figure; NaN gives the phrase ``"onbekend"``.
    digits
        Significant digits of the round figure (≥ 1).
    tolerance
        Largest relative distance to R for "bijna"/"ruim" (default 5%).
    directional
        False: say "ongeveer" instead of "bijna"/"ruim".

    Returns
    -------
    RoundedPhrase
        The phrase and the exact figure.

    Raises
    ------
    ValueError
        When ``digits`` < 1.
    """
    if digits < 1:
        raise ValueError(f"digits moet ten minste 1 zijn, niet {digits!r}")
    if math.isnan(value):
        return RoundedPhrase(MISSING_TEXT, "", math.nan, math.nan, MISSING_TEXT)
    exact = _decimal(value)
    magnitude = abs(exact)
    exact_text = format_number(float(exact), _decimals_of(exact))
    if magnitude == 0:
        return RoundedPhrase("0", "", 0.0, 0.0, "0")
    step = Decimal(1).scaleb(magnitude.adjusted() - digits + 1)
    rounded = (magnitude / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    distance = (magnitude - rounded) / rounded
    if distance == 0:
        qualifier = ""
    elif not directional or abs(distance) > Decimal(repr(tolerance)):
        qualifier = "ongeveer"
    else:
        qualifier = "bijna" if distance < 0 else "ruim"
    number = _round_text(rounded)
    if exact < 0:
        number = MINUS + number
        rounded = -rounded
    text = f"{qualifier} {number}" if qualifier else number
    return RoundedPhrase(text, qualifier, float(rounded), float(exact), exact_text)


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _round_text(rounded: Decimal) -> str:
    # Trailing zeros say nothing in a round figure: "1 miljoen", "1,7 miljoen", "12.000".
    for size, word in _LARGE:
        if rounded >= size:
            return f"{_render(rounded / size, _decimals_of(rounded / size), False)} {word}"
    return _render(rounded, _decimals_of(rounded), False)


def parse_number(text: str) -> float:
    """Read a Dutch number back: ``"133.645"`` → 133645.0, ``"−8.000"`` → -8000.0.

    Accepts U+2212 or a hyphen as minus, a leading ``+``, a leading qualifier ("bijna",
    "ruim", "ongeveer", "afgerond") and a trailing "duizend"/"miljoen"/"miljard"
    (``"ruim 1,7 miljoen"`` → 1700000.0, the round figure).

    Parameters
    ----------
    text
        The formatted number.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When the text is not a Dutch number (the message quotes it); a percentage is refused
        here, use :func:`parse_percent`.
    """
    words = text.strip().lower().replace(MINUS, "-").replace("\u00a0", " ").split()
    if words and words[0] in _QUALIFIERS:
        words = words[1:]
    factor = Decimal(1)
    if len(words) == 2 and words[1] in _WORDS:
        factor = _WORDS[words[1]]
        words = words[:1]
    if len(words) != 1 or "%" in words[0]:
        raise ValueError(f"geen Nederlands getal: {text!r}")
    number = words[0].removeprefix("+")
    if not re.fullmatch(r"-?[0-9][0-9.]*(,[0-9]+)?", number):
        raise ValueError(f"geen Nederlands getal: {text!r}")
    try:
        parsed = parse_decimal(number, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        raise ValueError(f"geen Nederlands getal: {text!r} ({exc})") from None
    return float(parsed * factor)


def parse_percent(text: str) -> float:
    """Read a Dutch percentage back as a fraction: ``"6,5%"`` → 0.065, ``"−6,5%"`` → -0.065.

    Parameters
    ----------
    text
        The formatted percentage, with ``%`` at the end (a space before it is allowed).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When the text has no ``%`` or the number does not parse.
    """
    stripped = text.strip()
    if not stripped.endswith("%"):
        raise ValueError(f"geen percentage: {text!r}")
    number = stripped[:-1].strip().replace(MINUS, "-")
    try:
        parsed = parse_decimal(number.removeprefix("+"), locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        raise ValueError(f"geen percentage: {text!r} ({exc})") from None
    return float(parsed / 100)
