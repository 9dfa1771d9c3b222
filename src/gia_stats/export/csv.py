"""CSV of what a page shows: standard and Excel (NL) dialects, safe against formula injection."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

import numpy as np
import pandas as pd

Dialect = Literal["standard", "excel-nl"]


@dataclass(frozen=True)
class CsvDialect:
    """How one CSV dialect writes separators, decimals and the byte-order mark."""

    name: Dialect
    label: str  # for a download button or a select box
    sep: str
    decimal: str
    bom: bool
    line_end: str
    suffix: str  # added to the file stem: "" or "_excel-nl"


DIALECTS: Final[dict[Dialect, CsvDialect]] = {
    "standard": CsvDialect("standard", "CSV (standaard)", ",", ".", False, "\n", ""),
    # Dutch Excel splits on its list separator ";" and reads "-0,7" as a number; the BOM
    # makes it read UTF-8 (without it, "ë" in "Geraadpleegd"-style text turns into mojibake).
    "excel-nl": CsvDialect("excel-nl", "CSV voor Excel (NL)", ";", ",", True, "\r\n", "_excel-nl"),
}

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
#: (OWASP CSV injection: = + - @ tab CR; ASVS adds NUL). LF and the full-width forms are
#: added because some spreadsheets normalise them to the ASCII ones.
FORMULA_CHARS: Final[frozenset[str]] = frozenset("=+-@\t\r\n\0＝＋－＠")

#: Tidy column → Dutch header, in the order of the file. Columns marked optional are left
#: out when they are empty on every row (most tables have no breakdown or note).
COUNT_HEADERS: Final[dict[str, str]] = {
    "measure": "Maat",
    "breakdown": "Kenmerk",
    "group": "Groep",
    "region_name": "Regio",
    "region_code": "Regiocode",
    "period_label": "Periode",
    "period_code": "Periodecode",
    "value": "Waarde",
    "unit": "Eenheid",
    "status": "Status",
    "flag": "Teken",
    "source": "Bron",
    "source_url": "Bron-URL",
    "retrieved": "Geraadpleegd",
    "vintage": "Versie",
    "note": "Opmerking",
}
PREVALENCE_HEADERS: Final[dict[str, str]] = {
    "indicator": "Indicator",
    "edition": "Editie",
    "breakdown": "Uitsplitsing",
    "group": "Groep",
    "estimate": "Waarde",
    "unit": "Eenheid",
    "precision": "Precisie",
    "ci_low": "Ondergrens",
    "ci_high": "Bovengrens",
    "n_respondents": "Respondenten",
    "source": "Bron",
    "source_url": "Bron-URL",
    "retrieved": "Geraadpleegd",
    "vintage": "Versie",
    "note": "Opmerking",
}
_OPTIONAL = frozenset({"breakdown", "group", "note", "precision", "ci_low", "ci_high"})


def _dialect(dialect: str) -> CsvDialect:
    try:
        return DIALECTS[dialect]  # type: ignore[index]
    except KeyError:
        known = ", ".join(DIALECTS)
        raise ValueError(f"onbekend CSV-dialect {dialect!r}; bekend: {known}") from None


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Select the tidy columns a reader needs and give them Dutch headers.

    A count table (``measure``, ``region_code``, ``period_code``, ``value``) becomes Maat,
    [Kenmerk, Groep,] Regio, Regiocode, Periode, Periodecode, Waarde, Eenheid, Status,
    Teken, Bron, Bron-URL, Geraadpleegd, Versie[, Opmerking]. A prevalence table
    (``indicator``, ``edition``, ``estimate``) becomes Indicator, Editie, Uitsplitsing,
    Groep, Waarde, Eenheid (always "%"), …, Bron, Bron-URL, Geraadpleegd, Versie. Optional
    columns (breakdown, group, note, precision, margins) are dropped when empty on every
    row. Rows and their order are kept as given: the caller selects what the page shows.
    Any other frame is returned unchanged (as a copy).

    Parameters
    ----------
    frame
        Rows of a tidy table (COUNT_SCHEMA or PREVALENCE_SCHEMA columns).

    Returns
    -------
    pandas.DataFrame
        Dutch headers; values untouched (missing stays missing, never 0).
    """
    columns = set(frame.columns)
    if {"indicator", "edition", "estimate"} <= columns:
        headers = PREVALENCE_HEADERS
        frame = frame.assign(unit="%") if "unit" not in columns else frame
    elif {"measure", "region_code", "period_code", "value"} <= columns:
        headers = COUNT_HEADERS
    else:
        return frame.copy()
    keep = []
    for column in headers:
        if column not in frame.columns:
            continue
        if column in _OPTIONAL and _all_empty(frame[column]):
            continue
        keep.append(column)
    return frame[keep].rename(columns=headers).reset_index(drop=True)


def _all_empty(column: pd.Series) -> bool:
    return bool(column.isna().all()) or bool(column.astype(str).str.strip().eq("").all())


