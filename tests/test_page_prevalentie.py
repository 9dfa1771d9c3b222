"""Prevalentie page: the pure view functions on the real data, then the page through AppTest."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gia_stats import catalog
from gia_stats.loaders import store
from gia_stats.views import prevalentie as view

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/prevalentie.py"
EDITIONS = [2020, 2022, 2024]


@pytest.fixture(scope="module")
def tables() -> store.Tables:
    return store.load()


@pytest.fixture(scope="module")
def prevalence(tables: store.Tables) -> pd.DataFrame:
    return tables["prevalentie"]


@pytest.fixture(scope="module")
def parts(tables: store.Tables) -> view.PageParts:
    return view.page_parts(tables["prevalentie"], tables["uitspraken"])


@pytest.fixture(scope="module")
def verdicts(parts: view.PageParts) -> pd.DataFrame:
    return parts.verdicts


# --- Pure view functions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("estimate", "precision", "text"),
    [
        (12.0, "integer", "afgerond 12%"),
        (12.7, "1 decimal", "12,7%"),
        (30.0, "approx", "circa 30%"),
        (5.9, "", "5,9%"),
        (math.nan, "integer", "geen gegevens"),
    ],
)
def test_percent_text_respects_published_precision(
    estimate: float, precision: str, text: str
) -> None:
    assert view.percent_text(estimate, precision) == text


def test_margin_text() -> None:
    assert view.margin_text(math.nan, math.nan) == "geen marges gepubliceerd"
    assert view.margin_text(11.2, 12.8, "1 decimal") == "11,2–12,8%"


def test_questionnaire_break_from_the_catalog() -> None:
    edition, note = view.questionnaire_break(catalog.get("prevalentie").notes)
    assert edition == 2024
    assert "psychisch geweld" in note and "breuk in de reeksen" in note


def test_canonical_indicator_joins_names_across_editions() -> None:
    assert view.canonical_indicator("seksueel geweld / SGG totaal") == "SGG totaal"
    assert (
        view.canonical_indicator("huiselijk geweld totaal (excl. verbale agressie)")
        == "huiselijk geweld totaal"
    )
    assert view.canonical_indicator("stalking door ex-partner") == "stalking door ex-partner"


def test_edition_overview_and_table(prevalence: pd.DataFrame) -> None:
    overview = view.edition_overview(prevalence)
    assert list(overview["indicator"][:3]) == ["SGG totaal"] * 3
    table = view.edition_table(overview, EDITIONS).set_index("Indicator")
    # 2020 SGG: 10,9% (2023 comparison table) and "11 procent" (2020 report) both shown.
    assert table.loc["SGG totaal", "2020"] == "10,9% (ook gepubliceerd: afgerond 11%)"
    assert table.loc["SGG totaal", "2024"] == "afgerond 12%"
    assert table.loc["huiselijk geweld totaal", "2020"] == "8,3% (ook gepubliceerd: afgerond 8%)"
    # A new form in 2024: earlier editions are gaps, not zeros.
    assert table.loc["psychisch geweld in huiselijke kring", "2020"] == "geen gegevens"
    assert table.loc["psychisch geweld in huiselijke kring", "2024"] == "5,9%"
    assert set(table["95%-marge"]) == {"geen marges gepubliceerd"}
    assert "2022: derde citeert CBS" in table.loc["fysiek geweld in huiselijke kring", "Brontype"]
    # Other reference periods stay out of the 12-month chart.
    excluded = view.excluded_indicators(prevalence)
    assert "fysiek geweld in huiselijke kring (vijfjaarsprevalentie)" in excluded
    assert not set(excluded) & set(table.index)


def test_indicator_detail_lists_every_figure_and_gaps(prevalence: pd.DataFrame) -> None:
    detail = view.indicator_detail(prevalence, "psychisch geweld in huiselijke kring", EDITIONS)
    assert list(detail["Editie"]) == ["2020", "2022", "2024"]
    assert list(detail["Schatting"]) == ["geen gegevens", "geen gegevens", "5,9%"]
    assert detail["Aantal (zoals gepubliceerd)"].iloc[2] == "ruim 870 duizend"
    assert detail["Bron"].iloc[2].startswith("[Prevalentiemonitor 2024 (CBS/WODC official)](https")
    sgg = view.indicator_detail(prevalence, "SGG totaal", EDITIONS)
    assert list(sgg["Schatting"]) == ["10,9%", "afgerond 11%", "12,7%", "afgerond 12%"]


def test_options(prevalence: pd.DataFrame) -> None:
    options = view.indicator_options(prevalence)
    assert options[:2] == ["SGG totaal", "huiselijk geweld totaal"]
    assert view.edition_options(prevalence, "psychisch geweld in huiselijke kring") == ["2024"]
    assert view.breakdown_options(prevalence, "huiselijk geweld totaal")[:2] == [
        "geslacht",
        "leeftijd",
    ]
    assert view.breakdown_label("seksuele orientatie x geslacht") == (
        "Seksuele oriëntatie × geslacht"
    )


def test_group_rows_table_and_source_type(prevalence: pd.DataFrame) -> None:
    rows = view.group_rows(prevalence, "huiselijk geweld totaal", "geslacht x leeftijd")
    # Natural order and every published figure; media figures visible as such.
    assert list(rows["group"][:3]) == ["mannen 16-18", "mannen 16-25", "mannen 18-24"]
    table = view.group_table(rows)
    first = table.iloc[0]
    assert (first["Editie"], first["Schatting"]) == ("2022", "circa 20%")
    assert "gepubliceerd als 'ruim 20'" in first["Toelichting"]
    media = table[table["Groep"] == "vrouwen 16-25"].iloc[0]
    assert (media["Schatting"], media["Brontype"]) == ("afgerond 22%", "media citeren CBS")
    assert not view.groups_testable(rows)
    online = view.group_rows(prevalence, "online seksuele intimidatie", "geslacht")
    assert list(online["preferred"]) == [True, False, True, False]
    assert list(view.group_table(online)["In grafiek"]) == [
        "ja",
        "nee (zie andere bron)",
        "ja",
        "nee (zie andere bron)",
    ]


def test_memo_sentences(prevalence: pd.DataFrame, tables: store.Tables) -> None:
    statements = tables["uitspraken"]
    sgg = view.memo_sentence(prevalence, statements, "SGG totaal", 2024)
    assert sgg is not None
    assert sgg.text.startswith(
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is volgens CBS "
        "vergelijkbaar met 2020 (afgerond 11 procent), maar lager dan in 2022"
    )
    assert "significant" not in sgg.text  # neither difference can be tested
    first = view.memo_sentence(prevalence, statements, "SGG totaal", 2020)
    assert first is not None
    assert first.text.startswith(
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2020 is 10,9 procent "
        "(afgerond 11 procent); 2020 is de eerste editie"
    )
    assert first.sources == ("Prevalentiemonitor 2020 (CBS/WODC official)",)
    assert view.memo_sentence(prevalence, statements, "stalking door ex-partner", 2020) is None


def test_significance_table_beside_cbs(verdicts: pd.DataFrame, tables: store.Tables) -> None:
    table = view.significance_table(verdicts, tables["uitspraken"])
    assert len(table) == len(tables["uitspraken"]) == 9
    first = table.iloc[0]
    assert (first["Vergelijking"], first["Indicator"]) == ("2022 t.o.v. 2020", "SGG totaal")
    assert first["Onze toets"] == "significant hoger (indicatief)"
    assert (first["z"], first["p"], first["Eens met CBS"]) == ("5,24", "<\u00a00,001", "ja")
    assert first["Bron"].startswith("[wodc.nl](https://www.wodc.nl/")
    lower = table.iloc[4]  # CBS: 2024 lower than 2022; 12% (whole) vs 12,7%: untestable
    assert lower["Volgens CBS"] == "lager (afgenomen)"
    assert lower["Onze toets"] == "niet toetsbaar"
    assert (lower["z"], lower["p"], lower["Eens met CBS"]) == ("–", "–", "niet te beoordelen")
    assert "afronding van de cijfers" in lower["Waarom niet toetsbaar"]
    assert table.iloc[7]["Vergelijking"] == "2024 t.o.v. 2022 en 2020"


def test_never_significant_where_untestable(verdicts: pd.DataFrame, tables: store.Tables) -> None:
    table = view.significance_table(verdicts, tables["uitspraken"])
    untestable = table[table["Onze toets"] == "niet toetsbaar"]
    assert len(untestable) == 5
    ours = untestable.drop(columns=["Uitspraak CBS/WODC (zoals gepubliceerd)"])
    assert not ours.apply(lambda c: c.str.contains("significant")).any().any()
    assert (untestable["Waarom niet toetsbaar"] != "").all()


def test_method_text_names_the_design_effect(verdicts: pd.DataFrame) -> None:
    text = view.method_text(verdicts)
    assert "**Design-effect 1,5 (indicatief).**" in text
    assert "2020: ruim 30 duizend (gerekend: 30.000)" in text
    assert "niet toetsbaar" in text
    lines = view.assumptions(verdicts)
    assert lines[0].startswith("2022 t.o.v. 2020 · SGG totaal: edities zijn onafhankelijke")


def test_page_parts_built_once_per_data_version(parts: view.PageParts) -> None:
    assert parts.editions == EDITIONS
    assert parts.style["break_edition"] == 2024
    assert parts.overview_chart.layout.title.text == view.OVERVIEW_TITLE
    assert parts.overview_table.set_index("Indicator").loc["SGG totaal", "2022"] == "12,7%"
    assert "SGG voor het 12e levensjaar (childhood, retrospective)" in parts.excluded
    assert list(parts.verdict_table["Onze toets"]).count("niet toetsbaar") == 5
    assert len(parts.assumptions) == 8  # psychisch geweld: nothing tested, nothing assumed


# --- The page -----------------------------------------------------------------------------


def _run(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    return at.run()


def _table(at: AppTest, first_column: str) -> pd.DataFrame:
    return next(t.value for t in at.table if t.value.columns[0] == first_column)


def test_page_default_view() -> None:
    at = _run()
    assert not at.exception
    assert at.title[0].value.startswith("Prevalentie")
    assert "Breuk in de reeksen" in at.warning[0].value
    overview = _table(at, "Indicator").set_index("Indicator")
    assert overview.loc["SGG totaal", "2022"] == "12,7%"
    assert overview.loc["SGG totaal", "2024"] == "afgerond 12%"
    assert at.selectbox(key="prev_indicator").value == "SGG totaal"
    assert at.segmented_control(key="prev_editie").value == "2024"
    assert "volgens CBS vergelijkbaar met 2020 (afgerond 11 procent)" in at.success[0].value
    verdict = _table(at, "Vergelijking")
    assert verdict.iloc[0]["Onze toets"] == "significant hoger (indicatief)"
    assert verdict.iloc[4]["Onze toets"] == "niet toetsbaar"
    assert any("Design-effect 1,5 (indicatief)" in m.value for m in at.markdown)
    assert any("Tabel bij de grafiek" in e.label for e in at.expander)


def test_widgets_change_indicator_edition_and_breakdown() -> None:
    at = _run()
    at.selectbox(key="prev_indicator").set_value("online seksuele intimidatie").run()
    assert not at.exception
    assert "significant lager dan in 2022 (afgerond 6 procent)" in at.success[0].value
    at.segmented_control(key="prev_editie").set_value("2022").run()
    assert at.success[0].value.startswith(
        "De jaarprevalentie van online seksuele intimidatie in 2022 is significant hoger dan in "
        "2020"
    )
    at.selectbox(key="prev_uitsplitsing").set_value("Geslacht").run()
    groups = _table(at, "Groep")
    assert list(groups["Schatting"]) == ["4,1%", "afgerond 4%", "6,7%", "afgerond 7%"]
    # A breakdown the next indicator lacks falls back quietly (no "unknown value" notice).
    at.selectbox(key="prev_uitsplitsing").set_value("Seksuele oriëntatie × geslacht").run()
    at.selectbox(key="prev_indicator").set_value("offline seksuele intimidatie").run()
    assert not at.exception
    assert at.selectbox(key="prev_uitsplitsing").value == "Geslacht"
    assert not at.toast


def test_permalink_reproduces_the_view() -> None:
    at = _run(
        prev_indicator="psychisch geweld in huiselijke kring",
        prev_editie="2024",
        prev_uitsplitsing="Leeftijd",
    )
    assert not at.exception
    assert not at.toast
    assert at.selectbox(key="prev_uitsplitsing").value == "Leeftijd"
    groups = _table(at, "Groep")
    assert list(groups["Groep"]) == ["16-18", "18-24", "24-45", "45-65", "65+"]
    assert groups["Schatting"].iloc[0] == "afgerond 16%"
    assert "volgens CBS vergelijkbaar met 2020 en 2022" in at.success[0].value
    assert any("nieuwe vorm in de vragenlijst van 2024" in i.value for i in at.info)


def test_nonsense_parameters_fall_back_with_a_notice() -> None:
    at = _run(prev_indicator="<script>", prev_editie="1999", prev_uitsplitsing="x" * 500)
    assert not at.exception
    assert at.selectbox(key="prev_indicator").value == "SGG totaal"
    assert at.segmented_control(key="prev_editie").value == "2024"
    assert at.selectbox(key="prev_uitsplitsing").value == "Geslacht"
    assert len(at.toast) == 3
