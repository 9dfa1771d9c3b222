"""View model of the Regio's page: one measure for every region of a level, ranked and mapped.

Pure functions on the tidy tables (no streamlit). The page chooses a level, a measure, a
period, optionally a period to compare with, and a scale (counts or per 1,000
inhabitants); this module finds the figures, the population, the changes and the notes on
comparability, and shapes them for the map and the tables.

A measure on this page is a *measure option*: one measure (e.g. "Ontvangen meldingen") in
one breakdown group (the total, or e.g. "Aanvullende informatie: Mensenhandel"). The total
of a measure is published in several CBS tables (kerncijfers, veiligheidsbeoordeling, aard
geweld, rol/functie); for one region and period they agree, so an option gathers all of
them and takes, per region, the first CBS table in catalogue order that has the figure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

import pandas as pd

from gia_stats import catalog, regions
from gia_stats.metrics import change as chg
from gia_stats.metrics.format import format_change, format_number, format_percent
from gia_stats.periods import Period, PeriodType, parse_period

#: The levels the page maps, with their Dutch (plural) names.
LEVELS: dict[str, str] = {
    "VT": "Veilig Thuis-regio's",
    "PV": "Provincies",
    "LD": "Landsdelen",
}

#: The same, as a noun in running text.
_NOUNS: dict[str, str] = {"VT": "Veilig Thuis-regio's", "PV": "provincies", "LD": "landsdelen"}

#: The scales a figure can be shown in.
SCALES: dict[str, str] = {"aantal": "Aantallen", "per1000": "Per 1.000 inwoners"}

#: The comparison choice meaning "no comparison".
NO_COMPARISON = "geen"

#: The first year of the 25 Veilig Thuis-regio's (VT16 + VT26 → VT27).
MERGER_YEAR = 2023

#: Text for a region without a figure and for a rate without a population.
MISSING = "geen gegevens"
NO_POPULATION = "geen bevolkingscijfer"

_PREFERRED_MEASURES = ("Ontvangen meldingen", "Gestarte adviezen")
_DATASET_ORDER = {d.id: i for i, d in enumerate(catalog.DATASETS)}
_SECONDARY = ("secundaire", "secondary")
_MERGED_OK = " (som van afgeronde cijfers)"


@dataclass(frozen=True)
class Source:
    """The rows of one CBS table that carry a measure option."""

    dataset: str
    measure: str
    breakdown: str
    group: str


@dataclass(frozen=True)
class MeasureOption:
    """A measure in one breakdown group, as offered in the measure selection.

    ``key`` is the stable URL value, ``detail`` the group ("" for the total), ``sources``
    the CBS tables holding it, in order of preference.
    """

    key: str
    measure: str
    detail: str
    unit: str
    sources: tuple[Source, ...]

    @property
    def label(self) -> str:
        """Dutch label for the selection."""
        text = self.measure if not self.detail else f"{self.measure} — {self.detail}"
        return text if self.unit in ("aantal", "") else f"{text} ({self.unit})"

    @property
    def is_count(self) -> bool:
        """Whether the figures are counts (so sums, shares and rates make sense)."""
        return self.unit == "aantal"


@dataclass(frozen=True)
class RegionRow:
    """One region's figure, its rate, and its comparison with another period."""

    code: str
    name: str
    figure: chg.Figure
    dataset: str = ""
    rate: chg.Ratio | None = None
    base: chg.Figure | None = None
    change: chg.Change | None = None
    notes: tuple[str, ...] = ()

    def value(self, scale: str) -> float:
        """The number shown in ``scale`` (NaN when missing)."""
        if scale == "per1000":
            return math.nan if self.rate is None else self.rate.value
        return self.figure.value


@dataclass(frozen=True)
class RegionalView:
    """Everything the page shows for one choice of level, measure and period(s)."""

    level: str
    option: MeasureOption
    period: Period
    base: Period | None
    geo_year: int
    rows: tuple[RegionRow, ...]
    national: chg.Figure
    national_rate: chg.Ratio | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def covered(self) -> int:
        """Number of regions with a figure."""
        return sum(not r.figure.missing for r in self.rows)

    @property
    def has_rates(self) -> bool:
        """Whether at least one region has a rate per 1,000 inhabitants."""
        return any(r.rate is not None and not r.rate.missing for r in self.rows)

    def row(self, code: str) -> RegionRow:
        """The row of one region.

        Raises
        ------
        KeyError
            When the region is not on this view.
        """
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)


