"""Survey differences between editions (z-test, Holm) and exact Poisson tests for counts."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from gia_stats.metrics.format import format_number

#: The one design effect assumed when a standard error must be built from the number of
#: respondents (no published margin). CBS weights the Prevalentiemonitor, which widens
#: margins beyond simple random sampling; 1.5 is a common, moderate value for weighted CBS
#: person surveys. It is an assumption, not a CBS figure: every result that uses it is
#: labelled "indicatief".
DESIGN_EFFECT: Final = 1.5

#: Respondents per edition as CBS published them ("ruim 30 duizend" 2020, "ruim 24 duizend"
#: 2022, "ruim 25 duizend" 2024; survey_design of the reference data). The lower bound is
#: used: fewer respondents give a wider margin, so the test errs on the cautious side. Valid
#: for the whole population of 16+ only, never for a subgroup.
RESPONDENTS: Final[Mapping[int, int]] = MappingProxyType({2020: 30_000, 2022: 24_000, 2024: 25_000})
RESPONDENTS_AS_PUBLISHED: Final[Mapping[int, str]] = MappingProxyType(
    {2020: "ruim 30 duizend", 2022: "ruim 24 duizend", 2024: "ruim 25 duizend"}
)

ALPHA: Final = 0.05
#: A published 95% interval is taken as estimate ± 1.96 standard errors.
Z_CI: Final = 1.96

HOGER: Final = "significant hoger"
LAGER: Final = "significant lager"
GEEN: Final = "geen significant verschil"
NIET_TOETSBAAR: Final = "niet toetsbaar"
VERDICTS: Final = (HOGER, LAGER, GEEN, NIET_TOETSBAAR)

GROTER: Final = "groter dan toevalsvariatie"
BINNEN: Final = "binnen toevalsvariatie"

INDICATIEF: Final = "indicatief"

_Z_METHOD = "z-toets voor het verschil van twee onafhankelijke proporties"
_INDEPENDENT = "edities zijn onafhankelijke steekproeven"


@dataclass(frozen=True)
class ProportionComparison:
    """The test of p2 (later) against p1 (earlier): one fixed shape for every route.

    Proportions and standard errors are fractions. ``difference`` is ``p2 − p1`` with its 95%
    interval ``ci_low``–``ci_high``; ``z`` and ``p_value`` are computed at the published
    estimates. When published figures are rounded, ``z_range``/``p_range`` hold the extremes
    over every value that rounds to them, and the verdict is given only when it holds over
    the whole range. ``p_adjusted`` is set by :func:`holm`. ``reason`` explains "niet
    toetsbaar".
    """

    p1: float
    p2: float
    se1: float
    se2: float
    difference: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    verdict: str
    method: str
    assumptions: tuple[str, ...] = ()
    reason: str = ""
    z_range: tuple[float, float] = (math.nan, math.nan)
    p_range: tuple[float, float] = (math.nan, math.nan)
    p_adjusted: float | None = None

    @property
    def testable(self) -> bool:
        """Whether a verdict other than "niet toetsbaar" was reached."""
        return self.verdict != NIET_TOETSBAAR


@dataclass(frozen=True)
class Estimate:
    """One published survey percentage and what is known about its precision.

    Parameters
    ----------
    percent
        The estimate in percent (0–100); NaN when not published.
    precision
        ``"1 decimal"``, ``"integer"``, ``"approx"`` or ``""`` as in the prevalence table.
    ci_low, ci_high
        Published 95% interval in percent, if any.
    n
        Respondents behind the estimate, if known.
    label
        How to name it in a reason, e.g. ``"2024"``.
    """

    percent: float
    precision: str = ""
    ci_low: float = math.nan
    ci_high: float = math.nan
    n: float = math.nan
    label: str = ""


def _not_testable(
    reason: str,
    p1: float = math.nan,
    p2: float = math.nan,
    method: str = _Z_METHOD,
    assumptions: tuple[str, ...] = (),
) -> ProportionComparison:
    nan = math.nan
    diff = p2 - p1
    return ProportionComparison(
        p1, p2, nan, nan, diff, nan, nan, nan, nan, NIET_TOETSBAAR, method, assumptions, reason
    )


def _two_sided(z: float) -> float:
    return float(2.0 * stats.norm.sf(abs(z)))


def _verdict(z_range: tuple[float, float], p_range: tuple[float, float], alpha: float) -> str:
    """Significant only if significant over the whole range; not only if nowhere."""
    p_best, p_worst = p_range
    if p_worst < alpha:
        return HOGER if z_range[0] > 0 else LAGER
    if p_best >= alpha:
        return GEEN
    return NIET_TOETSBAAR


def _p_range(z_low: float, z_high: float) -> tuple[float, float]:
    best = _two_sided(max(abs(z_low), abs(z_high)))
    worst = 1.0 if z_low <= 0.0 <= z_high else _two_sided(min(abs(z_low), abs(z_high)))
    return best, worst


def compare_proportions(
    p1: float,
    se1: float,
    p2: float,
    se2: float,
    *,
    alpha: float = ALPHA,
    method: str = _Z_METHOD,
    assumptions: Sequence[str] = (_INDEPENDENT,),
) -> ProportionComparison:
    """Test two independent proportions with known standard errors.

    ``z = (p2 − p1) / √(se1² + se2²)``, two-sided p from the standard normal, 95% interval
    ``(p2 − p1) ± z₀.₉₇₅ · √(se1² + se2²)``.

    Parameters
    ----------
    p1, se1
        Earlier proportion (fraction 0–1) and its standard error.
    p2, se2
        Later proportion and its standard error.
    alpha
        Significance level (two-sided).
    method
        Description of how the standard errors were obtained, for the result.
    assumptions
        Assumptions to carry in the result.

    Returns
    -------
    ProportionComparison
        Verdict "significant hoger"/"significant lager" (p2 against p1) when p < alpha, else
        "geen significant verschil"; "niet toetsbaar" when an input is missing or invalid.
    """
    notes = tuple(assumptions)
    values = (p1, se1, p2, se2)
    if any(not math.isfinite(v) for v in values):
        return _not_testable("schatting of standaardfout ontbreekt", p1, p2, method, notes)
    if not (0.0 <= p1 <= 1.0 and 0.0 <= p2 <= 1.0):
        return _not_testable("proportie buiten 0–1", p1, p2, method, notes)
    if se1 < 0 or se2 < 0:
        return _not_testable("negatieve standaardfout", p1, p2, method, notes)
    se = math.sqrt(se1**2 + se2**2)
    if se == 0:
        return _not_testable("beide standaardfouten zijn 0", p1, p2, method, notes)
    difference = p2 - p1
    z = difference / se
    p_value = _two_sided(z)
    half = float(stats.norm.ppf(1 - alpha / 2)) * se
    return ProportionComparison(
        p1=p1,
        p2=p2,
        se1=se1,
        se2=se2,
        difference=difference,
        ci_low=difference - half,
        ci_high=difference + half,
        z=z,
        p_value=p_value,
        verdict=_verdict((z, z), (p_value, p_value), alpha),
        method=method,
        assumptions=notes,
        z_range=(z, z),
        p_range=(p_value, p_value),
    )


def se_from_ci(ci_low: float, ci_high: float) -> float:
    """Standard error from a published 95% interval: half its width divided by 1.96.

    Parameters
    ----------
    ci_low, ci_high
        The interval, in the unit of the estimate.

    Returns
    -------
    float
    """
    return (ci_high - ci_low) / 2.0 / Z_CI


def se_from_n(p: float, n: float, design_effect: float = DESIGN_EFFECT) -> float:
    """Approximate standard error of a proportion: ``√(deff · p(1 − p) / n)``.

    Parameters
    ----------
    p
        Proportion (fraction).
    n
        Respondents.
    design_effect
        Variance inflation for weighting and clustering (default :data:`DESIGN_EFFECT`).

    Returns
    -------
    float
    """
    return math.sqrt(design_effect * p * (1.0 - p) / n)


_PRECISION_DECIMALS = {"integer": 0, "1 decimal": 1, "2 decimals": 2}


def _decimals(estimate: Estimate) -> int:
    """Decimals CBS published, from ``precision`` or else read off the number itself."""
    if estimate.precision in _PRECISION_DECIMALS:
        return _PRECISION_DECIMALS[estimate.precision]
    text = repr(float(estimate.percent))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def _half_unit(estimate: Estimate) -> tuple[float, str]:
    """Half the last published unit (percent points), with an assumption when inferred."""
    decimals = _decimals(estimate)
    note = ""
    if estimate.precision not in _PRECISION_DECIMALS:
        name = estimate.label or "een cijfer"
        note = f"afronding van {name} niet opgegeven: {decimals} decimalen aangenomen"
    return 0.5 * 10.0**-decimals, note


def _se_function(estimate: Estimate, design_effect: float) -> tuple[str, float | None, str] | None:
    """The route to a standard error: ("ci", fixed se, note) or ("n", None, note) or None."""
    if math.isfinite(estimate.ci_low) and math.isfinite(estimate.ci_high):
        return "ci", se_from_ci(estimate.ci_low, estimate.ci_high) / 100.0, ""
    if math.isfinite(estimate.n) and estimate.n > 0:
        note = (
            f"standaardfout {estimate.label} uit n = {format_number(estimate.n)} en design-effect "
            f"{format_number(design_effect, 1)} ({INDICATIEF})"
        )
        return "n", None, note
    return None


def compare_estimates(
    first: Estimate,
    second: Estimate,
    *,
    design_effect: float = DESIGN_EFFECT,
    alpha: float = ALPHA,
    assumptions: Sequence[str] = (),
) -> ProportionComparison:
    """Test a later published estimate against an earlier one, honest about rounding.

    Standard errors come from a published 95% interval when there is one, else from the
    respondents and :data:`DESIGN_EFFECT` (the result is then "indicatief"). A figure without
    either is "niet toetsbaar"; so is an approximate one ("bijna 30"). Because the published
    percentages are rounded (to whole percents or one decimal), the test is run over every
    pair of values that round to them: a verdict is given only when it is the same over that
    whole range, otherwise "niet toetsbaar" with the range of z in the reason.

    Parameters
    ----------
    first, second
        The earlier and the later estimate.
    design_effect
        Used only on the respondents route.
    alpha
        Significance level.
    assumptions
        Extra assumptions to record (e.g. where n came from).

    Returns
    -------
    ProportionComparison
        ``z``/``p_value`` at the published values; ``z_range``/``p_range`` over the rounding.
    """
    notes = [_INDEPENDENT, *assumptions]
    p1, p2 = first.percent / 100.0, second.percent / 100.0
    for estimate in (first, second):
        if not math.isfinite(estimate.percent):
            return _not_testable(f"geen cijfer voor {estimate.label}", p1, p2)
        if estimate.precision == "approx":
            reason = f"{estimate.label}: alleen bij benadering gepubliceerd"
            return _not_testable(reason, p1, p2)
    routes = [_se_function(e, design_effect) for e in (first, second)]
    for estimate, route in zip((first, second), routes, strict=True):
        if route is None:
            if estimate.precision == "integer":
                why = "alleen in hele procenten gepubliceerd, zonder marge of aantal respondenten"
            else:
                why = "geen marge of aantal respondenten gepubliceerd"
            return _not_testable(f"{estimate.label}: {why}", p1, p2, assumptions=tuple(notes))
    route1, route2 = routes[0], routes[1]
    assert route1 is not None and route2 is not None  # narrowed above
    kinds = {route1[0], route2[0]}
    method = _Z_METHOD + {
        frozenset(
            {"ci"}
        ): "; standaardfouten uit gepubliceerde 95%-intervallen (halve breedte / 1,96)",
        frozenset(
            {"n"}
        ): f"; standaardfouten uit aantal respondenten en design-effect ({INDICATIEF})",
    }.get(
        frozenset(kinds),
        f"; standaardfouten deels uit een 95%-interval, deels uit aantal respondenten en "
        f"design-effect ({INDICATIEF})",
    )
    notes += [note for _, _, note in (route1, route2) if note]

    def se_at(route: tuple[str, float | None, str], n: float, p: float) -> float:
        fixed = route[1]
        return fixed if fixed is not None else se_from_n(p, n, design_effect)

    half1, note1 = _half_unit(first)
    half2, note2 = _half_unit(second)
    notes += [n for n in (note1, note2) if n]
    nominal = compare_proportions(
        p1,
        se_at(route1, first.n, p1),
        p2,
        se_at(route2, second.n, p2),
        alpha=alpha,
        method=method,
        assumptions=notes,
    )
    if not nominal.testable:
        return nominal
    # z is monotone in each estimate over a rounding interval in practice; a 5 × 5 grid
    # (corners included) makes the extremes safe without relying on that.
    z_values = []
    for a in np.linspace(p1 - half1 / 100.0, p1 + half1 / 100.0, 5):
        for b in np.linspace(p2 - half2 / 100.0, p2 + half2 / 100.0, 5):
            a_, b_ = min(max(float(a), 0.0), 1.0), min(max(float(b), 0.0), 1.0)
            se = math.hypot(se_at(route1, first.n, a_), se_at(route2, second.n, b_))
            z_values.append((b_ - a_) / se if se > 0 else 0.0)
    z_range = (min(z_values), max(z_values))
    p_range = _p_range(*z_range)
    verdict = _verdict(z_range, p_range, alpha)
    reason = ""
    if half1 or half2:
        notes.append(
            "gepubliceerde percentages zijn afgerond: getoetst over alle waarden die zo afronden"
        )
    if verdict == NIET_TOETSBAAR:
        reason = (
            f"de afronding van de cijfers ({first.label}: {_pct(first)}; {second.label}: "
            f"{_pct(second)}) bepaalt de uitkomst: z ligt tussen "
            f"{format_number(z_range[0], 2)} en {format_number(z_range[1], 2)}"
        )
    return replace(
        nominal,
        verdict=verdict,
        reason=reason,
        z_range=z_range,
        p_range=p_range,
        assumptions=tuple(notes),
    )


def _pct(estimate: Estimate) -> str:
    text = format_number(estimate.percent, _decimals(estimate))
    return f"{text}%" + (", hele procenten" if estimate.precision == "integer" else "")


def holm(
    results: Sequence[ProportionComparison], alpha: float = ALPHA
) -> tuple[ProportionComparison, ...]:
    """Holm's correction for several comparisons made at once.

    The family is every result with a computed p-value (untestable-for-lack-of-data results
    pass through unchanged). Holm-adjusted p-values are monotone in each raw p-value, so the
    best and worst ends of each rounding range are adjusted separately and the verdict
    re-derived from them.

    Parameters
    ----------
    results
        Comparisons made together (e.g. one per group).
    alpha
        Family-wise significance level.

    Returns
    -------
    tuple of ProportionComparison
        Same order; ``p_adjusted`` set and the verdict re-derived for the family members.
    """
    members = [i for i, r in enumerate(results) if math.isfinite(r.p_value)]
    out = list(results)
    if not members:
        return tuple(out)

    done: dict[tuple[float, ...], list[float]] = {}

    def adjust(values: list[float]) -> list[float]:
        # statsmodels' Holm branch runs a full gc.collect() per call: skip repeated vectors
        # (without rounding the range ends equal the nominal p-values).
        key = tuple(values)
        if key not in done:
            corrected = multipletests(values, alpha=alpha, method="holm")[1]
            done[key] = [float(v) for v in corrected]
        return done[key]

    nominal = adjust([results[i].p_value for i in members])
    best = adjust([results[i].p_range[0] for i in members])
    worst = adjust([results[i].p_range[1] for i in members])
    note = f"Holm-correctie over {len(members)} vergelijkingen"
    for k, i in enumerate(members):
        result = results[i]
        verdict = _verdict(result.z_range, (best[k], worst[k]), alpha)
        reason = result.reason if verdict == NIET_TOETSBAAR else ""
        if verdict == NIET_TOETSBAAR and not reason:
            reason = "na Holm-correctie bepaalt de afronding de uitkomst"
        out[i] = replace(
            result,
            verdict=verdict,
            reason=reason,
            p_adjusted=nominal[k],
            assumptions=(*result.assumptions, note),
        )
    return tuple(out)


@dataclass(frozen=True)
class CountComparison:
    """An exact test of two registration counts against Poisson chance variation.

    Not a statement about violence: a count of registrations can change for many reasons
    (reporting, policy, registration practice). ``verdict`` is "groter dan toevalsvariatie",
    "binnen toevalsvariatie" or "niet toetsbaar".
    """

    count1: float
    count2: float
    exposure1: float
    exposure2: float
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    verdict: str
    method: str
    assumptions: tuple[str, ...] = ()
    reason: str = ""


_COUNT_METHOD = (
    "exacte conditionele binomiale toets voor twee Poisson-aantallen (scipy.stats.binomtest)"
)


def compare_counts(
    count1: float,
    count2: float,
    *,
    exposure1: float = 1.0,
    exposure2: float = 1.0,
    rounding: int = 1,
    alpha: float = ALPHA,
) -> CountComparison:
    """Is the difference between two counts larger than Poisson chance variation?

    Conditional on the total ``k1 + k2``, ``k2`` is binomial with ``p = e2 / (e1 + e2)``
    when both rates are equal; the exact two-sided binomial test gives p. Counts rounded by
    CBS (to multiples of ``rounding``) are tested at both ends of their rounding interval;
    the verdict is given only when both agree.

    Parameters
    ----------
    count1, count2
        Earlier and later count (registrations).
    exposure1, exposure2
        Time or population at risk (equal lengths of period: leave both 1).
    rounding
        The published counts are multiples of this (CBS Veilig Thuis: 5).
    alpha
        Significance level.

    Returns
    -------
    CountComparison
        ``rate_ratio`` = (k2/e2) / (k1/e1) with its exact 95% interval.
    """
    nan = math.nan
    assumptions = [
        "aantallen zijn registraties, geen steekproef: getoetst wordt alleen of het verschil "
        "groter is dan toevalsvariatie, niet of het geweld veranderde",
        "onafhankelijke Poisson-aantallen",
    ]
    values = (count1, count2, exposure1, exposure2)

    def untested(reason: str, verdict: str = NIET_TOETSBAAR, p: float = nan) -> CountComparison:
        return CountComparison(
            *values, nan, nan, nan, p, verdict, _COUNT_METHOD, tuple(assumptions), reason
        )

    if any(not math.isfinite(v) for v in values):
        return untested("aantal ontbreekt")
    if count1 < 0 or count2 < 0 or exposure1 <= 0 or exposure2 <= 0:
        return untested("negatief aantal of blootstelling niet positief")
    k1, k2 = round(count1), round(count2)
    if k1 + k2 == 0:
        return untested("", BINNEN, 1.0)
    share = exposure2 / (exposure1 + exposure2)
    result = stats.binomtest(k2, k1 + k2, share)
    ci = result.proportion_ci(confidence_level=1 - alpha, method="exact")
    factor = exposure1 / exposure2

    def ratio(pi: float) -> float:
        return math.inf if pi >= 1.0 else pi / (1.0 - pi) * factor

    rate_ratio = (k2 / exposure2) / (k1 / exposure1) if k1 > 0 else math.inf
    slack = rounding // 2
    p_values = [float(result.pvalue)]
    if slack:
        # Every pair of true counts that CBS would publish as (k1, k2): the exact test is
        # discrete, so all of them, not only the corners.
        assumptions.append(
            f"aantallen afgerond op {rounding}-vouden: alle mogelijke waarden getoetst"
        )
        p_values = [
            float(stats.binomtest(b, a + b, share).pvalue)
            for a in range(max(k1 - slack, 0), k1 + slack + 1)
            for b in range(max(k2 - slack, 0), k2 + slack + 1)
            if a + b > 0
        ]
    if max(p_values) < alpha:
        verdict, reason = GROTER, ""
    elif min(p_values) >= alpha:
        verdict, reason = BINNEN, ""
    else:
        verdict = NIET_TOETSBAAR
        reason = f"de afronding op {rounding}-vouden bepaalt de uitkomst"
    return CountComparison(
        count1=count1,
        count2=count2,
        exposure1=exposure1,
        exposure2=exposure2,
        rate_ratio=rate_ratio,
        ci_low=ratio(float(ci.low)),
        ci_high=ratio(float(ci.high)),
        p_value=float(result.pvalue),
        verdict=verdict,
        method=_COUNT_METHOD,
        assumptions=tuple(assumptions),
        reason=reason,
    )


# --- Prevalence table: picking estimates, editions, groups and CBS's own statements ---------

#: Canonical indicator → its names in the prevalence table. Names changed between editions
#: and sources: 2020 called SGG "seksueel geweld", and its total excluded verbal aggression
#: explicitly; "huiselijk geweld incl. verbale agressie" (33%) is another definition and is
#: deliberately not mapped.
INDICATOR_ALIASES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "SGG totaal": (
            "SGG totaal",
            "seksueel geweld / SGG totaal",
            "seksueel grensoverschrijdend gedrag totaal",
        ),
        "huiselijk geweld totaal": (
            "huiselijk geweld totaal",
            "huiselijk geweld totaal (excl. verbale agressie)",
        ),
        "offline seksuele intimidatie": (
            "offline seksuele intimidatie",
            "offline (niet-fysieke) seksuele intimidatie",
            "niet-fysieke seksuele intimidatie",
        ),
        "online seksuele intimidatie": ("online seksuele intimidatie",),
        "fysiek seksueel geweld": ("fysiek seksueel geweld",),
        "psychisch geweld in huiselijke kring": (
            "psychisch geweld in huiselijke kring",
            "psychisch geweld",
        ),
    }
)

#: Indicator as named in a CBS/WODC statement (or a letter) → the canonical indicators it
#: makes a claim about. A compound statement ("offline + online ...") claims the same change
#: for each part; all parts are tested, with Holm's correction.
STATEMENT_INDICATORS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "SGG totaal": ("SGG totaal",),
        "seksueel grensoverschrijdend gedrag totaal": ("SGG totaal",),
        "offline + online seksuele intimidatie": (
            "offline seksuele intimidatie",
            "online seksuele intimidatie",
        ),
        "offline seksuele intimidatie": ("offline seksuele intimidatie",),
        "online seksuele intimidatie": ("online seksuele intimidatie",),
        "fysiek seksueel geweld": ("fysiek seksueel geweld",),
        "huiselijk geweld totaal": ("huiselijk geweld totaal",),
        "psychisch geweld in huiselijke kring": ("psychisch geweld in huiselijke kring",),
    }
)

#: CBS's direction words (statements table) → the verdict they amount to. CBS reports a
#: change only when it is statistically significant.
DIRECTION_VERDICT: Final[Mapping[str, str]] = MappingProxyType(
    {"increase": HOGER, "decrease": LAGER, "no change": GEEN, "no clear change": GEEN}
)

#: What a reader must know about an indicator's series (breaks between editions).
SERIES_NOTES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "psychisch geweld in huiselijke kring": "nieuwe vorm in de vragenlijst van 2024; voor "
        "eerdere edities zijn geen vergelijkbare cijfers gepubliceerd",
        "huiselijk geweld totaal": "de vragenlijst van 2024 verving verbale agressie en "
        "dwingende controle door psychisch geweld; CBS vergelijkt de totalen wel",
    }
)

_TOTAL_BREAKDOWNS = frozenset({"total", "totaal"})
_PRECISION_RANK = {"2 decimals": 0, "1 decimal": 1, "integer": 2}


@dataclass(frozen=True)
class EditionEstimate:
    """The estimate chosen for one indicator and edition, and where it came from."""

    edition: int
    estimate: Estimate
    source: str = ""
    assumptions: tuple[str, ...] = ()
    reason: str = ""


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _finite(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def edition_estimate(
    prevalence: pd.DataFrame,
    indicator: str,
    edition: int,
    *,
    respondents: Mapping[int, int] = RESPONDENTS,
) -> EditionEstimate:
    """The published 16+ total of an indicator in one edition.

    Rows are matched through :data:`INDICATOR_ALIASES` (case and spacing ignored) with
    breakdown "total"/"totaal". When an edition was published more than once, the most
    precise figure wins (one decimal over a whole percent: 10,9 over 11); equally precise
    figures that differ make the estimate missing. ``n`` is the row's ``n_respondents`` or
    else ``respondents[edition]`` (recorded as an assumption).

    Parameters
    ----------
    prevalence
        The prevalence table (PREVALENCE_SCHEMA).
    indicator
        A key of :data:`INDICATOR_ALIASES`.
    edition
        2020, 2022, 2024.
    respondents
        Respondents per edition for the 16+ total.

    Returns
    -------
    EditionEstimate
        ``estimate.percent`` NaN and ``reason`` set when there is no single figure.

    Raises
    ------
    KeyError
        When the indicator is not in the mapping table.
    """
    names = {_norm(n) for n in INDICATOR_ALIASES[indicator]}
    label = str(edition)
    rows = prevalence[
        prevalence["indicator"].map(_norm).isin(names)
        & prevalence["breakdown"].map(_norm).isin(_TOTAL_BREAKDOWNS)
        & (prevalence["edition"] == edition)
        & prevalence["estimate"].notna()
    ]
    if rows.empty:
        reason = f"geen cijfer voor {indicator} in {edition}"
        if indicator in SERIES_NOTES:
            reason += f" ({SERIES_NOTES[indicator]})"
        return EditionEstimate(edition, Estimate(math.nan, label=label), reason=reason)
    rank = rows["precision"].map(lambda p: _PRECISION_RANK.get(_text(p), 3))
    best = rows[rank == rank.min()]
    if best["estimate"].nunique() > 1:
        values = ", ".join(f"{v:g}" for v in best["estimate"])
        reason = f"meerdere even precieze cijfers voor {indicator} in {edition} ({values})"
        return EditionEstimate(edition, Estimate(math.nan, label=label), reason=reason)
    row = best.iloc[0]
    notes: list[str] = []
    n = _finite(row["n_respondents"])
    if math.isnan(n) and edition in respondents:
        n = float(respondents[edition])
        notes.append(
            f"{edition}: n = {format_number(respondents[edition])} respondenten, de ondergrens "
            f"van het gepubliceerde {RESPONDENTS_AS_PUBLISHED.get(edition, 'aantal')!r}"
        )
    estimate = Estimate(
        percent=float(row["estimate"]),
        precision=_text(row["precision"]),
        ci_low=_finite(row["ci_low"]),
        ci_high=_finite(row["ci_high"]),
        n=n,
        label=label,
    )
    return EditionEstimate(edition, estimate, _text(row["source"]), tuple(notes))


def compare_editions(
    prevalence: pd.DataFrame,
    indicator: str,
    earlier: int,
    later: int,
    *,
    respondents: Mapping[int, int] = RESPONDENTS,
    design_effect: float = DESIGN_EFFECT,
    alpha: float = ALPHA,
) -> tuple[ProportionComparison, EditionEstimate, EditionEstimate]:
    """Test one indicator's 16+ total between two editions (later against earlier).

    Parameters
    ----------
    prevalence
        The prevalence table.
    indicator
        A key of :data:`INDICATOR_ALIASES`.
    earlier, later
        Editions; the verdict reads "``later`` is significant hoger/lager than ``earlier``".
    respondents, design_effect, alpha
        See :func:`edition_estimate` and :func:`compare_estimates`.

    Returns
    -------
    tuple
        The comparison and the two estimates used.
    """
    first = edition_estimate(prevalence, indicator, earlier, respondents=respondents)
    second = edition_estimate(prevalence, indicator, later, respondents=respondents)
    missing = [e.reason for e in (first, second) if e.reason]
    if missing:
        p1, p2 = first.estimate.percent / 100, second.estimate.percent / 100
        return _not_testable("; ".join(missing), p1, p2), first, second
    notes = [*first.assumptions, *second.assumptions]
    if earlier < 2024 <= later and indicator in SERIES_NOTES:
        notes.append(SERIES_NOTES[indicator])
    result = compare_estimates(
        first.estimate, second.estimate, design_effect=design_effect, alpha=alpha, assumptions=notes
    )
    return result, first, second


def compare_groups(
    prevalence: pd.DataFrame,
    indicator: str,
    breakdown: str,
    earlier: int,
    later: int,
    *,
    design_effect: float = DESIGN_EFFECT,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Compare every group of a breakdown between two editions, with Holm's correction.

    Respondents per group are not published: only rows that carry ``n_respondents`` or a
    95% interval can be tested; the others come out "niet toetsbaar".

    Parameters
    ----------
    prevalence
        The prevalence table.
    indicator
        The indicator exactly as in the table.
    breakdown
        E.g. ``"geslacht"``.
    earlier, later
        Editions.
    design_effect, alpha
        See :func:`compare_estimates`.

    Returns
    -------
    pandas.DataFrame
        One row per group present in both editions: ``group, estimate1, estimate2, verdict,
        z, p_value, p_adjusted, reason``.
    """
    rows = prevalence[
        (prevalence["indicator"].map(_norm) == _norm(indicator))
        & (prevalence["breakdown"].map(_norm) == _norm(breakdown))
    ]
    groups: list[str] = []
    results: list[ProportionComparison] = []
    pairs: list[tuple[float, float]] = []
    for group, part in rows.groupby("group", sort=True):
        estimates = []
        for edition in (earlier, later):
            row = part[part["edition"] == edition]
            if row.empty:
                break
            r = row.sort_values("precision", key=lambda s: s.map(_PRECISION_RANK)).iloc[0]
            estimates.append(
                Estimate(
                    float(r["estimate"]),
                    _text(r["precision"]),
                    _finite(r["ci_low"]),
                    _finite(r["ci_high"]),
                    _finite(r["n_respondents"]),
                    f"{group} {edition}",
                )
            )
        if len(estimates) < 2:
            continue
        groups.append(str(group))
        pairs.append((estimates[0].percent, estimates[1].percent))
        results.append(
            compare_estimates(estimates[0], estimates[1], design_effect=design_effect, alpha=alpha)
        )
    adjusted = holm(results, alpha) if len(results) > 1 else tuple(results)
    return pd.DataFrame(
        {
            "group": groups,
            "estimate1": [a for a, _ in pairs],
            "estimate2": [b for _, b in pairs],
            "verdict": [r.verdict for r in adjusted],
            "z": [r.z for r in adjusted],
            "p_value": [r.p_value for r in adjusted],
            "p_adjusted": [math.nan if r.p_adjusted is None else r.p_adjusted for r in adjusted],
            "reason": [r.reason for r in adjusted],
        },
        columns=[
            "group",
            "estimate1",
            "estimate2",
            "verdict",
            "z",
            "p_value",
            "p_adjusted",
            "reason",
        ],
    )


