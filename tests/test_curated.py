"""The curated reader: real values from datasets/curated, and broken files named precisely."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gia_stats import catalog
from gia_stats.loaders import curated
from gia_stats.loaders.curated import CuratedError
from gia_stats.schema import COUNT_COLUMNS, PREVALENCE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "datasets" / "curated"
BAD = Path(__file__).parent / "data" / "bad"
CURATED_IDS = [d.id for d in catalog.DATASETS if d.curated_file]


@pytest.fixture(scope="module")
def tables() -> dict[str, curated.CuratedTable]:
    loaded, errors = curated.read_all(CURATED)
    assert errors == []
    return loaded


def _rows(frame: pd.DataFrame, **where: str) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def _one(frame: pd.DataFrame, **where: str) -> pd.Series:
    rows = _rows(frame, **where)
    assert len(rows) == 1, rows
    return rows.iloc[0]


# ------------------------------------------------------------------ the committed files


def test_every_catalog_dataset_loads(tables: dict[str, curated.CuratedTable]) -> None:
    assert sorted(tables) == sorted(CURATED_IDS)
    for dataset_id, table in tables.items():
        assert len(table.frame) > 0, dataset_id
        assert table.meta["dataset"] == dataset_id


def test_count_and_prevalence_frames_follow_the_schema(
    tables: dict[str, curated.CuratedTable],
) -> None:
    kerncijfers = tables["vt_kerncijfers"].frame
    assert list(kerncijfers.columns) == COUNT_COLUMNS
    assert list(tables["prevalentie"].frame.columns) == PREVALENCE_COLUMNS
    row = _one(kerncijfers, measure="Gestarte adviezen", period_code="2021HJ01")
    assert row["period_label"] == "1e halfjaar 2021"
    assert row["period_type"] == "halfjaar"
    assert str(row["period_start"]) == "2021-01-01"
    assert row["region_level"] == "NL"


def test_national_meldingen_2020(tables: dict[str, curated.CuratedTable]) -> None:
    row = _one(
        tables["vt_kerncijfers"].frame,
        measure="Ontvangen meldingen",
        region_code="NL01",
        period_code="2020JJ00",
    )
    assert row["value"] == 127410
    assert row["rounding"] == 5
    assert "84852NED" in row["source"]


def test_2019_h1_first_release_and_revision_both_kept(
    tables: dict[str, curated.CuratedTable],
) -> None:
    rows = _rows(
        tables["vt_kerncijfers"].frame,
        measure="Gestarte adviezen",
        region_code="NL01",
        period_code="2019HJ01",
    )
    by_value = dict(zip(rows["value"], rows["vintage"], strict=True))
    assert set(by_value) == {53145, 53080}
    assert by_value[53145] == "Impactmonitor 2022"
    assert by_value[53080].startswith("eerste publicatie")
    meldingen = _rows(
        tables["vt_kerncijfers"].frame,
        measure="Ontvangen meldingen",
        region_code="NL01",
        period_code="2019HJ01",
    )
    assert set(meldingen["value"]) == {65075, 64960}


def test_2021_first_release_and_half_years_both_present_never_summed(
    tables: dict[str, curated.CuratedTable],
) -> None:
    frame = tables["vt_kerncijfers"].frame
    national = _rows(frame, region_code="NL01")
    adviezen = _one(national, measure="Gestarte adviezen", period_code="2021JJ00")
    meldingen = _one(national, measure="Ontvangen meldingen", period_code="2021JJ00")
    assert (adviezen["value"], meldingen["value"]) == (133645, 119190)
    assert adviezen["vintage"] == meldingen["vintage"] == "eerste publicatie (Kamerbrief 2022)"
    h1 = _one(national, measure="Gestarte adviezen", period_code="2021HJ01")
    h2 = _one(national, measure="Gestarte adviezen", period_code="2021HJ02")
    assert (h1["value"], h2["value"]) == (67545, 66625)
    # The half-years are not summed into a second 2021 figure.
    assert 67545 + 66625 not in set(frame["value"])


def test_rounded_news_figures_keep_their_rounding(tables: dict[str, curated.CuratedTable]) -> None:
    frame = _rows(tables["vt_kerncijfers"].frame, measure="Gestarte adviezen", region_code="NL01")
    h1_2024 = _one(frame, period_code="2024HJ01")
    assert (h1_2024["value"], h1_2024["rounding"]) == (75000, 1000)
    assert h1_2024["vintage"] == "CBS-nieuws (afgerond)"
    both = _rows(frame, period_code="2025HJ01").set_index("value")
    assert both.loc[84935, "rounding"] == 5
    assert both.loc[85000, "rounding"] == 1000
    assert both.loc[84935, "vintage"] != both.loc[85000, "vintage"]


def test_same_figure_from_two_sources_is_one_row(tables: dict[str, curated.CuratedTable]) -> None:
    frame = tables["vt_kerncijfers"].frame
    row = _one(frame, measure="Ontvangen meldingen", region_code="NL01", period_code="2023JJ00")
    assert row["value"] == 127340
    assert "85361NED" in row["note"]
    h1_2022 = _one(frame, measure="Gestarte adviezen", region_code="NL01", period_code="2022HJ01")
    assert "huiselijkgeweld.nl" in h1_2022["note"]


def test_cbs_dot_is_a_flag_with_an_empty_value(tables: dict[str, curated.CuratedTable]) -> None:
    row = _one(
        tables["vt_kerncijfers"].frame,
        measure="Afgeronde diensten onderzoek: geweld tegen ouders weerlegd",
        period_code="2023JJ00",
    )
    assert row["flag"] == "."
    assert math.isnan(row["value"])
    veiligheid = _one(
        tables["vt_veiligheid"].frame,
        region_code="VT14",
        group="Totaal | Nog niet beoordeeld",
    )
    assert veiligheid["flag"] == "."
    assert math.isnan(veiligheid["value"])
    for table in tables.values():
        if "flag" in table.frame.columns:
            flagged = table.frame[table.frame["flag"] != ""]
            assert flagged["value"].isna().all()


def test_percent_changes_have_their_own_unit(tables: dict[str, curated.CuratedTable]) -> None:
    row = _one(
        tables["vt_kerncijfers"].frame,
        measure="Gestarte adviezen: verandering t.o.v. 2e halfjaar 2021",
    )
    assert (row["value"], row["unit"]) == (-0.7, "% verandering")


def test_no_own_registrations_and_no_uncoded_regions(
    tables: dict[str, curated.CuratedTable],
) -> None:
    frame = tables["vt_kerncijfers"].frame
    assert not frame["measure"].str.contains("eigen registratie").any()
    assert set(frame["region_level"]) <= {"NL", "LD", "PV", "VT", "GM"}
    assert _one(frame, region_code="VT02", period_code="2021JJ00")["value"] == 2190


def test_vt_region_names_become_codes(tables: dict[str, curated.CuratedTable]) -> None:
    frame = tables["vt_aard_geweld_vt"].frame
    vt = _rows(frame, region_level="VT")
    assert set(vt["region_code"]) == {"VT01", "VT02", "VT03", "VT04", "VT05", "VT06"}
    assert _one(vt, region_code="VT01", measure="Gestarte adviezen")["region_name"] == (
        "Amsterdam-Amstelland"
    )


def test_population_and_prevalence(tables: dict[str, curated.CuratedTable]) -> None:
    people = _one(tables["bevolking"].frame, region_code="NL01", period_code="2021JJ00")
    assert people["value"] == 17475415
    assert people["rounding"] == 1
    sgg = _one(tables["prevalentie"].frame, edition=2022, indicator="SGG totaal", breakdown="total")
    assert sgg["estimate"] == 12.7
    assert sgg["precision"] == "1 decimal"
    assert "toegenomen" in sgg["cbs_statement"]


def test_auxiliary_tables(tables: dict[str, curated.CuratedTable]) -> None:
    opzet = tables["prevalentie_opzet"].frame.set_index("edition")
    assert opzet.loc[2020, "response_rate_pct"] == 30.5
    assert math.isnan(opzet.loc[2022, "response_rate_pct"])  # "not found" stays missing
    assert "not found" in opzet.loc[2022, "notes"]
    letters = tables["kamerbrieven"].frame
    assert set(letters["subject"]) == {"veilig_thuis", "prevalentie"}
    assert len(tables["prevalentie_uitspraken"].frame) == 9


def test_sidecar(tables: dict[str, curated.CuratedTable]) -> None:
    meta = tables["vt_kerncijfers"].meta
    assert meta["licence"] == "CC BY 4.0 CBS"
    assert meta["access_date"] == "2025-12-03"
    assert meta["rows"] == len(tables["vt_kerncijfers"].frame)
    assert {f["path"] for f in meta["built_from"]} == {
        "veilig_thuis/totals.csv",
        "veilig_thuis/letters_to_parliament.csv",
    }
    assert all(len(f["sha256"]) == 64 for f in meta["built_from"])
    assert meta["source_urls"] == sorted(set(meta["source_urls"]))
    assert tables["kamerbrieven"].meta["licence"] == "Openbare overheidsinformatie"


# ------------------------------------------------------------------ broken files

HEADER = ",".join(curated.layout_for(catalog.get("vt_kerncijfers")).names)
GOOD = (
    "vt_kerncijfers,Ontvangen meldingen,aantal,,,NL01,Nederland,2020JJ00,127410,,,5,"
    "CBS StatLine 84852NED,https://www.cbs.nl/x,2025-12-03,StatLine-pagina,"
)
SECOND = GOOD.replace("Ontvangen meldingen", "Gestarte adviezen").replace("127410", "122000")


def _meta(dataset: str) -> str:
    return json.dumps(
        {
            "dataset": dataset,
            "title": "t",
            "access_date": "2025-12-03",
            "licence": "CC BY 4.0 CBS",
            "source_urls": [],
        }
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the committed curated folder, safe to break."""
    target = tmp_path / "curated"
    shutil.copytree(CURATED, target)
    return target


