"""Briefingpakket page: lists the charts and builds a zip with every promised file."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_briefing_page_lists_the_charts_without_building() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/briefing.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Briefingpakket"
    titles = list(at.table[0].value["Grafiek"])
    assert any("Veilig Thuis" in t for t in titles)
    assert not at.get("download_button")  # nothing built before the click


def test_a_built_pack_is_offered_for_download() -> None:
    # The click itself is exercised in the real browser (tests/test_browser.py): AppTest
    # starts every run in Streamlit's folder-navigation mode, whose one-off switch to
    # st.navigation (ui._run_through_app) drops a button click.
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/briefing.py")
    at.session_state["brief_zip"] = b"PK"
    at.run()
    assert not at.exception
    assert at.get("download_button")[0].proto.label == "Download briefingpakket (zip)"