# ---------------------------------------------------------------------------------------
# Measure options and periods


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _is_total_word(part: str) -> bool:
    return part.strip().lower() in chg.TOTAL_WORDS


def _detail(breakdown: str, group: str) -> str:
    """Readable group, without the parts that are totals: 'Aanvullende informatie: …'."""
    groups = group.split("|")
    dims = breakdown.split("|")
    if len(dims) != len(groups):
        dims = [""] * len(groups)
    parts = [
        f"{d.strip()}: {g.strip()}" if d.strip() else g.strip()
        for d, g in zip(dims, groups, strict=True)
        if not _is_total_word(g)
    ]
    return "; ".join(parts)


def _current(frame: pd.DataFrame) -> pd.DataFrame:
    if "current" in frame.columns:
        return frame[frame["current"].fillna(False).astype(bool)]
    return frame


def measure_options(vt: pd.DataFrame, level: str) -> list[MeasureOption]:
    """The measure options with at least one regional figure at ``level``.

    Parameters
    ----------
    vt
        The Veilig Thuis count table (``tables["veilig_thuis"]``); only current rows count.
    level
        ``"VT"``, ``"PV"`` or ``"LD"``.

    Returns
    -------
    list of MeasureOption
        Totals first ("Ontvangen meldingen", "Gestarte adviezen", then the others by name),
        then measures in a breakdown group.
    """
    rows = _current(vt)
    rows = rows[(rows["region_level"] == level) & rows["value"].notna()]
    combos = rows[["dataset", "measure", "breakdown", "group", "unit"]].drop_duplicates()
    found: dict[str, tuple[str, str, str, list[Source]]] = {}
    for c in combos.itertuples(index=False):
        measure, breakdown, group = str(c.measure), str(c.breakdown), str(c.group)
        detail = _detail(breakdown, group)
        name = measure if detail else re.sub(r":\s*totaal$", "", measure, flags=re.IGNORECASE)
        key = _slug(name) + (f"--{_slug(detail)}" if detail else "")
        unit = str(c.unit)
        if key in found and found[key][2] != unit:
            key += f"--{_slug(unit) or 'eenheid'}"
        entry = found.setdefault(key, (name, detail, unit, []))
        entry[3].append(Source(str(c.dataset), measure, breakdown, group))
    options = [
        MeasureOption(
            key,
            name,
            detail,
            unit,
            tuple(sorted(sources, key=lambda s: (_DATASET_ORDER.get(s.dataset, 99), s.measure))),
        )
        for key, (name, detail, unit, sources) in found.items()
    ]

    def order(o: MeasureOption) -> tuple[int, int, str]:
        rank = _PREFERRED_MEASURES.index(o.measure) if o.measure in _PREFERRED_MEASURES else 9
        return (1 if o.detail else 0, rank, o.label.lower())

    return sorted(options, key=order)


def export_rows(vt: pd.DataFrame, view: RegionalView) -> pd.DataFrame:
    """The tidy rows behind the map (current figures of the level and period), for CSV.

    Parameters
    ----------
    vt
        The Veilig Thuis count table.
    view
        The regional view shown.

    Returns
    -------
    pandas.DataFrame
        COUNT_SCHEMA rows with their unit, status, flag, source and retrieval date.
    """
    rows = _source_rows(vt, view.option)
    rows = rows[(rows["region_level"] == view.level) & (rows["period_code"] == view.period.code)]
    return rows.sort_values(["region_code", "dataset"]).reset_index(drop=True)


def _source_rows(vt: pd.DataFrame, option: MeasureOption) -> pd.DataFrame:
    rows = _current(vt)
    mask = pd.Series(False, index=rows.index)
    for s in option.sources:
        mask |= (
            (rows["dataset"] == s.dataset)
            & (rows["measure"] == s.measure)
            & (rows["breakdown"] == s.breakdown)
            & (rows["group"] == s.group)
        )
    return rows[mask]


