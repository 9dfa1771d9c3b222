"""Changes between periods, index, share and rate per 1,000 inhabitants on the tidy count table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gia_stats.metrics.format import format_number, format_percent
from gia_stats.periods import Period, PeriodType, Status, parse_period

#: The population table's measure and dataset (inhabitants on 1 January; ``2021JJ00`` means
#: 1 January 2021).
POPULATION_MEASURE = "Totale bevolking op 1 januari"
POPULATION_DATASET = "bevolking"

#: ``group``/``breakdown`` values that mean "the total" (empty when the table has no extra
#: dimension).
TOTAL_WORDS = frozenset({"", "totaal", "total"})

#: Rounding (the published value is a multiple of it) up to which a figure counts as exact
#: enough for a change to one decimal: CBS rounds Veilig Thuis counts to 5; news items round
#: to thousands ("75 duizend").
COARSE_ROUNDING = 5

#: Words in ``vintage`` that mark a first release; any later publication of the same figure
#: is preferred (the same rule as the store's ``current`` column).
FIRST_RELEASE_WORDS = ("eerste publicatie", "first release")

_PROVISIONAL = (Status.VOORLOPIG.value, Status.NADER_VOORLOPIG.value)
_FLAG_MEANING = {
    ".": "onbekend of geheim",
    "x": "geheim",
    "-": "nihil of niet van toepassing",
}


@dataclass(frozen=True)
class Figure:
    """One published figure picked from the count table, or a missing one with its reason.

    ``value`` is NaN when the figure is missing (no row, an ambiguous choice, or a CBS flag
    such as ``"."``); ``reason`` then says why, in Dutch. Never 0 for missing.
    """

    measure: str
    region_code: str
    period_code: str
    value: float
    region_name: str = ""
    unit: str = ""
    status: str = ""
    flag: str = ""
    vintage: str = ""
    source: str = ""
    source_url: str = ""
    rounding: int = 1
    reason: str = ""

    @property
    def missing(self) -> bool:
        """Whether there is no usable value."""
        return math.isnan(self.value)

    @property
    def period(self) -> Period:
        """The period as a typed Period."""
        return parse_period(self.period_code)

    @property
    def provisional(self) -> bool:
        """Whether CBS marks the figure voorlopig or nader voorlopig."""
        return self.status in _PROVISIONAL


@dataclass(frozen=True)
class Change:
    """The change from ``base`` to ``current``.

    ``absolute`` is ``current − base``; ``relative`` is ``absolute / base`` as a fraction.
    Either is NaN when it cannot be computed, with ``reason`` saying why. ``warnings`` flag a
    comparison that is allowed but needs care (provisional against definitive, two vintages,
    a coarsely rounded figure). ``relative_range`` is the smallest and largest relative change
    the published figures allow given their ``rounding`` (equal ends when exact).
    """

    current: Figure
    base: Figure
    absolute: float
    relative: float
    reason: str = ""
    warnings: tuple[str, ...] = ()
    relative_range: tuple[float, float] = (math.nan, math.nan)

    @property
    def coarse(self) -> bool:
        """Whether a figure is rounded more coarsely than CBS's usual multiples of 5."""
        return max(self.current.rounding, self.base.rounding) > COARSE_ROUNDING

    @property
    def missing(self) -> bool:
        """Whether no change could be computed at all."""
        return math.isnan(self.absolute)

    @property
    def direction(self) -> str:
        """``"meer"``, ``"minder"``, ``"gelijk"``, or ``""`` when missing."""
        if self.missing:
            return ""
        if self.absolute > 0:
            return "meer"
        return "minder" if self.absolute < 0 else "gelijk"


@dataclass(frozen=True)
class Ratio:
    """A share (fraction) or a rate (per ``per`` inhabitants), with its inputs."""

    numerator: Figure
    denominator: Figure
    value: float
    per: float = 1.0
    reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        """Whether the ratio could not be computed."""
        return math.isnan(self.value)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def _code(period: str | Period) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def _is_total(column: pd.Series) -> pd.Series:
    return column.fillna("").astype(str).str.strip().str.lower().isin(TOTAL_WORDS)


def _missing(
    measure: str, region_code: str, period: Period, reason: str, region_name: str = ""
) -> Figure:
    return Figure(measure, region_code, period.code, math.nan, region_name, reason=reason)


