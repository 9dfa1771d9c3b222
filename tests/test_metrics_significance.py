"""Survey and count tests against statsmodels/scipy, and CBS's own verdicts reproduced."""

import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.proportion import test_proportions_2indep as sm_proportions_2indep
from statsmodels.stats.rates import test_poisson_2indep as sm_poisson_2indep

from gia_stats.metrics import prevalence as pv
from gia_stats.metrics import significance as sig
from gia_stats.metrics.prevalence import compare_groups, reproduce_statements
from gia_stats.metrics.significance import (
    BINNEN,
    GEEN,
    GROTER,
    HOGER,
    LAGER,
    NIET_TOETSBAAR,
    Estimate,
    compare_counts,
    compare_estimates,
    compare_proportions,
    holm,
    se_from_ci,
    se_from_n,
)
from gia_stats.schema import PREVALENCE_SCHEMA, conform

# --- Prevalence figures as published (shared/data/prevalence/headline_prevalence.csv) -------
NIC_2021 = "https://longreads.cbs.nl/nederland-in-cijfers-2021/hoeveel-mensen-zijn-slachtoffer-van-huiselijk-geweld/"
PHGSG_2020 = (
    "https://longreads.cbs.nl/phgsg-2020/totaal-huiselijk-geweld-en-totaal-seksueel-geweld/"
)
NEWS_2023_02 = "https://www.cbs.nl/nl-nl/nieuws/2023/02/helft-jonge-vrouwen-slachtoffer-seksueel-grensoverschrijdend-gedrag-in-2022"
NEWS_2021_38 = "https://www.cbs.nl/nl-nl/nieuws/2021/38/ruim-750-duizend-slachtoffers-van-online-seksuele-intimidatie"
IMPACT_2022 = "https://www.cbs.nl/nl-nl/longread/rapportages/2022/impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022/3-omvang-aard-en-kenmerken"
NEWS_2024_48 = "https://www.cbs.nl/en-gb/news/2024/48/over-1-7-million-victims-of-sexually-transgressive-behaviour"
FAQ_2022 = "https://www.cbs.nl/nl-nl/faq/emancipatie/hoeveel-mannen-en-vrouwen-hebben-te-maken-met-huiselijk-geweld-"
WODC_2023 = "https://www.wodc.nl/actueel/nieuws/2023/01/13/seksueel-grensoverschrijdend-gedrag-toegenomen-in-afgelopen-twee-jaar"
BLIK_2025 = "https://www.blikopnieuws.nl/nieuws/304925/ruim-870-duizend-slachtoffers-van-psychisch-geweld.html"


def prev(edition: int, indicator: str, estimate: float, precision: str, url: str,
         breakdown: str = "total", group: str = "16+") -> dict[str, Any]:  # fmt: skip
    return {
        "dataset": "prevalentie",
        "edition": edition,
        "indicator": indicator,
        "breakdown": breakdown,
        "group": group,
        "estimate": estimate,
        "precision": precision,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "n_respondents": math.nan,
        "count_as_published": "",
        "cbs_statement": "",
        "source": "CBS/WODC",
        "source_url": url,
        "retrieved": "2025-11-01",
        "vintage": "",
        "note": "",
    }


HG_2020 = "huiselijk geweld totaal (excl. verbale agressie)"  # the 2020 name of the total
HG = "huiselijk geweld totaal"
SGG_2020 = "seksueel geweld / SGG totaal"  # the 2020 name of SGG
OFFLINE_2020 = "offline (niet-fysieke) seksuele intimidatie"
OFFLINE, ONLINE, FYSIEK = (
    "offline seksuele intimidatie",
    "online seksuele intimidatie",
    "fysiek seksueel geweld",
)
PSYCHISCH = "psychisch geweld in huiselijke kring"
DEC, INT = "1 decimal", "integer"