def period_options(vt: pd.DataFrame, level: str, option: MeasureOption) -> dict[str, int]:
    """The periods with a figure for ``option`` at ``level``, newest first.

    Returns
    -------
    dict
        CBS period code → number of regions with a figure in that period.
    """
    rows = _source_rows(vt, option)
    rows = rows[(rows["region_level"] == level) & rows["value"].notna()]
    counts = rows.groupby("period_code")["region_code"].nunique()
    ordered = sorted(counts.index, key=lambda c: parse_period(str(c)), reverse=True)
    return {str(c): int(counts[c]) for c in ordered}


def default_period(coverage: dict[str, int]) -> str | None:
    """The newest of the periods with the most regions covered (None when there are none)."""
    if not coverage:
        return None
    best = max(coverage.values())
    return next(code for code, n in coverage.items() if n == best)


def comparison_options(coverage: dict[str, int], period: str) -> list[str]:
    """``"geen"`` and the earlier periods of the same type (year or half-year) with figures."""
    when = parse_period(period)
    others = [c for c in coverage if (p := parse_period(c)).type is when.type and p < when]
    return [NO_COMPARISON, *others]


def geography_year(level: str, period: str, base: str | None = None) -> int:
    """The year whose regions the view is drawn on.

    The selected period's year; when a Veilig Thuis comparison crosses the 2022/2023
    merger, the later year (the 25 regions, VT16 and VT26 merged into VT27).
    """
    years = [parse_period(period).year]
    if base and base != NO_COMPARISON:
        years.append(parse_period(base).year)
    if level == "VT" and min(years) < MERGER_YEAR <= max(years):
        return max(years)
    return years[0]


def regions_in(level: str, year: int) -> dict[str, str]:
    """Codes and Dutch names of the regions of ``level`` in ``year``.

    Veilig Thuis-regio's are known for 2020–2025; other years use the nearest of these.
    """
    if level == "VT":
        when = min(max(year, 2020), 2025)
        out: dict[str, str] = {}
        for code, region in regions.VT_REGIONS.items():
            name = region.name_in(when)
            if name is not None:
                out[code] = name
        return out
    if level == "PV":
        return dict(regions.PROVINCIES)
    if level == "LD":
        return dict(regions.LANDSDELEN)
    raise ValueError(f"onbekend niveau: {level!r}")


# ---------------------------------------------------------------------------------------
# Figures


def _secondary(figure: chg.Figure) -> bool:
    return figure.vintage.strip().lower().startswith(_SECONDARY)


def pick_best(
    rows: pd.DataFrame, option: MeasureOption, code: str, period: Period
) -> tuple[chg.Figure, str]:
    """The figure of one region: the first CBS table (catalogue order) that has it.

    A figure from a CBS table page is preferred over one from a secondary source. When no
    table has a value, the missing figure carrying the most telling reason is returned
    (a CBS symbol such as ``.`` over "no row").

    Parameters
    ----------
    rows
        Count rows (may be narrowed to the region beforehand, for speed).
    option, code, period
        What, where and when.

    Returns
    -------
    tuple
        The Figure (value NaN with a reason when missing) and the dataset id it came from.
    """
    if rows.empty:
        # Nothing at all for this region: the same reason pick() gives, without its scan.
        first = option.sources[0]
        reason = f"geen cijfer voor {first.measure}, {code}, {period.label}"
        return chg.Figure(first.measure, code, period.code, math.nan, reason=reason), first.dataset
    keys = set(zip(rows["dataset"], rows["measure"], rows["breakdown"], rows["group"], strict=True))
    sources = [s for s in option.sources if (s.dataset, s.measure, s.breakdown, s.group) in keys]
    picked: list[tuple[chg.Figure, str]] = []
    for s in sources or option.sources[:1]:
        figure = chg.pick(
            rows, s.measure, code, period, breakdown=s.breakdown, group=s.group, dataset=s.dataset
        )
        picked.append((figure, s.dataset))
    usable = [p for p in picked if not p[0].missing]
    if usable:
        return sorted(usable, key=lambda p: _secondary(p[0]))[0]
    flagged = [p for p in picked if p[0].flag]
    return (flagged or picked)[0]


