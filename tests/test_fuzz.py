"""Fuzzing: the curated CSV reader and the sentence generator raise only documented errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia_stats.loaders import curated, store
from gia_stats.metrics.sentences import count_sentence
from gia_stats.periods import PeriodError

REPO_CURATED = Path(__file__).resolve().parents[1] / "datasets" / "curated"
GOOD = (REPO_CURATED / "vt_kerncijfers.csv").read_bytes()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def vt() -> pd.DataFrame:
    return store.load()["veilig_thuis"]


def _mutate(data: bytes, at: float, cut: float, insert: bytes) -> bytes:
    i = int(len(data) * at)
    j = min(len(data), i + int(len(data) * cut * 0.05))
    return data[:i] + insert + data[j:]


@FUZZ
@given(
    at=st.floats(0, 1),
    cut=st.floats(0, 1),
    insert=st.binary(max_size=40)
    | st.sampled_from([b",", b";", b'"', b"\n", b"\x00", b"=1+1", b"-", b"\xef\xbb\xbf", b"."]),
)
def test_curated_reader_raises_only_curated_error(
    tmp_path_factory: pytest.TempPathFactory, at: float, cut: float, insert: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(REPO_CURATED / "vt_kerncijfers.meta.json", folder)
    path = folder / "vt_kerncijfers.csv"
    path.write_bytes(_mutate(GOOD, at, cut, insert))
    try:
        table = curated.read(path)
    except curated.CuratedError as exc:
        assert exc.file and str(exc)  # names the file, and says what is wrong
    else:
        counts = table.frame[table.frame["unit"] == "aantal"]["value"].dropna()
        assert (counts >= 0).all()  # what passed validation obeys it


_codes = st.sampled_from(["NL01", "PV20", "LD01", "VT02", "GM0014"]) | st.text(max_size=12)
_periods = st.sampled_from(["2020", "2021", "2021-H1", "2025HJ01", "2023JJ00"]) | st.text(
    max_size=12
)
_measures = st.sampled_from(["Ontvangen meldingen", "Gestarte adviezen"]) | st.text(max_size=20)


@FUZZ
@given(measure=_measures, region=_codes, period=_periods, base=_periods)
def test_sentence_generator_raises_only_period_error(
    vt: pd.DataFrame, measure: str, region: str, period: str, base: str
) -> None:
    try:
        sentence = count_sentence(vt, measure, region, period, base)
    except PeriodError:
        return  # documented: an unknown period code
    assert sentence.text.endswith(".")
    assert " 0 " not in f" {sentence.text} " or measure not in ("Ontvangen meldingen",)