PREVALENCE = conform(
    pd.DataFrame(
        [
            prev(2020, HG_2020, 8.3, DEC, NIC_2021),
            prev(2020, HG_2020, 8, INT, PHGSG_2020),
            prev(2020, SGG_2020, 10.9, DEC, NEWS_2023_02),
            prev(2020, SGG_2020, 11, INT, PHGSG_2020),
            prev(2020, OFFLINE_2020, 6.8, DEC, NEWS_2023_02),
            prev(2020, ONLINE, 5.4, DEC, NEWS_2021_38),
            prev(2020, FYSIEK, 3.3, DEC, NEWS_2023_02),
            prev(2022, HG_2020, 9, INT, IMPACT_2022),
            prev(2022, "SGG totaal", 12.7, DEC, NEWS_2023_02),
            prev(2022, OFFLINE, 8.7, DEC, NEWS_2023_02),
            prev(2022, ONLINE, 6.4, DEC, NEWS_2023_02),
            prev(2022, FYSIEK, 3.5, DEC, NEWS_2023_02),
            prev(2024, "SGG totaal", 12, INT, NEWS_2024_48),
            prev(2024, OFFLINE, 8.1, DEC, NEWS_2024_48),
            prev(2024, ONLINE, 5.2, DEC, NEWS_2024_48),
            prev(2024, FYSIEK, 3.5, DEC, NEWS_2024_48),
            prev(2024, HG, 9, INT, NEWS_2024_48),
            prev(2024, PSYCHISCH, 5.9, DEC, NEWS_2024_48),
            # Breakdowns (shared/data/prevalence/breakdowns.csv): no n per group published.
            prev(2020, HG, 9.2, DEC, NIC_2021, "geslacht", "vrouwen"),
            prev(2020, HG, 7.3, DEC, NIC_2021, "geslacht", "mannen"),
            prev(2022, HG, 10, INT, FAQ_2022, "geslacht", "vrouwen"),
            prev(2022, HG, 8, INT, FAQ_2022, "geslacht", "mannen"),
        ]
    ),
    PREVALENCE_SCHEMA,
)

# shared/data/prevalence/significance_statements.csv (statements shortened where marked …).
_STATEMENT_ROWS = [
    ("2022 vs 2020", "SGG totaal", "increase", WODC_2023,
     '"Dat aantal is fors toegenomen vergeleken met 2020"'),
    ("2022 vs 2020", "offline + online seksuele intimidatie", "increase", WODC_2023,
     '"De stijging komt vooral door de toegenomen rapportage van offline en online seksuele'
     ' intimidatie"'),
    ("2022 vs 2020", FYSIEK, "no clear change", NEWS_2023_02,
     '"het percentage slachtoffers van fysiek seksueel geweld veranderde nauwelijks"'),
    ("2022 vs 2020", HG, "no change", WODC_2023,
     '"… is in vergelijking met 2020 gelijk gebleven"'),
    ("2024 vs 2022", "SGG totaal", "decrease", NEWS_2024_48, '"This was lower than in 2022"'),
    ("2024 vs 2020", "SGG totaal", "no change", NEWS_2024_48,
     '"approximately equal to the number in 2020"'),
    ("2024 vs 2020", OFFLINE, "increase", NEWS_2024_48,
     '"The percentage of offline sexual harassment victims alone was higher in 2024 than it'
     ' was in 2020"'),
    ("2024 vs 2022/2020", HG, "no change", NEWS_2024_48, '"similar to the number in 2022"'),
    ("2024 vs 2022/2020", PSYCHISCH, "no change", BLIK_2025,
     '"ongeveer evenveel als in 2020 en 2022"'),
]  # fmt: skip
STATEMENTS = pd.DataFrame(
    [(c, i, s, d, u) for c, i, d, u, s in _STATEMENT_ROWS],
    columns=["comparison", "indicator", "cbs_statement_as_published", "direction", "source_url"],
)


# --- compare_proportions against statsmodels and scipy ---------------------------------


@pytest.mark.parametrize(
    ("count_early", "n_early", "count_late", "n_late"),
    [(3_270, 30_000, 3_048, 24_000), (1_000, 30_000, 1_010, 25_000), (40, 200, 20, 150)],
)
def test_matches_statsmodels_wald_test(
    count_early: int, n_early: int, count_late: int, n_late: int
) -> None:
    # Reference: statsmodels.stats.proportion.test_proportions_2indep(count_late, n_late,
    #   count_early, n_early, method="wald", compare="diff", correction=False): its diff is
    #   (first − second), so the later edition goes first to match p2 − p1.
    reference = sm_proportions_2indep(
        count_late, n_late, count_early, n_early, method="wald", compare="diff", correction=False
    )
    # confint_proportions_2indep(..., method="wald", compare="diff"): the 95% interval.
    low, high = confint_proportions_2indep(
        count_late, n_late, count_early, n_early, method="wald", compare="diff"
    )
    p1, p2 = count_early / n_early, count_late / n_late
    ours = compare_proportions(
        p1, math.sqrt(p1 * (1 - p1) / n_early), p2, math.sqrt(p2 * (1 - p2) / n_late)
    )
    assert ours.z == pytest.approx(reference.statistic, abs=1e-9)
    assert ours.p_value == pytest.approx(reference.pvalue, abs=1e-9)
    assert ours.difference == pytest.approx(reference.diff, abs=1e-12)
    assert ours.ci_low == pytest.approx(low, abs=1e-9)
    assert ours.ci_high == pytest.approx(high, abs=1e-9)


