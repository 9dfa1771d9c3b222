"""Prevalence dot plots: editions per indicator and groups, with real Prevalentiemonitor figures."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from gia_stats import catalog
from gia_stats.charts import HOUSE, PALETTE
from gia_stats.charts import prevalence as charts
from gia_stats.loaders import store
from gia_stats.views import prevalentie as view

SOURCE = catalog.get("prevalentie").source
BREAK_EDITION, BREAK_NOTE = view.questionnaire_break(catalog.get("prevalentie").notes)


@pytest.fixture(scope="module")
def prevalence() -> pd.DataFrame:
    return store.load()["prevalentie"]


@pytest.fixture(scope="module")
def overview(prevalence: pd.DataFrame) -> pd.DataFrame:
    return view.edition_overview(prevalence)


def _editions_chart(overview: pd.DataFrame) -> go.Figure:
    return charts.editions_chart(
        overview,
        "Jaarprevalentie per vorm van geweld",
        source=SOURCE,
        editions=[2020, 2022, 2024],
        break_edition=BREAK_EDITION,
        break_note=BREAK_NOTE,
    )


def _data_traces(fig: go.Figure) -> dict[str, go.Scatter]:
    """The traces with points, by legend group (the edition)."""
    return {t.legendgroup: t for t in fig.data if t.x is not None and t.x[0] is not None}


def _point(trace: go.Scatter, category: str) -> tuple[float, str]:
    i = list(trace.y).index(category)
    return trace.x[i], trace.marker.symbol[i]


def _note(fig: go.Figure) -> str:
    return str(fig.layout.annotations[0].text).replace("<br>", " ")


def test_editions_chart_shows_the_published_estimates(overview: pd.DataFrame) -> None:
    fig = _editions_chart(overview)
    traces = _data_traces(fig)
    assert set(traces) == {"2020", "2022", "2024"}
    # SGG totaal: 10,9% (2020, one decimal, chosen over the whole-percent 11), 12,7% (2022),
    # 12% (2024, whole percents): CBS news 2023/02 and 2024/48.
    assert _point(traces["2020"], "SGG totaal") == (10.9, "circle")
    assert _point(traces["2022"], "SGG totaal")[0] == 12.7
    assert _point(traces["2024"], "SGG totaal")[0] == 12.0
    # Psychisch geweld exists only in 2024 (new form): no dot in 2020, never a zero.
    assert "psychisch geweld in huiselijke kring" not in list(traces["2020"].y)
    assert _point(traces["2024"], "psychisch geweld in huiselijke kring")[0] == 5.9
    # Fysiek geweld 2022 is a third party quoting CBS: an open symbol.
    assert _point(traces["2022"], "fysiek geweld in huiselijke kring") == (4.0, "diamond-open")


def test_editions_chart_house_style_title_axes_and_source(overview: pd.DataFrame) -> None:
    fig = _editions_chart(overview)
    assert fig.layout.template.layout.separators == HOUSE.layout.separators == ",."
    assert fig.layout.title.text == "Jaarprevalentie per vorm van geweld"
    assert "16-plussers" in fig.layout.xaxis.title.text
    assert fig.layout.xaxis.ticksuffix == "%"
    assert list(fig.layout.yaxis.categoryarray[:2]) == ["SGG totaal", "huiselijk geweld totaal"]
    note = _note(fig)
    assert note.startswith("Bron: CBS/WODC, Prevalentiemonitor")
    assert "Geraadpleegd 2025-12-03" in note
    assert "deels geciteerd door derden of media" in note
    # Editions keep their colour across charts; the legend names the new questionnaire.
    legend = {t.name: t.marker.color for t in fig.data if t.showlegend is not False}
    assert legend["2020"] == PALETTE[0]
    assert legend["2024 (nieuwe vragenlijst)"] == PALETTE[2]
    assert "Bron: derde citeert CBS" in legend


def test_no_margins_means_no_error_bars_and_a_note_that_says_so(overview: pd.DataFrame) -> None:
    fig = _editions_chart(overview)
    assert all(t.error_x.array is None for t in fig.data)
    note = _note(fig)
    assert charts.NO_MARGINS_NOTE in note
    assert charts.ROUNDED_NOTE in note
    assert "Let op: 2024: nieuwe vragenlijst" in note and "breuk in de reeksen" in note


def test_published_margins_become_error_bars_only_where_given(overview: pd.DataFrame) -> None:
    with_ci = overview.copy()
    row = (with_ci["indicator"] == "SGG totaal") & (with_ci["edition"] == 2022)
    with_ci.loc[row, ["ci_low", "ci_high"]] = [12.1, 13.4]
    fig = _editions_chart(with_ci)
    trace = _data_traces(fig)["2022"]
    i = list(trace.y).index("SGG totaal")
    assert trace.error_x.array[i] == pytest.approx(0.7)
    assert trace.error_x.arrayminus[i] == pytest.approx(0.6)
    j = list(trace.y).index("offline seksuele intimidatie")
    assert math.isnan(trace.error_x.array[j])  # no margin published: no bar
    assert _data_traces(fig)["2020"].error_x.array is None
    assert charts.SOME_MARGINS_NOTE in _note(fig)


def test_groups_chart_draws_the_preferred_figure_and_keeps_group_order(
    prevalence: pd.DataFrame,
) -> None:
    rows = view.group_rows(prevalence, "online seksuele intimidatie", "geslacht")
    fig = charts.groups_chart(rows, "Online seksuele intimidatie naar geslacht", source=SOURCE)
    traces = _data_traces(fig)
    assert set(traces) == {"2020"}
    # 2020: CBS 4,1% (men) and 6,7% (women); the whole-percent quotes (4, 7) by a third
    # party stay in the table, not as a second dot.
    assert list(traces["2020"].x) == [4.1, 6.7]
    assert list(traces["2020"].y) == ["mannen", "vrouwen"]
    assert list(fig.layout.yaxis.categoryarray) == ["mannen", "vrouwen"]
    assert "% van de groep" in fig.layout.xaxis.title.text


def test_groups_chart_marks_media_figures_and_the_2024_break(prevalence: pd.DataFrame) -> None:
    rows = view.group_rows(prevalence, "SGG totaal", "geslacht")
    fig = charts.groups_chart(
        rows,
        "SGG naar geslacht",
        source=SOURCE,
        editions=[2020, 2022, 2024],
        break_edition=BREAK_EDITION,
        break_note=BREAK_NOTE,
    )
    trace = _data_traces(fig)["2024"]
    # Hart van Nederland (ANP) quoting CBS: men 7%, women 16%, whole percents.
    assert list(trace.x) == [7.0, 16.0]
    assert list(trace.marker.symbol) == ["square-open", "square-open"]
    assert trace.marker.color == PALETTE[2]  # 2024 keeps its colour with one edition shown
    assert "afgerond 16%" in [c[0] for c in trace.customdata]
    assert "Let op: 2024" in _note(fig)


def test_missing_estimates_are_left_out_not_drawn_as_zero() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["a", "a"],
            "edition": [2020, 2022],
            "estimate": [math.nan, 5.0],
            "ci_low": [math.nan, math.nan],
            "ci_high": [math.nan, math.nan],
            "label": ["geen gegevens", "5,0%"],
            "precision": ["", "1 decimal"],
            "vintage": ["officieel (CBS/WODC)"] * 2,
            "retrieved": ["2025-12-03"] * 2,
        }
    )
    fig = charts.editions_chart(frame, "t", source="CBS", editions=[2020, 2022])
    traces = _data_traces(fig)
    assert set(traces) == {"2022"}
    assert 0 not in list(traces["2022"].x)
    # Only official figures: no source-type legend.
    assert not any(str(t.name).startswith("Bron:") for t in fig.data)


@pytest.mark.parametrize(
    ("vintage", "kind"),
    [
        ("officieel (CBS/WODC)", "officieel"),
        ("derde citeert CBS", "derde"),
        ("media citeren CBS", "media"),
        ("", "derde"),
    ],
)
def test_source_kind(vintage: str, kind: str) -> None:
    assert charts.source_kind(vintage) == kind