def parse_comparison(text: str) -> tuple[int, tuple[int, ...]]:
    """Read ``"2024 vs 2022/2020"`` as the later edition and the earlier ones.

    Parameters
    ----------
    text
        ``"<later> vs <earlier>[/<earlier>...]"``.

    Returns
    -------
    tuple
        ``(2024, (2022, 2020))``.

    Raises
    ------
    ValueError
        When the text has another form.
    """
    try:
        later, earlier = text.split("vs")
        return int(later), tuple(int(e) for e in earlier.split("/"))
    except ValueError:
        raise ValueError(f"onbekende vergelijking: {text!r} (verwacht '2024 vs 2022')") from None


def verdict_for_statement(
    prevalence: pd.DataFrame,
    indicator: str,
    comparison: str,
    *,
    respondents: Mapping[int, int] = RESPONDENTS,
    design_effect: float = DESIGN_EFFECT,
    alpha: float = ALPHA,
) -> tuple[str, str, ProportionComparison | None, tuple[ProportionComparison, ...]]:
    """Test everything one statement claims (all indicators × all earlier editions).

    Parameters
    ----------
    prevalence
        The prevalence table.
    indicator
        A key of :data:`STATEMENT_INDICATORS`.
    comparison
        E.g. ``"2024 vs 2022/2020"``.
    respondents, design_effect, alpha
        See :func:`compare_editions`.

    Returns
    -------
    tuple
        ``(verdict, reason, weakest, parts)``: one verdict for the whole claim (the parts'
        common verdict; "niet toetsbaar" when a part cannot be tested or the parts differ),
        the part with the largest p-value, and every part (Holm-corrected when several).
    """
    later, earliers = parse_comparison(comparison)
    canon = STATEMENT_INDICATORS.get(indicator)
    if canon is None:
        reason = f"indicator {indicator!r} staat niet in de koppeltabel STATEMENT_INDICATORS"
        return NIET_TOETSBAAR, reason, None, ()
    labels: list[str] = []
    parts: list[ProportionComparison] = []
    for name in canon:
        for earlier in earliers:
            result, _, _ = compare_editions(
                prevalence,
                name,
                earlier,
                later,
                respondents=respondents,
                design_effect=design_effect,
                alpha=alpha,
            )
            labels.append(f"{name} {later} t.o.v. {earlier}")
            parts.append(result)
    tested = holm(parts, alpha) if len(parts) > 1 else tuple(parts)
    with_p = [r for r in tested if math.isfinite(r.p_value)]
    weakest = max(
        with_p,
        key=lambda r: r.p_adjusted if r.p_adjusted is not None else r.p_value,
        default=None,
    )
    untestable = [
        f"{lab}: {r.reason}" for lab, r in zip(labels, tested, strict=True) if not r.testable
    ]
    if untestable:
        return NIET_TOETSBAAR, "; ".join(untestable), weakest, tested
    verdicts = {r.verdict for r in tested}
    if len(verdicts) > 1:
        found = "; ".join(f"{lab}: {r.verdict}" for lab, r in zip(labels, tested, strict=True))
        return (
            NIET_TOETSBAAR,
            f"niet als één uitspraak: de onderdelen verschillen ({found})",
            weakest,
            tested,
        )
    return verdicts.pop(), "", weakest, tested