def _break(folder: Path, data: bytes | str) -> Path:
    path = folder / "vt_kerncijfers.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


BROKEN = [
    # (id, content, row, column, value)
    ("semicolon", f"{HEADER.replace(',', ';')}\n{GOOD.replace(',', ';')}\n", 1, None, None),
    ("missing", f"{HEADER.replace(',note', '')}\n{GOOD[:-1]}\n", 1, "note", None),
    ("extra", f"{HEADER},extra\n{GOOD},x\n", 1, "extra", None),
    ("text", f"{HEADER}\n{GOOD}\n{SECOND.replace('122000', 'n.v.t.')}\n", 3, "value", "n.v.t."),
    ("negative", f"{HEADER}\n{SECOND.replace('122000', '-10')}\n", 2, "value", "-10"),
    (
        "over100",
        f"{HEADER}\n{GOOD.replace('aantal', '%').replace('127410', '101')}\n",
        2,
        "value",
        "101",
    ),
    ("region", f"{HEADER}\n{GOOD.replace('NL01', 'GM14')}\n", 2, "region_code", "GM14"),
    ("period", f"{HEADER}\n{GOOD}\n{SECOND.replace('2020JJ00', '2020HJ3')}\n", 3, "period_code",
     "2020HJ3"),
    ("duplicate", f"{HEADER}\n{GOOD}\n{SECOND}\n{GOOD}\n", 4,
     "dataset, measure, breakdown, group, region_code, period_code, vintage", None),
    ("empty", "", None, None, None),
    ("header_only", f"{HEADER}\n", 1, None, None),
    ("nul", f"{HEADER}\n{GOOD}\n{SECOND}x\x00\n", 3, "note", "x\x00"),
    ("formula", f"{HEADER}\n{GOOD.replace('Nederland', '=1+1')}\n", 2, "region_name", "=1+1"),
    ("latin1", f"{HEADER}\n{GOOD.replace('Nederland', 'Fryslân')}\n".encode("latin-1"), 2,
     "region_name", "Frysl\\xe2n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "row", "column", "value"),
    [b[1:] for b in BROKEN],
    ids=[b[0] for b in BROKEN],
)
def test_broken_file_is_named_precisely(
    folder: Path, content: str | bytes, row: int | None, column: str | None, value: str | None
) -> None:
    path = _break(folder, content)
    with pytest.raises(CuratedError) as caught:
        curated.read(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.file, error.row, error.column) == ("vt_kerncijfers.csv", row, column)
    if value is not None:
        assert error.value == value
    message = str(error)
    assert message.startswith("bestand vt_kerncijfers.csv")
    if row is not None:
        assert f"rij {row}" in message
    if column is not None:
        assert repr(column) in message


def test_one_bad_file_does_not_stop_the_others(folder: Path) -> None:
    _break(folder, f"{HEADER}\n{GOOD.replace('127410', 'veel')}\n")
    tables, errors = curated.read_all(folder)
    assert [(e.file, e.row, e.column, e.value) for e in errors] == [
        ("vt_kerncijfers.csv", 2, "value", "veel")
    ]
    assert sorted(tables) == sorted(set(CURATED_IDS) - {"vt_kerncijfers"})
    assert tables["bevolking"].frame["value"].notna().any()


def test_missing_and_stray_files_are_reported(folder: Path) -> None:
    (folder / "bevolking.csv").unlink()
    (folder / "notities.csv").write_text("a,b\n1,2\n", "utf-8")
    tables, errors = curated.read_all(folder)
    assert {e.file for e in errors} == {"bevolking.csv", "notities.csv"}
    assert "ontbreekt" in str(next(e for e in errors if e.file == "bevolking.csv"))
    assert len(tables) == len(CURATED_IDS) - 1


def test_missing_folder_is_one_error(tmp_path: Path) -> None:
    tables, errors = curated.read_all(tmp_path / "nergens")
    assert tables == {}
    assert len(errors) == 1


def test_bom_crlf_and_blank_lines_are_tolerated(folder: Path) -> None:
    text = f"{HEADER}\r\n{GOOD}\r\n\r\n{SECOND}\r\n"
    path = _break(folder, "\ufeff".encode() + text.encode("utf-8"))
    frame = curated.read(path).frame
    assert list(frame["value"]) == [127410, 122000]
    assert list(frame.columns) == COUNT_COLUMNS


def test_edited_period_forms_are_normalised(folder: Path) -> None:
    path = _break(folder, f"{HEADER}\n{GOOD.replace('2020JJ00', '2020-H2')}\n")
    row = curated.read(path).frame.iloc[0]
    assert (row["period_code"], row["period_label"]) == ("2020HJ02", "2e halfjaar 2020")


# ------------------------------------------------------------------ the tests/data/bad corpus

CORPUS = json.loads((BAD / "index.json").read_text("utf-8"))["cases"]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30
    listed = {c["case"] for c in CORPUS}
    assert listed == {p.name for p in BAD.glob("*.csv")}


@pytest.mark.parametrize("case", CORPUS, ids=[c["case"] for c in CORPUS])
def test_corpus_case(tmp_path: Path, case: dict[str, object]) -> None:
    dataset = catalog.get(str(case["dataset"]))
    assert dataset.curated_file
    target = tmp_path / dataset.curated_file
    shutil.copyfile(BAD / str(case["case"]), target)
    sidecar = curated.meta_path(target)
    if case.get("meta") is None:
        sidecar.write_text(_meta(dataset.id), "utf-8")
    elif case["meta"] != "MISSING":
        shutil.copyfile(BAD / str(case["meta"]), sidecar)
    with pytest.raises(CuratedError) as caught:
        curated.read(target)
    error = caught.value
    assert error.file == (case["file"] or dataset.curated_file)
    assert error.row == case["row"]
    assert error.column == case["column"]
    if case["value"] is not None:
        assert error.value == case["value"]
    assert str(case["reason"]) in str(error)
