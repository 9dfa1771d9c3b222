"""Veilig Thuis page: series per region with every vintage, and the breakdown tables (pure)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from gia_stats import catalog
from gia_stats.charts import breakdown, series
from gia_stats.metrics import change as ch
from gia_stats.metrics.format import format_number, format_percent
from gia_stats.periods import Period, PeriodType, parse_period, period_range
from gia_stats.regions import NATIONAL, RegionLevel, display_name

#: The two series of the page, as the tidy table names them.
SERIES_MEASURES: tuple[str, ...] = (catalog.ADVIEZEN.title, catalog.MELDINGEN.title)

#: Datasets with totals of the series measures, in order of preference when the same figure
#: is in several tables (the key figures table first, then catalog order).
_PRIORITY = {d.id: i for i, d in enumerate(catalog.DATASETS)}

#: Breakdown tables offered on the page (catalog id → short label), in this order. The label
#: is the option itself: Streamlit binds the shown text of a selection to the URL.
BREAKDOWNS: dict[str, str] = {
    "vt_aard_geweld": "Aard geweld (regio)",
    "vt_aard_geweld_vt": "Aard geweld (Veilig Thuis-regio)",
    "vt_rol_functie": "Melder: rol/functie (regio)",
    "vt_rol_functie_vt": "Melder: rol/functie (Veilig Thuis-regio)",
    "vt_eerdere_betrokkenheid": "Eerdere betrokkenheid",
    "vt_veiligheid": "Veiligheidsbeoordeling en -taxatie",
    "vt_adviesvragers": "Adviesvragers (aandeel)",
}

MISSING = "geen gegevens"
UNKNOWN = "onbekend (.)"
TOTAL = "Totaal"
#: Marks in the tables: CBS's ``*`` for a provisional figure, ``ca.`` for a coarse rounding.
PROVISIONAL_MARK = "*"
LEGEND = (
    "\\* voorlopig cijfer · ca. = afgerond op duizendtallen (CBS-nieuws) · "
    "geen gegevens = niet gepubliceerd of niet offline · onbekend (.) = CBS-teken '.'"
)

#: vt_eerdere_betrokkenheid has no dimension: the group sits in the measure name,
#: "Ontvangen meldingen: <groep>" (counts) and "Ontvangen meldingen (relatief): <groep>" (%).
_EERDER = "vt_eerdere_betrokkenheid"
_EERDER_BREAKDOWN = "Eerdere betrokkenheid Veilig Thuis"
_EERDER_TOTAL = "Ontvangen meldingen, totaal"
_LEVEL_ORDER = {level.value: i for i, level in enumerate(RegionLevel)}
_TOTAL_WORDS = ch.TOTAL_WORDS


def _is_total_group(group: object) -> bool:
    """Whether a group is the total in every dimension ("Totaal", "Totaal | Totaal", "")."""
    text = "" if group is None or pd.isna(group) else str(group)  # type: ignore[call-overload]
    return all(part.strip().lower() in _TOTAL_WORDS for part in text.split("|"))


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


# --------------------------------------------------------------------------------------------
# Series


def series_totals(vt: pd.DataFrame) -> pd.DataFrame:
    """Every row (all vintages) of a national or regional total of adviezen and meldingen.

    Totals are taken from every Veilig Thuis table: the key figures table, the total row of
    the breakdown tables ("Totaal", "Totaal | Totaal") and the total of the table on earlier
    involvement ("Ontvangen meldingen: Ontvangen meldingen, totaal"). A ``priority`` column
    orders the tables for :func:`series_rows`.

    Parameters
    ----------
    vt
        The tidy Veilig Thuis count table (``tables["veilig_thuis"]``).

    Returns
    -------
    pandas.DataFrame
        The tidy columns plus ``priority``; ``measure`` is one of :data:`SERIES_MEASURES`.
    """
    eerder_total = f"{catalog.MELDINGEN.title}: {_EERDER_TOTAL}"
    keep = vt["measure"].isin(SERIES_MEASURES) & vt["group"].map(_is_total_group)
    eerder = (vt["dataset"] == _EERDER) & (vt["measure"] == eerder_total)
    rows = vt[keep | eerder].copy()
    rows.loc[rows["measure"] == eerder_total, "measure"] = catalog.MELDINGEN.title
    rows["priority"] = rows["dataset"].map(_PRIORITY).fillna(len(_PRIORITY)).astype(int)
    return rows


def region_labels(totals: pd.DataFrame) -> dict[str, str]:
    """Regions with at least one figure, Nederland first, then by level and name.

    Parameters
    ----------
    totals
        From :func:`series_totals`.

    Returns
    -------
    dict
        Region code → label, e.g. ``"PV20"`` → ``"Groningen (provincie)"``.
    """
    with_value = totals[totals["value"].notna()]
    regions = with_value.drop_duplicates("region_code")[
        ["region_code", "region_name", "region_level"]
    ]
    regions = regions.assign(
        order=regions["region_level"].map(_LEVEL_ORDER).fillna(len(_LEVEL_ORDER)),
        name=regions["region_name"].map(lambda n: display_name(_text(n))),
    ).sort_values(["order", "name", "region_code"])
    labels: dict[str, str] = {}
    for row in regions.itertuples():
        code = str(row.region_code)
        labels[code] = region_label(code, str(row.name), str(row.region_level))
    return labels


def choices(labels: dict[str, str]) -> dict[str, str]:
    """Turn code → label into label → code, labels made unique (the label is the option)."""
    out: dict[str, str] = {}
    for code, label in labels.items():
        out[label if label not in out else f"{label} [{code}]"] = code
    return out


def period_choices(codes: list[str]) -> dict[str, str]:
    """Period label → CBS code, in the order given (``"1e halfjaar 2025"`` → ``2025HJ01``)."""
    return {parse_period(c).label: c for c in codes}


def region_label(code: str, name: str, level: str) -> str:
    """``"Nederland"`` or ``"Groningen (provincie)"``."""
    if code == NATIONAL:
        return "Nederland"
    try:
        return f"{name} ({RegionLevel(level).dutch})"
    except ValueError:
        return f"{name} ({code})"


def series_rows(totals: pd.DataFrame, region: str, period_type: str) -> pd.DataFrame:
    """The figure shown for each measure and period: the current vintage, one table.

    Parameters
    ----------
    totals
        From :func:`series_totals`.
    region
        Region code.
    period_type
        ``"jaar"`` or ``"halfjaar"``.

    Returns
    -------
    pandas.DataFrame
        One row per (measure, period) with a row in the data (a flagged cell included);
        sorted by period.
    """
    rows = totals[
        (totals["region_code"] == region)
        & (totals["period_type"] == period_type)
        & totals["current"].astype(bool)
    ]
    rows = rows.assign(has_value=rows["value"].notna()).sort_values(
        ["has_value", "priority"], ascending=[False, True]
    )
    rows = rows.drop_duplicates(["measure", "period_code"]).drop(columns="has_value")
    return rows.sort_values(["period_start", "measure"]).reset_index(drop=True)


def axis(rows: pd.DataFrame) -> list[str]:
    """Every period label from the first to the last period in ``rows`` (gaps included)."""
    periods = sorted(parse_period(str(c)) for c in rows["period_code"].unique())
    if not periods:
        return []
    return [p.label for p in period_range(periods[0], periods[-1])]


def _number(value: object) -> float:
    """A float, NaN for anything missing."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return math.nan
    return float(value)  # type: ignore[arg-type]


