"""Dutch memo sentences: a count with its change, a survey edition with its verdicts."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

import pandas as pd

from gia_stats import catalog
from gia_stats.metrics import prevalence as pv
from gia_stats.metrics import significance as sig
from gia_stats.metrics.change import (
    COARSE_ROUNDING,
    FIRST_RELEASE_WORDS,
    Change,
    Figure,
    change,
)
from gia_stats.metrics.format import (
    format_number,
    format_percent,
    round_phrase,
    round_to_whole,
)
from gia_stats.periods import Period, PeriodType
from gia_stats.regions import NATIONAL, RegionError, RegionLevel, detect_level, display_name

#: Measure → (verb in the past tense, noun) for "In 2021 ontving Veilig Thuis 119.190
#: meldingen". Gestarte adviezen are written "startte … adviezen", the CBS term: letters call
#: them "adviesvragen" (catalog noun), but CBS counts adviezen started, not questions asked.
MEASURE_WORDING: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        catalog.MELDINGEN.title: ("ontving", "meldingen"),
        catalog.ADVIEZEN.title: ("startte", "adviezen"),
    }
)

#: Prevalence indicator (canonical, see prevalence.INDICATOR_ALIASES) → its Dutch name in
#: "De jaarprevalentie van …".
PREVALENCE_NOUNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "SGG totaal": "seksueel grensoverschrijdend gedrag",
        "huiselijk geweld totaal": "huiselijk geweld",
        "offline seksuele intimidatie": "offline seksuele intimidatie",
        "online seksuele intimidatie": "online seksuele intimidatie",
        "fysiek seksueel geweld": "fysiek seksueel geweld",
        "psychisch geweld in huiselijke kring": "psychisch geweld in huiselijke kring",
    }
)

#: How a verdict reads in a sentence. "Geen significant verschil" is written "vergelijkbaar
#: met", as CBS and the 2024 memo do; "significant" only for a tested difference.
_HEADS = {
    sig.GEEN: "vergelijkbaar met",
    sig.HOGER: "significant hoger dan in",
    sig.LAGER: "significant lager dan in",
}
#: CBS's verdict, quoted when we cannot test: never with the word "significant".
_CBS_HEADS = {
    sig.GEEN: "volgens CBS vergelijkbaar met",
    sig.HOGER: "volgens CBS hoger dan in",
    sig.LAGER: "volgens CBS lager dan in",
}
_UNTESTED_HEAD = "niet te toetsen tegen"
_CBS = "volgens CBS "

Amount = Literal["none", "exact", "rounded"]


@dataclass(frozen=True)
class Sentence:
    """A memo sentence with the sources and warnings behind it."""

    text: str
    sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _the(period: Period) -> str:
    """The period as it follows a preposition: "2021", "het 1e halfjaar 2021", "juli 2021"."""
    if period.type in (PeriodType.HALFJAAR, PeriodType.KWARTAAL):
        return f"het {period.label}"
    return period.label


def _subject(figure: Figure) -> str:
    name = display_name(figure.region_name) if figure.region_name else figure.region_code
    if figure.region_code == NATIONAL or name == "Nederland":
        return "Veilig Thuis"
    try:
        level = detect_level(figure.region_code, figure.region_name or None)
    except RegionError:
        return f"Veilig Thuis in {name}"
    if level is RegionLevel.VT:
        return f"Veilig Thuis {name}"
    if level is RegionLevel.GM:
        return f"Veilig Thuis in de gemeente {name}"
    return f"Veilig Thuis in {name}"


def _value(figure: Figure) -> str:
    if figure.unit == "%":
        return f"{format_number(figure.value, 1)}%"
    if figure.rounding > COARSE_ROUNDING:
        return f"afgerond {format_number(figure.value)}"
    return format_number(figure.value)


def _opening(figure: Figure) -> str:
    """ "In 2021 ontving Veilig Thuis 119.190 meldingen" (no full stop)."""
    label = _the(figure.period)
    subject = _subject(figure)
    wording = MEASURE_WORDING.get(figure.measure)
    if wording and figure.unit in ("", "aantal"):
        verb, noun = wording
        return f"In {label} {verb} {subject} {_value(figure)} {noun}"
    what = figure.measure[:1].lower() + figure.measure[1:]
    return f"In {label} was {what} bij {subject} {_value(figure)}"


def _amount(change_: Change, amount: Amount, digits: int) -> str:
    """ "6,5% minder", "8.220 (6,5%) minder", "ruim 8.000 (6,5%) minder"."""
    word = "meer" if change_.absolute > 0 else "minder"
    if change_.current.unit == "%":
        # A change in a percentage is in percentage points, never a percentage of it.
        points = format_number(abs(change_.absolute), 1)
        word = "hoger" if change_.absolute > 0 else "lager"
        return f"{points} procentpunt {word}"
    if change_.coarse:
        # A figure rounded to thousands cannot carry a change to one decimal.
        relative = f"ongeveer {format_percent(abs(change_.relative), 0)}"
    else:
        relative = format_percent(abs(change_.relative), 1)
    if amount == "exact":
        return f"{format_number(abs(change_.absolute))} ({relative}) {word}"
    if amount == "rounded":
        return f"{round_phrase(abs(change_.absolute), digits).text} ({relative}) {word}"
    return f"{relative} {word}"


def _status_text(shown: Sequence[Figure]) -> str:
    provisional = [f for f in shown if f.provisional]
    if not provisional:
        return ""
    if len(provisional) == len(shown) > 1 and len({f.status for f in provisional}) == 1:
        return f" Het gaat om {provisional[0].status}e cijfers."
    return "".join(f" Het cijfer over {_the(f.period)} is {f.status}." for f in provisional)


def _vintage_text(shown: Sequence[Figure]) -> str:
    notes = []
    for figure in shown:
        if any(word in figure.vintage.lower() for word in FIRST_RELEASE_WORDS):
            notes.append(
                f" Het cijfer over {_the(figure.period)} komt uit de eerste publicatie; "
                "latere CBS-cijfers kunnen afwijken."
            )
    return "".join(notes)


def _source_text(shown: Sequence[Figure]) -> tuple[str, tuple[str, ...]]:
    sources = tuple(dict.fromkeys(f.source for f in shown if f.source))
    if not sources:
        return "", ()
    if len(sources) == 1:
        return f" Bron: {sources[0]}.", sources
    parts = "; ".join(f"{f.period.label}: {f.source}" for f in shown if f.source)
    return f" Bronnen: {parts}.", sources


def describe_change(change_: Change, *, amount: Amount = "none", digits: int = 2) -> Sentence:
    """Write a Change as one Dutch memo sentence, with status words and the source.

    Example: "In 2021 ontving Veilig Thuis 119.190 meldingen, 6,5% minder dan in 2020
    (127.410). Bron: …". ``amount`` adds the absolute change, exactly ("8.220 (6,5%) minder")
    or as a rounded phrase ("ruim 8.000 (6,5%) minder", see format.round_phrase).

    Parameters
    ----------
    change_
        The change to describe.
    amount
        ``"none"``, ``"exact"`` or ``"rounded"``.
    digits
        Significant digits of the rounded phrase.

    Returns
    -------
    Sentence
        A missing figure is said to be missing, with its reason; never a made-up change.
    """
    current, base = change_.current, change_.base
    if current.missing:
        what = MEASURE_WORDING.get(current.measure, ("", current.measure))[1]
        text = (
            f"Voor {_the(current.period)} is geen cijfer over {what} bij {_subject(current)} "
            f"beschikbaar: {current.reason}."
        )
        return Sentence(text, (), change_.warnings)
    shown = [current] if base.missing else [current, base]
    base_label = _the(base.period)
    if base.missing:
        main = (
            f"{_opening(current)}. Vergelijken met {base_label} kan niet: "
            f"{change_.reason or base.reason}."
        )
    elif change_.absolute == 0:
        main = f"{_opening(current)}, evenveel als in {base_label}."
    elif math.isnan(change_.relative):
        main = f"{_opening(current)}, tegen {_value(base)} in {base_label}."
    elif abs(change_.relative) < 0.0005 and current.unit != "%":
        main = f"{_opening(current)}, nagenoeg evenveel als in {base_label} ({_value(base)})."
    else:
        main = (
            f"{_opening(current)}, {_amount(change_, amount, digits)} dan in {base_label} "
            f"({_value(base)})."
        )
    source, sources = _source_text(shown)
    text = main + _status_text(shown) + _vintage_text(shown) + source
    return Sentence(text, sources, change_.warnings)


def count_sentence(
    frame: pd.DataFrame,
    measure: str,
    region_code: str,
    period: str | Period,
    base_period: str | Period,
    *,
    vintage: str | None = None,
    base_vintage: str | None = None,
    amount: Amount = "none",
    digits: int = 2,
) -> Sentence:
    """Pick two figures from the count table and write the memo sentence comparing them.

    Parameters
    ----------
    frame
        The count table.
    measure, region_code, period, base_period
        The selection (see change.change).
    vintage, base_vintage
        Pin a release of either figure (default: change.pick's rule).
    amount, digits
        See :func:`describe_change`.

    Returns
    -------
    Sentence
    """
    found = change(
        frame,
        measure,
        region_code,
        period,
        base_period,
        vintage=vintage,
        base_vintage=base_vintage,
    )
    return describe_change(found, amount=amount, digits=digits)


def _p_text(p_value: float) -> str:
    return "p < 0,001" if p_value < 0.001 else f"p = {format_number(p_value, 3)}"


def describe_count_test(
    result: sig.CountComparison, noun: str, label1: str, label2: str
) -> Sentence:
    """Say whether two registration counts differ by more than chance variation.

    Parameters
    ----------
    result
        From significance.compare_counts.
    noun
        E.g. ``"meldingen"``.
    label1, label2
        Period labels of the first and second count.

    Returns
    -------
    Sentence
        Always says that registrations are counted, not violence.
    """
    first, second = format_number(result.count1), format_number(result.count2)
    pair = f"Het verschil tussen {first} {noun} in {label1} en {second} in {label2}"
    if result.verdict == sig.GROTER:
        main = f"{pair} is groter dan toevalsvariatie (exacte toets, {_p_text(result.p_value)})."
    elif result.verdict == sig.BINNEN:
        main = f"{pair} valt binnen toevalsvariatie (exacte toets, {_p_text(result.p_value)})."
    else:
        main = f"{pair} is niet te toetsen: {result.reason}."
    caveat = " Het gaat om registraties: dit zegt niet of het geweld zelf is veranderd."
    return Sentence(main + caveat)


@dataclass(frozen=True)
class EditionPart:
    """One earlier edition in a prevalence sentence: its figure, our test, CBS's verdict."""

    edition: int
    percent: float
    result: sig.ProportionComparison
    cbs_verdict: str = ""


def _head(part: EditionPart) -> str:
    if part.result.testable:
        return _HEADS[part.result.verdict]
    return _CBS_HEADS.get(part.cbs_verdict, _UNTESTED_HEAD)


def _item(part: EditionPart) -> str:
    if math.isnan(part.percent):
        return str(part.edition)
    return f"{part.edition} (afgerond {round_to_whole(part.percent)} procent)"


def describe_editions(
    noun: str,
    edition: int,
    parts: Sequence[EditionPart],
    *,
    sources: Sequence[str] = (),
    design_effect: float = sig.DESIGN_EFFECT,
) -> Sentence:
    """Write the edition comparison a memo needs, from verdicts already computed.

    Example: "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is
    vergelijkbaar met 2020 (afgerond 11 procent), maar significant lager dan in 2022
    (afgerond 13 procent)." A comparison we cannot test is never called significant: with
    CBS's own verdict it reads "volgens CBS lager dan in 2022", without it "niet te toetsen
    tegen 2022", and a following sentence says why.

    Parameters
    ----------
    noun
        The indicator in words, e.g. "seksueel grensoverschrijdend gedrag".
    edition
        The later edition the sentence is about.
    parts
        The earlier editions in the order to mention them.
    sources
        Sources of the figures, for the "Bron:" ending.
    design_effect
        The design effect the tests assumed, named when a test was "indicatief".

    Returns
    -------
    Sentence
        ``warnings`` holds every assumption behind the tests.
    """
    groups: list[tuple[str, list[str]]] = []
    for part in parts:
        head = _head(part)
        if groups and groups[-1][0] == head:
            groups[-1][1].append(_item(part))
        else:
            groups.append((head, [_item(part)]))
    clauses = []
    for i, (head, items) in enumerate(groups):
        if i and head.startswith(_CBS) and groups[i - 1][0].startswith(_CBS):
            head = head.removeprefix(_CBS)  # "volgens CBS" once per sentence is enough
        clauses.append(f"{head} {' en '.join(items)}")
    if len(clauses) == 2:
        joined = ", maar ".join(clauses)
    else:
        joined = ", ".join(clauses[:-1]) + (" en " if len(clauses) > 1 else "") + clauses[-1]
    text = f"De jaarprevalentie van {noun} in {edition} is {joined}."
    for part in parts:
        if not part.result.testable:
            text += f" Het verschil met {part.edition} is niet te toetsen: {part.result.reason}."
    if any(p.result.testable and sig.INDICATIEF in p.result.method for p in parts):
        text += (
            " De toets is indicatief: de standaardfouten zijn benaderd uit het aantal "
            f"respondenten met een aangenomen design-effect van "
            f"{format_number(design_effect, 1)}."
        )
    unique = tuple(dict.fromkeys(s for s in sources if s))
    if unique:
        text += f" Bron: {'; '.join(unique)}."
    assumptions = tuple(dict.fromkeys(a for p in parts for a in p.result.assumptions))
    return Sentence(text, unique, assumptions)


def _canonical(indicator: str) -> str:
    if indicator in pv.INDICATOR_ALIASES:
        return indicator
    parts = pv.STATEMENT_INDICATORS.get(indicator, ())
    if len(parts) == 1:
        return parts[0]
    raise KeyError(f"onbekende indicator {indicator!r}; bekend: {', '.join(pv.INDICATOR_ALIASES)}")


def _cbs_verdicts(statements: pd.DataFrame | None, indicator: str, edition: int) -> dict[int, str]:
    """CBS's verdict per earlier edition for this indicator and later edition."""
    found: dict[int, str] = {}
    if statements is None or statements.empty:
        return found
    direction = "cbs_direction" if "cbs_direction" in statements else "direction"
    for row in statements.to_dict("records"):
        if pv.STATEMENT_INDICATORS.get(str(row["indicator"])) != (indicator,):
            continue
        later, earlier = pv.parse_comparison(str(row["comparison"]))
        verdict = pv.DIRECTION_VERDICT.get(str(row[direction]).strip().lower(), "")
        if later == edition and verdict:
            found.update({e: verdict for e in earlier})
    return found


def prevalence_sentence(
    prevalence: pd.DataFrame,
    indicator: str,
    edition: int,
    against: Sequence[int],
    *,
    statements: pd.DataFrame | None = None,
    respondents: Mapping[int, int] = pv.RESPONDENTS,
    design_effect: float = sig.DESIGN_EFFECT,
    holm_correction: bool = False,
) -> Sentence:
    """Test an edition against earlier ones and write the memo sentence.

    Parameters
    ----------
    prevalence
        The prevalence table.
    indicator
        A canonical indicator (prevalence.INDICATOR_ALIASES) or a statement name such as
        "seksueel grensoverschrijdend gedrag totaal".
    edition
        The later edition, e.g. 2024.
    against
        Earlier editions in the order to mention them, e.g. ``(2020, 2022)``.
    statements
        CBS's published statements (see prevalence.reproduce_statements); quoted, without
        "significant", where our own test is not possible.
    respondents, design_effect
        See prevalence.compare_editions.
    holm_correction
        Correct for comparing with several editions at once (CBS does not; default off).

    Returns
    -------
    Sentence
    """
    canon = _canonical(indicator)
    cbs = _cbs_verdicts(statements, canon, edition)
    results, percents, sources = [], [], []
    for earlier in against:
        result, first, second = pv.compare_editions(
            prevalence,
            canon,
            earlier,
            edition,
            respondents=respondents,
            design_effect=design_effect,
        )
        results.append(result)
        percents.append(first.estimate.percent)
        sources += [second.source, first.source]
    if holm_correction and len(results) > 1:
        results = list(sig.holm(results))
    parts = [
        EditionPart(e, p, r, cbs.get(e, ""))
        for e, p, r in zip(against, percents, results, strict=True)
    ]
    return describe_editions(
        PREVALENCE_NOUNS[canon], edition, parts, sources=sources, design_effect=design_effect
    )


__all__ = [
    "MEASURE_WORDING",
    "PREVALENCE_NOUNS",
    "EditionPart",
    "Sentence",
    "count_sentence",
    "describe_change",
    "describe_count_test",
    "describe_editions",
    "prevalence_sentence",
]