def reproduce_statements(
    prevalence: pd.DataFrame,
    statements: pd.DataFrame,
    *,
    respondents: Mapping[int, int] = RESPONDENTS,
    design_effect: float = DESIGN_EFFECT,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Set our verdict beside CBS's/WODC's own published statement, one row per statement.

    Parameters
    ----------
    prevalence
        The prevalence table.
    statements
        Columns ``comparison`` ("2024 vs 2022/2020"), ``indicator``, the statement
        (``cbs_statement`` or ``cbs_statement_as_published``) and its direction (``direction``
        or ``cbs_direction``: increase, decrease, no change, no clear change).
    respondents, design_effect, alpha
        See :func:`compare_editions`.

    Returns
    -------
    pandas.DataFrame
        ``comparison, indicator, cbs_statement, cbs_direction, cbs_verdict, verdict, agrees,
        reason, z, p_value, method, assumptions``. ``agrees`` is True/False when we could
        test, None when "niet toetsbaar". ``z``/``p_value`` are of the weakest part.
    """
    text_col = "cbs_statement" if "cbs_statement" in statements else "cbs_statement_as_published"
    dir_col = "cbs_direction" if "cbs_direction" in statements else "direction"
    records = []
    for row in statements.to_dict("records"):
        direction = _text(row.get(dir_col)).strip().lower()
        cbs_verdict = DIRECTION_VERDICT.get(direction, "")
        verdict, reason, weakest, _ = verdict_for_statement(
            prevalence,
            _text(row["indicator"]),
            _text(row["comparison"]),
            respondents=respondents,
            design_effect=design_effect,
            alpha=alpha,
        )
        agrees = None if verdict == NIET_TOETSBAAR or not cbs_verdict else verdict == cbs_verdict
        records.append(
            {
                "comparison": _text(row["comparison"]),
                "indicator": _text(row["indicator"]),
                "cbs_statement": _text(row.get(text_col)),
                "cbs_direction": direction,
                "cbs_verdict": cbs_verdict,
                "verdict": verdict,
                "agrees": agrees,
                "reason": reason,
                "z": weakest.z if weakest else math.nan,
                "p_value": weakest.p_value if weakest else math.nan,
                "method": weakest.method if weakest else "",
                "assumptions": "; ".join(dict.fromkeys(weakest.assumptions)) if weakest else "",
            }
        )
    table = pd.DataFrame.from_records(
        records,
        columns=[
            "comparison",
            "indicator",
            "cbs_statement",
            "cbs_direction",
            "cbs_verdict",
            "verdict",
            "agrees",
            "reason",
            "z",
            "p_value",
            "method",
            "assumptions",
        ],
    )
    # Python True/False/None, whatever pandas would infer from the rows at hand.
    return table.astype({"agrees": object})
