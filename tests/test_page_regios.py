"""The Regio's page: its view model on the real offline data, and the page through AppTest."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gia_stats.loaders import store
from gia_stats.metrics import change as chg
from gia_stats.views import regios as rv

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def tables() -> store.Tables:
    return store.load()


def _option(vt: pd.DataFrame, level: str, label: str) -> rv.MeasureOption:
    return next(o for o in rv.measure_options(vt, level) if o.label == label)


# View model on the real offline data ------------------------------------------------------


def test_measures_offered_are_those_with_regional_figures(tables: store.Tables) -> None:
    vt = tables["veilig_thuis"]
    options = rv.measure_options(vt, "VT")
    first = options[0]
    # The total of "Ontvangen meldingen" is published in four CBS tables; all are sources.
    assert first.label == "Ontvangen meldingen" and first.detail == ""
    assert [s.dataset for s in first.sources] == [
        "vt_kerncijfers",
        "vt_rol_functie",
        "vt_aard_geweld",
        "vt_veiligheid",
    ]
    labels = [o.label for o in options]
    # 84850NED's "Totaal | Mensenhandel" is the mensenhandel group, not the total.
    assert "Ontvangen meldingen — Aanvullende informatie: Mensenhandel" in labels
    # Percentages keep their unit; no VT rows for eerdere betrokkenheid.
    assert not any("relatief" in label for label in labels)
    assert any(o.unit == "%" for o in rv.measure_options(vt, "PV"))
    assert len({o.key for o in options}) == len(options)


def test_periods_and_their_coverage(tables: store.Tables) -> None:
    vt = tables["veilig_thuis"]
    option = _option(vt, "PV", "Ontvangen meldingen")
    coverage = rv.period_options(vt, "PV", option)
    assert coverage == {
        "2023JJ00": 2,
        "2021JJ00": 1,
        "2020HJ02": 7,
        "2020HJ01": 7,
        "2020JJ00": 6,
    }
    assert rv.default_period(coverage) == "2020HJ02"  # newest of the best covered
    assert rv.comparison_options(coverage, "2023JJ00") == ["geen", "2021JJ00", "2020JJ00"]
    assert rv.comparison_options(coverage, "2020HJ02") == ["geen", "2020HJ01"]
    assert rv.period_labels(coverage)["1e halfjaar 2020"] == "2020HJ01"


def test_provinces_2020_counts_rates_and_nederland(tables: store.Tables) -> None:
    vt, pop = tables["veilig_thuis"], tables["bevolking"]
    view = rv.build(vt, pop, "PV", _option(vt, "PV", "Ontvangen meldingen"), "2020JJ00")
    # 84852NED, Ontvangen meldingen 2020 per provincie; Nederland 127.410.
    assert view.row("PV20").figure.value == 4195
    assert view.row("PV25").figure.value == 9225
    assert view.national.value == 127410
    assert view.covered == 6 and len(view.rows) == 12
    # Utrecht publishes half-years only: never summed into a year.
    assert view.row("PV26").figure.missing
    assert "halfjaarcijfers worden niet opgeteld" in view.row("PV26").figure.reason
    # Population on 1 January 2020 exists offline for Overijssel only: 5.960 / 1.162.406.
    overijssel = view.row("PV23").rate
    assert overijssel is not None and overijssel.value == pytest.approx(5.1273, abs=1e-4)
    groningen = view.row("PV20").rate
    assert groningen is not None and groningen.missing  # no population: no guess
    table = rv.ranking_table(view, "aantal")
    assert list(table["Regio"][:2]) == ["Gelderland", "Overijssel"]
    row = table[table["Regio"] == "Groningen"].iloc[0]
    assert row["Aantal"] == "4.195"
    assert row["Per 1.000 inwoners"] == "geen bevolkingscijfer"
    assert "geen bevolkingscijfer op 1 januari 2020" in row["Toelichting"]
    limburg = table[table["Regio"] == "Limburg"].iloc[0]
    assert (limburg["Aantal"], limburg.name) == ("geen gegevens", "–")
    per_1000 = rv.ranking_table(view, "per1000")
    assert per_1000.loc["1", "Regio"] == "Overijssel"
    assert per_1000.loc["1", "Per 1.000 inwoners"] == "5,1"
    versus = rv.versus_nl(view, "PV20")
    assert (versus.region_value, versus.national_value, versus.share) == (
        "4.195",
        "127.410",
        "3,3%",
    )
    assert versus.national_rate == "7,3"  # 127.410 / 17.407.585 inwoners
    assert versus.region_rate == "geen bevolkingscijfer"
    values = rv.map_values(view, "aantal").set_index("code")
    assert math.isnan(values.loc["PV31", "value"]) and values.loc["PV31", "label"] == (
        "geen gegevens"
    )


def test_veilig_thuis_regions_have_no_population_and_say_so(tables: store.Tables) -> None:
    vt, pop = tables["veilig_thuis"], tables["bevolking"]
    view = rv.build(vt, pop, "VT", _option(vt, "VT", "Ontvangen meldingen"), "2023JJ00")
    assert len(view.rows) == 25 and "VT27" in {r.code for r in view.rows}
    # Drenthe 2023: 1.905 meldingen (84849NED), Gelderland-Midden 3.060 (84852NED).
    assert view.row("VT02").figure.value == 1905 and view.row("VT02").dataset == "vt_rol_functie"
    assert view.row("VT05").figure.value == 3060
    assert not view.has_rates
    assert "per Veilig Thuis-regio" in rv.rate_notice(view)
    assert (
        rv.coverage_text(view) == "Voor 4 van de 25 Veilig Thuis-regio's is een cijfer over 2023."
    )
    assert view.notices == ()


def test_comparison_across_the_merger_gives_notices(tables: store.Tables) -> None:
    vt, pop = tables["veilig_thuis"], tables["bevolking"]
    option = _option(vt, "VT", "Ontvangen meldingen")
    assert rv.geography_year("VT", "2021JJ00", "2023JJ00") == 2023
    assert rv.geography_year("VT", "2022JJ00") == 2022
    view = rv.build(vt, pop, "VT", option, "2023JJ00", "2021JJ00")
    # Drenthe 2021: 2.190 (secondary source citing CBS) → 2023: 1.905.
    change = view.row("VT02").change
    assert change is not None and change.absolute == -285
    text = " ".join(view.notices)
    assert "VT27 Oost-Brabant" in text and "niet mogelijk" in text  # no VT16/VT26 figures
    assert "VT01 Amsterdam-Amstelland" in text and "VT21 West-Brabant" in text
    assert any("niet volledig vergelijkbaar" in n for n in view.row("VT15").notes)
    assert not view.row("VT02").notes
    table = rv.ranking_table(view, "aantal")
    drenthe = table[table["Regio"] == "Drenthe"].iloc[0]
    assert drenthe["Verandering t.o.v. 2021"] == "\u2212285 (\u221213,0%)"


# The VT16 + VT26 → VT27 merger on a small synthetic table ---------------------------------


def _row(code: str, period: str, value: float, level: str = "VT") -> dict[str, object]:
    year = int(period[:4])
    return {
        "dataset": "vt_kerncijfers",
        "measure": "Ontvangen meldingen",
        "unit": "aantal",
        "breakdown": "",
        "group": "",
        "region_code": code,
        "region_name": code,
        "region_level": level,
        "period_code": period,
        "period_label": str(year),
        "period_type": "jaar",
        "period_start": pd.Timestamp(year, 1, 1).date(),
        "value": value,
        "status": "voorlopig" if year == 2023 else "",
        "flag": "",
        "rounding": 5,
        "source": "test",
        "source_url": "",
        "retrieved": "2025-01-01",
        "vintage": "test",
        "note": "",
        "current": True,
    }


def test_merged_predecessors_are_compared_with_their_successor() -> None:
    vt = pd.DataFrame(
        [
            _row("VT16", "2022JJ00", 2000.0),
            _row("VT26", "2022JJ00", 3000.0),
            _row("VT27", "2023JJ00", 5500.0),
            _row("VT02", "2022JJ00", 1000.0),
            _row("VT02", "2023JJ00", 900.0),
            _row("NL01", "2023JJ00", 120000.0, "NL"),
        ]
    )
    population = vt.iloc[0:0]
    option = rv.measure_options(vt, "VT")[0]
    assert rv.regions_in("VT", 2022).keys() >= {"VT16", "VT26"}
    view = rv.build(vt, population, "VT", option, "2023JJ00", "2022JJ00")
    oost = view.row("VT27")
    assert oost.base is not None and oost.base.value == 5000  # VT16 + VT26 in 2022
    assert oost.base.rounding == 10
    assert oost.change is not None and oost.change.absolute == 500
    assert "VT16" not in {r.code for r in view.rows}
    assert any("samengevoegd tot VT27" in n for n in oost.notes)
    assert any("niet volledig vergelijkbaar" in n for n in oost.notes)  # listed for 2023
    assert "opgeteld bij VT27." in " ".join(view.notices)
    # Without a comparison, 2022 is shown on its own 26 regions.
    alone = rv.build(vt, population, "VT", option, "2022JJ00")
    assert alone.row("VT16").figure.value == 2000 and len(alone.rows) == 26


def test_merge_needs_every_predecessor_and_counts() -> None:
    def fig(code: str, value: float) -> chg.Figure:
        return chg.Figure("Ontvangen meldingen", code, "2022JJ00", value, unit="aantal")

    both = {"VT16": fig("VT16", 10), "VT26": fig("VT26", 20)}
    merged = rv.merge_predecessors(both, "VT27", 2022, "aantal")
    assert merged.value == 30 and merged.region_code == "VT27"
    half = rv.merge_predecessors(
        {"VT16": fig("VT16", 10), "VT26": fig("VT26", math.nan)}, "VT27", 2022, "aantal"
    )
    assert half.missing and "VT26" in half.reason
    share = rv.merge_predecessors(both, "VT27", 2022, "%")
    assert share.missing and "niet worden opgeteld" in share.reason


# The page through AppTest ---------------------------------------------------------------


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/regios.py")
    return at.run()


def _ranking(at: AppTest) -> pd.DataFrame:
    return next(t.value for t in at.table if "Regio" in t.value.columns and "Status" in t.value)


def test_default_page_shows_veilig_thuis_regions_and_partial_notice() -> None:
    at = _page()
    assert not at.exception
    assert at.title[0].value == "Regio's"
    ranking = _ranking(at)
    assert ranking.loc["1", "Regio"] == "Gelderland-Midden"
    assert ranking.loc["1", "Aantal"] == "3.060"
    info = " ".join(i.value for i in at.info)
    assert "4 van de 25 Veilig Thuis-regio's" in info and "gia-stats refresh" in info
    captions = " ".join(c.value for c in at.caption)
    assert "geen bevolkingscijfer per Veilig Thuis-regio" in captions
    assert at.radio(key="reg_schaal").options == ["Aantallen"]  # no per-1.000 option for VT


def test_permalink_reproduces_provinces_per_1000() -> None:
    at = _page(
        reg_niveau="Provincies",
        reg_periode="2020",
        reg_schaal="Per 1.000 inwoners",
        reg_regio="Groningen",
    )
    assert not at.exception
    assert not at.toast
    ranking = _ranking(at)
    assert ranking.loc["1", "Regio"] == "Overijssel"
    assert ranking.loc["1", "Per 1.000 inwoners"] == "5,1"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nederland, 2020"] == "127.410"
    assert metrics["Groningen, 2020"] == "4.195"
    assert metrics["Aandeel van Nederland"] == "3,3%"
    assert metrics["Groningen, per 1.000 inwoners"] == "geen bevolkingscijfer"


def test_widgets_change_level_period_comparison_and_region() -> None:
    at = _page()
    at.segmented_control(key="reg_niveau").set_value("Landsdelen").run()
    assert not at.exception
    at.selectbox(key="reg_periode").set_value("2020").run()
    assert _ranking(at).loc["1", "Aantal"] == "68.495"  # West-Nederland, 84852NED
    at.selectbox(key="reg_regio").set_value("Noord-Nederland").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Noord-Nederland, 2020"] == "10.645"
    assert metrics["Aandeel van Nederland"] == "8,4%"  # 10.645 / 127.410
    at.segmented_control(key="reg_niveau").set_value("Provincies").run()
    at.selectbox(key="reg_periode").set_value("2023").run()
    at.selectbox(key="reg_vergelijk").set_value("2020").run()
    assert not at.exception
    ranking = _ranking(at)
    assert ranking.loc["1", "Verandering t.o.v. 2020"] == "\u2212660 (\u22127,2%)"  # Gelderland
    assert not at.toast  # stale selections of another level are dropped quietly


def test_nonsense_link_parameters_fall_back_with_a_notice() -> None:
    at = _page(reg_niveau="Gemeenten", reg_maat="x" * 300, reg_periode="1999", reg_regio="<b>")
    assert not at.exception
    assert at.segmented_control(key="reg_niveau").value == "Veilig Thuis-regio's"
    assert at.selectbox(key="reg_maat").value == "Ontvangen meldingen"
    assert len(at.toast) >= 3


def test_vt_comparison_link_shows_merger_and_boundary_notices() -> None:
    at = _page(reg_vergelijk="2021")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "VT27 Oost-Brabant" in warnings and "grenswijzigingen" in warnings