def test_matches_scipy_norm_by_hand() -> None:
    # z = (0.127 − 0.109) / √(0.002² + 0.0025²); p = 2 · scipy.stats.norm.sf(|z|)
    z = (0.127 - 0.109) / math.sqrt(0.002**2 + 0.0025**2)
    result = compare_proportions(0.109, 0.002, 0.127, 0.0025)
    assert result.z == pytest.approx(z, abs=1e-12)
    assert result.z == pytest.approx(5.6222554, abs=1e-6)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(z), abs=1e-15)
    assert result.verdict == HOGER
    half = stats.norm.ppf(0.975) * math.sqrt(0.002**2 + 0.0025**2)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.018 - half, 0.018 + half), abs=1e-12)
    assert result.method.startswith("z-toets")
    assert "edities zijn onafhankelijke steekproeven" in result.assumptions


def test_verdict_direction_is_later_against_earlier() -> None:
    assert compare_proportions(0.127, 0.002, 0.109, 0.002).verdict == LAGER
    assert compare_proportions(0.033, 0.002, 0.035, 0.002).verdict == GEEN


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((math.nan, 0.01, 0.1, 0.01), "ontbreekt"),
        ((0.1, 0.0, 0.2, 0.0), "beide standaardfouten zijn 0"),
        ((1.2, 0.01, 0.1, 0.01), "buiten 0–1"),
        ((0.1, -0.01, 0.1, 0.01), "negatieve"),
    ],
)
def test_bad_inputs_are_not_testable(args: tuple[float, float, float, float], reason: str) -> None:
    result = compare_proportions(*args)
    assert result.verdict == NIET_TOETSBAAR
    assert reason in result.reason
    assert math.isnan(result.z)


def test_standard_errors() -> None:
    assert se_from_ci(10.5, 11.3) == pytest.approx(0.4 / 1.96, abs=1e-15)
    assert se_from_n(0.109, 30_000) == pytest.approx(math.sqrt(1.5 * 0.109 * 0.891 / 30_000))
    assert sig.DESIGN_EFFECT == 1.5


def test_published_interval_route() -> None:
    first = Estimate(10.9, "1 decimal", ci_low=10.4, ci_high=11.4, label="2020")
    second = Estimate(12.7, "1 decimal", ci_low=12.1, ci_high=13.3, label="2022")
    result = compare_estimates(first, second)
    expected = compare_proportions(0.109, 0.5 / 1.96 / 100, 0.127, 0.6 / 1.96 / 100)
    assert result.z == pytest.approx(expected.z, abs=1e-12)
    assert result.verdict == HOGER
    assert "95%-interval" in result.method
    assert sig.INDICATIEF not in result.method


def test_respondents_route_is_indicatief() -> None:
    first = Estimate(3.3, "1 decimal", n=30_000, label="2020")
    second = Estimate(3.5, "1 decimal", n=24_000, label="2022")
    result = compare_estimates(first, second)
    se1 = math.sqrt(1.5 * 0.033 * 0.967 / 30_000)
    se2 = math.sqrt(1.5 * 0.035 * 0.965 / 24_000)
    assert result.z == pytest.approx(0.002 / math.hypot(se1, se2), abs=1e-9)
    assert result.verdict == GEEN
    assert sig.INDICATIEF in result.method
    assert any("design-effect 1,5 (indicatief)" in a for a in result.assumptions)


def test_whole_percent_without_margin_or_n_is_not_testable() -> None:
    result = compare_estimates(Estimate(12.7, "1 decimal", n=24_000, label="2022"),
                               Estimate(12, "integer", label="2024"))  # fmt: skip
    assert result.verdict == NIET_TOETSBAAR
    assert (
        result.reason
        == "2024: alleen in hele procenten gepubliceerd, zonder marge of aantal respondenten"
    )