def needs_neutralising(text: str) -> bool:
    """Whether a text cell must get a leading ``'`` so a spreadsheet shows it as text.

    A cell starting with a formula character needs it; so does a cell that already starts
    with ``'`` followed by something that needs it, which makes the escape reversible
    (see :func:`restore_text`).

    Parameters
    ----------
    text
        The cell as written.

    Returns
    -------
    bool
    """
    if not text:
        return False
    if text[0] in FORMULA_CHARS:
        return True
    return text[0] == "'" and needs_neutralising(text[1:])


def neutralise(text: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would otherwise run as a formula (OWASP).

    Parameters
    ----------
    text
        A text cell.

    Returns
    -------
    str
        ``"'=HYPERLINK(…)"`` for ``"=HYPERLINK(…)"``; other text unchanged.
    """
    return "'" + text if needs_neutralising(text) else text


def restore_text(text: str) -> str:
    """Undo :func:`neutralise` (for reading our own files back).

    Parameters
    ----------
    text
        A text cell as read from the file.

    Returns
    -------
    str
    """
    if text.startswith("'") and needs_neutralising(text[1:]):
        return text[1:]
    return text


def _number(value: float, decimal: str) -> str:
    if math.isnan(value):
        return ""
    if math.isinf(value):
        raise ValueError(f"oneindige waarde {value!r} kan niet in een CSV")
    # Positional, shortest round-trip digits: 127410 (not 127410.0 or 1.2741e+05), 0.065.
    return str(np.format_float_positional(value, trim="-")).replace(".", decimal)


def _quote(text: str) -> str:
    # Every text cell is quoted (RFC 4180 escaping, OWASP advice); numbers and dates are
    # not, so spreadsheets read them as numbers and dates. Empty text stays an empty cell.
    if not text:
        return ""
    return '"' + neutralise(text).replace('"', '""') + '"'


def _cell(value: object, dialect: CsvDialect) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return _quote(str(bool(value)))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return _number(float(value), dialect.decimal)
    if isinstance(value, datetime):  # also pandas.Timestamp
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _quote(str(value))


def to_csv(frame: pd.DataFrame, dialect: Dialect | str = "standard") -> bytes:
    """Write a frame as CSV bytes in one of the two dialects.

    ``standard``: UTF-8, comma, decimal point, LF. ``excel-nl``: UTF-8 with BOM, semicolon,
    decimal comma, CRLF, so Dutch Excel opens it with a double click. Both: no index, ISO
    dates, numbers without thousands separators, a missing value as an empty cell (never 0),
    every text cell quoted and neutralised against formula injection (a leading ``'`` before
    ``=``, ``+``, ``-``, ``@``, tab, CR, …). Numbers stay numbers, negative ones included:
    only text cells are neutralised, so pass numbers as numbers.

    Parameters
    ----------
    frame
        What the page shows, e.g. ``export_frame(rows)``.
    dialect
        ``"standard"`` or ``"excel-nl"``.

    Returns
    -------
    bytes
        The file content.

    Raises
    ------
    ValueError
        For an unknown dialect or an infinite number.
    """
    d = _dialect(dialect)
    out = io.StringIO()
    out.write(d.sep.join(_quote(str(c)) for c in frame.columns) + d.line_end)
    columns = [frame[c].tolist() for c in frame.columns]
    for row in zip(*columns, strict=True):
        out.write(d.sep.join(_cell(v, d) for v in row) + d.line_end)
    text = out.getvalue()
    return (("\ufeff" + text) if d.bom else text).encode("utf-8")


def read_csv(data: bytes, dialect: Dialect | str = "standard") -> pd.DataFrame:
    """Read a file written by :func:`to_csv` back with pandas (for tests and checks).

    Parameters
    ----------
    data
        The file content.
    dialect
        The dialect it was written in.

    Returns
    -------
    pandas.DataFrame
        Numbers as floats (empty cell → NaN), text with the anti-formula ``'`` removed.
        Like any CSV reader, a text column holding only number-like text comes back numeric.
    """
    d = _dialect(dialect)
    frame = pd.read_csv(
        io.BytesIO(data),
        sep=d.sep,
        decimal=d.decimal,
        encoding="utf-8-sig",  # strips the BOM when there is one
        keep_default_na=False,  # "NA" or "nan" as text stay text; only an empty cell is missing
        na_values=[""],
    )
    frame.columns = [restore_text(str(c)) for c in frame.columns]
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: restore_text(v) if isinstance(v, str) else v
            )
    return frame


__all__ = [
    "COUNT_HEADERS",
    "DIALECTS",
    "FORMULA_CHARS",
    "PREVALENCE_HEADERS",
    "CsvDialect",
    "Dialect",
    "export_frame",
    "needs_neutralising",
    "neutralise",
    "read_csv",
    "restore_text",
    "to_csv",
]
