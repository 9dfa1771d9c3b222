"""Headless UI tests with streamlit.testing.v1.AppTest: the Veilig Thuis page and the banner."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _run(page: str = "pages/veilig_thuis.py", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def _series(at: AppTest):  # type: ignore[no-untyped-def]
    # The first table on the page: the series beside the chart (also in the chart's expander).
    assert at.table[0].value.equals(at.table[1].value)
    return at.table[0].value


def test_veilig_thuis_page_yearly_shows_2020_meldingen() -> None:
    at = _run(periode="jaar")
    assert not at.exception
    assert at.title[0].value == "Veilig Thuis: adviesvragen en meldingen"
    table = _series(at)
    # 84852NED: Ontvangen meldingen 2020 = 127 410, written the Dutch way.
    assert table.loc["2020", "Ontvangen meldingen"] == "127.410"
    # No national adviezen for 2020 or 2022 offline: a visible gap, never 0.
    assert table.loc["2022", "Gestarte adviezen"] == "geen gegevens"
    assert table.loc["2020", "Gestarte adviezen"] == "geen gegevens"
    # 2021 as first published (Kamerbrief 2022); 2023 provisional (84849NED), marked *.
    assert table.loc["2021", "Gestarte adviezen"] == "133.645"
    assert table.loc["2023", "Ontvangen meldingen"] == "127.340*"


def test_half_year_is_the_default_and_widget_switches() -> None:
    at = _run()
    assert not at.exception
    table = _series(at)
    # Impactmonitor 2022: 53 145 gestarte adviezen in the first half of 2019 (revised).
    assert table.loc["1e halfjaar 2019", "Gestarte adviezen"] == "53.145"
    # 2024-H1 only as CBS news rounded to thousands ("75 duizend"), provisional.
    assert table.loc["1e halfjaar 2024", "Gestarte adviezen"] == "ca. 75.000*"
    at.segmented_control(key="periode").set_value("jaar").run()
    assert "2020" in _series(at).index


def test_every_chart_has_alt_text_and_a_data_table() -> None:
    at = _run()
    captions = [c.value for c in at.caption if c.value.startswith("Beschrijving:")]
    assert len(captions) == 2  # the series and the breakdown
    assert "1e halfjaar 2019 tot en met 1e halfjaar 2025" in captions[0]
    assert [e.label for e in at.expander][:1] == ["Tabel bij de grafiek"]


def test_vintages_of_each_figure_are_listed() -> None:
    at = _run()
    vintages = at.table[2].value.reset_index()
    h1_2019 = vintages[
        (vintages["Periode"] == "1e halfjaar 2019") & (vintages["Maat"] == "Gestarte adviezen")
    ]
    # First release 53 080 (NJI, provisional) beside the revised 53 145 that is shown.
    assert dict(zip(h1_2019["Cijfer"], h1_2019["Getoond"], strict=True)) == {
        "53.145": "ja",
        "53.080*": "nee",
    }
    at.segmented_control(key="periode").set_value("jaar").run()
    vintages = at.table[2].value.reset_index()
    row = vintages[(vintages["Periode"] == "2021") & (vintages["Maat"] == "Gestarte adviezen")]
    assert row["Cijfer"].tolist() == ["133.645"]
    assert "eerste publicatie" in row["Versie"].iloc[0]
    # The CBS half-years of 2021 beside the first-release year, not added up.
    assert "67.545" in row["Opmerking"].iloc[0] and "66.625" in row["Opmerking"].iloc[0]


def test_region_choice_shows_a_regional_series() -> None:
    at = _run(periode="jaar")
    at.selectbox(key="vt_regio").set_value("Gelderland (provincie)").run()
    assert not at.exception
    table = _series(at)
    # 84852NED: Gelderland 9 225 meldingen in 2020, 8 565 (provisional) in 2023.
    assert table.loc["2020", "Ontvangen meldingen"] == "9.225"
    assert table.loc["2023", "Ontvangen meldingen"] == "8.565*"
    assert table.loc["2021", "Ontvangen meldingen"] == "geen gegevens"


def test_region_from_the_link() -> None:
    at = _run(periode="halfjaar", vt_regio="West-Nederland (landsdeel)")
    assert not at.exception
    assert at.selectbox(key="vt_regio").value == "West-Nederland (landsdeel)"
    # 84852NED: West-Nederland 35 140 meldingen in the first half of 2020.
    assert _series(at).loc["1e halfjaar 2020", "Ontvangen meldingen"] == "35.140"


def test_nonsense_parameters_fall_back_without_exception() -> None:
    at = _run(
        periode="eeuw", vt_regio="XX99", vt_uitsplitsing="<script>", vt_aard_geweld_periode="1999"
    )
    assert not at.exception
    assert at.selectbox(key="vt_regio").value == "Nederland"
    assert at.selectbox(key="vt_uitsplitsing").value == "Aard geweld (regio)"
    assert at.selectbox(key="vt_aard_geweld_periode").value == "2023"
    assert _series(at).loc["1e halfjaar 2019", "Gestarte adviezen"] == "53.145"
    assert len(at.toast) == 4


def test_breakdown_shows_groups_shares_and_unknown_cells() -> None:
    at = _run()
    assert not at.exception
    # Default: aard geweld (84851NED), Drenthe 2023, ontvangen meldingen.
    table = at.table[-1].value
    assert table.loc["Kindermishandeling", "Aantal"] == "1.060"
    assert table.loc["Kindermishandeling", "Aandeel van het totaal"] == "55,6%"
    assert table.loc["Geen kindermishandeling/huiselijk geweld", "Aantal"] == "onbekend (.)"
    assert table.loc["Totaal", "Aantal"] == "1.905"


def test_breakdown_widgets_by_key() -> None:
    at = _run(vt_uitsplitsing="Melder: rol/functie (regio)")
    assert not at.exception
    assert at.selectbox(key="vt_rol_functie_regio").value == "Nederland"
    # The latest period by default: 1e halfjaar 2025 (84849NED).
    assert at.selectbox(key="vt_rol_functie_periode").value == "1e halfjaar 2025"
    assert at.table[-1].value.loc["Beroepsmatig totaal", "Aandeel van het totaal"] == "91,5%"
    at.selectbox(key="vt_rol_functie_periode").set_value("2023").run()
    at.selectbox(key="vt_rol_functie_maat").set_value("Gestarte adviezen").run()
    assert not at.exception
    table = at.table[-1].value
    assert table.loc["Niet beroepsmatig totaal", "Aantal"] == "63.200"
    assert table.loc["Totaal", "Aantal"] == "143.210"
    # A region without that period in this table: said so, with where there is data.
    at.selectbox(key="vt_rol_functie_regio").set_value("Noord-Nederland (landsdeel)").run()
    assert not at.exception
    info = at.main.info[-1].value
    assert info.startswith(
        "Geen gegevens voor gestarte adviezen, Noord-Nederland (landsdeel), 2023"
    )
    assert "1e halfjaar 2025" in info
    # Each table keeps its own selections: another table starts at its own defaults.
    at.selectbox(key="vt_uitsplitsing").set_value("Eerdere betrokkenheid").run()
    assert not at.exception
    assert at.selectbox(key="vt_eerdere_betrokkenheid_periode").value == "2023"
    assert at.table[-1].value.loc["Hermelding: totaal", "Aandeel van het totaal"] == "38,1%"
    at.selectbox(key="vt_uitsplitsing").set_value("Aard geweld (regio)").run()
    assert not at.exception
    assert at.selectbox(key="vt_aard_geweld_regio").value == "Drenthe (provincie)"


def test_published_shares_of_adviesvragers() -> None:
    at = _run(vt_uitsplitsing="Adviesvragers (aandeel)")
    assert not at.exception
    table = at.table[-1].value
    # Impactmonitor 2022, figuur 4.2: burgers 42,8% of gestarte adviezen, 1e halfjaar 2022.
    assert table.loc["Burger", "Aandeel (%)"] == "42,8%"


def test_banner_says_offline_snapshot_and_latest_period() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    banner = at.sidebar.info[0].value
    # Latest national figure offline: 84849NED, 1e halfjaar 2025* (84.935 adviezen).
    assert "Offline momentopname" in banner and "1e halfjaar 2025" in banner
    assert at.sidebar.button(key="ververs").label == "CBS-cijfers verversen"
