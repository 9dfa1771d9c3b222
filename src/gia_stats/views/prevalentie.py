"""Prevalentie page: select and shape Prevalentiemonitor rows for display (pure, no streamlit).

The prevalence table holds every published figure, several per edition at times (one decimal
and a whole percent; CBS itself and a newspaper quoting CBS). These functions pick what a
chart shows, keep the rest visible in the tables, and write figures as CBS published them:
a whole percent stays "afgerond 12%", a missing margin reads "geen marges gepubliceerd".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go

from gia_stats import catalog
from gia_stats.charts import prevalence as charts
from gia_stats.metrics import prevalence as pv
from gia_stats.metrics import sentences
from gia_stats.metrics import significance as sig
from gia_stats.metrics.format import format_number, round_to_whole

MISSING: Final = "geen gegevens"
NO_MARGIN: Final = "geen marges gepubliceerd"

#: Breakdown of the 16+ totals.
TOTAL_BREAKDOWNS: Final = frozenset({"total", "totaal"})

_PRECISION_DECIMALS: Final = {"integer": 0, "1 decimal": 1, "2 decimals": 2}
_PRECISION_RANK: Final = {"2 decimals": 0, "1 decimal": 1, "integer": 2}

#: CBS's direction words (statements table) in Dutch, never with "significant": CBS's
#: statement is quoted beside our test, it is not our verdict.
DIRECTION_WORDS: Final = {
    "increase": "hoger (toegenomen)",
    "decrease": "lager (afgenomen)",
    "no change": "gelijk gebleven",
    "no clear change": "nauwelijks veranderd",
}


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _float(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _norm(text: object) -> str:
    return " ".join(_text(text).split()).casefold()


_ALIAS: Final = {_norm(a): canon for canon, names in pv.INDICATOR_ALIASES.items() for a in names}


def canonical_indicator(indicator: str) -> str:
    """One name per indicator across editions (prevalence.INDICATOR_ALIASES), else as is.

    ``"seksueel geweld / SGG totaal"`` (2020) → ``"SGG totaal"``; a name the alias table does
    not know is returned unchanged.
    """
    return _ALIAS.get(_norm(indicator), indicator)


def is_total(breakdown: object) -> bool:
    """Whether a row is a 16+ total (breakdown "total"/"totaal")."""
    return _norm(breakdown) in TOTAL_BREAKDOWNS


def is_official(vintage: object) -> bool:
    """Whether a figure comes from CBS/WODC itself (not a third party or the media)."""
    return _norm(vintage).startswith("officieel")


def other_reference_period(note: object) -> bool:
    """Whether the row's note says it is not a 12-month prevalence (e.g. five years)."""
    return "referentieperiode" in _norm(note)


def decimals(estimate: float, precision: str) -> int:
    """Decimals to show: as published (``precision``), else as the number has them."""
    if precision in _PRECISION_DECIMALS:
        return _PRECISION_DECIMALS[precision]
    text = repr(float(estimate))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def percent_text(estimate: object, precision: object = "") -> str:
    """A published percentage in the precision CBS gave it.

    ``(12.0, "integer")`` → ``"afgerond 12%"``, ``(12.7, "1 decimal")`` → ``"12,7%"``,
    ``(30.0, "approx")`` → ``"circa 30%"``; NaN → ``"geen gegevens"``.
    """
    value = _float(estimate)
    if math.isnan(value):
        return MISSING
    kind = _text(precision)
    number = format_number(value, decimals(value, kind)) + "%"
    if kind == "integer":
        return f"afgerond {number}"
    if kind == "approx":
        return f"circa {number}"
    return number


def margin_text(ci_low: object, ci_high: object, precision: object = "") -> str:
    """The published 95% interval (``"11,2–12,8%"``) or ``"geen marges gepubliceerd"``."""
    low, high = _float(ci_low), _float(ci_high)
    if math.isnan(low) or math.isnan(high):
        return NO_MARGIN
    places = max(decimals(low, _text(precision)), decimals(high, _text(precision)))
    return f"{format_number(low, places)}–{format_number(high, places)}%"