def merge_predecessors(
    figures: dict[str, chg.Figure], successor: str, year: int, unit: str
) -> chg.Figure:
    """One figure for a merged region: the sum of its predecessors' figures.

    Parameters
    ----------
    figures
        The predecessors' figures (e.g. VT16 and VT26 in 2022), by code.
    successor
        The merged region's code (``"VT27"``).
    year
        The year of the figures (for the names in the reason).
    unit
        The unit; only counts (``"aantal"``) are added up.

    Returns
    -------
    Figure
        For ``successor``; NaN with the reason when a predecessor has no figure or the
        figures are not counts. The rounding is the sum of the roundings (two figures
        rounded to 5 add up to a multiple of 5 that may be up to 5 off).
    """
    codes = sorted(figures)
    names = " + ".join(f"{c} {regions.region_name(c, year)}" for c in codes)
    first = figures[codes[0]]
    if unit != "aantal":
        reason = f"{names}: een {unit or 'waarde'} kan niet worden opgeteld"
        return replace(first, region_code=successor, value=math.nan, reason=reason, flag="")
    lacking = [c for c in codes if figures[c].missing]
    if lacking:
        reason = f"{names} samen: geen cijfer voor {', '.join(lacking)}, dus geen som"
        return replace(first, region_code=successor, value=math.nan, reason=reason, flag="")
    statuses = [figures[c].status for c in codes]
    status = next((s for s in ("voorlopig", "nader voorlopig") if s in statuses), statuses[0])
    return chg.Figure(
        measure=first.measure,
        region_code=successor,
        period_code=first.period_code,
        value=float(sum(figures[c].value for c in codes)),
        region_name=f"{names} (samengevoegd)",
        unit=first.unit,
        status=status,
        vintage="; ".join(dict.fromkeys(figures[c].vintage for c in codes if figures[c].vintage)),
        source="; ".join(dict.fromkeys(figures[c].source for c in codes if figures[c].source)),
        source_url=first.source_url,
        rounding=sum(figures[c].rounding for c in codes),
    )


class _Rows:
    """Count and population rows grouped by region, so each region is picked from a few rows."""

    def __init__(self, vt: pd.DataFrame, population: pd.DataFrame, option: MeasureOption,
                 periods: list[Period]) -> None:  # fmt: skip
        codes: set[str] = set()
        for p in periods:
            codes.add(p.code)
            if p.type is PeriodType.JAAR:  # half-years only to explain a missing year
                codes.update(Period.of(p.year, PeriodType.HALFJAAR, n).code for n in (1, 2))
        rows = _source_rows(vt, option)
        rows = rows[rows["period_code"].isin(codes)]
        self.empty = rows.iloc[0:0]
        self.by_region = {str(k): g for k, g in rows.groupby("region_code", sort=False)}
        years = {Period.of(p.year, PeriodType.JAAR).code for p in periods}
        pop = _current(population)
        pop = pop[(pop["measure"] == chg.POPULATION_MEASURE) & pop["period_code"].isin(years)]
        self.population = {str(k): g for k, g in pop.groupby("region_code", sort=False)}

    def of(self, code: str) -> pd.DataFrame:
        return self.by_region.get(code, self.empty)

    def inhabitants(self, code: str, year: int) -> chg.Figure:
        when = Period.of(year, PeriodType.JAAR)
        rows = self.population.get(code)
        if rows is None:
            reason = f"geen cijfer voor {chg.POPULATION_MEASURE}, {code}, {when.label}"
            return chg.Figure(chg.POPULATION_MEASURE, code, when.code, math.nan, reason=reason)
        return chg.pick(rows, chg.POPULATION_MEASURE, code, when)


def _figure_for(
    rows: _Rows, option: MeasureOption, level: str, code: str, period: Period, geo: int
) -> tuple[chg.Figure, str, str]:
    """A region's figure on the geography of year ``geo``; merges predecessors if needed."""
    predecessors = [old for old, new in regions.VT_SUCCESSOR.items() if new == code]
    if level == "VT" and predecessors and period.year < MERGER_YEAR <= geo:
        picked = {old: pick_best(rows.of(old), option, old, period) for old in predecessors}
        merged = merge_predecessors(
            {old: f for old, (f, _) in picked.items()}, code, period.year, option.unit
        )
        datasets = ", ".join(dict.fromkeys(d for _, d in picked.values()))
        names = " en ".join(f"{c} {regions.region_name(c, period.year)}" for c in predecessors)
        note = f"{period.label}: {names} samengevoegd tot {code}"
        if not merged.missing:
            note += _MERGED_OK
        return merged, datasets, note
    figure, dataset = pick_best(rows.of(code), option, code, period)
    return figure, dataset, ""