def test_approximate_figure_is_not_testable() -> None:
    # "bijna 30" procent (NOS, 2021): approximate, not a figure to test.
    result = compare_estimates(Estimate(30, "approx", n=1000, label="vrouwen 16-18"),
                               Estimate(25, "integer", n=1000, label="b"))  # fmt: skip
    assert "bij benadering" in result.reason


def test_rounding_that_decides_the_outcome_is_not_testable() -> None:
    # SGG 2024 (12, whole percent) vs 2022 (12,7): z is −3,46 … −0,41 over the rounding.
    result = compare_estimates(
        Estimate(12.7, "1 decimal", n=24_000, label="2022"),
        Estimate(12, "integer", n=25_000, label="2024"),
    )
    assert result.verdict == NIET_TOETSBAAR

    # Extremes by hand: 2022 at 12,75 against 2024 at 11,5, and 12,65 against 12,5.
    def z(a: float, b: float) -> float:
        return (b - a) / math.sqrt(1.5 * (a * (1 - a) / 24_000 + b * (1 - b) / 25_000))

    assert result.z_range == pytest.approx((z(0.1275, 0.115), z(0.1265, 0.125)), abs=1e-9)
    assert result.z == pytest.approx(z(0.127, 0.12), abs=1e-12)
    assert "bepaalt de uitkomst" in result.reason
    assert result.p_range[0] < 0.05 < result.p_range[1]


def test_naive_test_of_rounded_figures_would_contradict_cbs() -> None:
    # At face value 12 vs 10,9 looks significantly higher; CBS says "approximately equal".
    # Rounding-aware testing declines instead of contradicting CBS.
    se1, se2 = se_from_n(0.109, 30_000), se_from_n(0.12, 25_000)
    assert compare_proportions(0.109, se1, 0.12, se2).verdict == HOGER
    honest = compare_estimates(
        Estimate(10.9, "1 decimal", n=30_000, label="2020"),
        Estimate(12, "integer", n=25_000, label="2024"),
    )
    assert honest.verdict == NIET_TOETSBAAR


# --- Holm --------------------------------------------------------------------------------


def _with_p(p_value: float) -> sig.ProportionComparison:
    sd = math.sqrt(2) * 0.01
    return compare_proportions(0.10, 0.01, 0.10 + stats.norm.isf(p_value / 2) * sd, 0.01)


def test_holm_by_hand() -> None:
    results = [_with_p(p) for p in (0.04, 0.01, 0.03)]
    raw = [r.p_value for r in results]
    assert raw == pytest.approx([0.04, 0.01, 0.03], abs=1e-12)
    # Holm by hand: sorted 0.01, 0.03, 0.04 → 3·0.01, max(0.03, 2·0.03), max(0.06, 1·0.04).
    adjusted = holm(results)
    assert [r.p_adjusted for r in adjusted] == pytest.approx([0.06, 0.03, 0.06], abs=1e-12)
    assert [r.verdict for r in adjusted] == [GEEN, HOGER, GEEN]
    assert all("Holm-correctie over 3 vergelijkingen" in r.assumptions for r in adjusted)
    # Reference: statsmodels.stats.multitest.multipletests(raw, method="holm")[1]
    assert [r.p_adjusted for r in adjusted] == pytest.approx(
        list(multipletests(raw, method="holm")[1]), abs=1e-15
    )


def test_holm_leaves_untestable_alone() -> None:
    untestable = compare_proportions(math.nan, 0.01, 0.1, 0.01)
    adjusted = holm([_with_p(0.01), untestable])
    assert adjusted[1] is untestable
    assert adjusted[0].p_adjusted == pytest.approx(0.01, abs=1e-12)  # a family of one


def test_compare_groups_without_n_is_not_testable() -> None:
    table = compare_groups(PREVALENCE, "huiselijk geweld totaal", "geslacht", 2020, 2022)
    assert list(table["group"]) == ["mannen", "vrouwen"]
    assert list(table["estimate1"]) == [7.3, 9.2]
    assert set(table["verdict"]) == {NIET_TOETSBAAR}
    assert table["reason"].str.contains("geen marge of aantal respondenten").all()


