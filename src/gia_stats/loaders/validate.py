"""Curated CSV layouts and their validation rules, declared as data: columns, keys, rules."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from gia_stats import regions
from gia_stats.periods import PeriodError, parse_period, parse_status


class CuratedError(ValueError):
    """A curated file that cannot be used, with the place of the first problem.

    Parameters
    ----------
    file
        The file's name (e.g. ``vt_kerncijfers.csv``).
    reason
        What is wrong, in Dutch.
    row
        Row as a spreadsheet counts it: the header is row 1, the first data row is row 2.
    column
        The column (or columns, comma-separated) concerned.
    value
        The offending cell or text.
    """

    def __init__(
        self,
        file: str,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.file = file
        self.reason = reason
        self.row = row
        self.column = column
        self.value = value
        super().__init__(self._message())

    def _message(self) -> str:
        where = [f"bestand {self.file}"]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom {self.column!r}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            where.append(f"waarde {shown!r}")
        return f"{', '.join(where)}: {self.reason}"


class Kind(StrEnum):
    """What a cell may hold."""

    TEXT = "tekst"
    NUMBER = "getal"
    INTEGER = "geheel getal"
    REGION = "regiocode"
    PERIOD = "periodecode"
    STATUS = "status"
    FLAG = "CBS-symbool"
    PRECISION = "precisie"
    DATE = "datum"


@dataclass(frozen=True)
class Column:
    """One column of a curated file: its name, what it holds, and whether it may be empty."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False


#: A row rule gets the row (column → text) and the dataset id; it returns True when broken.
Broken = Callable[[Mapping[str, str], str], bool]


@dataclass(frozen=True)
class RowRule:
    """A check across the cells of one row; ``column`` is the cell the error points at."""

    column: str
    reason: str
    broken: Broken


