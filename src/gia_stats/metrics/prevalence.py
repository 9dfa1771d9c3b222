"""The prevalence table: picking estimates, editions and groups, and testing CBS's statements."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import pandas as pd

from gia_stats.metrics.format import format_number
from gia_stats.metrics.significance import (
    ALPHA,
    DESIGN_EFFECT,
    GEEN,
    HOGER,
    LAGER,
    NIET_TOETSBAAR,
    Estimate,
    ProportionComparison,
    _not_testable,
    compare_estimates,
    holm,
)

#: Respondents per edition as CBS published them ("ruim 30 duizend" 2020, "ruim 24 duizend"
#: 2022, "ruim 25 duizend" 2024; survey_design of the reference data). The lower bound is
#: used: fewer respondents give a wider margin, so the test errs on the cautious side. Valid
#: for the whole population of 16+ only, never for a subgroup.
RESPONDENTS: Final[Mapping[int, int]] = MappingProxyType({2020: 30_000, 2022: 24_000, 2024: 25_000})
RESPONDENTS_AS_PUBLISHED: Final[Mapping[int, str]] = MappingProxyType(
    {2020: "ruim 30 duizend", 2022: "ruim 24 duizend", 2024: "ruim 25 duizend"}
)

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
