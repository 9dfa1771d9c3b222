"""Hostile links: any query-parameter value falls back to defaults; no file is read by name."""

from __future__ import annotations

import builtins
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

#: The selection keys each page binds to the URL.
PAGE_KEYS = {
    "pages/overzicht.py": ["ovz_vergelijking"],
    "pages/veilig_thuis.py": ["periode", "vt_regio", "vt_uitsplitsing"],
    "pages/regios.py": ["reg_niveau", "reg_maat", "reg_periode", "reg_vergelijk", "reg_schaal",
                        "reg_regio"],
    "pages/prevalentie.py": ["prev_indicator", "prev_editie", "prev_uitsplitsing"],
    "pages/bronnen.py": [],
    "pages/briefing.py": [],
}  # fmt: skip

HOSTILE = [
    "../../etc/passwd",
    "/etc/passwd",
    "x" * 5000,
    "💥\u202e\u0007",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "",
]


def _run(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened while the app runs."""
    names: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> io.IOBase:
        names.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(builtins, "open", spy)
    return names


@pytest.mark.parametrize("page", sorted(PAGE_KEYS))
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_fall_back(page: str, value: str, opened: list[str]) -> None:
    keys = PAGE_KEYS[page] or ["onbekend"]
    at = _run(page, dict.fromkeys(keys, value))
    assert not at.exception, at.exception
    assert at.title, "page rendered no title"
    assert not any("passwd" in name for name in opened)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(PAGE_KEYS["pages/regios.py"]), st.text(max_size=60)))
def test_random_regios_links_never_crash(params: dict[str, str]) -> None:
    at = _run("pages/regios.py", params)
    assert not at.exception, (params, at.exception)