@dataclass(frozen=True)
class Layout:
    """The columns, key and row rules of one kind of curated file."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rules: tuple[RowRule, ...] = ()

    @property
    def names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]


FLAGS = ("", ".", "x", "-", "?")
PRECISIONS = ("", "1 decimal", "integer", "approx")
FORMULA_START = ("=", "+", "@")
# Plain decimal numbers with a point; CBS symbols never sit in a number column.
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER_RE = re.compile(r"^-?\d+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A NUL byte, or a byte that was not UTF-8 (kept as a lone surrogate by surrogateescape).
_BAD_CHAR = re.compile("[\x00\udc80-\udcff]")


def _number(text: str) -> float | None:
    return float(text) if _NUMBER_RE.fullmatch(text) else None


def _check_number(text: str) -> str | None:
    if _NUMBER_RE.fullmatch(text):
        return None
    if re.match(r"^-?\d+,\d+$", text):
        return "decimaalteken moet een punt zijn (1.5), geen komma"
    return "geen getal (verwacht bijv. 1234 of 12.5, zonder spaties of duizendtalpunten)"


def _check_integer(text: str) -> str | None:
    return None if _INTEGER_RE.fullmatch(text) else "geen geheel getal"


def _check_region(text: str) -> str | None:
    if regions.is_known_code(text) and text == text.strip():
        return None
    return "onbekende regiocode (verwacht NL01, LD01–04, PV20–31, VT01–27 of GM0000)"


def _check_period(text: str) -> str | None:
    try:
        parse_period(text)
    except PeriodError:
        return "onbekende periodecode (verwacht bijv. 2021JJ00, 2021HJ01, 2021KW03, 2021MM07)"
    return None


def _check_status(text: str) -> str | None:
    try:
        parse_status(text)
    except PeriodError:
        return "onbekende status (toegestaan: leeg, voorlopig, nader voorlopig, definitief)"
    return None


def _check_flag(text: str) -> str | None:
    return None if text in FLAGS else "onbekend CBS-symbool (toegestaan: leeg, '.', 'x', '-', '?')"


def _check_precision(text: str) -> str | None:
    allowed = ", ".join(PRECISIONS[1:])
    return None if text in PRECISIONS else f"onbekende precisie (toegestaan: leeg, {allowed})"


def is_iso_date(text: str) -> bool:
    """Return whether ``text`` has the form JJJJ-MM-DD.

    Parameters
    ----------
    text
        E.g. ``"2025-12-03"``.

    Returns
    -------
    bool
    """
    return _DATE_RE.fullmatch(text) is not None


def _check_date(text: str) -> str | None:
    return None if _DATE_RE.fullmatch(text) else "geen datum in de vorm JJJJ-MM-DD"


#: How each kind of cell is checked when it is not empty.
CELL_CHECKS: dict[Kind, Callable[[str], str | None]] = {
    Kind.TEXT: lambda _text: None,
    Kind.NUMBER: _check_number,
    Kind.INTEGER: _check_integer,
    Kind.REGION: _check_region,
    Kind.PERIOD: _check_period,
    Kind.STATUS: _check_status,
    Kind.FLAG: _check_flag,
    Kind.PRECISION: _check_precision,
    Kind.DATE: _check_date,
}


def _outside(column: str, low: float, high: float = math.inf) -> Broken:
    def broken(row: Mapping[str, str], _dataset: str) -> bool:
        value = _number(row.get(column, ""))
        return value is not None and not low <= value <= high

    return broken


def _when_unit(unit: str, rule: Broken) -> Broken:
    return lambda row, dataset: row.get("unit") == unit and rule(row, dataset)


def _wrong_dataset(row: Mapping[str, str], dataset: str) -> bool:
    return row.get("dataset", dataset) != dataset


def _ci_reversed(row: Mapping[str, str], _dataset: str) -> bool:
    low, high = _number(row.get("ci_low", "")), _number(row.get("ci_high", ""))
    return low is not None and high is not None and low > high


_C = Column
COUNT = Layout(
    "telling",
    (
        _C("dataset", required=True),
        _C("measure", required=True),
        _C("unit", required=True),
        _C("breakdown"),
        _C("group"),
        _C("region_code", Kind.REGION, required=True),
        _C("region_name"),
        _C("period_code", Kind.PERIOD, required=True),
        _C("value", Kind.NUMBER),
        _C("flag", Kind.FLAG),
        _C("status", Kind.STATUS),
        _C("rounding", Kind.INTEGER),
        _C("source", required=True),
        _C("source_url"),
        _C("retrieved", Kind.DATE),
        _C("vintage"),
        _C("note"),
    ),
    key=("dataset", "measure", "breakdown", "group", "region_code", "period_code", "vintage"),
    rules=(
        RowRule("dataset", "hoort niet bij dit bestand (andere dataset-id)", _wrong_dataset),
        RowRule(
            "value",
            "waarde moet leeg zijn als er een CBS-symbool in 'flag' staat",
            lambda r, _d: r.get("flag", "") != "" and r.get("value", "") != "",
        ),
        RowRule(
            "value",
            "lege waarde zonder CBS-symbool: zet '.' in 'flag' of laat de rij weg",
            lambda r, _d: r.get("flag", "") == "" and r.get("value", "") == "",
        ),
        RowRule(
            "value", "een aantal kan niet negatief zijn", _when_unit("aantal", _outside("value", 0))
        ),
        RowRule("value", "percentage buiten 0–100", _when_unit("%", _outside("value", 0, 100))),
        RowRule("rounding", "afronding moet 1 of meer zijn", _outside("rounding", 1)),
    ),
)

PREVALENCE = Layout(
    "prevalentie",
    (
        _C("edition", Kind.INTEGER, required=True),
        _C("indicator", required=True),
        _C("breakdown", required=True),
        _C("group", required=True),
        _C("estimate", Kind.NUMBER),
        _C("precision", Kind.PRECISION),
        _C("ci_low", Kind.NUMBER),
        _C("ci_high", Kind.NUMBER),
        _C("n_respondents", Kind.NUMBER),
        _C("count_as_published"),
        _C("cbs_statement"),
        _C("source", required=True),
        _C("source_url", required=True),
        _C("retrieved", Kind.DATE),
        _C("vintage"),
        _C("note"),
        _C("dataset", required=True),
    ),
    key=("edition", "indicator", "breakdown", "group", "precision", "source_url"),
    rules=(
        RowRule("dataset", "hoort niet bij dit bestand (andere dataset-id)", _wrong_dataset),
        RowRule("edition", "editie buiten 2000–2100", _outside("edition", 2000, 2100)),
        RowRule("estimate", "percentage buiten 0–100", _outside("estimate", 0, 100)),
        RowRule("ci_low", "percentage buiten 0–100", _outside("ci_low", 0, 100)),
        RowRule("ci_high", "percentage buiten 0–100", _outside("ci_high", 0, 100)),
        RowRule("ci_high", "ci_high is kleiner dan ci_low", _ci_reversed),
        RowRule(
            "n_respondents",
            "aantal respondenten kan niet negatief zijn",
            _outside("n_respondents", 0),
        ),
        RowRule(
            "estimate",
            "geen schatting en geen gepubliceerd aantal: geen cijfer",
            lambda r, _d: r.get("estimate", "") == "" and r.get("count_as_published", "") == "",
        ),
    ),
)

STATEMENTS = Layout(
    "uitspraken",
    (
        _C("comparison", required=True),
        _C("indicator", required=True),
        _C("cbs_statement_as_published", required=True),
        _C("direction"),
        _C("source_url", required=True),
    ),
    key=("comparison", "indicator", "source_url"),
)

SURVEY_DESIGN = Layout(
    "opzet",
    (
        _C("edition", Kind.INTEGER, required=True),
        _C("population_16plus"),
        _C("sample_approached"),
        _C("respondents_as_published"),
        _C("response_rate_pct", Kind.NUMBER),
        _C("fieldwork"),
        _C("mode"),
        _C("source_url", required=True),
        _C("notes"),
    ),
    key=("edition",),
    rules=(
        RowRule(
            "response_rate_pct", "percentage buiten 0–100", _outside("response_rate_pct", 0, 100)
        ),
    ),
)

LETTERS = Layout(
    "brieven",
    (
        _C("subject", required=True),
        _C("document", required=True),
        _C("document_date"),
        _C("reference"),
        _C("measure", required=True),
        _C("region_name"),
        _C("period", required=True),
        _C("value", Kind.NUMBER),
        _C("unit"),
        _C("as_written", required=True),
        _C("comparable_with_cbs_2019_series"),
        _C("note"),
        _C("source_url"),
    ),
    key=("document", "reference", "measure", "region_name", "period"),
)

#: The layout of each catalog subject's curated file.
LAYOUT_BY_SUBJECT: dict[str, Layout] = {
    "veilig_thuis": COUNT,
    "bevolking": COUNT,
    "prevalentie": PREVALENCE,
    "uitspraken": STATEMENTS,
    "opzet": SURVEY_DESIGN,
    "brieven": LETTERS,
}

_DELIMITERS = {";": "puntkomma (;)", "\t": "tab", "|": "verticale streep (|)"}


def check_file(path: Path, layout: Layout, dataset: str) -> str:
    """Check one curated CSV against its layout and return its text.

    Checks, in order: not empty, UTF-8 (a BOM is tolerated), no NUL bytes, comma as
    delimiter, the header (missing, extra, doubled columns), at least one data row, the
    number of fields per row, every cell (formula start, kind), the row rules, unique keys.

    Parameters
    ----------
    path
        The CSV file.
    layout
        Its layout (see ``LAYOUT_BY_SUBJECT``).
    dataset
        The catalog id the rows must carry in a ``dataset`` column.

    Returns
    -------
    str
        The decoded text without BOM, ready for ``pandas.read_csv``.

    Raises
    ------
    CuratedError
        At the first problem, naming row, column and value.
    """
    name = path.name
    raw = path.read_bytes()
    if not raw.strip():
        raise CuratedError(name, "bestand is leeg (geen kopregel, geen gegevens)")
    # surrogateescape keeps undecodable bytes visible so the bad cell can be named.
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    records = _records(name, text)
    header = records[0]
    _check_header(name, header, layout)
    rows = records[1:]
    if not any(rows):
        raise CuratedError(name, "bestand bevat alleen een kopregel, geen gegevens", row=1)
    for offset, fields in enumerate(rows):
        if fields and len(fields) != len(header):
            raise CuratedError(
                name,
                f"rij heeft {len(fields)} velden, verwacht {len(header)} (scheidingsteken komma; "
                "tekst met een komma tussen dubbele aanhalingstekens)",
                row=offset + 2,
                value=",".join(fields),
            )
    _check_cells(name, header, rows, first_row=2, layout=layout)
    _check_rules_and_keys(name, header, rows, layout, dataset)
    return text


def _records(name: str, text: str) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        records.extend(reader)
    except csv.Error as exc:
        raise CuratedError(
            name,
            f"CSV-opmaak onjuist ({exc}); controleer de aanhalingstekens",
            row=len(records) + 1,
        ) from None
    return records


def _check_header(name: str, header: list[str], layout: Layout) -> None:
    line = ",".join(header)
    if len(header) == 1:
        for sep, word in _DELIMITERS.items():
            if sep in header[0]:
                raise CuratedError(
                    name,
                    f"scheidingsteken is {word}, verwacht komma (,); sla op als 'CSV UTF-8 "
                    "(door komma's gescheiden)'",
                    row=1,
                    value=line,
                )
    for index, cell in enumerate(header):
        _check_raw_cell(name, 1, f"kolom {index + 1}", cell)
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        raise CuratedError(name, "kolomnaam komt dubbel voor", row=1, column=", ".join(doubled))
    missing = [c for c in layout.names if c not in header]
    if missing:
        raise CuratedError(
            name,
            f"verplichte kolom(men) ontbreken: {', '.join(missing)}",
            row=1,
            column=", ".join(missing),
        )
    extra = [c for c in header if c not in layout.names]
    if extra:
        raise CuratedError(
            name,
            f"onverwachte kolom(men): {', '.join(extra)} (toegestaan: {', '.join(layout.names)})",
            row=1,
            column=", ".join(extra),
        )


def _check_raw_cell(name: str, row: int, column: str, cell: str) -> None:
    bad = _BAD_CHAR.search(cell)
    if bad is None:
        return
    if bad.group() == "\x00":
        raise CuratedError(name, "cel bevat een NUL-byte", row=row, column=column, value=cell)
    shown = cell.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    raise CuratedError(
        name,
        "tekst is geen geldige UTF-8; sla het bestand op als 'CSV UTF-8'",
        row=row,
        column=column,
        value=shown,
    )


def _check_cells(
    name: str, header: list[str], rows: list[list[str]], *, first_row: int, layout: Layout | None
) -> None:
    kinds = {c.name: c for c in layout.columns} if layout else {}
    for offset, fields in enumerate(rows):
        row = first_row + offset
        for column, cell in zip(header, fields, strict=False):
            _check_raw_cell(name, row, column, cell)
            spec = kinds.get(column)
            if spec is None:
                continue
            if cell == "":
                if spec.required:
                    raise CuratedError(
                        name, "verplichte cel is leeg", row=row, column=column, value=""
                    )
                continue
            if spec.kind is Kind.TEXT and cell.startswith(FORMULA_START):
                raise CuratedError(
                    name,
                    "cel begint met '=', '+' of '@' (formule): niet toegestaan in een tekstkolom",
                    row=row,
                    column=column,
                    value=cell,
                )
            problem = CELL_CHECKS[spec.kind](cell)
            if problem:
                raise CuratedError(name, problem, row=row, column=column, value=cell)


def _check_rules_and_keys(
    name: str, header: list[str], rows: list[list[str]], layout: Layout, dataset: str
) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for offset, fields in enumerate(rows):
        if not fields:
            continue
        row = offset + 2
        cells = dict(zip(header, fields, strict=True))
        for rule in layout.rules:
            if rule.broken(cells, dataset):
                raise CuratedError(
                    name, rule.reason, row=row, column=rule.column, value=cells.get(rule.column)
                )
        key = tuple(_key_part(c, cells[c]) for c in layout.key)
        if key in seen:
            raise CuratedError(
                name,
                f"dubbele sleutel ({', '.join(layout.key)}): dezelfde combinatie staat al op "
                f"rij {seen[key]}",
                row=row,
                column=", ".join(layout.key),
                value=" | ".join(cells[c] for c in layout.key),
            )
        seen[key] = row


def _key_part(column: str, cell: str) -> str:
    # 2021-H1 and 2021HJ01 are the same period: compare the canonical code.
    if column == "period_code":
        return parse_period(cell).code
    return cell