def _boundary_notes(level: str, period: Period, base: Period | None) -> dict[str, list[str]]:
    if level != "VT" or base is None:
        return {}
    low, high = sorted((period.year, base.year))
    notes: dict[str, list[str]] = {}
    for year, codes in sorted(regions.VT_BOUNDARY_CHANGES.items()):
        if low < year <= high:
            for code in codes:
                notes.setdefault(code, []).append(
                    f"niet volledig vergelijkbaar: grenswijziging per 1 januari {year}"
                )
    return notes


def build(
    vt: pd.DataFrame,
    population: pd.DataFrame,
    level: str,
    option: MeasureOption,
    period: str,
    base: str | None = None,
    geo_year: int | None = None,
) -> RegionalView:
    """The figures of every region of ``level`` for one measure option and period.

    Parameters
    ----------
    vt
        The Veilig Thuis count table (current rows are used).
    population
        The population table (``tables["bevolking"]``): inhabitants on 1 January.
    level
        ``"VT"``, ``"PV"`` or ``"LD"``.
    option
        The measure option.
    period
        CBS period code, e.g. ``"2020JJ00"``.
    base
        A period to compare with, or None / ``"geen"``.
    geo_year
        The year whose regions are listed (default :func:`geography_year`); the page
        passes the year of the boundary file it draws.

    Returns
    -------
    RegionalView
        One row per region (missing figures stay missing, with their reason), the national
        figure, rates per 1,000 inhabitants where a population of 1 January exists, changes
        and comparability notes.
    """
    when = parse_period(period)
    then = parse_period(base) if base and base != NO_COMPARISON else None
    geo = geo_year if geo_year is not None else geography_year(level, period, base)
    rows = _Rows(vt, population, option, [when] + ([then] if then else []))
    boundary = _boundary_notes(level, when, then)
    merged_any = False
    out: list[RegionRow] = []
    for code, name in regions_in(level, geo).items():
        figure, dataset, note = _figure_for(rows, option, level, code, when, geo)
        notes = [note] if note else []
        rate = (
            chg.rate_per_1000(figure, rows.inhabitants(code, when.year))
            if option.is_count
            else None
        )
        base_figure, change = None, None
        if then is not None:
            base_figure, _, base_note = _figure_for(rows, option, level, code, then, geo)
            if base_note:
                notes.append(base_note)
            change = chg.change_between(figure, base_figure)
        merged_any = merged_any or any(n.endswith(_MERGED_OK) for n in notes)
        notes += boundary.get(code, [])
        out.append(RegionRow(code, name, figure, dataset, rate, base_figure, change, tuple(notes)))
    national, _ = pick_best(rows.of(regions.NATIONAL), option, regions.NATIONAL, when)
    national_rate = (
        chg.rate_per_1000(national, rows.inhabitants(regions.NATIONAL, when.year))
        if option.is_count
        else None
    )
    notices = _notices(level, when, then, geo, merged_any, boundary)
    return RegionalView(
        level, option, when, then, geo, tuple(out), national, national_rate, notices
    )


def _notices(
    level: str,
    when: Period,
    then: Period | None,
    geo: int,
    merged: bool,
    boundary: dict[str, list[str]],
) -> tuple[str, ...]:
    notices: list[str] = []
    years = {when.year} | ({then.year} if then else set())
    if level == "VT" and any(y != geo for y in years):
        shown = ", ".join(str(y) for y in sorted(years))
        notices.append(
            f"De Veilig Thuis-regio's worden getoond in de indeling van {geo} "
            f"(cijfers over {shown})."
        )
    if level == "VT" and then is not None and min(years) < MERGER_YEAR <= max(years):
        early = min(when, then).label
        notices.append(
            "Vergelijking over de jaargrens 2022/2023: VT16 Brabant Noordoost en VT26 "
            "Zuidoost-Brabant zijn per 2023 samengevoegd tot VT27 Oost-Brabant. Hun cijfers "
            f"over {early} zijn voor de vergelijking opgeteld bij VT27"
            + ("." if merged else " (niet mogelijk zonder cijfers voor beide regio's).")
        )
    if boundary:
        names = ", ".join(
            f"{c} {regions.region_name(c, geo)}"
            for c in sorted(boundary)
            if c in regions_in(level, geo)
        )
        if names:
            notices.append(
                "Niet volledig vergelijkbaar door grenswijzigingen tussen "
                f"{min(years)} en {max(years)}: {names}."
            )
    return tuple(notices)