def test_compare_groups_applies_holm() -> None:
    rows = PREVALENCE[PREVALENCE["breakdown"] == "geslacht"].assign(n_respondents=12_000.0)
    table = compare_groups(rows, "huiselijk geweld totaal", "geslacht", 2020, 2022)
    assert table["p_adjusted"].notna().all()
    assert (table["p_adjusted"] >= table["p_value"]).all()


# --- Counts: registrations, exact Poisson comparison --------------------------------------


@pytest.mark.parametrize(
    ("k1", "k2", "e1", "e2", "verdict"),
    [
        (127_410, 119_190, 1.0, 1.0, GROTER),  # meldingen 2020 → 2021 (first release)
        (65_075, 64_505, 1.0, 1.0, BINNEN),  # meldingen 1e halfjaar 2019 → 1e halfjaar 2020
        (165, 120, 1.0, 1.0, GROTER),  # Meppel 2020 → 2021 (rtvdrenthe.nl, 2022-04)
        (4_195, 3_920, 586_937.0, 586_937.0, GROTER),  # Groningen (PV), same population
    ],
)
def test_counts_match_statsmodels_exact_conditional(
    k1: int, k2: int, e1: float, e2: float, verdict: str
) -> None:
    # Reference: statsmodels.stats.rates.test_poisson_2indep(k2, e2, k1, e1,
    #   method="exact-cond") and scipy.stats.binomtest(k2, k1 + k2, e2 / (e1 + e2)).
    reference = sm_poisson_2indep(k2, e2, k1, e1, method="exact-cond")
    binom = stats.binomtest(k2, k1 + k2, e2 / (e1 + e2))
    result = compare_counts(k1, k2, exposure1=e1, exposure2=e2, rounding=5)
    assert result.p_value == pytest.approx(reference.pvalue, abs=1e-9)
    assert result.p_value == pytest.approx(binom.pvalue, abs=1e-12)
    assert result.rate_ratio == pytest.approx((k2 / e2) / (k1 / e1), abs=1e-12)
    assert result.ci_low < result.rate_ratio < result.ci_high
    assert result.verdict == verdict
    assert "geweld" not in result.verdict  # a count test never speaks of violence
    assert any("niet of het geweld veranderde" in a for a in result.assumptions)


def test_counts_rounding_can_decide() -> None:
    # Hand-picked counts where ±2 around multiples of 5 straddles p = 0,05.
    result = compare_counts(20, 35, rounding=5)
    low = stats.binomtest(37, 18 + 37, 0.5).pvalue
    high = stats.binomtest(33, 22 + 33, 0.5).pvalue
    assert low < 0.05 < high
    assert result.verdict == NIET_TOETSBAAR
    assert "afronding" in result.reason
    assert compare_counts(20, 35).verdict == BINNEN  # unrounded: p = 0,058


def test_counts_edge_cases() -> None:
    assert compare_counts(0, 0).verdict == BINNEN
    assert compare_counts(math.nan, 10).verdict == NIET_TOETSBAAR
    assert compare_counts(10, 5, exposure1=0).verdict == NIET_TOETSBAAR
    assert compare_counts(0, 12).verdict == GROTER


# --- CBS's own statements, one test per statement ------------------------------------------

REPRODUCED = reproduce_statements(PREVALENCE, STATEMENTS)

# Verdict each statement should get, and for "niet toetsbaar" the reason's key words.
EXPECTED = [
    (HOGER, ""),
    (HOGER, ""),
    (GEEN, ""),
    (NIET_TOETSBAAR, "2022: 9%, hele procenten"),
    (NIET_TOETSBAAR, "2024: 12%, hele procenten"),
    (NIET_TOETSBAAR, "2024: 12%, hele procenten"),
    (HOGER, ""),
    (NIET_TOETSBAAR, "2024: 9%, hele procenten"),
    (NIET_TOETSBAAR, "geen cijfer voor psychisch geweld in huiselijke kring in 2022"),
]


