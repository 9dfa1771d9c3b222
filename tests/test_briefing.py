"""The briefing pack: every promised file, memo sentences with sources in md and docx."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pandas as pd
import plotly.graph_objects as go
import pytest

from gia_stats.export import briefing, images
from gia_stats.export.csv import read_csv
from gia_stats.loaders import store

REPO_DATASETS = Path(__file__).resolve().parents[1] / "datasets"
MADE = date(2026, 11, 23)
NAMES = ["vt_per_jaar", "vt_per_halfjaar", "prevalentie_edities"]
STEMS = [f"{i:02d}_{n}" for i, n in enumerate(NAMES, 1)]
#: 84852NED (2020) and the 2022 letter's first release (2021).
KNOWN = (
    "In 2021 ontving Veilig Thuis 119.190 meldingen, 6,5% minder dan in 2020 (127.410). "
    "Het cijfer over 2021 komt uit de eerste publicatie; latere CBS-cijfers kunnen afwijken."
)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    # build() reads the committed curated files without writing the repository's cache.
    return store.build(REPO_DATASETS).frames


@pytest.fixture(scope="module")
def items(frames: dict[str, pd.DataFrame]) -> list[briefing.BriefingItem]:
    return briefing.default_items(frames)


@dataclass
class Pack:
    result: briefing.BriefingResult
    calls: list[tuple[int, int, str]]


@pytest.fixture(scope="module")
def pack(
    items: list[briefing.BriefingItem],
    tmp_path_factory: pytest.TempPathFactory,
    image_renderer: images.ImageRenderer,
) -> Pack:
    calls: list[tuple[int, int, str]] = []
    out = tmp_path_factory.mktemp("briefing") / "pakket"
    result = briefing.write_briefing(
        items,
        out,
        renderer=image_renderer,  # one browser for the whole pack (and all image tests)
        with_images=True,
        zip_pack=True,
        made=MADE,
        progress=lambda d, t, m: calls.append((d, t, m)),
    )
    return Pack(result, calls)


def test_default_items(items: list[briefing.BriefingItem]) -> None:
    assert [i.name for i in items] == NAMES
    assert [i.figure.layout.title.text for i in items[:2]] == [
        "Veilig Thuis, Nederland, per jaar",
        "Veilig Thuis, Nederland, per halfjaar",
    ]
    year = items[0].data
    meldingen = year[year["measure"] == "Ontvangen meldingen"].set_index("period_code")
    assert meldingen.loc["2020JJ00", "value"] == 127410.0
    assert set(year["region_code"]) == {"NL01"} and year["current"].all()
    # The axis keeps 2022 as a visible gap (no published national year figure offline).
    assert list(items[0].figure.data[0].x) == ["2020", "2021", "2022", "2023"]
    texts = [briefing.sentence_parts(s)[0] for s in items[0].sentences]
    assert any(t.startswith(KNOWN) for t in texts)
    half = [briefing.sentence_parts(s)[0] for s in items[1].sentences]
    assert half[0].startswith(
        "In het 1e halfjaar 2025 ontving Veilig Thuis 66.270 meldingen, ongeveer 4% meer dan "
        "in het 1e halfjaar 2024 (afgerond 64.000)."
    )
    prevalence = items[2].data.set_index(["indicator", "edition"])["estimate"]
    assert prevalence[("seksueel geweld / SGG totaal", 2020)] == 10.9
    assert prevalence[("SGG totaal", 2022)] == 12.7
    assert prevalence[("psychisch geweld in huiselijke kring", 2024)] == 5.9
    sentences = [briefing.sentence_parts(s)[0] for s in items[2].sentences]
    assert sentences[0].startswith(
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is volgens CBS "
        "vergelijkbaar met 2020 (afgerond 11 procent), maar lager dan in 2022 (afgerond 13 "
        "procent)."
    )


def test_pack_holds_every_promised_file(pack: Pack) -> None:
    out = pack.result.out_dir
    expected = {
        f"{stem}{suffix}"
        for stem in STEMS
        for suffix in (".png", ".svg", ".html", ".csv", "_excel-nl.csv")
    } | {"bouwstenen.md", "bouwstenen.docx", "README.md"}
    assert {p.name for p in out.iterdir()} == expected
    assert {p.name for p in pack.result.files} == expected
    assert all((out / name).stat().st_size > 0 for name in expected)
    assert pack.result.zip_path == out.parent / "pakket.zip"
    with zipfile.ZipFile(pack.result.zip_path) as archive:
        assert {Path(n).name for n in archive.namelist()} == expected
    assert (out / f"{STEMS[0]}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_counts_every_step(pack: Pack) -> None:
    total = pack.calls[0][1]
    assert [(d, t) for d, t, _ in pack.calls] == [(i, total) for i in range(1, total + 1)]
    assert total == 3 * 5 + 3 + 1  # per chart 2 CSV + HTML + PNG + SVG; md, docx, readme; zip
    assert pack.calls[-1][2] == "pakket.zip"


def test_docx_opens_and_holds_the_sentences(pack: Pack) -> None:
    document = docx.Document(str(pack.result.out_dir / "bouwstenen.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith(KNOWN) and "Bron" in p for p in paragraphs)
    assert "1. Veilig Thuis, Nederland, per jaar" in paragraphs
    assert any(p.startswith("Let op: ") for p in paragraphs)
    assert len(document.inline_shapes) == 3  # the three charts, ready to paste


def test_markdown_and_colofon(pack: Pack) -> None:
    md = (pack.result.out_dir / "bouwstenen.md").read_text("utf-8")
    assert f"- {KNOWN}" in md
    assert "Gemaakt op 23 november 2026" in md
    readme = (pack.result.out_dir / "README.md").read_text("utf-8")
    assert "Gemaakt op 23 november 2026 (2026-11-23)" in readme
    assert "CC BY 4.0" in readme
    assert "84852NED (Veiligheidstaxatie=Totaal, Veiligheidsbeoordeling=Totaal)" in readme
    assert "Prevalentiemonitor 2024 (CBS/WODC official)" in readme
    assert f"`{STEMS[0]}_excel-nl.csv`" in readme


@pytest.mark.parametrize("dialect", ["standard", "excel-nl"])
def test_csv_behind_the_chart(pack: Pack, dialect: str) -> None:
    suffix = "" if dialect == "standard" else "_excel-nl"
    data = (pack.result.out_dir / f"{STEMS[0]}{suffix}.csv").read_bytes()
    frame = read_csv(data, dialect).set_index(["Maat", "Periodecode"])
    assert frame.loc[("Ontvangen meldingen", "2020JJ00"), "Waarde"] == 127410.0
    assert frame.loc[("Gestarte adviezen", "2021JJ00"), "Waarde"] == 133645.0
    assert frame.loc[("Ontvangen meldingen", "2020JJ00"), "Geraadpleegd"] == "2025-12-03"


def test_pack_without_chromium(
    items: list[briefing.BriefingItem], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "geen-chromium"))
    result = briefing.write_briefing(items, tmp_path / "zonder", made=MADE)
    assert not result.images
    names = {p.name for p in result.files}
    assert not any(n.endswith((".png", ".svg")) for n in names)
    assert f"{STEMS[2]}.html" in names and "bouwstenen.docx" in names
    readme = (tmp_path / "zonder" / "README.md").read_text("utf-8")
    assert images.NO_CHROMIUM in readme
    assert len(docx.Document(str(tmp_path / "zonder" / "bouwstenen.docx")).inline_shapes) == 0


def test_a_chart_without_source_stops_the_pack(tmp_path: Path) -> None:
    bare = go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "Zonder bron"}})
    item = briefing.BriefingItem("x", "Zonder bron", bare, pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="bronregel"):
        briefing.write_briefing([item], tmp_path / "p", with_images=False)
    assert not (tmp_path / "p").exists()


def test_plain_sentences_get_their_source() -> None:
    text, sources, warnings = briefing.sentence_parts(("Het aantal steeg.", "CBS"))
    assert (text, sources, warnings) == ("Het aantal steeg. Bron: CBS.", ("CBS",), ())
