"""CSV export: both dialects round-trip, missing stays empty, formula injection is neutralised."""

from __future__ import annotations

import csv
import io
import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gia_stats.export.csv import (
    DIALECTS,
    FORMULA_CHARS,
    export_frame,
    neutralise,
    read_csv,
    restore_text,
    to_csv,
)
from gia_stats.schema import COUNT_SCHEMA, PREVALENCE_SCHEMA, conform

STATLINE = "CBS StatLine 84852NED"
URL = "https://opendata.cbs.nl/ODataApi/odata/84852NED"


def _count_row(**values: object) -> dict[str, object]:
    row: dict[str, object] = {c: "" for c in COUNT_SCHEMA.names}
    row.update(
        dataset="vt_kerncijfers",
        measure="Ontvangen meldingen",
        unit="aantal",
        region_code="NL01",
        region_name="Nederland",
        region_level="NL",
        period_type="jaar",
        rounding=5,
        source=STATLINE,
        source_url=URL,
        retrieved="2025-12-03",
        vintage="StatLine-pagina",
    )
    row.update(values)
    return row


#: Three real figures (84852NED: 2020 = 127 410 meldingen), a secret one, a negative change.
COUNTS = conform(
    pd.DataFrame(
        [
            _count_row(
                period_code="2020JJ00",
                period_label="2020",
                period_start=date(2020, 1, 1),
                value=127410.0,
            ),
            _count_row(
                period_code="2021JJ00",
                period_label="2021",
                period_start=date(2021, 1, 1),
                value=119190.0,
                vintage="eerste publicatie (Kamerbrief 2022)",
                note='Kamerbrief; "eerste" cijfer, met ; en , erin\nen een nieuwe regel',
            ),
            _count_row(
                period_code="2023JJ00",
                period_label="2023",
                period_start=date(2023, 1, 1),
                value=float("nan"),
                flag=".",
                status="voorlopig",
            ),
            _count_row(
                measure="Gestarte adviezen: verandering t.o.v. 2e halfjaar 2021",
                unit="%",
                period_code="2022HJ01",
                period_label="1e halfjaar 2022",
                period_type="halfjaar",
                period_start=date(2022, 1, 1),
                value=-0.7,
                status="voorlopig",
            ),
        ]
    ),
    COUNT_SCHEMA,
)

HEADERS = [
    "Maat",
    "Regio",
    "Regiocode",
    "Periode",
    "Periodecode",
    "Waarde",
    "Eenheid",
    "Status",
    "Teken",
    "Bron",
    "Bron-URL",
    "Geraadpleegd",
    "Versie",
    "Opmerking",
]