@pytest.mark.parametrize("i", range(len(STATEMENTS)))
def test_cbs_statement(i: int) -> None:
    row = REPRODUCED.iloc[i]
    verdict, why = EXPECTED[i]
    assert row["cbs_statement"] == STATEMENTS.iloc[i]["cbs_statement_as_published"]
    assert row["verdict"] == verdict
    if verdict == NIET_TOETSBAAR:
        assert why in row["reason"]
        assert row["agrees"] is None
    else:
        assert row["verdict"] == pv.DIRECTION_VERDICT[STATEMENTS.iloc[i]["direction"]]
        assert row["agrees"] is True
        assert row["p_value"] < 0.05 if verdict != GEEN else row["p_value"] >= 0.05
        assert "indicatief" in row["method"]
        assert "ondergrens" in row["assumptions"]


def test_compound_statement_uses_holm() -> None:
    verdict, reason, weakest, parts = pv.verdict_for_statement(
        PREVALENCE, "offline + online seksuele intimidatie", "2022 vs 2020"
    )
    assert (verdict, reason, len(parts)) == (HOGER, "", 2)
    assert weakest is not None and weakest.p_adjusted is not None
    # online (5,4 → 6,4) is the weaker part.
    assert weakest.p1 == pytest.approx(0.054)
    assert all(p.p_adjusted is not None for p in parts)


def test_unmapped_indicator_is_not_testable() -> None:
    verdict, reason, _, _ = pv.verdict_for_statement(PREVALENCE, "stalking", "2022 vs 2020")
    assert verdict == NIET_TOETSBAAR
    assert "koppeltabel" in reason


def test_design_effect_of_one_would_contradict_cbs() -> None:
    # Under simple random sampling (deff 1) even the most cautious end of the rounding range
    # calls SGG 2024 higher than 2020, against CBS's "approximately equal": CBS's own margins
    # are wider, which is why the default design effect is above 1.
    table = reproduce_statements(PREVALENCE, STATEMENTS.iloc[[5]], design_effect=1.0)
    assert table.iloc[0]["verdict"] == HOGER
    assert table.iloc[0]["agrees"] is False
    assert "z ligt" not in table.iloc[0]["reason"]


def test_edition_estimate_prefers_the_decimal_figure() -> None:
    chosen = pv.edition_estimate(PREVALENCE, "SGG totaal", 2020)
    assert (chosen.estimate.percent, chosen.estimate.precision) == (10.9, "1 decimal")
    assert chosen.estimate.n == 30_000
    clash = pd.concat([PREVALENCE, PREVALENCE.iloc[[2]].assign(estimate=10.8)])
    assert "meerdere" in pv.edition_estimate(clash, "SGG totaal", 2020).reason


def test_parse_comparison() -> None:
    assert pv.parse_comparison("2024 vs 2022/2020") == (2024, (2022, 2020))
    with pytest.raises(ValueError, match="onbekende vergelijking"):
        pv.parse_comparison("2024 tegen 2022")


# --- Properties -------------------------------------------------------------------------

proportions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
errors = st.floats(min_value=1e-6, max_value=0.2, allow_nan=False)


@given(proportions, errors, proportions, errors)
def test_z_is_antisymmetric_and_p_is_a_probability(
    p1: float, se1: float, p2: float, se2: float
) -> None:
    forward = compare_proportions(p1, se1, p2, se2)
    backward = compare_proportions(p2, se2, p1, se1)
    assert forward.z == -backward.z
    assert forward.p_value == backward.p_value
    assert 0.0 <= forward.p_value <= 1.0
    swap = {HOGER: LAGER, LAGER: HOGER, GEEN: GEEN}
    assert backward.verdict == swap[forward.verdict]


@given(
    st.floats(min_value=0.5, max_value=60.0),
    st.floats(min_value=0.5, max_value=60.0),
    st.sampled_from(["1 decimal", "integer", ""]),
)
def test_estimates_always_give_a_known_verdict(a: float, b: float, precision: str) -> None:
    result = compare_estimates(
        Estimate(round(a, 1), precision, n=20_000, label="a"),
        Estimate(round(b, 1), precision, n=20_000, label="b"),
    )
    assert result.verdict in sig.VERDICTS
    assert 0.0 <= result.p_value <= 1.0
    assert result.z_range[0] <= result.z <= result.z_range[1]
    assert (result.verdict == NIET_TOETSBAAR) == bool(result.reason)


@given(st.integers(0, 400), st.integers(0, 400))
def test_count_p_value_is_a_probability(k1: int, k2: int) -> None:
    result = compare_counts(k1, k2)
    assert 0.0 <= result.p_value <= 1.0
    assert result.verdict in (GROTER, BINNEN)
