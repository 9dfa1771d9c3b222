"""A broken curated file: the app still serves every other dataset and warns on the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")


@pytest.fixture
def broken_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", target, ignore=shutil.ignore_patterns("cache"))
    bad = target / "curated" / "prevalentie.csv"
    # A cell turned into a formula by hand-editing in a spreadsheet.
    text = bad.read_text("utf-8")
    first_row = text.splitlines()[1]
    bad.write_text(text.replace(first_row, "=1+1" + first_row, 1), "utf-8")
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(target))
    return target


def test_prevalence_page_warns_and_vt_page_still_serves(broken_data: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/prevalentie.py")
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "prevalentie" in warnings and "prevalentie.csv" in warnings and "=1+1" in warnings

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["periode"] = "jaar"
    at.switch_page("pages/veilig_thuis.py")
    at.run()
    assert not at.exception
    assert not [w for w in at.warning if "prevalentie" in w.value]
    tables = " ".join(t.value.to_string() for t in at.table)
    assert "127.410" in tables  # 84852NED meldingen 2020, unaffected