# ---------------------------------------------------------------------------------------
# Shaping for display


def value_title(option: MeasureOption, scale: str, period: Period) -> str:
    """Column and colour-bar title of the shown number."""
    if scale == "per1000":
        extra = "" if period.type is PeriodType.JAAR else f" ({period.type.value})"
        return f"Per 1.000 inwoners{extra}"
    return "Percentage" if option.unit == "%" else "Aantal"


def _decimals(option: MeasureOption, scale: str) -> int:
    return 1 if scale == "per1000" or option.unit == "%" else 0


def _format(value: float, option: MeasureOption, scale: str, missing: str = MISSING) -> str:
    text = format_number(value, _decimals(option, scale), missing=missing)
    return text + "%" if option.unit == "%" and scale != "per1000" and text != missing else text


def map_values(view: RegionalView, scale: str) -> pd.DataFrame:
    """Rows for :func:`gia_stats.charts.maps.choropleth`: code, name, value, label."""
    records = []
    for r in view.rows:
        value = r.value(scale)
        label = _format(value, view.option, scale)
        if not math.isnan(value) and r.figure.provisional:
            label += f" ({r.figure.status})"
        records.append({"code": r.code, "name": r.name, "value": value, "label": label})
    return pd.DataFrame.from_records(records, columns=["code", "name", "value", "label"])


def _status(r: RegionRow) -> str:
    f = r.figure
    if f.missing:
        return f"CBS-teken {f.flag!r}: onbekend of geheim" if f.flag else "niet in de gegevens"
    return f.status or "definitief of niet vermeld"


def _source(r: RegionRow) -> str:
    if r.figure.missing or not r.dataset:
        return ""
    tables = []
    for ds in r.dataset.split(", "):
        try:
            tables.append(catalog.get(ds).cbs_table or ds)
        except KeyError:
            tables.append(ds)
    text = ", ".join(tables)
    return f"{text} ({r.figure.vintage})" if r.figure.vintage else text


def _rate_cell(r: RegionRow) -> str:
    if r.rate is None:
        return ""
    if r.figure.missing:
        return MISSING
    if r.rate.missing:
        return NO_POPULATION
    return format_number(r.rate.value, 1)


def _change_cell(r: RegionRow, option: MeasureOption) -> str:
    c = r.change
    if c is None or c.missing:
        return "geen vergelijking"
    decimals = 1 if option.unit == "%" else 0
    text = format_change(c.absolute, decimals)
    if option.unit == "%":
        return text + " procentpunt"
    if not math.isnan(c.relative):
        text += f" ({format_percent(c.relative, 1, signed=True)})"
    return text


def _explanation(r: RegionRow, view: RegionalView) -> str:
    parts: list[str] = []
    if r.figure.missing:
        if not r.figure.reason.startswith("geen cijfer voor "):
            parts.append(r.figure.reason)  # a plain absent row is said by the Status column
    elif r.rate is not None and r.rate.missing and view.has_rates:
        # (when no region has a rate, rate_notice() says so once, above the map)
        if r.rate.denominator.missing:
            parts.append(
                f"{NO_POPULATION} op 1 januari {view.period.year}: geen cijfer per 1.000 "
                "inwoners (niet geschat)"
            )
        else:
            parts.append(r.rate.reason)
    if r.change is not None and r.change.missing and not r.figure.missing and view.base:
        if r.base is not None and r.base.missing:
            parts.append(f"geen cijfer over {view.base.label} om mee te vergelijken")
        else:
            parts.append(f"vergelijking: {r.change.reason}")
    parts.extend(r.notes)
    return "; ".join(p for p in parts if p)