def cell(value: object, status: object = "", flag: object = "", rounding: object = None) -> str:
    """A figure for a table: ``"127.410"``, ``"84.935*"``, ``"ca. 75.000*"``, or why not.

    Parameters
    ----------
    value
        The value (NaN when missing).
    status
        ``voorlopig``/``nader voorlopig`` add CBS's ``*``/``**``.
    flag
        A CBS sign; ``"."`` gives ``"onbekend (.)"``.
    rounding
        The rounding of the published figure; coarser than 5 gives ``"ca. "``.

    Returns
    -------
    str
    """
    sign = _text(flag).strip()
    if sign:
        return UNKNOWN if sign == "." else f"onbekend ({sign})"
    number = _number(value)
    if math.isnan(number):
        return MISSING
    text = format_number(number)
    step = _number(rounding)
    if not math.isnan(step) and step > ch.COARSE_ROUNDING:
        text = f"ca. {text}"
    word = _text(status).strip().lower()
    if word == "nader voorlopig":
        text += "**"
    elif word == "voorlopig":
        text += PROVISIONAL_MARK
    return text


def series_table(rows: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The series as a Dutch table: one row per period, one column per measure.

    Parameters
    ----------
    rows
        From :func:`series_rows`.
    labels
        The period labels of the axis (from :func:`axis`); periods without a figure are
        rows of "geen gegevens".

    Returns
    -------
    pandas.DataFrame
        Index "Periode"; cells from :func:`cell`.
    """
    measures = [m for m in SERIES_MEASURES if m in set(rows["measure"])]
    table = pd.DataFrame(MISSING, index=pd.Index(labels, name="Periode"), columns=measures)
    for row in rows.to_dict("records"):
        if row["period_label"] in table.index:
            table.loc[str(row["period_label"]), str(row["measure"])] = cell(
                row["value"], row["status"], row["flag"], row["rounding"]
            )
    table.columns.name = None
    return table


def gaps(table: pd.DataFrame) -> list[str]:
    """Periods of the table without any figure."""
    return [str(label) for label in table.index if table.loc[label].eq(MISSING).all()]


def series_alt(rows: pd.DataFrame, region_name: str, period_type: str) -> str:
    """Alt text for the series chart, with the first and last period and the last figures."""
    if rows.empty:
        return f"Geen cijfers voor {region_name} per {period_type}."
    labels = axis(rows)
    last = rows[rows["period_code"] == rows.sort_values("period_start")["period_code"].iloc[-1]]
    latest = "; ".join(
        f"{r.measure}: {cell(r.value, r.status, r.flag, r.rounding)}" for r in last.itertuples()
    )
    return (
        f"Lijngrafiek van gestarte adviezen en ontvangen meldingen bij Veilig Thuis, "
        f"{region_name}, per {period_type}, van {labels[0]} tot en met {labels[-1]}. "
        f"Laatste periode ({labels[-1]}): {latest}. Perioden zonder cijfer blijven open; "
        "een open punt is een voorlopig cijfer."
    )


def _rounding_text(rounding: object) -> str:
    if rounding is None or pd.isna(rounding):  # type: ignore[call-overload]
        return ""
    step = int(rounding)  # type: ignore[call-overload]
    return {1: "exact", 5: "vijftallen", 1000: "duizendtallen"}.get(step, f"{step}-tallen")


def vintage_table(totals: pd.DataFrame, region: str, period_type: str) -> pd.DataFrame:
    """Every published version of every figure of the series, the one shown marked.

    The same figure found in several tables with the same value and version is one row (its
    sources joined). A year row lists the half-years CBS published for that year and a
    half-year row the year figure: they are put side by side, never added up.

    Parameters
    ----------
    totals
        From :func:`series_totals`.
    region
        Region code.
    period_type
        ``"jaar"`` or ``"halfjaar"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``Periode, Maat, Cijfer, Getoond, Versie, Status, Afronding, Opmerking,
        Bron``; one row per distinct version, by period and measure.
    """
    columns = [
        "Periode",
        "Maat",
        "Cijfer",
        "Getoond",
        "Versie",
        "Status",
        "Afronding",
        "Opmerking",
        "Bron",
    ]
    here = totals[totals["region_code"] == region]
    rows = here[here["period_type"] == period_type].sort_values("priority")
    if rows.empty:
        return pd.DataFrame(columns=columns)
    shown = {
        (r["measure"], r["period_code"], _text(r["vintage"]), _value_key(r["value"]))
        for r in series_rows(totals, region, period_type).to_dict("records")
    }
    other_type = PeriodType.HALFJAAR.value if period_type == "jaar" else PeriodType.JAAR.value
    other = series_rows(totals, region, other_type).to_dict("records")
    merged: dict[tuple[str, ...], dict[str, object]] = {}
    for r in rows.to_dict("records"):
        vintage, status, flag = _text(r["vintage"]), _text(r["status"]), _text(r["flag"])
        value_key = _value_key(r["value"])
        rounding = _rounding_text(r["rounding"])
        key = (str(r["measure"]), str(r["period_code"]), vintage, status, flag, value_key, rounding)
        source = _text(r["source"])
        if key in merged:
            known = str(merged[key]["Bron"])
            if source and source not in known.split("; "):
                merged[key]["Bron"] = f"{known}; {source}" if known else source
            continue
        merged[key] = {
            "period_start": r["period_start"],
            "Periode": str(r["period_label"]),
            "Maat": key[0],
            "Cijfer": cell(r["value"], status, flag, r["rounding"]),
            "Getoond": "ja" if (key[0], key[1], vintage, value_key) in shown else "nee",
            "Versie": vintage,
            "Status": status or "niet vermeld",
            "Afronding": key[6],
            "Opmerking": _related(other, key[0], key[1]),
            "Bron": source,
        }
    table = pd.DataFrame.from_records(list(merged.values()))
    table = table.sort_values(["period_start", "Maat", "Getoond"], kind="stable")
    return table[columns].reset_index(drop=True)


def _value_key(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.6g}"  # type: ignore[arg-type, call-overload]


def _related(other: list[dict[Hashable, Any]], measure: str, period_code: str) -> str:
    """The half-years beside a year, or the year beside a half-year (never summed)."""
    period = parse_period(period_code)
    if period.type is PeriodType.JAAR:
        halves = [Period.of(period.year, PeriodType.HALFJAAR, n).code for n in (1, 2)]
        found = sorted(
            (r for r in other if r["measure"] == measure and r["period_code"] in halves),
            key=lambda r: str(r["period_code"]),
        )
        if not found:
            return ""
        parts = [
            f"{parse_period(str(r['period_code'])).number}e halfjaar "
            f"{cell(r['value'], r['status'], r['flag'], r['rounding'])} ({_text(r['vintage'])})"
            for r in found
        ]
        return "CBS-halfjaren: " + "; ".join(parts) + " — niet opgeteld"
    year = Period.of(period.year, PeriodType.JAAR).code
    for r in other:
        if r["measure"] == measure and r["period_code"] == year:
            figure = cell(r["value"], r["status"], r["flag"], r["rounding"])
            return f"jaarcijfer {period.year}: {figure} ({_text(r['vintage'])})"
    return ""


# --------------------------------------------------------------------------------------------
# Breakdowns


def breakdown_rows(vt: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The current rows of one breakdown table, with a readable group ``label``.

    Compound groups ("Totaal | Overdracht" under "Veiligheidstaxatie | Veiligheidsbeoordeling")
    are labelled by their non-total parts ("Veiligheidsbeoordeling: Overdracht"). In the table
    on earlier involvement the group sits in the measure name and is split off here.

    Parameters
    ----------
    vt
        The tidy Veilig Thuis table.
    dataset
        A catalog id from :data:`BREAKDOWNS`.

    Returns
    -------
    pandas.DataFrame
        Tidy columns plus ``label`` and ``is_total``.
    """
    rows = vt[(vt["dataset"] == dataset) & vt["current"].astype(bool)].copy()
    if dataset == _EERDER and not rows.empty:
        split = rows["measure"].str.split(": ", n=1, expand=True)
        rows["measure"] = split[0]
        rows["group"] = split[1].fillna("")
        rows.loc[rows["group"] == _EERDER_TOTAL, "group"] = TOTAL
        rows["breakdown"] = _EERDER_BREAKDOWN
    rows["is_total"] = rows["group"].map(_is_total_group)
    rows["label"] = [
        _group_label(_text(g), _text(b))
        for g, b in zip(rows["group"], rows["breakdown"], strict=True)
    ]
    return rows


def _group_label(group: str, breakdown: str) -> str:
    parts = [p.strip() for p in group.split("|")]
    dims = [d.strip() for d in breakdown.split("|")]
    named = [
        (dims[i] if i < len(dims) else "", p)
        for i, p in enumerate(parts)
        if p.lower() not in _TOTAL_WORDS
    ]
    if not named:
        return TOTAL
    if len(parts) == 1:
        return named[0][1]
    return "; ".join(f"{d}: {p}" if d else p for d, p in named)


def _groups(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of actual groups (not the total): a selection needs at least one."""
    return rows[~rows["is_total"].astype(bool)]


def breakdown_regions(rows: pd.DataFrame) -> dict[str, str]:
    """Regions with at least one group in a breakdown table, Nederland first (code → label)."""
    regions = _groups(rows).drop_duplicates("region_code")
    regions = regions.assign(
        order=regions["region_level"].map(_LEVEL_ORDER).fillna(len(_LEVEL_ORDER)),
        name=regions["region_name"].map(lambda n: display_name(_text(n))),
    ).sort_values(["order", "name", "region_code"])
    return {
        str(r.region_code): region_label(str(r.region_code), str(r.name), str(r.region_level))
        for r in regions.itertuples()
    }


def breakdown_periods(rows: pd.DataFrame, region: str) -> list[str]:
    """Period codes with groups for a region, oldest first (a year before its half-years)."""
    groups = _groups(rows)
    codes = groups.loc[groups["region_code"] == region, "period_code"].unique()
    return [p.code for p in sorted(parse_period(str(c)) for c in codes)]


def latest(periods: list[str]) -> str | None:
    """The period that ends last (a year before a half-year that ends with it)."""
    if not periods:
        return None
    return max(
        periods, key=lambda c: (parse_period(c).end, parse_period(c).type is PeriodType.JAAR)
    )


def breakdown_measures(rows: pd.DataFrame, region: str, period: str) -> list[str]:
    """Measures with groups for a region and period, in the table's order."""
    groups = _groups(rows)
    here = groups[(groups["region_code"] == region) & (groups["period_code"] == period)]
    return list(dict.fromkeys(str(m) for m in here["measure"]))


def default_measure(measures: list[str]) -> str | None:
    """Ontvangen meldingen when offered, else the first measure."""
    for wanted in (catalog.MELDINGEN.title, "Ontvangen meldingen"):
        if wanted in measures:
            return wanted
    return measures[0] if measures else None


def breakdown_table(rows: pd.DataFrame, measure: str, region: str, period: str) -> pd.DataFrame:
    """One row per group (the total last) with its figure and its share of the total.

    Figures are picked with :func:`gia_stats.metrics.change.pick` (a ``'.'`` cell is missing,
    never 0); the share with :func:`gia_stats.metrics.change.share` against the table's total
    row. A table without a total row has no shares. A measure in percent is a share already,
    as published.

    Parameters
    ----------
    rows
        From :func:`breakdown_rows`.
    measure, region, period
        The selection (period as a CBS code).

    Returns
    -------
    pandas.DataFrame
        Columns ``label, value, unit, flag, status, rounding, share, share_note, is_total,
        source, retrieved``; groups by descending value, missing ones after, the total last.
    """
    here = rows[
        (rows["measure"] == measure)
        & (rows["region_code"] == region)
        & (rows["period_code"] == period)
    ]
    columns = [
        "label",
        "value",
        "unit",
        "flag",
        "status",
        "rounding",
        "share",
        "share_note",
        "is_total",
        "breakdown",
        "source",
        "retrieved",
    ]
    if here.empty:
        return pd.DataFrame(columns=columns)
    total_rows = here[here["is_total"]]
    total: ch.Figure | None = None
    if not total_rows.empty:
        t = total_rows.iloc[0]
        total = ch.pick(
            rows, measure, region, period, breakdown=str(t["breakdown"]), group=str(t["group"])
        )
    percent = (here["unit"] == "%").all()
    records = []
    for row in here.drop_duplicates(["breakdown", "group"]).itertuples():
        figure = ch.pick(
            rows, measure, region, period, breakdown=str(row.breakdown), group=str(row.group)
        )
        share, note = math.nan, ""
        if percent:
            share = figure.value / 100.0
            note = "aandeel zoals gepubliceerd"
        elif row.is_total:
            share = math.nan
        elif total is None:
            note = "geen totaal in deze tabel"
        else:
            ratio = ch.share(figure, total)
            share, note = ratio.value, ratio.reason or "; ".join(ratio.warnings)
        records.append(
            {
                "label": str(row.label),
                "value": figure.value,
                "unit": _text(row.unit),
                "flag": figure.flag,
                "status": figure.status,
                "rounding": figure.rounding,
                "share": share,
                "share_note": note,
                "is_total": bool(row.is_total),
                "breakdown": _text(row.breakdown),
                "source": _text(row.source),
                "retrieved": _text(row.retrieved),
            }
        )
    table = pd.DataFrame.from_records(records, columns=columns)
    table = table.assign(_missing=table["value"].isna()).sort_values(
        ["is_total", "_missing", "value"], ascending=[True, True, False]
    )
    return table.drop(columns="_missing").reset_index(drop=True)


def has_shares(table: pd.DataFrame) -> bool:
    """Whether the groups carry a share (a total row or published percentages)."""
    groups = table[~table["is_total"].astype(bool)]
    return bool(groups["share"].notna().any())


def breakdown_display(table: pd.DataFrame) -> pd.DataFrame:
    """The breakdown as a Dutch table for reading (index ``Groep``).

    Parameters
    ----------
    table
        From :func:`breakdown_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``Aantal`` (or ``Aandeel (%)`` for a measure in percent), ``Aandeel van het
        totaal`` (when there is a total) and ``Status``.
    """
    percent = bool(len(table)) and (table["unit"] == "%").all()
    shares = not percent and table["is_total"].astype(bool).any()
    records = []
    for row in table.to_dict("records"):
        value, share = _number(row["value"]), _number(row["share"])
        if percent:
            figure = _percent_cell(value, row["flag"])
        else:
            figure = cell(value, "", row["flag"], row["rounding"])
        record = {"Groep": str(row["label"]), "Aandeel (%)" if percent else "Aantal": figure}
        if shares:
            if row["is_total"]:
                record["Aandeel van het totaal"] = "100%" if not math.isnan(value) else MISSING
            elif not math.isnan(share):
                record["Aandeel van het totaal"] = format_percent(share, 1)
            else:
                record["Aandeel van het totaal"] = cell(math.nan, "", row["flag"])
        record["Status"] = _text(row["status"]) or "niet vermeld"
        records.append(record)
    return pd.DataFrame.from_records(records).set_index("Groep")


def _percent_cell(value: float, flag: object) -> str:
    if _text(flag).strip():
        return cell(value, "", flag)
    return MISSING if math.isnan(value) else format_number(value, 1) + "%"


def breakdown_alt(table: pd.DataFrame, title: str, region_name: str, period_label: str) -> str:
    """Alt text for the breakdown chart: what is shown and the largest group."""
    groups = table[~table["is_total"].astype(bool)]
    known = groups[groups["value"].notna()]
    missing = len(groups) - len(known)
    text = (
        f"Staafdiagram van {title.lower()} naar groep, {region_name}, {period_label}: "
        f"{len(groups)} groepen."
    )
    if not known.empty:
        top = known.sort_values("value", ascending=False).iloc[0]
        if has_shares(table) and not math.isnan(top["share"]):
            size = format_percent(float(top["share"]), 1)
            text += f" Grootste groep: {top['label']} ({size} van het totaal)."
        else:
            text += (
                f" Grootste groep: {top['label']} ({cell(top['value'], '', '', top['rounding'])})."
            )
    if missing:
        text += (
            f" {missing} groep(en) zonder cijfer (onbekend of geen gegevens), niet als 0 getekend."
        )
    return text


def chart_axis(table: pd.DataFrame, measure: str) -> tuple[bool, str]:
    """Whether to draw shares, and the x-axis title, for a breakdown table."""
    if len(table) and (table["unit"] == "%").all():
        return True, f"{measure} (zoals gepubliceerd)"
    if has_shares(table):
        return True, f"Aandeel van het totaal ({measure.lower()}, %)"
    return False, f"{measure} (aantal)"


def breakdown_notes(table: pd.DataFrame) -> list[str]:
    """What a reader must know about a breakdown table (no total, overlapping subtotals)."""
    notes = []
    groups = table[~table["is_total"].astype(bool)]
    percent = len(table) and (table["unit"] == "%").all()
    if not percent and not table["is_total"].astype(bool).any():
        notes.append(
            "Deze tabel heeft geen totaal voor deze keuze: alleen aantallen, geen aandelen."
        )
    if groups["label"].str.contains("totaal", case=False).any():
        notes.append(
            "Groepen met 'totaal' in de naam zijn subtotalen van andere groepen: de staven "
            "tellen niet op tot het totaal."
        )
    dims = {label.split(": ", 1)[0] for label in groups["label"] if ": " in label}
    breakdowns = {
        d.strip() for b in table.get("breakdown", pd.Series(dtype=str)) for d in str(b).split("|")
    }
    if len(dims & breakdowns) > 1:
        notes.append(
            f"De groepen komen uit {len(dims & breakdowns)} indelingen "
            f"({' en '.join(sorted(dims & breakdowns))}) en overlappen: de staven tellen niet "
            "op tot het totaal."
        )
    if not percent and not notes and groups["share"].sum() > 1.005:
        notes.append(
            "De aandelen tellen op tot meer dan 100%: een melding of advies kan in meer dan "
            "één groep vallen, of groepen overlappen."
        )
    if percent:
        notes.append("Aandelen zoals CBS ze publiceerde (afgerond op één decimaal).")
    return notes


# --------------------------------------------------------------------------------------------
# Bundles: everything one part of the page shows, built in one go (the page caches them).


@dataclass(frozen=True)
class TableMenu:
    """The selections of one breakdown table. Each table has its own selection keys and fixed
    option lists (every region, period and measure with groups anywhere in the table): a
    choice made on one table never becomes an impossible value of another.
    """

    dataset: str
    label: str
    rows: pd.DataFrame
    regions: dict[str, str]
    periods: dict[str, str]
    measures: list[str]

    def key(self, what: str) -> str:
        """The selection key (and URL parameter), e.g. ``"vt_aard_geweld_periode"``."""
        return f"vt_{self.dataset.removeprefix('vt_')}_{what}"

    @property
    def default_region(self) -> str:
        """Nederland when the table has groups for it, else its first region (label)."""
        return next((n for n, c in self.regions.items() if c == NATIONAL), next(iter(self.regions)))

    def default_period(self, region: str) -> str | None:
        """The latest period with groups for ``region`` (label)."""
        code = latest(breakdown_periods(self.rows, region))
        return parse_period(code).label if code else None

    def available(self, region: str) -> dict[str, list[str]]:
        """Period label → measures with groups, for one region."""
        return {
            parse_period(code).label: breakdown_measures(self.rows, region, code)
            for code in breakdown_periods(self.rows, region)
        }


def table_menu(vt: pd.DataFrame, dataset: str) -> TableMenu | None:
    """The menu of one breakdown table (None when it has no groups in the data)."""
    rows = breakdown_rows(vt, dataset)
    regions = choices(breakdown_regions(rows))
    if not regions:
        return None
    groups = _groups(rows)
    periods = period_choices(
        [p.code for p in sorted(parse_period(str(c)) for c in groups["period_code"].unique())]
    )
    measures = list(dict.fromkeys(str(m) for m in groups["measure"]))
    return TableMenu(dataset, BREAKDOWNS[dataset], rows, regions, periods, measures)


@dataclass(frozen=True)
class Menus:
    """The selections the page offers, from the data (labels are the options)."""

    totals: pd.DataFrame
    regions: dict[str, str]
    tables: dict[str, TableMenu]


def menus(vt: pd.DataFrame) -> Menus:
    """Build every option list of the page once per data version.

    Parameters
    ----------
    vt
        The tidy Veilig Thuis table.

    Returns
    -------
    Menus
        Series totals and regions (label → code); the breakdown tables with groups
        (label → :class:`TableMenu`).
    """
    tables = {}
    for dataset, label in BREAKDOWNS.items():
        found = table_menu(vt, dataset)
        if found is not None:
            tables[label] = found
    totals = series_totals(vt)
    return Menus(totals, choices(region_labels(totals)), tables)


def gap_text(table: TableMenu, region: str, region_name: str, period: str, measure: str) -> str:
    """Say that a selection has no groups, and where this table does have them."""
    available = table.available(region)
    text = f"Geen gegevens voor {measure.lower()}, {region_name}, {period} in deze tabel."
    if period in available:
        text += f" Voor {period} wel: {', '.join(available[period])}."
    elif available:
        text += f" Voor {region_name} wel: {', '.join(available)}."
    return text


@dataclass(frozen=True)
class SeriesView:
    """The series part of the page: chart, its data table, gaps and every vintage.

    ``rows`` are the tidy rows shown (for the CSV download, with provenance).
    """

    rows: pd.DataFrame
    table: pd.DataFrame
    figure: go.Figure | None
    alt: str
    gaps: list[str]
    vintages: pd.DataFrame


def series_view(totals: pd.DataFrame, region: str, name: str, period_type: str) -> SeriesView:
    """Build the series chart, its table and the vintage table for one region and period type.

    Parameters
    ----------
    totals
        From :func:`series_totals`.
    region, name
        Region code and label.
    period_type
        ``"jaar"`` or ``"halfjaar"``.

    Returns
    -------
    SeriesView
        ``figure`` None and an empty ``table`` when the region has no figure of that type.
    """
    rows = series_rows(totals, region, period_type)
    vintages = vintage_table(totals, region, period_type)
    if rows.empty:
        return SeriesView(rows, pd.DataFrame(), None, "", [], vintages)
    labels = axis(rows)
    table = series_table(rows, labels)
    title = f"Veilig Thuis, {name}, per {period_type}"
    figure = series.series_chart(rows, title, "Aantal", labels)
    alt = series_alt(rows, name, period_type)
    return SeriesView(rows.drop(columns="priority"), table, figure, alt, gaps(table), vintages)


@dataclass(frozen=True)
class BreakdownView:
    """The breakdown part of the page for one selection (``rows``: the tidy rows behind it)."""

    rows: pd.DataFrame
    table: pd.DataFrame
    display: pd.DataFrame
    figure: go.Figure | None
    alt: str
    notes: list[str]


def breakdown_view(
    rows: pd.DataFrame,
    table_label: str,
    measure: str,
    region: str,
    region_name: str,
    period: str,
) -> BreakdownView:
    """Build the bar chart, the table and the notes of one breakdown selection.

    Parameters
    ----------
    rows
        From :func:`breakdown_rows`.
    table_label
        The table's label (a value of :data:`BREAKDOWNS`).
    measure, region, period
        The selection (period as a CBS code).
    region_name
        The region's label.

    Returns
    -------
    BreakdownView
        ``figure`` None when the selection has no groups (see :func:`gap_text`).
    """
    table = breakdown_table(rows, measure, region, period)
    if table.empty or table["is_total"].astype(bool).all():
        return BreakdownView(rows.iloc[0:0], table, pd.DataFrame(), None, "", [])
    as_share, x_title = chart_axis(table, measure)
    label = parse_period(period).label
    title = f"{measure} naar {table_label[:1].lower()}{table_label[1:]}<br>{region_name}, {label}"
    figure = breakdown.breakdown_chart(table, title, as_share=as_share, x_title=x_title)
    here = rows[
        (rows["measure"] == measure)
        & (rows["region_code"] == region)
        & (rows["period_code"] == period)
    ]
    return BreakdownView(
        here.drop(columns=["label", "is_total"]),
        table,
        breakdown_display(table),
        figure,
        breakdown_alt(table, measure, region_name, label),
        breakdown_notes(table),
    )
