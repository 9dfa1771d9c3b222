"""Survey differences between editions (z-test, Holm) and exact Poisson tests for counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

from gia_stats.metrics.format import format_number

#: The one design effect assumed when a standard error must be built from the number of
#: respondents (no published margin). CBS weights the Prevalentiemonitor, which widens
#: margins beyond simple random sampling; 1.5 is a common, moderate value for weighted CBS
#: person surveys. It is an assumption, not a CBS figure: every result that uses it is
#: labelled "indicatief".
DESIGN_EFFECT: Final = 1.5

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