def ranking_table(view: RegionalView, scale: str) -> pd.DataFrame:
    """The regions ranked on the shown number, highest first; regions without one last.

    Columns: Rang, Regio, the number (Aantal/Percentage), Per 1.000 inwoners (counts only),
    Verandering t.o.v. the comparison period (when chosen), Status, Bron, Toelichting. Every
    cell is text in Dutch notation; a missing figure reads "geen gegevens", a rate without
    population "geen bevolkingscijfer" — never 0.
    """
    ranked = sorted(
        view.rows,
        key=lambda r: (math.isnan(r.value(scale)), -_nan_to(r.value(scale)), r.name),
    )
    number = value_title(view.option, "aantal", view.period)
    records = []
    rank = 0
    for r in ranked:
        has = not math.isnan(r.value(scale))
        rank += has
        record = {
            "Rang": str(rank) if has else "–",
            "Regio": r.name,
            number: _format(r.figure.value, view.option, "aantal"),
        }
        if view.option.is_count:
            record[value_title(view.option, "per1000", view.period)] = _rate_cell(r)
        if view.base is not None:
            record[f"Verandering t.o.v. {view.base.label}"] = _change_cell(r, view.option)
        record["Status"] = _status(r)
        record["Bron"] = _source(r)
        record["Toelichting"] = _explanation(r, view)
        records.append(record)
    return pd.DataFrame.from_records(records).set_index("Rang")


def _nan_to(value: float) -> float:
    return 0.0 if math.isnan(value) else value


@dataclass(frozen=True)
class Versus:
    """A region against Nederland, formatted for the page."""

    region: str
    region_value: str
    national_value: str
    share: str
    share_reason: str
    region_rate: str
    national_rate: str
    warnings: tuple[str, ...] = ()


def versus_nl(view: RegionalView, code: str) -> Versus:
    """A region's figure, the national figure and the region's share of it.

    The share is only given for counts of the same period, with both figures present and
    the national figure above 0; otherwise ``share`` reads "geen gegevens" and
    ``share_reason`` says why. Figures from different publications give a warning.
    """
    r = view.row(code)
    nl = view.national
    option = view.option
    reason = ""
    if not option.is_count:
        reason = "een percentage is geen deel van het landelijke cijfer"
    elif r.figure.missing:
        reason = f"geen cijfer voor {r.name}: {r.figure.reason}"
    elif nl.missing:
        reason = f"geen landelijk cijfer: {nl.reason}"
    elif nl.value == 0:
        reason = "het landelijke cijfer is 0"
    share = math.nan if reason else r.figure.value / nl.value
    warnings: tuple[str, ...] = ()
    if not reason and r.figure.vintage and nl.vintage and r.figure.vintage != nl.vintage:
        warnings += (
            f"regio en Nederland uit verschillende publicaties ({r.figure.vintage!r}, "
            f"{nl.vintage!r})",
        )
    if r.code in regions.VT_SUCCESSOR.values() and "samengevoegd" in r.figure.region_name:
        warnings += (f"{r.name}: som van de voorgangers ({r.figure.region_name})",)

    def rate(ratio: chg.Ratio | None, figure: chg.Figure) -> str:
        if ratio is None:
            return ""
        if figure.missing:
            return MISSING
        return NO_POPULATION if ratio.missing else format_number(ratio.value, 1)

    return Versus(
        region=r.name,
        region_value=_format(r.figure.value, option, "aantal"),
        national_value=_format(nl.value, option, "aantal"),
        share=format_percent(share, 1, missing=MISSING),
        share_reason=reason,
        region_rate=rate(r.rate, r.figure),
        national_rate=rate(view.national_rate, nl),
        warnings=warnings,
    )


def source_note(view: RegionalView) -> str:
    """The source line under the map: the CBS tables of the shown figures."""
    sources: list[str] = []
    for r in (*view.rows, RegionRow("NL01", "Nederland", view.national)):
        for f in (r.figure, r.base):
            if f is not None and not f.missing and f.source:
                sources.extend(s.strip() for s in f.source.split(";"))
    text = "Bron: " + "; ".join(dict.fromkeys(sources)) if sources else "Bron: CBS."
    return text if text.endswith(".") else text + "."


def coverage_text(view: RegionalView) -> str:
    """'Voor 7 van de 12 provincies is een cijfer …' — how complete the map is."""
    total = len(view.rows)
    noun = _NOUNS[view.level]
    return f"Voor {view.covered} van de {total} {noun} is een cijfer over {view.period.label}."


