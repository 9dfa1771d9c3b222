"""The curated build: reproducible, faithful to the reference files, nothing silently dropped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from gia_stats import catalog, curate, settings
from gia_stats.loaders import curated

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "datasets" / "curated"
SHARED = settings.shared_data_dir()
needs_shared = pytest.mark.skipif(
    not (SHARED / "veilig_thuis" / "totals.csv").exists(),
    reason=f"reference data {SHARED} not present (CI without ../shared): build tests skipped",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, curate.BuildReport]:
    if not (SHARED / "veilig_thuis" / "totals.csv").exists():
        pytest.skip(f"reference data {SHARED} not present (CI without ../shared)")
    out = tmp_path_factory.mktemp("curated")
    return out, curate.build(SHARED, out)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _excluded(folder: Path) -> list[dict[str, str]]:
    with (folder / curated.EXCLUDED_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_shared
def test_build_is_byte_identical_when_repeated(
    built: tuple[Path, curate.BuildReport], tmp_path: Path
) -> None:
    first, _ = built
    curate.build(SHARED, tmp_path)
    assert _files(tmp_path) == _files(first)


@needs_shared
def test_committed_files_are_the_current_build(built: tuple[Path, curate.BuildReport]) -> None:
    out, _ = built
    stale = [n for n, data in _files(out).items() if (COMMITTED / n).read_bytes() != data]
    assert stale == [], f"datasets/curated is out of date; run `gia-stats curate`: {stale}"


@needs_shared
def test_report_counts_outputs_and_exclusions(built: tuple[Path, curate.BuildReport]) -> None:
    out, report = built
    expected = [d.curated_file for d in catalog.DATASETS if d.curated_file]
    assert list(report.outputs) == expected
    for name, rows in report.outputs.items():
        meta = json.loads(curated.meta_path(out / name).read_text("utf-8"))
        assert meta["rows"] == rows > 0
        assert meta["build_command"] == "gia-stats curate"
    assert sum(report.excluded.values()) == len(_excluded(out))
    assert report.merged == 5
    text = str(report)
    assert "vt_kerncijfers.csv" in text
    assert curate.R_OWN in text


@needs_shared
def test_exclusions_name_source_row_and_reason(built: tuple[Path, curate.BuildReport]) -> None:
    out, report = built
    rows = _excluded(out)
    by_region = {r["region"]: r["reason"] for r in rows if r["source_file"].endswith("totals.csv")}
    for gemeente in ("Veendam", "Meppel", "Almere", "Hattem"):
        assert by_region[gemeente] == curate.R_NAME_ONLY
    own = [r for r in rows if r["reason"] == curate.R_OWN]
    assert len(own) == report.excluded[curate.R_OWN] == 17
    assert any(r["period"] == "2025-Q1-Q3" for r in own)
    assert any(r["reason"] == curate.R_NO_VALUE and "78" in r["detail"] for r in rows)
    brabant = [r for r in rows if r["reason"] == curate.R_VT_YEAR]
    assert brabant and all("Brabant Noordoost" in r["region"] for r in brabant)
    # Every excluded row points at a real row of its source file.
    for row in rows[:: max(1, len(rows) // 20)]:
        with (SHARED / row["source_file"]).open(encoding="utf-8") as handle:
            assert int(row["source_row"]) <= sum(1 for _ in handle)


@needs_shared
def test_every_source_row_is_written_or_excluded(built: tuple[Path, curate.BuildReport]) -> None:
    out, report = built
    excluded = _excluded(out)
    count_files = {
        "veilig_thuis/totals.csv": "vt_kerncijfers",
        "population/population.csv": "bevolking",
        "veilig_thuis/84850NED_aard_geweld_vt_regio.csv": "vt_aard_geweld_vt",
    }
    for rel, dataset_id in count_files.items():
        with (SHARED / rel).open(encoding="utf-8", newline="") as handle:
            source_rows = sum(1 for _ in csv.DictReader(handle))
        dataset = catalog.get(dataset_id)
        assert dataset.curated_file
        written = curated.read(out / dataset.curated_file).frame
        from_file = (
            written
            if dataset_id != "vt_kerncijfers"
            else written[~written["vintage"].str.contains("Kamerbrief")]
        )
        gone = sum(1 for r in excluded if r["source_file"] == rel)
        merged = report.merged if dataset_id == "vt_kerncijfers" else 0
        assert len(from_file) + gone + merged == source_rows, rel


@needs_shared
def test_meta_lists_sources_with_checksums(built: tuple[Path, curate.BuildReport]) -> None:
    out, _ = built
    meta = json.loads((out / "prevalentie.meta.json").read_text("utf-8"))
    assert meta["access_date"] == curate.ACCESS_DATE
    assert meta["licence"] == "CC BY 4.0 CBS"
    assert [f["path"] for f in meta["built_from"]] == [
        "prevalence/breakdowns.csv",
        "prevalence/headline_prevalence.csv",
        "prevalence/significance_statements.csv",
    ]
    assert meta["source_urls"] and all(u.startswith("http") for u in meta["source_urls"])


def test_build_from_a_small_source_folder(tmp_path: Path) -> None:
    """The build runs on any folder with the reference layout (no ../shared needed)."""
    src = tmp_path / "src"
    for sub in ("veilig_thuis", "population", "prevalence"):
        (src / sub).mkdir(parents=True)
    _write_minimal_sources(src)
    report = curate.build(src, tmp_path / "out")
    assert report.outputs["vt_kerncijfers.csv"] == 2
    assert report.excluded == {curate.R_OWN: 1}
    frame = curated.read(tmp_path / "out" / "vt_kerncijfers.csv").frame
    assert sorted(frame["value"]) == [53080, 53145]
    assert len(set(frame["vintage"])) == 2


def _write_minimal_sources(src: Path) -> None:
    """One row per reference file, copied from the real files' shapes."""
    totals = (
        "table_id,measure,unit,region_code,region_name,period,period_type,status,value,"
        "source_kind,source_table_or_publication,source_url,note\n"
        ",Gestarte adviezen,aantal,NL01,Nederland,2019-H1,halfjaar,,53145,"
        "CBS publication (table in longread),Impactmonitor 2022,https://www.cbs.nl/im,\n"
        ",Gestarte adviezen,aantal,NL01,Nederland,2019-H1,halfjaar,voorlopig (first release),"
        "53080,secondary (NJI databank),NJI,https://www.nji.nl/x,later revised\n"
        ",Meldingen (eigen registratie VT-organisatie),aantal,,Twente (VT),2019,jaar,,3177,"
        "secondary news,,https://www.tubantia.nl/x,own count\n"
    )
    letters = (
        "document,document_date,reference,measure,region_name,period,value,unit,as_written,"
        "comparable_with_cbs_2019_series,note\n"
        "Brief,2017-10-17,Kamerstuk 28 345,Ontvangen meldingen,Nederland,2016,84225,aantal,"
        "84.225 meldingen,no,pre-2019 registration\n"
    )
    extract = (
        "table_id,table_title,dim1_name,dim1_value,dim2_name,dim2_value,measure,unit,"
        "region_code,region_name,region_level,period,period_code,period_type,status,value,"
        "value_flag,source_url,note\n"
        "{t},Titel,Kenmerken,Totaal,,,Ontvangen meldingen,aantal,NL01,Nederland,land,2023,"
        "2023JJ00,jaar,voorlopig,,.,https://www.cbs.nl/{t},\n"
    )
    files = {
        "veilig_thuis/totals.csv": totals,
        "veilig_thuis/letters_to_parliament.csv": letters,
        "veilig_thuis/impactmonitor2022_adviezen_naar_organisatie_adviesvrager_pct.csv": (
            "measure,organisatie_adviesvrager,region_name,period,status,value_pct,source_url,note\n"
            "Aandeel,Burger,Nederland,2022-H1,voorlopig,42.8,https://www.cbs.nl/im,\n"
        ),
        "veilig_thuis/news_and_secondary_figures.csv": (
            "period,statement,value_as_published,value_kind,publisher,date,source_url\n"
        ),
        "population/population.csv": (
            "table_id,measure,unit,region_code,region_name,period,period_type,status,value,"
            "source_kind,source_url,note\n"
            "70072ned,Totale bevolking op 1 januari,aantal,NL01,Nederland,2021,jaar,,17475415,"
            "StatLine table page,https://www.cbs.nl/70072ned,\n"
        ),
        "prevalence/headline_prevalence.csv": (
            "edition_year,indicator,breakdown,group,estimate_pct,as_published,precision,ci_low,"
            "ci_high,count_as_published,reference_period,source_url,source_type,notes\n"
            '2022,SGG totaal,total,16+,12.7,"12,7",1 decimal,,,,last 12 months,'
            "https://www.cbs.nl/p,CBS/WODC official,\n"
        ),
        "prevalence/breakdowns.csv": (
            "edition_year,indicator,breakdown,group,estimate_pct,as_published,precision,ci_low,"
            "ci_high,count_as_published,reference_period,source_url,source_type,notes\n"
        ),
        "prevalence/significance_statements.csv": (
            "comparison,indicator,cbs_statement_as_published,direction,source_url\n"
            "2022 vs 2020,SGG totaal,toegenomen,increase,https://www.wodc.nl/x\n"
        ),
        "prevalence/survey_design.csv": (
            "edition_year,population_16plus,sample_approached,respondents_as_published,"
            "response_rate_pct,fieldwork,mode,source_url,notes\n"
            "2022,,100 000,ruim 24 duizend,not found,,internet,https://longreads.cbs.nl/x,\n"
        ),
        "prevalence/letters_to_parliament.csv": (
            "document,document_date,reference,indicator,edition,as_written,note\n"
            "Nota,2024-12-01,ref,huiselijk geweld totaal,2024,gelijk,\n"
        ),
    }
    for name in curate._EXTRACTS.values():
        table = name.split("_")[0]
        files[f"veilig_thuis/{name}"] = extract.format(t=table)
    for rel, text in files.items():
        (src / rel).write_text(text, "utf-8")
