"""Series and breakdown charts and the Veilig Thuis view model, on the real offline data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gia_stats import charts
from gia_stats.charts import breakdown, series
from gia_stats.loaders import store
from gia_stats.views import veilig_thuis as view


@pytest.fixture(scope="module")
def vt() -> pd.DataFrame:
    return store.load()["veilig_thuis"]


@pytest.fixture(scope="module")
def totals(vt: pd.DataFrame) -> pd.DataFrame:
    return view.series_totals(vt)


# -- series ------------------------------------------------------------------------------------


def test_cell_marks_provisional_rounded_and_unknown() -> None:
    assert view.cell(127410.0) == "127.410"
    assert view.cell(84935.0, "voorlopig") == "84.935*"
    assert view.cell(75000.0, "voorlopig", "", 1000) == "ca. 75.000*"
    assert view.cell(math.nan) == "geen gegevens"
    assert view.cell(math.nan, "voorlopig", ".") == "onbekend (.)"
    assert view.cell(1.0, "nader voorlopig") == "1**"


def test_series_totals_gather_totals_of_every_table(totals: pd.DataFrame) -> None:
    assert set(totals["measure"]) == set(view.SERIES_MEASURES)
    nl_2023 = totals[
        (totals["region_code"] == "NL01")
        & (totals["period_code"] == "2023JJ00")
        & (totals["measure"] == "Ontvangen meldingen")
    ]
    # 127 340 in the key figures, the rol/functie total and the earlier-involvement total.
    assert set(nl_2023["value"]) == {127340.0}
    assert len(nl_2023) == 3


def test_region_labels_nederland_first_and_unique(totals: pd.DataFrame) -> None:
    labels = view.region_labels(totals)
    assert next(iter(labels)) == "NL01" and labels["NL01"] == "Nederland"
    assert labels["PV20"] == "Groningen (provincie)"
    assert labels["GM0014"] == "Groningen (gemeente)"
    assert labels["VT02"] == "Drenthe (Veilig Thuis-regio)"
    assert view.choices({"A": "x", "B": "x"}) == {"x": "A", "x [B]": "B"}


def test_series_rows_pick_the_current_vintage(totals: pd.DataFrame) -> None:
    rows = view.series_rows(totals, "NL01", "halfjaar")
    h1_2019 = rows[(rows["period_code"] == "2019HJ01") & (rows["measure"] == "Gestarte adviezen")]
    assert h1_2019["value"].tolist() == [53145.0]  # revised, not the first release 53 080
    h1_2025 = rows[(rows["period_code"] == "2025HJ01") & (rows["measure"] == "Gestarte adviezen")]
    assert h1_2025["value"].tolist() == [84935.0]  # StatLine exact, not "85 duizend"


def test_series_table_keeps_gaps(totals: pd.DataFrame) -> None:
    rows = view.series_rows(totals, "NL01", "jaar")
    axis = view.axis(rows)
    assert axis == ["2020", "2021", "2022", "2023"]
    table = view.series_table(rows, axis)
    assert table.loc["2020", "Ontvangen meldingen"] == "127.410"
    assert table.loc["2022"].tolist() == ["geen gegevens", "geen gegevens"]
    assert view.gaps(table) == ["2022"]


def test_vintage_table_lists_every_version(totals: pd.DataFrame) -> None:
    table = view.vintage_table(totals, "NL01", "halfjaar")
    h1_2019 = table[
        (table["Periode"] == "1e halfjaar 2019") & (table["Maat"] == "Ontvangen meldingen")
    ]
    assert h1_2019[["Cijfer", "Getoond"]].values.tolist() == [["65.075", "ja"], ["64.960*", "nee"]]
    h1_2025 = table[
        (table["Periode"] == "1e halfjaar 2025") & (table["Maat"] == "Gestarte adviezen")
    ]
    assert h1_2025["Cijfer"].tolist() == ["84.935*", "ca. 85.000*"]
    assert h1_2025["Afronding"].tolist() == ["vijftallen", "duizendtallen"]
    # A half-year of 2021 shows the first-release year figure beside it.
    h1_2021 = table[
        (table["Periode"] == "1e halfjaar 2021") & (table["Maat"] == "Gestarte adviezen")
    ]
    assert h1_2021["Opmerking"].iloc[0].startswith("jaarcijfer 2021: 133.645")
    assert view.vintage_table(totals, "XX99", "jaar").empty


def test_series_chart_house_style_gaps_and_provisional_marks(totals: pd.DataFrame) -> None:
    rows = view.series_rows(totals, "NL01", "halfjaar")
    axis = view.axis(rows)
    fig = series.series_chart(rows, "Veilig Thuis, Nederland, per halfjaar", "Aantal", axis)
    assert fig.layout.template.layout.separators == ",."
    assert list(fig.layout.template.layout.colorway) == charts.PALETTE
    assert fig.layout.yaxis.title.text == "Aantal"
    adviezen = next(t for t in fig.data if t.name == "Gestarte adviezen")
    values = dict(zip(adviezen.x, adviezen.y, strict=True))
    assert values["1e halfjaar 2019"] == 53145
    assert math.isnan(values["2e halfjaar 2022"])  # a gap stays a gap
    assert adviezen.connectgaps is False
    symbols = dict(zip(adviezen.x, adviezen.marker.symbol, strict=True))
    assert symbols["1e halfjaar 2025"] == "circle-open" and symbols["1e halfjaar 2019"] == "circle"
    hover = dict(zip(adviezen.x, adviezen.customdata, strict=True))
    assert "afgerond op 1.000-tallen" in hover["1e halfjaar 2024"]
    note = fig.layout.annotations[0].text
    assert note.startswith("Bron: ") and "Geraadpleegd 2025-12-03" in note
    assert "afgerond op duizendtallen" in note.replace("<br>", " ")
    assert fig.layout.xaxis.ticktext[0] == "1e hj<br>2019"


def test_series_view_bundle(totals: pd.DataFrame) -> None:
    shown = view.series_view(totals, "PV25", "Gelderland (provincie)", "jaar")
    assert shown.figure is not None
    assert shown.table.loc["2020", "Ontvangen meldingen"] == "9.225"
    assert shown.gaps == ["2021", "2022"]
    assert "Gelderland (provincie)" in shown.alt
    empty = view.series_view(totals, "GM0080", "Leeuwarden (gemeente)", "halfjaar")
    assert empty.figure is None and empty.table.empty


# -- breakdowns --------------------------------------------------------------------------------


def test_breakdown_rows_label_compound_and_measure_groups(vt: pd.DataFrame) -> None:
    veiligheid = view.breakdown_rows(vt, "vt_veiligheid")
    labels = set(veiligheid["label"])
    assert "Veiligheidsbeoordeling: Overdracht" in labels
    assert "Veiligheidstaxatie: Acute onveiligheid" in labels
    assert "Totaal" in labels
    eerder = view.breakdown_rows(vt, "vt_eerdere_betrokkenheid")
    assert set(eerder["measure"]) == {"Ontvangen meldingen", "Ontvangen meldingen (relatief)"}
    assert "Hermelding: totaal" in set(eerder["label"])


def test_breakdown_options_only_where_groups_exist(vt: pd.DataFrame) -> None:
    veiligheid = view.breakdown_rows(vt, "vt_veiligheid")
    # 84852NED offline has only the total for Nederland: not offered.
    assert "NL01" not in view.breakdown_regions(veiligheid)
    assert view.breakdown_periods(veiligheid, "PV25") == ["2023JJ00"]
    rol = view.breakdown_rows(vt, "vt_rol_functie")
    assert view.breakdown_periods(rol, "NL01") == ["2023JJ00", "2025HJ01"]
    assert view.latest(["2023JJ00", "2025HJ01"]) == "2025HJ01"
    assert view.latest(["2023HJ02", "2023JJ00"]) == "2023JJ00"
    assert view.default_measure(["Gestarte adviezen", "Ontvangen meldingen"]) == (
        "Ontvangen meldingen"
    )
    menu = view.menus(vt)
    assert next(iter(menu.tables)) == "Aard geweld (regio)"
    aard = menu.tables["Aard geweld (regio)"]
    assert aard.regions == {"Drenthe (provincie)": "PV22", "Drenthe (Veilig Thuis-regio)": "VT02"}
    assert aard.key("periode") == "vt_aard_geweld_periode"
    assert aard.default_region == "Drenthe (provincie)"
    rol = menu.tables["Melder: rol/functie (regio)"]
    assert rol.default_region == "Nederland"
    assert list(rol.periods) == ["2023", "1e halfjaar 2025"]
    assert rol.default_period("NL01") == "1e halfjaar 2025"
    assert rol.available("LD01") == {
        "1e halfjaar 2025": ["Gestarte adviezen", "Ontvangen meldingen"]
    }
    text = view.gap_text(rol, "LD01", "Noord-Nederland (landsdeel)", "2023", "Gestarte adviezen")
    assert text.endswith("Voor Noord-Nederland (landsdeel) wel: 1e halfjaar 2025.")


def test_breakdown_table_shares_and_unknown(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_aard_geweld")
    table = view.breakdown_table(rows, "Ontvangen meldingen", "PV22", "2023JJ00")
    by = table.set_index("label")
    # 84851NED Drenthe 2023: 1 060 of 1 905 meldingen on kindermishandeling = 55,6%.
    assert by.loc["Kindermishandeling", "value"] == 1060
    assert by.loc["Kindermishandeling", "share"] == pytest.approx(1060 / 1905)
    unknown = by.loc["Geen kindermishandeling/huiselijk geweld"]
    assert math.isnan(unknown["value"]) and unknown["flag"] == "."
    assert table["label"].iloc[-1] == "Totaal"
    shown = view.breakdown_display(table)
    assert shown.loc["Geen kindermishandeling/huiselijk geweld"].tolist() == [
        "onbekend (.)",
        "onbekend (.)",
        "voorlopig",
    ]
    assert shown.loc["Totaal", "Aandeel van het totaal"] == "100%"
    assert any("meer dan 100%" in n for n in view.breakdown_notes(table))


def test_breakdown_without_total_has_counts_only(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_aard_geweld_vt")
    table = view.breakdown_table(rows, "Ontvangen meldingen", "NL01", "2023JJ00")
    assert table["label"].tolist() == ["Aanvullende informatie: Mensenhandel"]
    assert not view.has_shares(table)
    assert view.chart_axis(table, "Ontvangen meldingen") == (False, "Ontvangen meldingen (aantal)")
    assert view.breakdown_display(table).columns.tolist() == ["Aantal", "Status"]
    assert "geen totaal" in view.breakdown_notes(table)[0]


def test_published_percentages_stay_as_published(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_adviesvragers")
    table = view.breakdown_table(rows, "Gestarte adviezen, aandeel (%)", "NL01", "2020HJ01")
    by = table.set_index("label")
    assert by.loc["Burger", "share"] == pytest.approx(0.429)
    assert view.breakdown_display(table).loc["Burger", "Aandeel (%)"] == "42,9%"


def test_breakdown_chart_bars_and_missing_groups(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_aard_geweld")
    table = view.breakdown_table(rows, "Ontvangen meldingen", "PV22", "2023JJ00")
    fig = breakdown.breakdown_chart(table, "Aard geweld", as_share=True)
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert "Totaal" not in bar.y  # the total is not a bar
    values = dict(zip(bar.y, bar.x, strict=True))
    assert values["Kindermishandeling"] == pytest.approx(100 * 1060 / 1905)
    assert math.isnan(values["Geen kindermishandeling/huiselijk<br>geweld"])
    assert bar.y[-1] == "Kindermishandeling"  # the biggest on top
    texts = dict(zip(bar.y, bar.text, strict=True))
    assert texts["Kindermishandeling"] == "55,6%*"
    notes = [a.text for a in fig.layout.annotations]
    assert "onbekend (.)" in notes  # named at zero, never drawn as 0
    assert notes[-1].startswith("Bron: CBS StatLine 84851NED")
    assert fig.layout.xaxis.title.text == "Aandeel van het totaal (%)"
    assert fig.layout.template.layout.separators == ",."


def test_breakdown_view_bundle(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_veiligheid")
    part = view.breakdown_view(
        rows, "Veiligheidsbeoordeling en -taxatie", "Ontvangen meldingen", "PV25",
        "Gelderland (provincie)", "2023JJ00",
    )  # fmt: skip
    assert part.display.loc["Veiligheidsbeoordeling: Overdracht", "Aantal"] == "4.335"
    assert part.display.loc["Veiligheidsbeoordeling: Overdracht", "Aandeel van het totaal"] == (
        "50,6%"
    )
    assert "Gelderland (provincie), 2023" in part.figure.layout.title.text
    assert any("2 indelingen" in n for n in part.notes)
    assert "Grootste groep: Veiligheidsbeoordeling: Overdracht (50,6%" in part.alt


def test_bundles_carry_the_tidy_rows_for_downloads(vt: pd.DataFrame, totals: pd.DataFrame) -> None:
    shown = view.series_view(totals, "NL01", "Nederland", "jaar")
    assert {"source", "retrieved", "status", "vintage"} <= set(shown.rows.columns)
    assert "priority" not in shown.rows.columns
    assert shown.rows["value"].max() == 143210
    rows = view.breakdown_rows(vt, "vt_aard_geweld")
    part = view.breakdown_view(
        rows, "Aard geweld (regio)", "Gestarte adviezen", "VT02", "Drenthe", "2023JJ00"
    )
    assert len(part.rows) == 8 and set(part.rows["region_code"]) == {"VT02"}


def test_breakdown_view_without_groups_has_no_chart(vt: pd.DataFrame) -> None:
    rows = view.breakdown_rows(vt, "vt_rol_functie")
    part = view.breakdown_view(
        rows, "Melder: rol/functie (regio)", "Gestarte adviezen", "LD01", "Noord", "2023JJ00"
    )
    assert part.figure is None and part.display.empty
