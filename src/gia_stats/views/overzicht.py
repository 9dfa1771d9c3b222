"""Overzicht page: key figures of the latest period with their comparison and memo sentences."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from gia_stats import catalog
from gia_stats.metrics import change as ch
from gia_stats.metrics import prevalence as pv
from gia_stats.metrics import sentences
from gia_stats.metrics import significance as sig
from gia_stats.metrics.format import format_change, format_number, format_percent
from gia_stats.periods import Period, PeriodType, parse_period
from gia_stats.regions import NATIONAL

#: Comparison choices: the option as shown (and kept in the URL) → the rule of :func:`compare`.
COMPARISONS: dict[str, str] = {
    "Zelfde periode een jaar eerder, anders de vorige beschikbare": "auto",
    "Zelfde periode een jaar eerder": "jaar",
    "Direct voorgaande periode": "vorige",
}
DEFAULT_COMPARISON = "Zelfde periode een jaar eerder, anders de vorige beschikbare"

#: The key count figures: (measure, label on the tile).
COUNT_FIGURES: tuple[tuple[catalog.Measure, str], ...] = (
    (catalog.ADVIEZEN, "Adviesvragen (gestarte adviezen)"),
    (catalog.MELDINGEN, "Meldingen (ontvangen meldingen)"),
)

#: The key prevalence figures: (canonical indicator, label on the tile).
PREVALENCE_FIGURES: tuple[tuple[str, str], ...] = (
    ("huiselijk geweld totaal", "Huiselijk geweld (jaarprevalentie 16+)"),
    ("SGG totaal", "Seksueel grensoverschrijdend gedrag (jaarprevalentie 16+)"),
)

NO_BASE = "geen vergelijkingscijfer"


@dataclass(frozen=True)
class CountTile:
    """One count key figure as the page shows it.

    ``delta`` is None when there is no comparison figure; ``basis`` then says
    "geen vergelijkingscijfer" and why. ``arrow`` is "up", "down" or "off" for st.metric.
    """

    label: str
    period_label: str
    value: str
    delta: str | None
    arrow: str
    basis: str
    notes: tuple[str, ...]
    provisional: bool
    coarse: bool
    sentence: sentences.Sentence
    source_url: str


@dataclass(frozen=True)
class PrevalenceTile:
    """One prevalence key figure: the latest edition against the one before."""

    label: str
    edition: int
    value: str
    delta: str | None
    arrow: str
    previous: int | None
    cbs_verdict: str
    cbs_statement: str
    our_verdict: str
    reason: str
    sentence: sentences.Sentence | None
    notes: tuple[str, ...]

    @property
    def cbs_phrase(self) -> str:
        """CBS's verdict in its own terms (never "significant": that is our test's word)."""
        words = {sig.HOGER: "hoger dan", sig.LAGER: "lager dan", sig.GEEN: "vergelijkbaar met"}
        if self.cbs_verdict in words and self.previous:
            return f"{words[self.cbs_verdict]} {self.previous}"
        return self.cbs_verdict


def key_frame(vt: pd.DataFrame) -> pd.DataFrame:
    """The key figures table (all vintages) out of the Veilig Thuis table."""
    return vt[vt["dataset"] == catalog.get("vt_kerncijfers").id]


def latest_period(frame: pd.DataFrame, period_type: str, region: str = NATIONAL) -> Period | None:
    """The latest period of a type with a figure for adviezen or meldingen.

    Parameters
    ----------
    frame
        The key figures table (:func:`key_frame`).
    period_type
        ``"jaar"`` or ``"halfjaar"``.
    region
        Region code.

    Returns
    -------
    Period or None
    """
    rows = frame[
        frame["measure"].isin([m.title for m, _ in COUNT_FIGURES])
        & (frame["region_code"] == region)
        & (frame["period_type"] == period_type)
        & frame["value"].notna()
    ]
    if rows.empty:
        return None
    return max(parse_period(str(c)) for c in rows["period_code"].unique())


def previous_available(
    frame: pd.DataFrame, measure: str, region: str, period: Period
) -> Period | None:
    """The latest earlier period of the same type with a usable figure (``pick``'s rule)."""
    rows = frame[
        (frame["measure"] == measure)
        & (frame["region_code"] == region)
        & (frame["period_type"] == period.type.value)
    ]
    earlier = sorted(
        (p for p in {parse_period(str(c)) for c in rows["period_code"]} if p < period),
        reverse=True,
    )
    for candidate in earlier:
        if not ch.pick(frame, measure, region, candidate).missing:
            return candidate
    return None


def _the_same(period: Period) -> str:
    return (
        "hetzelfde halfjaar een jaar eerder"
        if period.type is PeriodType.HALFJAAR
        else ("het jaar ervoor")
    )


def compare(
    frame: pd.DataFrame, measure: str, region: str, period: Period, how: str
) -> tuple[ch.Change, str]:
    """The change of a figure against the comparison period chosen by ``how``.

    Parameters
    ----------
    frame
        The key figures table.
    measure, region, period
        The figure.
    how
        ``"auto"``: the same period a year earlier when it has a figure, else the latest
        earlier period with one; ``"jaar"``: the same period a year earlier; ``"vorige"``: the
        period directly before.

    Returns
    -------
    tuple
        The Change (from gia_stats.metrics.change) and a Dutch description of the
        comparison period, e.g. "1e halfjaar 2024 (hetzelfde halfjaar een jaar eerder)".
    """
    if how == "vorige":
        found = ch.previous_period(frame, measure, region, period)
        return found, f"{found.base.period.label} (direct voorgaande periode)"
    found = ch.same_period_year_before(frame, measure, region, period)
    described = f"{found.base.period.label} ({_the_same(period)})"
    if how == "jaar" or not found.base.missing:
        return found, described
    fallback = previous_available(frame, measure, region, period)
    if fallback is None:
        return found, described
    found = ch.change(frame, measure, region, period, fallback)
    described = (
        f"{fallback.label} (vorige beschikbare periode; geen cijfer voor "
        f"{period.same_period_year_before().label})"
    )
    return found, described


def _delta(found: ch.Change) -> tuple[str | None, str]:
    if found.missing:
        return None, "off"
    arrow = "up" if found.absolute > 0 else "down" if found.absolute < 0 else "off"
    if math.isnan(found.relative):
        return format_change(found.absolute), arrow
    if found.coarse:
        # Against a figure rounded to thousands: only a whole percentage is meaningful.
        return f"ongeveer {format_percent(found.relative, 0, signed=True)}", arrow
    relative = format_percent(found.relative, 1, signed=True)
    return f"{format_change(found.absolute)} ({relative})", arrow


def _value_text(figure: ch.Figure) -> str:
    if figure.missing:
        return "geen gegevens"
    text = format_number(figure.value)
    return f"afgerond {text}" if figure.rounding > ch.COARSE_ROUNDING else text


def count_tile(
    frame: pd.DataFrame,
    measure: catalog.Measure,
    label: str,
    period: Period,
    how: str,
    region: str = NATIONAL,
) -> CountTile:
    """Build one count tile with its change, notes and memo sentence.

    Parameters
    ----------
    frame
        The key figures table.
    measure, label
        From :data:`COUNT_FIGURES`.
    period
        The period of the tile.
    how
        ``"auto"``, ``"jaar"`` or ``"vorige"`` (see :func:`compare`).
    region
        Region code.

    Returns
    -------
    CountTile
    """
    found, described = compare(frame, measure.title, region, period, how)
    current, base = found.current, found.base
    delta, arrow = _delta(found)
    if current.missing:
        basis = f"{current.reason}"
    elif base.missing or found.missing:
        basis = f"{NO_BASE} voor {described}: {found.reason or base.reason}"
    else:
        basis = f"t.o.v. {described}: {_value_text(base)}"
        if base.provisional:
            basis += " (voorlopig)"
    notes: list[str] = []
    if current.provisional:
        notes.append(f"{current.status} cijfer")
    if found.coarse:
        notes.append(
            "vergeleken met een afgerond cijfer: "
            + next(
                (w for w in found.warnings if "afgerond op" in w), "afgerond vergelijkingscijfer"
            )
        )
    notes += [w for w in found.warnings if "verschillende publicaties" in w]
    sentence = sentences.describe_change(found, amount="none" if found.coarse else "exact")
    return CountTile(
        label=label,
        period_label=period.label,
        value=_value_text(current),
        delta=delta,
        arrow=arrow,
        basis=basis,
        notes=tuple(notes),
        provisional=current.provisional,
        coarse=found.coarse,
        sentence=sentence,
        source_url=current.source_url,
    )


def count_sections(
    vt: pd.DataFrame, how: str, region: str = NATIONAL
) -> list[tuple[str, list[CountTile]]]:
    """The count tiles of the latest half-year and the latest year with a figure.

    Parameters
    ----------
    vt
        The tidy Veilig Thuis table.
    how
        A rule of :func:`compare` (``"auto"``, ``"jaar"``, ``"vorige"``) or an option of
        :data:`COMPARISONS`; anything else counts as ``"auto"``.
    region
        Region code.

    Returns
    -------
    list
        ``(heading, tiles)`` per period type; a period type without any figure is left out.
    """
    how = COMPARISONS.get(how, how)
    how = how if how in COMPARISONS.values() else "auto"
    frame = key_frame(vt)
    out: list[tuple[str, list[CountTile]]] = []
    for period_type, heading in (
        (PeriodType.HALFJAAR.value, "Laatste halfjaar"),
        (PeriodType.JAAR.value, "Laatste jaar met een jaarcijfer"),
    ):
        period = latest_period(frame, period_type, region)
        if period is None:
            continue
        tiles = [count_tile(frame, m, label, period, how, region) for m, label in COUNT_FIGURES]
        out.append((f"{heading}: {period.label}", tiles))
    return out


def _editions(prevalence: pd.DataFrame, indicator: str) -> list[int]:
    found = []
    for edition in sorted({int(e) for e in prevalence["edition"].dropna().unique()}):
        estimate = pv.edition_estimate(prevalence, indicator, edition)
        if not estimate.reason:
            found.append(edition)
    return found


def _cbs_verdict(
    statements: pd.DataFrame, indicator: str, later: int, earlier: int
) -> tuple[str, str]:
    """CBS's verdict and its words on ``later`` against ``earlier`` ('' when none)."""
    if statements is None or statements.empty:
        return "", ""
    text_col = "cbs_statement" if "cbs_statement" in statements else "cbs_statement_as_published"
    dir_col = "cbs_direction" if "cbs_direction" in statements else "direction"
    for row in statements.to_dict("records"):
        if pv.STATEMENT_INDICATORS.get(str(row["indicator"])) != (indicator,):
            continue
        try:
            when, before = pv.parse_comparison(str(row["comparison"]))
        except ValueError:
            continue
        if when == later and earlier in before:
            verdict = pv.DIRECTION_VERDICT.get(str(row[dir_col]).strip().lower(), "")
            return verdict, str(row.get(text_col) or "")
    return "", ""


def _percent_text(percent: float, precision: str) -> str:
    decimals = 1 if precision in ("1 decimal", "2 decimals") else 0
    return f"{format_number(percent, decimals)}%"


def prevalence_tile(
    prevalence: pd.DataFrame, statements: pd.DataFrame, indicator: str, label: str
) -> PrevalenceTile:
    """The latest edition of a prevalence indicator against the edition before it.

    Our verdict comes from prevalence.compare_editions, CBS's from its published
    statement; the memo sentence from sentences.prevalence_sentence.

    Parameters
    ----------
    prevalence
        The prevalence table.
    statements
        CBS/WODC statements (``tables["uitspraken"]``).
    indicator
        Canonical indicator (prevalence.INDICATOR_ALIASES).
    label
        Tile label.

    Returns
    -------
    PrevalenceTile
    """
    editions = _editions(prevalence, indicator)
    if not editions:
        return PrevalenceTile(
            label, 0, "geen gegevens", None, "off", None, "", "", "", "geen editie", None, ()
        )
    latest = editions[-1]
    now = pv.edition_estimate(prevalence, indicator, latest)
    value = _percent_text(now.estimate.percent, now.estimate.precision)
    if now.estimate.precision == "integer":
        value += " (hele procenten)"
    if len(editions) < 2:
        return PrevalenceTile(
            label, latest, value, None, "off", None, "", "", "", NO_BASE, None, ()
        )
    previous = editions[-2]
    result, first, second = pv.compare_editions(prevalence, indicator, previous, latest)
    cbs_verdict, cbs_words = _cbs_verdict(statements, indicator, latest, previous)
    points = second.estimate.percent - first.estimate.percent
    arrow = "up" if points > 0 else "down" if points < 0 else "off"
    delta = (
        f"{format_number(points, 1, signed=True)} procentpunt t.o.v. {previous} "
        f"({_percent_text(first.estimate.percent, first.estimate.precision)})"
    )
    sentence = sentences.prevalence_sentence(
        prevalence, indicator, latest, (previous,), statements=statements
    )
    notes = []
    if indicator in pv.SERIES_NOTES and previous < 2024 <= latest:
        notes.append(pv.SERIES_NOTES[indicator])
    return PrevalenceTile(
        label=label,
        edition=latest,
        value=value,
        delta=delta,
        arrow=arrow,
        previous=previous,
        cbs_verdict=cbs_verdict or "geen uitspraak van CBS gevonden",
        cbs_statement=cbs_words,
        our_verdict=result.verdict,
        reason=result.reason,
        sentence=sentence,
        notes=tuple(notes),
    )


def prevalence_tiles(prevalence: pd.DataFrame, statements: pd.DataFrame) -> list[PrevalenceTile]:
    """The prevalence tiles of :data:`PREVALENCE_FIGURES`."""
    return [prevalence_tile(prevalence, statements, i, label) for i, label in PREVALENCE_FIGURES]


def memo_lines(
    sections: list[tuple[str, list[CountTile]]], prevalence: list[PrevalenceTile]
) -> list[tuple[str, str]]:
    """Every memo sentence with a short heading: ``(heading, sentence text)``."""
    lines = []
    for _heading, tiles in sections:
        for tile in tiles:
            lines.append((f"{tile.label}, {tile.period_label}", tile.sentence.text))
    for p in prevalence:
        if p.sentence is not None:
            lines.append((f"{p.label}, {p.edition}", p.sentence.text))
    return lines