def link(label: object, url: object) -> str:
    """A Markdown link for a table cell (tables render Markdown); the label alone without URL."""
    text, address = _text(label), _text(url)
    if not address.startswith(("https://", "http://")):
        return text
    return f"[{text.replace('[', '(').replace(']', ')')}]({address.replace(' ', '%20')})"


def questionnaire_break(notes: str) -> tuple[int | None, str]:
    """The edition with a new questionnaire and the sentence about it, from catalog notes.

    ``catalog.get("prevalentie").notes`` says "2024: nieuwe vragenlijst (…): breuk in de
    reeksen per vorm." → ``(2024, that sentence)``; ``(None, "")`` when the notes say nothing.
    """
    for sentence in re.split(r"(?<=\.)\s+", notes):
        if "vragenlijst" in sentence.casefold():
            year = re.search(r"\b(19|20)\d{2}\b", sentence)
            return (int(year.group(0)) if year else None), sentence.strip()
    return None, ""


def editions(prevalence: pd.DataFrame) -> list[int]:
    """The survey editions in the table, oldest first."""
    return sorted({int(e) for e in prevalence["edition"].dropna()})


_TEXT_COLUMNS: Final = (
    "indicator",
    "breakdown",
    "group",
    "precision",
    "count_as_published",
    "source",
    "source_url",
    "retrieved",
    "vintage",
    "note",
)
_NUMBER_COLUMNS: Final = ("estimate", "ci_low", "ci_high", "n_respondents")


def prepare(prevalence: pd.DataFrame) -> pd.DataFrame:
    """The prevalence table ready for the view functions (they call it themselves).

    Plain Python strings and floats (small and fast to filter), a canonical indicator name
    (``indicator_key``), the figure as published (``label``), ``official``, ``total`` and a
    preference rank (most precise first, then CBS/WODC itself before third parties and
    media). Preparing a prepared table returns it unchanged.
    """
    if "indicator_key" in prevalence.columns:
        return prevalence
    frame = pd.DataFrame(
        {
            **{c: [_text(v) for v in prevalence[c]] for c in _TEXT_COLUMNS},
            **{c: [_float(v) for v in prevalence[c]] for c in _NUMBER_COLUMNS},
            "edition": [int(e) for e in prevalence["edition"]],
        },
        dtype=object,
    )
    for column in _NUMBER_COLUMNS:
        frame[column] = frame[column].astype(float)
    frame["indicator_key"] = [canonical_indicator(i) for i in frame["indicator"]]
    frame["label"] = [
        percent_text(e, p) for e, p in zip(frame["estimate"], frame["precision"], strict=True)
    ]
    frame["official"] = [is_official(v) for v in frame["vintage"]]
    frame["total"] = [is_total(b) for b in frame["breakdown"]]
    frame["_rank"] = [
        _PRECISION_RANK.get(p, 3) * 2 + (0 if o else 1)
        for p, o in zip(frame["precision"], frame["official"], strict=True)
    ]
    return frame