def _raw_cells(data: bytes, dialect: str) -> list[list[str]]:
    """The cells exactly as a spreadsheet receives them (quotes removed, nothing else)."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=DIALECTS[dialect].sep))  # type: ignore[index]


def test_export_frame_has_dutch_headers_and_keeps_values() -> None:
    frame = export_frame(COUNTS)
    assert list(frame.columns) == HEADERS  # no breakdown/group: those columns are left out
    assert frame["Waarde"].iloc[0] == 127410.0
    assert math.isnan(frame["Waarde"].iloc[2]) and frame["Teken"].iloc[2] == "."
    with_group = export_frame(COUNTS.assign(breakdown="Aard", group="Kindermishandeling"))
    assert list(with_group.columns[:3]) == ["Maat", "Kenmerk", "Groep"]


def test_export_frame_of_prevalence_rows() -> None:
    rows = {c: "" for c in PREVALENCE_SCHEMA.names}
    rows.update(
        dataset="prevalentie",
        edition=2020,
        indicator="SGG totaal",
        breakdown="total",
        group="16+",
        estimate=10.9,
        precision="1 decimal",
        ci_low=float("nan"),
        ci_high=float("nan"),
        n_respondents=float("nan"),
        source="Prevalentiemonitor 2020",
    )
    frame = export_frame(conform(pd.DataFrame([rows]), PREVALENCE_SCHEMA))
    assert list(frame.columns) == [
        "Indicator",
        "Editie",
        "Uitsplitsing",
        "Groep",
        "Waarde",
        "Eenheid",
        "Precisie",
        "Respondenten",
        "Bron",
        "Bron-URL",
        "Geraadpleegd",
        "Versie",
    ]
    assert frame.loc[0, "Eenheid"] == "%" and frame.loc[0, "Waarde"] == 10.9


def test_export_frame_leaves_other_tables_alone() -> None:
    letters = pd.DataFrame({"document": ["Kamerbrief"], "measure": ["meldingen"], "value": [1.0]})
    assert export_frame(letters).equals(letters)


def test_standard_dialect_bytes() -> None:
    data = to_csv(export_frame(COUNTS).iloc[[0, 2, 3]], "standard")
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").split("\n")
    assert lines[0].split(",")[:6] == [f'"{h}"' for h in HEADERS[:6]]
    assert lines[1].startswith('"Ontvangen meldingen","Nederland","NL01","2020","2020JJ00",127410,')
    # The secret 2023 figure: an empty cell with its flag, never 0.
    assert ',"2023JJ00",,"aantal","voorlopig",".",' in lines[2]
    assert ',-0.7,"%",' in lines[3]
    assert lines[-1] == "" and "\r" not in data.decode("utf-8")


def test_excel_nl_dialect_bytes() -> None:
    data = to_csv(export_frame(COUNTS).iloc[[0, 2, 3]], "excel-nl")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith('"Maat";"Regio";"Regiocode"')
    assert ';"2020JJ00";127410;"aantal";' in lines[1]
    assert ';"2023JJ00";;"aantal";"voorlopig";".";' in lines[2]
    assert ";-0,7;" in lines[3]  # decimal comma, still a number


def test_dates_are_iso() -> None:
    frame = pd.DataFrame({"Begin": [date(2021, 7, 1)], "Tijd": [pd.Timestamp("2025-12-03 14:05")]})
    assert to_csv(frame).decode() == '"Begin","Tijd"\n2021-07-01,2025-12-03T14:05:00\n'


@pytest.mark.parametrize("dialect", ["standard", "excel-nl"])
def test_round_trip(dialect: str) -> None:
    frame = export_frame(COUNTS)
    back = read_csv(to_csv(frame, dialect), dialect)
    assert list(back.columns) == HEADERS
    assert back["Waarde"].tolist()[:2] == [127410.0, 119190.0]
    assert math.isnan(back["Waarde"].iloc[2]) and back["Teken"].iloc[2] == "."
    assert back["Waarde"].iloc[3] == -0.7
    for column in HEADERS:
        if column == "Waarde":
            continue
        expected = frame[column].replace("", float("nan")).tolist()
        got = back[column].tolist()
        assert [e if isinstance(e, str) else None for e in expected] == [
            g if isinstance(g, str) else None for g in got
        ], column


INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
]


@pytest.mark.parametrize("dialect", ["standard", "excel-nl"])
def test_injection_corpus_is_neutralised_numbers_stay_numbers(dialect: str) -> None:
    frame = pd.DataFrame(
        {
            "Tekst": INJECTIONS,
            "Getal": [-5.0, -0.7, 3.0, 0.0, -5.0, 1.5, 2.0],
            "=kop": ["a"] * len(INJECTIONS),
        }
    )
    data = to_csv(frame, dialect)
    cells = _raw_cells(data, dialect)
    assert cells[0] == ["Tekst", "Getal", "'=kop"]
    texts = [row[0] for row in cells[1:]]
    assert texts == ["'" + t for t in INJECTIONS]
    assert all(t[0] not in FORMULA_CHARS for t in texts)
    numbers = [row[1] for row in cells[1:]]
    decimal = DIALECTS[dialect].decimal  # type: ignore[index]
    assert numbers[:2] == ["-5", f"-0{decimal}7"]  # a real negative number is not touched
    back = read_csv(data, dialect)
    assert back["Tekst"].tolist() == INJECTIONS
    assert back["Getal"].tolist()[:2] == [-5.0, -0.7]
    assert list(back.columns) == ["Tekst", "Getal", "=kop"]


def test_neutralise_is_reversible() -> None:
    for text in [*INJECTIONS, "gewoon", "", "'", "''=x", "'a"]:
        assert restore_text(neutralise(text)) == text


def test_unknown_dialect_and_infinity_are_refused() -> None:
    with pytest.raises(ValueError, match="onbekend CSV-dialect"):
        to_csv(COUNTS, "tsv")
    with pytest.raises(ValueError, match="oneindige"):
        to_csv(pd.DataFrame({"x": [float("inf")]}))


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(max_size=12), min_size=1, max_size=5),
    number=st.floats(allow_nan=False, allow_infinity=False),
    dialect=st.sampled_from(["standard", "excel-nl"]),
)
def test_no_text_cell_starts_with_a_formula_char(
    texts: list[str], number: float, dialect: str
) -> None:
    frame = pd.DataFrame({"Tekst": texts, "Getal": [number] * len(texts)})
    cells = _raw_cells(to_csv(frame, dialect), dialect)[1:]
    assert len(cells) == len(texts)
    for (text_cell, number_cell), original in zip(cells, texts, strict=True):
        assert not text_cell or text_cell[0] not in FORMULA_CHARS
        assert restore_text(text_cell) == original
        decimal = DIALECTS[dialect].decimal  # type: ignore[index]
        assert float(number_cell.replace(decimal, ".")) == number  # numbers stay exact