def choices(vt: pd.DataFrame) -> dict[str, list[tuple[MeasureOption, dict[str, int]]]]:
    """Per level, the measure options with their periods and coverage (see the functions above)."""
    return {
        level: [(o, period_options(vt, level, o)) for o in measure_options(vt, level)]
        for level in LEVELS
    }


def title(view: RegionalView, scale: str) -> str:
    """Title of the map."""
    what = view.option.label
    if scale == "per1000":
        what += ", per 1.000 inwoners"
    return f"{what}, {view.period.label}, naar {LEVELS[view.level].lower()}".replace(
        "veilig thuis", "Veilig Thuis"
    )


def default_region(view: RegionalView, scale: str) -> str:
    """The region shown against Nederland by default: the highest on the ranking."""
    with_value = [r for r in view.rows if not math.isnan(r.value(scale))]
    best = max(with_value, key=lambda r: r.value(scale)) if with_value else view.rows[0]
    return best.code


def map_table(view: RegionalView, scale: str) -> pd.DataFrame:
    """The data table under the map: region code, name and the shown number (Dutch)."""
    frame = map_values(view, scale)
    out = pd.DataFrame(
        {
            "Code": frame["code"],
            "Regio": frame["name"],
            value_title(view.option, scale, view.period): frame["label"],
        }
    )
    return out.set_index("Code")


def alt_text(view: RegionalView, scale: str) -> str:
    """One or two sentences saying what the map shows, for readers who cannot see it."""
    total = len(view.rows)
    noun = _NOUNS[view.level]
    text = (
        f"Kaart van de {total} {noun} met {view.option.label.lower()} over "
        f"{view.period.label}" + (" per 1.000 inwoners" if scale == "per1000" else "") + "."
    )
    with_value = sorted(
        (r for r in view.rows if not math.isnan(r.value(scale))),
        key=lambda r: r.value(scale),
    )
    if with_value:
        high, low = with_value[-1], with_value[0]
        fmt = _format(high.value(scale), view.option, scale)
        text += f" Hoogste: {high.name} ({fmt})"
        if low is not high:
            text += f", laagste: {low.name} ({_format(low.value(scale), view.option, scale)})"
        text += "."
    missing = total - len(with_value)
    if missing:
        what = "cijfer per 1.000 inwoners" if scale == "per1000" else "cijfer"
        text += f" {missing} van de {total} {noun} zonder {what} (grijs)."
    return text


def rate_notice(view: RegionalView) -> str:
    """Why some or all regions have no rate per 1,000 inhabitants ('' when all have one)."""
    if not view.option.is_count:
        return ""
    lacking = [
        r for r in view.rows if not r.figure.missing and r.rate is not None and r.rate.missing
    ]
    if not lacking:
        return ""
    year = view.period.year
    if not view.has_rates:
        where = (
            "per Veilig Thuis-regio"
            if view.level == "VT"
            else f"op 1 januari {year} voor deze {_NOUNS[view.level]}"
        )
        return (
            f"Per 1.000 inwoners: {NO_POPULATION} {where} in de gegevens, dus geen cijfer per "
            "1.000 inwoners. Er wordt niets geschat of omgerekend."
        )
    names = ", ".join(r.name for r in lacking)
    return (
        f"Per 1.000 inwoners: {NO_POPULATION} op 1 januari {year} voor {names}; daar staat "
        "geen cijfer per 1.000 inwoners (niets geschat)."
    )


def label_of(code: str) -> str:
    """The Dutch label of a period code, or of ``"geen"`` (no comparison)."""
    return "geen vergelijking" if code in ("", NO_COMPARISON) else parse_period(code).label


def period_labels(coverage: dict[str, int], codes: list[str] | None = None) -> dict[str, str]:
    """Label → period code, for a selection whose options are the labels (newest first)."""
    return {label_of(c): c for c in (list(coverage) if codes is None else codes)}


def coverage_by_period(coverage: dict[str, int], level: str) -> str:
    """'Regio's met een cijfer: 2023: 2 van 12; 2020: 6 van 12; …' for the chosen measure."""
    parts = [
        f"{label_of(c)}: {n} van {len(regions_in(level, parse_period(c).year))}"
        for c, n in coverage.items()
    ]
    noun = _NOUNS[level]
    return f"{noun[0].upper()}{noun[1:]} met een cijfer — " + "; ".join(parts) + "."