def _pick(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key: the preferred published figure (most precise, official first)."""
    with_value = frame[frame["estimate"].notna()]
    ordered = with_value.sort_values([*keys, "_rank"], kind="stable")
    return ordered.drop_duplicates(keys, keep="first")


def edition_overview(prevalence: pd.DataFrame) -> pd.DataFrame:
    """The 16+ jaarprevalentie per indicator and edition, one preferred figure each.

    Rows with another reference period (five years, before age 12) are left out: they are
    no 12-month prevalence (see :func:`excluded_indicators`).

    Returns
    -------
    pandas.DataFrame
        ``indicator, edition, estimate, precision, ci_low, ci_high, label, vintage,
        official, source, source_url, retrieved, also`` (``also``: the other published
        figures of the same edition, e.g. "afgerond 11%" beside 10,9%), ordered with the
        canonical totals first.
    """
    frame = prepare(prevalence)
    totals = frame[
        frame["total"] & ~frame["note"].map(other_reference_period) & frame["estimate"].notna()
    ]
    labels: dict[tuple[str, int], list[str]] = {}
    for key, edition, label in zip(
        totals["indicator_key"], totals["edition"], totals["label"], strict=True
    ):
        labels.setdefault((key, edition), []).append(label)
    chosen = _pick(totals, ["indicator_key", "edition"])
    out = chosen[
        [
            "indicator_key",
            "edition",
            "estimate",
            "precision",
            "ci_low",
            "ci_high",
            "label",
            "vintage",
            "official",
            "source",
            "source_url",
            "retrieved",
        ]
    ].rename(columns={"indicator_key": "indicator"})
    out["also"] = [
        ", ".join(dict.fromkeys(x for x in labels[(k, e)] if x != lab))
        for k, e, lab in zip(out["indicator"], out["edition"], out["label"], strict=True)
    ]
    order = indicator_order(list(out["indicator"]))
    out["_o"] = out["indicator"].map(order.index)
    out = out.sort_values(["_o", "edition"]).drop(columns="_o").reset_index(drop=True)
    return out.astype({"edition": int, "official": bool})


def indicator_order(names: Sequence[str]) -> list[str]:
    """Canonical indicators first (in the alias table's order), then the others A–Z."""
    unique = list(dict.fromkeys(names))
    canon = [c for c in pv.INDICATOR_ALIASES if c in unique]
    return canon + sorted((n for n in unique if n not in canon), key=str.casefold)


def excluded_indicators(prevalence: pd.DataFrame) -> list[str]:
    """16+ indicators left out of the jaarprevalentie chart for another reference period."""
    frame = prepare(prevalence)
    totals = frame[frame["total"] & frame["note"].map(other_reference_period)]
    return list(dict.fromkeys(totals["indicator"]))


def edition_table(overview: pd.DataFrame, all_editions: Sequence[int]) -> pd.DataFrame:
    """Indicator × edition with the published figures as text; a gap reads "geen gegevens".

    Columns: "Indicator", one per edition ("2020", …), "95%-marge" (always "geen marges
    gepubliceerd" while none are), "Brontype" (official or quoted, per edition).
    """
    by_key = {(r["indicator"], int(r["edition"])): r for r in overview.to_dict("records")}
    rows = []
    for name in indicator_order(list(overview["indicator"])):
        row: dict[str, str] = {"Indicator": name}
        margins, kinds = set(), []
        for edition in all_editions:
            r = by_key.get((name, edition))
            if r is None:
                row[str(edition)] = MISSING
                continue
            text = str(r["label"])
            if r["also"]:
                text += f" (ook gepubliceerd: {r['also']})"
            row[str(edition)] = text
            margins.add(margin_text(r["ci_low"], r["ci_high"], r["precision"]))
            kinds.append(f"{edition}: {_text(r['vintage'])}")
        row["95%-marge"] = NO_MARGIN if margins <= {NO_MARGIN} else "zie detailtabel"
        row["Brontype"] = "; ".join(kinds)
        rows.append(row)
    columns = ["Indicator", *map(str, all_editions), "95%-marge", "Brontype"]
    return pd.DataFrame(rows, columns=columns)


def _margins_phrase(frame: pd.DataFrame) -> str:
    has_ci = frame["ci_low"].notna() & frame["ci_high"].notna()
    if not has_ci.any():
        return "Geen marges gepubliceerd, dus geen foutbalken."
    return "Foutbalken tonen het gepubliceerde 95%-interval, waar CBS het gaf."


def editions_alt(overview: pd.DataFrame) -> str:
    """Alt text of the editions chart, from the figures it shows."""
    shown = sorted(set(overview["edition"]))
    forms = overview["indicator"].nunique()
    text = (
        f"Stippen voor {forms} vormen van geweld, één kleur per editie "
        f"({', '.join(map(str, shown))}): het percentage 16-plussers dat in de afgelopen "
        "12 maanden slachtoffer was."
    )
    if not overview.empty:
        top = overview.sort_values("estimate", ascending=False).iloc[0]
        text += f" Hoogste: {top['indicator']} in {top['edition']} ({top['label']})."
    return f"{text} {_margins_phrase(overview)}"


def groups_alt(rows: pd.DataFrame, indicator: str, breakdown: str) -> str:
    """Alt text of the groups chart, from the figures it shows."""
    shown = rows[rows["preferred"]] if "preferred" in rows else rows
    groups = list(dict.fromkeys(shown["group"]))
    eds = sorted(set(shown["edition"]))
    text = (
        f"{indicator} naar {breakdown_label(breakdown).lower()}: {len(groups)} groepen "
        f"({', '.join(groups)}), editie(s) {', '.join(map(str, eds))}."
    )
    if not shown.empty:
        top = shown.sort_values("estimate", ascending=False).iloc[0]
        text += f" Hoogste: {top['group']} in {top['edition']} ({top['label']})."
    if not shown["official"].all():
        text += " Open symbool: cijfer geciteerd door derden of media."
    return f"{text} {_margins_phrase(shown)}"


def indicator_options(prevalence: pd.DataFrame) -> list[str]:
    """Every indicator with a published figure (canonical names), canonical totals first."""
    with_value = prevalence[prevalence["estimate"].notna()]
    return indicator_order([canonical_indicator(_text(i)) for i in with_value["indicator"]])


def _of_indicator(prevalence: pd.DataFrame, indicator: str) -> pd.DataFrame:
    frame = prepare(prevalence)
    return frame[frame["indicator_key"] == indicator]


def edition_options(prevalence: pd.DataFrame, indicator: str) -> list[str]:
    """Editions with a 16+ figure for the indicator (as strings, for the URL)."""
    rows = _of_indicator(prevalence, indicator)
    rows = rows[rows["total"] & rows["estimate"].notna()]
    return [str(e) for e in sorted({int(e) for e in rows["edition"]})]


def indicator_detail(
    prevalence: pd.DataFrame, indicator: str, all_editions: Sequence[int]
) -> pd.DataFrame:
    """Every published 16+ figure of one indicator, per edition, with its source.

    An edition without a figure gets one row "geen gegevens" (a gap stays a gap).
    """
    rows = _of_indicator(prevalence, indicator)
    rows = rows[rows["total"]].sort_values(["edition", "_rank"], kind="stable")
    out = []
    for edition in all_editions:
        part = rows[rows["edition"] == edition]
        if part.empty:
            out.append({"Editie": str(edition), "Schatting": MISSING, "95%-marge": NO_MARGIN})
            continue
        for r in part.to_dict("records"):
            out.append(
                {
                    "Editie": str(edition),
                    "Indicator zoals gepubliceerd": _text(r["indicator"]),
                    "Schatting": str(r["label"]),
                    "95%-marge": margin_text(r["ci_low"], r["ci_high"], r["precision"]),
                    "Aantal (zoals gepubliceerd)": _text(r["count_as_published"]) or "–",
                    "Brontype": _text(r["vintage"]),
                    "Bron": link(r["source"], r["source_url"]),
                    "Toelichting": _text(r["note"]),
                }
            )
    columns = [
        "Editie",
        "Indicator zoals gepubliceerd",
        "Schatting",
        "95%-marge",
        "Aantal (zoals gepubliceerd)",
        "Brontype",
        "Bron",
        "Toelichting",
    ]
    return pd.DataFrame(out, columns=columns).fillna("")


def series_note(indicator: str) -> str:
    """What a reader must know about the indicator's series (break in 2024), or ''."""
    return pv.SERIES_NOTES.get(indicator, "")


# --- Groups ---------------------------------------------------------------------------------


def breakdown_options(prevalence: pd.DataFrame, indicator: str) -> list[str]:
    """Breakdowns (other than the 16+ total) published for the indicator, as in the table."""
    rows = _of_indicator(prevalence, indicator)
    rows = rows[~rows["total"] & rows["estimate"].notna()]
    order = ["geslacht", "leeftijd", "genderidentiteit"]
    found = list(dict.fromkeys(rows["breakdown"]))
    return sorted(found, key=lambda b: (order.index(b) if b in order else len(order), b))


def breakdown_label(breakdown: str) -> str:
    """Dutch label of a breakdown: "leeftijd" → "Leeftijd", " x " → " × ", "oriëntatie"."""
    text = breakdown.replace(" x ", " × ").replace("orientatie", "oriëntatie")
    return text[:1].upper() + text[1:]


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def group_rows(prevalence: pd.DataFrame, indicator: str, breakdown: str) -> pd.DataFrame:
    """Every published figure of one indicator and breakdown, with display columns.

    Returns
    -------
    pandas.DataFrame
        ``group, edition, estimate, precision, ci_low, ci_high, n_respondents, label,
        vintage, official, source, source_url, retrieved, note, preferred``, groups in
        natural order (16-18 before 65+). ``preferred`` marks the one figure per group and
        edition a chart shows (most precise, official first); the others stay in the table.
    """
    rows = _of_indicator(prevalence, indicator)
    rows = rows[(rows["breakdown"] == breakdown) & rows["estimate"].notna()].copy()
    chosen = _pick(rows, ["group", "edition"]).index
    rows["preferred"] = rows.index.isin(chosen)
    rows["group"] = rows["group"].map(_text)
    rows["_g"] = rows["group"].map(_natural)
    rows = rows.sort_values(["_g", "edition", "_rank"], kind="stable")
    columns = [
        "group",
        "edition",
        "estimate",
        "precision",
        "ci_low",
        "ci_high",
        "n_respondents",
        "label",
        "vintage",
        "official",
        "source",
        "source_url",
        "retrieved",
        "note",
        "preferred",
    ]
    out = rows[columns].reset_index(drop=True)
    out["edition"] = out["edition"].astype(int)
    return out


def group_axis_title(rows: pd.DataFrame) -> str:
    """X-axis title for groups: a 12-month prevalence unless a note says otherwise."""
    if rows["note"].map(other_reference_period).any():
        return "% van de groep (andere referentieperiode, zie tabel)"
    return "Slachtoffers in de afgelopen 12 maanden, % van de groep"


def group_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The groups of one breakdown per edition for reading: every published figure."""
    out = pd.DataFrame(
        {
            "Groep": rows["group"].astype(str),
            "Editie": rows["edition"].astype(str),
            "Schatting": rows["label"].astype(str),
            "95%-marge": [
                margin_text(lo, hi, p)
                for lo, hi, p in zip(
                    rows["ci_low"], rows["ci_high"], rows["precision"], strict=True
                )
            ],
            "Brontype": rows["vintage"].map(_text),
            "In grafiek": rows["preferred"].map({True: "ja", False: "nee (zie andere bron)"}),
            "Bron": [link(s, u) for s, u in zip(rows["source"], rows["source_url"], strict=True)],
            "Toelichting": rows["note"].map(_text),
        }
    )
    return out.reset_index(drop=True)


def groups_testable(rows: pd.DataFrame) -> bool:
    """Whether any group figure carries a margin or a number of respondents (needed to test)."""
    has_ci = rows["ci_low"].notna() & rows["ci_high"].notna()
    return bool((has_ci | rows["n_respondents"].notna()).any())


# --- Memo sentence --------------------------------------------------------------------------


def memo_indicators() -> list[str]:
    """Indicators with a memo sentence: those the metrics compare between editions."""
    return list(sentences.PREVALENCE_NOUNS)


def memo_sentence(
    prevalence: pd.DataFrame,
    statements: pd.DataFrame | None,
    indicator: str,
    edition: int,
) -> sentences.Sentence | None:
    """The memo sentence for an indicator and edition, against every earlier edition.

    Uses :func:`gia_stats.metrics.sentences.prevalence_sentence` (our test, CBS's own verdict
    quoted where we cannot test). The first edition has nothing to compare with: the sentence
    gives its level only. ``None`` for an indicator the metrics do not compare between
    editions (not in ``sentences.PREVALENCE_NOUNS``).
    """
    if indicator not in sentences.PREVALENCE_NOUNS:
        return None
    earlier = [e for e in editions(prevalence) if e < edition]
    if earlier:
        return sentences.prevalence_sentence(
            prevalence, indicator, edition, earlier, statements=statements
        )
    chosen = pv.edition_estimate(prevalence, indicator, edition)
    noun = sentences.PREVALENCE_NOUNS[indicator]
    percent = chosen.estimate.percent
    if math.isnan(percent):
        text = f"Voor {noun} is in {edition} geen jaarprevalentie gepubliceerd."
        return sentences.Sentence(text)
    places = decimals(percent, chosen.estimate.precision)
    figure = format_number(percent, places) + " procent"
    if chosen.estimate.precision == "integer":
        figure = f"afgerond {figure}"
    elif places:
        figure += f" (afgerond {round_to_whole(percent)} procent)"
    text = (
        f"De jaarprevalentie van {noun} in {edition} is {figure}; {edition} is de eerste "
        "editie, er is geen eerdere om mee te vergelijken."
    )
    sources_ = (chosen.source,) if chosen.source else ()
    if sources_:
        text += f" Bron: {chosen.source}."
    return sentences.Sentence(text, sources_)


# --- Significance table ---------------------------------------------------------------------


def _comparison_text(comparison: str) -> str:
    try:
        later, earlier = pv.parse_comparison(comparison)
    except ValueError:
        return comparison
    return f"{later} t.o.v. {' en '.join(str(e) for e in earlier)}"


def _our_verdict(verdict: str, method: str) -> str:
    if verdict == sig.NIET_TOETSBAAR:
        return sig.NIET_TOETSBAAR
    return f"{verdict} ({sig.INDICATIEF})" if sig.INDICATIEF in method else verdict


def _p_text(p_value: float) -> str:
    return "<\u00a00,001" if p_value < 0.001 else format_number(p_value, 3)


def significance_table(verdicts: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """CBS's/WODC's statement beside our verdict, one row per statement, for reading.

    Parameters
    ----------
    verdicts
        ``prevalence.reproduce_statements(prevalence, statements)``.
    statements
        The statements table in the same order (for the source links).

    Returns
    -------
    pandas.DataFrame
        "Vergelijking", "Indicator", "Uitspraak CBS/WODC (zoals gepubliceerd)", "Volgens
        CBS", "Onze toets", "z", "p", "Eens met CBS", "Waarom niet toetsbaar", "Bron". Where
        our verdict is "niet toetsbaar", no cell of ours says "significant" and z and p are
        left out (the published rounding decides the outcome; see the reason).
    """
    urls = (
        list(statements["source_url"].map(_text))
        if "source_url" in statements
        else [""] * len(verdicts)
    )
    rows = []
    for record, url in zip(verdicts.to_dict("records"), urls, strict=True):
        verdict = _text(record["verdict"])
        testable = verdict != sig.NIET_TOETSBAAR
        direction = _text(record["cbs_direction"])
        agrees = record["agrees"]
        if not _text(record["cbs_verdict"]):
            agreement = "geen CBS-oordeel"
        elif agrees is None:
            agreement = "niet te beoordelen"
        else:
            agreement = "ja" if agrees else "nee"
        z, p = _float(record["z"]), _float(record["p_value"])
        rows.append(
            {
                "Vergelijking": _comparison_text(_text(record["comparison"])),
                "Indicator": _text(record["indicator"]),
                "Uitspraak CBS/WODC (zoals gepubliceerd)": _text(record["cbs_statement"]),
                "Volgens CBS": DIRECTION_WORDS.get(direction, direction or "–"),
                "Onze toets": _our_verdict(verdict, _text(record["method"])),
                "z": format_number(z, 2) if testable and not math.isnan(z) else "–",
                "p": _p_text(p) if testable and not math.isnan(p) else "–",
                "Eens met CBS": agreement,
                "Waarom niet toetsbaar": "" if testable else _text(record["reason"]),
                "Bron": link(_host(url) or "bron", url) if url else "–",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Vergelijking",
            "Indicator",
            "Uitspraak CBS/WODC (zoals gepubliceerd)",
            "Volgens CBS",
            "Onze toets",
            "z",
            "p",
            "Eens met CBS",
            "Waarom niet toetsbaar",
            "Bron",
        ],
    )


def _host(url: str) -> str:
    match = re.match(r"https?://(?:www\.)?([^/]+)", url)
    return match.group(1) if match else ""


def assumptions(verdicts: pd.DataFrame) -> list[str]:
    """Per statement: "2022 t.o.v. 2020 · SGG totaal: <assumptions>" (empty ones left out)."""
    out = []
    for record in verdicts.to_dict("records"):
        text = _text(record["assumptions"])
        if text:
            head = f"{_comparison_text(_text(record['comparison']))} · {record['indicator']}"
            out.append(f"{head}: {text}")
    return out


def method_text(verdicts: pd.DataFrame) -> str:
    """How the verdicts were reached, with the design-effect assumption, in Dutch Markdown."""
    methods = [m for m in dict.fromkeys(verdicts["method"].map(_text)) if m]
    respondents = ", ".join(
        f"{e}: {pv.RESPONDENTS_AS_PUBLISHED[e]} (gerekend: {format_number(n)})"
        for e, n in pv.RESPONDENTS.items()
    )
    lines = [
        "**Methode.** "
        + ("; ".join(methods) if methods else "z-toets voor twee onafhankelijke proporties")
        + f". Tweezijdig, significantieniveau {format_number(sig.ALPHA * 100)}%.",
        f"**Design-effect {format_number(sig.DESIGN_EFFECT, 1)} ({sig.INDICATIEF}).** Waar "
        "geen 95%-marge is gepubliceerd, is de standaardfout benaderd uit het "
        f"aantal respondenten per editie ({respondents}) met een aangenomen design-effect van "
        f"{format_number(sig.DESIGN_EFFECT, 1)}. Dat is een aanname, geen CBS-cijfer: elke "
        f"uitkomst die erop steunt heet '{sig.INDICATIEF}'.",
        "**Afronding.** Gepubliceerde percentages zijn afgerond (soms op hele procenten). We "
        "toetsen over alle waarden die zo afronden en geven alleen een oordeel als het over "
        f"dat hele bereik hetzelfde is; anders '{sig.NIET_TOETSBAAR}', met de reden.",
        "**Meer onderdelen.** Gaat een uitspraak over meer vormen of edities tegelijk, dan "
        "worden alle onderdelen getoetst met Holm-correctie; z en p zijn die van het zwakste "
        "onderdeel, vóór correctie.",
    ]
    return "\n\n".join(lines)


OVERVIEW_TITLE: Final = "Jaarprevalentie per vorm van geweld, 16 jaar en ouder"


@dataclass(frozen=True)
class PageParts:
    """What the page shows whatever the selection: built once per data version.

    ``style`` holds the keyword arguments every prevalence chart on the page shares
    (source, editions, the questionnaire break).
    """

    rows: pd.DataFrame
    editions: list[int]
    style: dict[str, Any]
    overview_chart: go.Figure
    overview_table: pd.DataFrame
    overview_alt: str
    excluded: list[str]
    verdicts: pd.DataFrame
    verdict_table: pd.DataFrame
    method: str
    assumptions: list[str] = field(default_factory=list)


def page_parts(prevalence: pd.DataFrame, statements: pd.DataFrame) -> PageParts:
    """Everything independent of the selection: overview chart and table, our verdicts.

    Parameters
    ----------
    prevalence, statements
        ``tables["prevalentie"]`` and ``tables["uitspraken"]``.

    Returns
    -------
    PageParts
    """
    dataset = catalog.get("prevalentie")
    rows = prepare(prevalence)
    overview = edition_overview(rows)
    verdicts = pv.reproduce_statements(prevalence, statements)
    break_edition, break_note = questionnaire_break(dataset.notes)
    all_editions = editions(rows)
    style: dict[str, Any] = {
        "source": dataset.source,
        "editions": all_editions,
        "break_edition": break_edition,
        "break_note": break_note,
    }
    return PageParts(
        rows=rows,
        editions=all_editions,
        style=style,
        overview_chart=charts.editions_chart(overview, OVERVIEW_TITLE, **style),
        overview_table=edition_table(overview, all_editions),
        overview_alt=editions_alt(overview),
        excluded=excluded_indicators(rows),
        verdicts=verdicts,
        verdict_table=significance_table(verdicts, statements),
        method=method_text(verdicts),
        assumptions=assumptions(verdicts),
    )


__all__ = [
    "DIRECTION_WORDS",
    "MISSING",
    "NO_MARGIN",
    "OVERVIEW_TITLE",
    "PageParts",
    "assumptions",
    "breakdown_label",
    "breakdown_options",
    "canonical_indicator",
    "edition_options",
    "edition_overview",
    "edition_table",
    "editions",
    "editions_alt",
    "excluded_indicators",
    "group_axis_title",
    "group_rows",
    "group_table",
    "groups_alt",
    "groups_testable",
    "indicator_detail",
    "indicator_options",
    "indicator_order",
    "is_official",
    "is_total",
    "link",
    "margin_text",
    "memo_indicators",
    "memo_sentence",
    "method_text",
    "other_reference_period",
    "page_parts",
    "percent_text",
    "prepare",
    "questionnaire_break",
    "series_note",
    "significance_table",
]