def _preferred(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the preferred vintage (see :func:`pick`)."""
    if "current" in rows.columns and rows["current"].fillna(False).astype(bool).any():
        return rows[rows["current"].fillna(False).astype(bool)]
    vintage = rows["vintage"].fillna("").astype(str).str.lower()
    keys = ["not_cbs", "rounding", "first", "retrieved"]
    rank = pd.DataFrame(
        {
            "not_cbs": ~vintage.str.match(r"cbs[\s:]"),
            "rounding": rows["rounding"].fillna(1).astype("int64"),
            "first": vintage.str.contains("|".join(FIRST_RELEASE_WORDS), regex=True),
            "retrieved": rows["retrieved"].fillna("").astype(str),
        },
        index=rows.index,
    )
    ordered = rank.sort_values(keys, ascending=[True, True, True, False])
    # Rows tied on every key are all kept: the caller then sees the ambiguity.
    same = (ordered[keys] == ordered.iloc[0]).all(axis=1)
    return rows.loc[ordered.index[same.to_numpy()]]


def pick(
    frame: pd.DataFrame,
    measure: str,
    region_code: str,
    period: str | Period,
    *,
    vintage: str | None = None,
    breakdown: str | None = None,
    group: str | None = None,
    dataset: str | None = None,
) -> Figure:
    """Pick exactly one figure from the count table, or a missing Figure with the reason.

    Vintage rule: with ``vintage`` given, only rows of exactly that vintage. Otherwise, when
    the frame has the store's boolean ``current`` column, the current row; else the same
    ranking the store uses: a CBS snapshot (vintage starting "CBS " or "cbs:") first, then the
    finest ``rounding``, then anything but a first release, then the latest ``retrieved``
    date. Rows still tied with different values are ambiguous:
    the figure is missing and the reason lists the vintages to choose from.

    A year is taken only as published: when there is no year row, half-years are never added
    up (CBS rounds each cell to a multiple of 5), the reason says so.

    Parameters
    ----------
    frame
        A count table (COUNT_SCHEMA columns; ``current`` optional).
    measure, region_code
        E.g. ``"Ontvangen meldingen"``, ``"NL01"``.
    period
        CBS code (``"2021JJ00"``), curated text (``"2021"``, ``"2021-H1"``) or a Period.
    vintage
        Use only this release.
    breakdown, group
        The extra dimension; by default the totals (empty, "Totaal" or "total").
    dataset
        Restrict to one catalog dataset id.

    Returns
    -------
    Figure
        ``value`` NaN with ``reason`` when there is no single usable figure; never raises for
        missing data.
    """
    when = _code(period)
    rows = frame[
        (frame["measure"] == measure)
        & (frame["region_code"] == region_code)
        & (frame["period_code"] == when.code)
    ]
    if dataset is not None:
        rows = rows[rows["dataset"] == dataset]
    rows = rows[_is_total(rows["group"])] if group is None else rows[rows["group"] == group]
    if breakdown is not None:
        rows = rows[rows["breakdown"] == breakdown]
    elif group is None:
        rows = rows[_is_total(rows["breakdown"])]
    if rows.empty:
        return _missing(
            measure, region_code, when, _absent_reason(frame, measure, region_code, when)
        )
    if vintage is not None:
        chosen = rows[rows["vintage"] == vintage]
        if chosen.empty:
            known = ", ".join(sorted({_text(v) for v in rows["vintage"]}))
            reason = f"geen cijfer met vintage {vintage!r} (wel: {known})"
            return _missing(measure, region_code, when, reason)
        rows = chosen
    else:
        rows = _preferred(rows)
    if rows["value"].nunique(dropna=False) > 1:
        known = "; ".join(f"{_text(r.vintage)}: {r.value:g}" for r in rows.itertuples())
        reason = f"meerdere cijfers voor {when.label}, kies een vintage ({known})"
        return _missing(measure, region_code, when, reason)
    return _figure(rows.iloc[0], measure, region_code, when)


def _absent_reason(frame: pd.DataFrame, measure: str, region_code: str, when: Period) -> str:
    if when.type is PeriodType.JAAR:
        halves = {Period.of(when.year, PeriodType.HALFJAAR, n).code for n in (1, 2)}
        has_halves = (
            (frame["measure"] == measure)
            & (frame["region_code"] == region_code)
            & frame["period_code"].isin(halves)
        ).any()
        if has_halves:
            return (
                f"geen jaarcijfer {when.year} gepubliceerd; halfjaarcijfers worden niet "
                "opgeteld tot een jaar (CBS rondt elk cijfer af op vijftallen)"
            )
    return f"geen cijfer voor {measure}, {region_code}, {when.label}"


def _figure(row: pd.Series, measure: str, region_code: str, when: Period) -> Figure:
    flag = _text(row["flag"]).strip()
    value = float(row["value"])
    reason = ""
    if flag:
        # A flagged cell is missing whatever number might sit in the value column.
        meaning = _FLAG_MEANING.get(flag, "bijzonder teken")
        reason = f"CBS-teken {flag!r} ({meaning}): geen waarde, niet als 0 gerekend"
        value = math.nan
    elif math.isnan(value):
        reason = f"geen waarde voor {measure}, {region_code}, {when.label}"
    rounding = row["rounding"]
    return Figure(
        measure=measure,
        region_code=region_code,
        period_code=when.code,
        value=value,
        region_name=_text(row["region_name"]),
        unit=_text(row["unit"]),
        status=_text(row["status"]).strip().lower(),
        flag=flag,
        vintage=_text(row["vintage"]),
        source=_text(row["source"]),
        source_url=_text(row["source_url"]),
        rounding=1 if pd.isna(rounding) else int(rounding),
        reason=reason,
    )


def _warnings(current: Figure, base: Figure) -> tuple[str, ...]:
    notes: list[str] = []
    for figure in (current, base):
        if figure.provisional:
            notes.append(f"het cijfer over {figure.period.label} is {figure.status}")
    if current.vintage and base.vintage and current.vintage != base.vintage:
        notes.append(
            f"cijfers uit verschillende publicaties: {current.vintage!r} ({current.period.label})"
            f" en {base.vintage!r} ({base.period.label})"
        )
    return tuple(notes)


def change_between(current: Figure, base: Figure) -> Change:
    """The change from ``base`` to ``current`` (pure: both figures already picked).

    Parameters
    ----------
    current, base
        The later and the earlier figure.

    Returns
    -------
    Change
        Missing (NaN) with a reason when either figure is missing or the units differ;
        ``relative`` NaN with a reason when the base is 0 (``absolute`` is then still given).
        Provisional figures and different vintages are allowed and listed in ``warnings``.
    """
    warnings = _warnings(current, base)
    for figure in (current, base):
        if figure.missing:
            reason = figure.reason or f"geen cijfer voor {figure.period.label}"
            return Change(current, base, math.nan, math.nan, reason, warnings)
    if current.unit and base.unit and current.unit != base.unit:
        reason = f"verschillende eenheden ({current.unit!r} en {base.unit!r})"
        return Change(current, base, math.nan, math.nan, reason, warnings)
    absolute = current.value - base.value
    if base.value == 0:
        reason = f"het cijfer over {base.period.label} is 0: geen relatieve verandering"
        return Change(current, base, absolute, math.nan, reason, warnings)
    half_now, half_base = current.rounding / 2, base.rounding / 2
    low = (current.value - half_now) / (base.value + half_base) - 1
    high = (current.value + half_now) / max(base.value - half_base, 1e-12) - 1
    for figure in (current, base):
        if figure.rounding > COARSE_ROUNDING:
            warnings += (
                f"het cijfer over {figure.period.label} is afgerond op "
                f"{format_number(figure.rounding)}-tallen: de verandering ligt tussen "
                f"{format_percent(low, signed=True)} en {format_percent(high, signed=True)}",
            )
    return Change(current, base, absolute, absolute / base.value, "", warnings, (low, high))


def change(
    frame: pd.DataFrame,
    measure: str,
    region_code: str,
    period: str | Period,
    base_period: str | Period,
    *,
    vintage: str | None = None,
    base_vintage: str | None = None,
    breakdown: str | None = None,
    group: str | None = None,
) -> Change:
    """Absolute and relative change of one measure/region between any two periods.

    Parameters
    ----------
    frame
        The count table.
    measure, region_code
        What and where.
    period, base_period
        The later and the earlier period (codes or Periods).
    vintage, base_vintage
        Pin the release of either figure (see :func:`pick` for the default rule).
    breakdown, group
        The extra dimension (default: totals).

    Returns
    -------
    Change
    """
    current = pick(
        frame, measure, region_code, period, vintage=vintage, breakdown=breakdown, group=group
    )
    base = pick(
        frame,
        measure,
        region_code,
        base_period,
        vintage=base_vintage,
        breakdown=breakdown,
        group=group,
    )
    return change_between(current, base)


def year_on_year(
    frame: pd.DataFrame, measure: str, region_code: str, year: int | str | Period, **kw: str
) -> Change:
    """A year against the year before, both as published.

    Parameters
    ----------
    frame, measure, region_code
        See :func:`change`.
    year
        ``2021``, ``"2021"``, ``"2021JJ00"`` or a year Period.
    **kw
        ``vintage``, ``base_vintage``, ``breakdown``, ``group`` as in :func:`change`.

    Returns
    -------
    Change

    Raises
    ------
    ValueError
        When ``year`` is not a year.
    """
    when = Period.of(year, PeriodType.JAAR) if isinstance(year, int) else _code(year)
    if when.type is not PeriodType.JAAR:
        raise ValueError(f"geen jaar: {when.label}")
    return change(frame, measure, region_code, when, when.previous(), **kw)


def same_period_year_before(
    frame: pd.DataFrame, measure: str, region_code: str, period: str | Period, **kw: str
) -> Change:
    """A half-year (quarter, month) against the same one a year earlier.

    Parameters
    ----------
    frame, measure, region_code, period
        See :func:`change`.
    **kw
        ``vintage``, ``base_vintage``, ``breakdown``, ``group`` as in :func:`change`.

    Returns
    -------
    Change
    """
    when = _code(period)
    return change(frame, measure, region_code, when, when.same_period_year_before(), **kw)


def previous_period(
    frame: pd.DataFrame, measure: str, region_code: str, period: str | Period, **kw: str
) -> Change:
    """A half-year (quarter, month) against the one directly before it.

    Parameters
    ----------
    frame, measure, region_code, period
        See :func:`change`.
    **kw
        ``vintage``, ``base_vintage``, ``breakdown``, ``group`` as in :func:`change`.

    Returns
    -------
    Change
    """
    when = _code(period)
    return change(frame, measure, region_code, when, when.previous(), **kw)


def index_series(
    frame: pd.DataFrame,
    measure: str,
    region_code: str,
    periods: Sequence[str | Period],
    base_period: str | Period,
    *,
    breakdown: str | None = None,
    group: str | None = None,
) -> pd.DataFrame:
    """An index (base period = 100) over several periods of one measure/region.

    Parameters
    ----------
    frame, measure, region_code
        See :func:`change`.
    periods
        The periods to index, in the order wanted.
    base_period
        The period set to 100.
    breakdown, group
        The extra dimension (default: totals).

    Returns
    -------
    pandas.DataFrame
        Columns ``period_code, period_label, value, index, status, vintage, reason``; ``index``
        is NaN with a reason when the figure or the base is missing, or the base is 0.
    """
    base = pick(frame, measure, region_code, base_period, breakdown=breakdown, group=group)
    records = []
    for period in periods:
        figure = pick(frame, measure, region_code, period, breakdown=breakdown, group=group)
        index, reason = math.nan, figure.reason
        if base.missing:
            reason = f"basisperiode ontbreekt: {base.reason}"
        elif base.value == 0:
            reason = f"basisperiode {base.period.label} is 0"
        elif not figure.missing:
            index = 100.0 * figure.value / base.value
        records.append(
            {
                "period_code": figure.period_code,
                "period_label": figure.period.label,
                "value": figure.value,
                "index": index,
                "status": figure.status,
                "vintage": figure.vintage,
                "reason": reason,
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=["period_code", "period_label", "value", "index", "status", "vintage", "reason"],
    )


def share(part: Figure, total: Figure) -> Ratio:
    """The share of ``part`` in ``total`` as a fraction (pure).

    Parameters
    ----------
    part, total
        Figures of the same period and region.

    Returns
    -------
    Ratio
        Missing with a reason when either is missing, the periods or regions differ, or the
        total is 0; a warning when the part exceeds the total (overlapping categories).
    """
    reason = _ratio_problem(part, total)
    if not reason and part.period_code != total.period_code:
        reason = f"verschillende perioden ({part.period.label} en {total.period.label})"
    if not reason and part.region_code != total.region_code:
        reason = f"verschillende regio's ({part.region_code} en {total.region_code})"
    if reason:
        return Ratio(part, total, math.nan, 1.0, reason)
    warnings: tuple[str, ...] = ()
    if part.vintage and total.vintage and part.vintage != total.vintage:
        warnings += (
            f"deel en totaal uit verschillende publicaties ({part.vintage!r}, {total.vintage!r})",
        )
    if part.value > total.value:
        warnings += ("het deel is groter dan het totaal: categorieën overlappen mogelijk",)
    return Ratio(part, total, part.value / total.value, 1.0, "", warnings)


def share_of_total(
    frame: pd.DataFrame,
    measure: str,
    region_code: str,
    period: str | Period,
    group: str,
    *,
    breakdown: str | None = None,
    vintage: str | None = None,
) -> Ratio:
    """The share of one group in the total of the same measure, region and period.

    Parameters
    ----------
    frame, measure, region_code, period
        See :func:`pick`.
    group
        The group, e.g. ``"Kindermishandeling"``.
    breakdown
        The group's dimension, e.g. ``"Aard van het geweld"``.
    vintage
        Pin the release of both figures.

    Returns
    -------
    Ratio
    """
    part = pick(
        frame, measure, region_code, period, vintage=vintage, breakdown=breakdown, group=group
    )
    total = pick(frame, measure, region_code, period, vintage=vintage)
    return share(part, total)


def _ratio_problem(numerator: Figure, denominator: Figure) -> str:
    if numerator.missing:
        return numerator.reason or "teller ontbreekt"
    if denominator.missing:
        return denominator.reason or "noemer ontbreekt"
    if denominator.value == 0:
        return f"noemer is 0 ({denominator.measure}, {denominator.period.label})"
    return ""


def rate_per_1000(count: Figure, population: Figure) -> Ratio:
    """A count per 1,000 inhabitants (pure: both figures already picked).

    Parameters
    ----------
    count
        A count (unit "aantal") for a year or a part of a year.
    population
        Inhabitants on 1 January of the count's year, same region.

    Returns
    -------
    Ratio
        ``per`` = 1000. Missing with a reason when the population is missing (never
        estimated), of another year or region, or the count is not a count. A count over a
        half-year gives a rate per half-year, said in ``warnings``.
    """
    reason = ""
    if count.unit and count.unit != "aantal":
        reason = f"geen aantal maar {count.unit!r}: geen rate per 1.000 inwoners"
    elif population.missing:
        reason = (
            f"geen bevolkingscijfer op 1 januari {count.period.year} voor {count.region_code}: "
            "geen rate berekend (niet geschat)"
        )
    elif population.period_code != Period.of(count.period.year, PeriodType.JAAR).code:
        reason = f"bevolking van {population.period.label}, niet van 1 januari {count.period.year}"
    elif population.region_code != count.region_code:
        reason = f"bevolking van {population.region_code}, niet van {count.region_code}"
    else:
        reason = _ratio_problem(count, population)
    if reason:
        return Ratio(count, population, math.nan, 1000.0, reason)
    warnings: tuple[str, ...] = ()
    if count.period.type is not PeriodType.JAAR:
        warnings = (f"rate over {count.period.label}, niet over een heel jaar",)
    return Ratio(count, population, 1000.0 * count.value / population.value, 1000.0, "", warnings)


def rate_per_1000_from(
    frame: pd.DataFrame,
    population: pd.DataFrame,
    measure: str,
    region_code: str,
    period: str | Period,
    *,
    vintage: str | None = None,
    population_vintage: str | None = None,
) -> Ratio:
    """Pick a count and the population of 1 January of its year, and divide per 1,000.

    Parameters
    ----------
    frame
        The count table.
    population
        The population table (dataset "bevolking", measure "Totale bevolking op 1 januari").
    measure, region_code, period
        The count to express per 1,000 inhabitants.
    vintage, population_vintage
        Pin either release (see :func:`pick`).

    Returns
    -------
    Ratio
    """
    count = pick(frame, measure, region_code, period, vintage=vintage)
    year = Period.of(_code(period).year, PeriodType.JAAR)
    inhabitants = pick(
        population, POPULATION_MEASURE, region_code, year, vintage=population_vintage
    )
    return rate_per_1000(count, inhabitants)
