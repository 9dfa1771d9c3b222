"""Headless UI tests with streamlit.testing.v1.AppTest: every page renders its key figure."""

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


def test_veilig_thuis_page_yearly_shows_2020_meldingen() -> None:
    at = _run(periode="jaar")
    assert not at.exception
    assert at.title[0].value == "Veilig Thuis: adviesvragen en meldingen"
    table = at.table[0].value
    # 84852NED: Ontvangen meldingen 2020 = 127 410, written the Dutch way.
    assert table.loc["2020", "Ontvangen meldingen"] == "127.410"
    # No national adviezen for 2020 or 2022 offline: a visible gap, never 0.
    assert table.loc["2022", "Gestarte adviezen"] == "geen gegevens"
    assert table.loc["2020", "Gestarte adviezen"] == "geen gegevens"


def test_half_year_is_the_default_and_widget_switches() -> None:
    at = _run()
    assert not at.exception
    table = at.table[0].value
    # Impactmonitor 2022: 53 145 gestarte adviezen in the first half of 2019 (revised).
    assert table.loc["1e halfjaar 2019", "Gestarte adviezen"] == "53.145"
    at.segmented_control(key="periode").set_value("jaar").run()
    assert "2020" in at.table[0].value.index


def test_banner_says_offline_snapshot_and_latest_period() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    banner = at.sidebar.info[0].value
    # Latest national figure offline: 84849NED, 1e halfjaar 2025* (84.935 adviezen).
    assert "Offline momentopname" in banner and "1e halfjaar 2025" in banner
    assert at.sidebar.button(key="ververs").label == "CBS-cijfers verversen"
