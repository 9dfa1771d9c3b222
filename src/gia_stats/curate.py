"""Build ``datasets/curated/`` from the shared reference figures, reproducibly and faithfully."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gia_stats import catalog, settings
from gia_stats.loaders import curated
from gia_stats.loaders.validate import COUNT, LETTERS, PREVALENCE, STATEMENTS, SURVEY_DESIGN
from gia_stats.periods import Period, PeriodError, parse_period, parse_status
from gia_stats.regions import (
    NATIONAL,
    RegionError,
    display_name,
    is_known_code,
    region_name,
    vt_code_for_name,
)

#: The reference files name no access date. This is the date of the most recent publication
#: they cite (eindhovennews.com, 2025-12-03): every source had been read by then at the
#: earliest. A constant, so that rebuilding gives byte-identical files.
ACCESS_DATE = "2025-12-03"
ACCESS_DATE_NOTE = (
    "De referentiebestanden noemen geen raadpleegdatum; dit is de datum van de jongste "
    "geciteerde publicatie (ondergrens voor het moment van raadplegen)."
)
BUILD_COMMAND = "gia-stats curate"

EXCLUDED_COLUMNS = (
    "source_file",
    "source_row",
    "measure",
    "region",
    "period",
    "value",
    "reason",
    "detail",
)

# Exclusion reasons: fixed phrases so that the report can count them.
R_OWN = "eigen registratie van een Veilig Thuis-organisatie (geen CBS Beleidsinformatie)"
R_STATUS = "status is geen publicatiestatus (bijv. prognose): geen cijfer"
R_PERIOD = "periode is geen CBS-periode (jaar, halfjaar, kwartaal, maand)"
R_NAME_ONLY = "regio alleen met naam, zonder code in de referentiegegevens"
R_VT_YEAR = "Veilig Thuis-regio bestond niet in dat jaar"
R_CODE = "onbekende regiocode"
R_NO_VALUE = "geen waarde en geen CBS-symbool (niet gevonden of alleen een bereik)"
R_NOT_NUMBER = "waarde is geen getal"
R_TEXT = "alleen als tekst gepubliceerd (nieuwsbestand): geen los cijfer"

_LEVEL_ORDER = {"NL": 0, "LD": 1, "PV": 2, "VT": 3, "GM": 4}
_VT_DATASETS = {d.id for d in catalog.DATASETS if d.subject == "veilig_thuis"}
_EXTRACTS = {
    "vt_rol_functie_vt": "84848NED_rol_functie_vt_regio.csv",
    "vt_rol_functie": "84849NED_rol_functie_regio.csv",
    "vt_aard_geweld_vt": "84850NED_aard_geweld_vt_regio.csv",
    "vt_aard_geweld": "84851NED_aard_geweld_regio.csv",
    "vt_veiligheid": "84852NED_veiligheidsbeoordeling_taxatie.csv",
    "vt_eerdere_betrokkenheid": "85361NED_eerdere_betrokkenheid.csv",
}
_TRUNCATED = " (title truncated on page)"
_SOURCE_TYPE_VINTAGE = {
    "CBS/WODC official": "officieel (CBS/WODC)",
    "third party quoting CBS": "derde citeert CBS",
    "media (ANP/news) quoting CBS": "media citeren CBS",
}


class _Skip(Exception):
    """A source row that is not a figure for the curated tables."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Excluded:
    """A source row left out, and why (written to ``excluded.csv``)."""

    source_file: str
    source_row: int  # as a spreadsheet counts: header = row 1
    measure: str
    region: str
    period: str
    value: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: rows per output file, exclusions per reason, merged duplicates."""

    out_dir: Path
    outputs: dict[str, int]
    excluded: dict[str, int]
    merged: int = 0

    def __str__(self) -> str:
        lines = [f"Samengestelde tabellen geschreven naar {self.out_dir}:"]
        lines += [f"  {name:34} {rows:>5} rijen" for name, rows in self.outputs.items()]
        lines.append(f"Samengevoegde dubbele cijfers (zelfde waarde, twee bronnen): {self.merged}")
        total = sum(self.excluded.values())
        lines.append(f"Uitgesloten bronrijen: {total} (zie {curated.EXCLUDED_FILE})")
        lines += [f"  {count:>4}  {reason}" for reason, count in self.excluded.items()]
        return "\n".join(lines)


@dataclass
class _Figure:
    """One count on its way to a curated row; ``rank`` orders sources (0 = StatLine)."""

    cells: dict[str, str]
    file: str
    row: int
    rank: int = 9


@dataclass
class _Output:
    rows: list[dict[str, str]]
    sources: set[str] = field(default_factory=set)
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- reading the reference files


def _read_source(source_dir: Path, rel: str) -> Iterator[tuple[int, dict[str, str]]]:
    with (source_dir / rel).open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            yield index + 2, {k: (v or "").strip() for k, v in row.items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- resolving one count row


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError:
        raise _Skip(R_PERIOD, text) from None


def _status(text: str) -> str:
    try:
        return parse_status(text).value
    except PeriodError:
        raise _Skip(R_STATUS, text) from None


def _region(code: str, name: str, year: int) -> tuple[str, str]:
    """The region code from the source, or a VT code from a ``(VT)`` name and the year."""
    if code:
        if not is_known_code(code):
            raise _Skip(R_CODE, code)
        return code, display_name(name) if name else region_name(code, year)
    if name.strip() == "Nederland":
        return NATIONAL, "Nederland"
    if name.endswith("(VT)"):
        try:
            return vt_code_for_name(name, year), display_name(name)
        except RegionError:
            try:
                vt_code_for_name(name)
            except RegionError:
                raise _Skip(R_NAME_ONLY, name) from None
            raise _Skip(R_VT_YEAR, f"{name} in {year}") from None
    # Gemeenten, veiligheidsregio's: no code in the reference data, and none is guessed.
    raise _Skip(R_NAME_ONLY, name)


def _value(value: str, flag: str, note: str) -> tuple[str, str]:
    if value:
        try:
            number = float(value)
        except ValueError:
            raise _Skip(R_NOT_NUMBER, value) from None
        return _fmt(number), ""
    if flag:
        return "", flag
    if "'.'" in note:  # "cell shown as '.' (onbekend/geheim)": a CBS symbol, never 0
        return "", "."
    raise _Skip(R_NO_VALUE, note)


def _fmt(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def _unit(unit: str, measure: str) -> str:
    # A change in percent can be negative: its own unit keeps the 0–100 check off it.
    if unit == "%" and "verandering" in measure.lower():
        return "% verandering"
    return unit


def _rounding(dataset: str, unit: str, note: str) -> str:
    if unit != "aantal":
        return ""
    if "duizend" in note.lower():
        return "1000"
    return "5" if dataset in _VT_DATASETS else "1"


def _count_cells(dataset: str, raw: dict[str, str]) -> dict[str, str]:
    """One row in the on-disk count layout; raises _Skip for a row that is no figure.

    ``raw`` holds the source's measure, unit, code, name, period, status, value, source,
    source_url, vintage and note, and optionally breakdown, group and flag.
    """
    status = _status(raw["status"])
    period = _period(raw["period"])
    region_code, region_label = _region(raw["code"], raw["name"], period.year)
    value, flag = _value(raw["value"], raw.get("flag", ""), raw["note"])
    unit = _unit(raw["unit"], raw["measure"])
    return {
        "dataset": dataset,
        "measure": raw["measure"],
        "unit": unit,
        "breakdown": raw.get("breakdown", ""),
        "group": raw.get("group", ""),
        "region_code": region_code,
        "region_name": region_label,
        "period_code": period.code,
        "value": value,
        "flag": flag,
        "status": status,
        "rounding": _rounding(dataset, unit, raw["note"]),
        "source": raw["source"],
        "source_url": raw["source_url"],
        "retrieved": ACCESS_DATE,
        "vintage": raw["vintage"],
        "note": raw["note"],
    }


#: Turns one source row into (raw cells, source rank), None for a row meant for another table.
Describe = Callable[[dict[str, str]], tuple[dict[str, str], int] | None]


def _collect(
    src: Path, rel: str, dataset: str, describe: Describe, excluded: list[Excluded]
) -> list[_Figure]:
    figures = []
    for row_no, r in _read_source(src, rel):
        try:
            described = describe(r)
            if described is not None:
                figures.append(
                    _Figure(_count_cells(dataset, described[0]), rel, row_no, described[1])
                )
        except _Skip as skip:
            excluded.append(_excluded(rel, row_no, r, skip))
    return figures


# ---------------------------------------------------------------- the count datasets


def _totals_vintage(kind: str, status: str, note: str, publication: str) -> tuple[str, int]:
    """Vintage label and source rank (0 = StatLine first) of a row of ``totals.csv``."""
    low_kind = kind.lower()
    if "first release" in status:
        short = "NJI-databank 2019" if "NJI" in publication or "NJI" in kind else "eerste bron"
        return f"eerste publicatie ({short})", 3
    if low_kind.startswith("statline"):
        return "StatLine-pagina", 0
    if low_kind.startswith("cbs publication"):
        label = "Impactmonitor 2022" if "impactmonitor" in (publication + kind).lower() else ""
        return label or "CBS-publicatie", 1
    if "cbs news" in low_kind:
        return ("CBS-nieuws (afgerond)" if "duizend" in note.lower() else "CBS-nieuws"), 2
    return "secundaire bron (citeert CBS)", 4


def _is_own_registration(measure: str, kind: str) -> bool:
    low = kind.lower()
    return (
        "eigen registratie" in measure.lower()
        or low.startswith("regional vt")
        or "supplied by veilig thuis" in low
    )


def _describe_total(r: dict[str, str]) -> tuple[dict[str, str], int]:
    publication, kind, table = r["source_table_or_publication"], r["source_kind"], r["table_id"]
    if _is_own_registration(r["measure"], kind):
        raise _Skip(R_OWN, kind)
    vintage, rank = _totals_vintage(kind, r["status"], r["note"], publication)
    label = publication or (f"CBS StatLine {table}" if table else "")
    raw = {k: r[k] for k in ("measure", "unit", "period", "status", "value", "note", "source_url")}
    raw.update(code=r["region_code"], name=r["region_name"], vintage=vintage)
    raw["source"] = f"{label} — {kind}" if label else kind
    return raw, rank


def _describe_letter(r: dict[str, str]) -> tuple[dict[str, str], int] | None:
    """The letters' exact national figures that no other file holds: 2021's first release."""
    measure = {"Gestarte adviezen (adviesvragen)": "Gestarte adviezen"}.get(
        r["measure"], r["measure"]
    )
    exact = "rounded" not in r["note"] and r["comparable_with_cbs_2019_series"] == "yes"
    if measure not in ("Gestarte adviezen", "Ontvangen meldingen") or not exact:
        return None  # kept in kamerbrieven.csv only
    raw = {k: r[k] for k in ("unit", "period", "value")}
    raw.update(measure=measure, code="", name=r["region_name"], status="", source_url="")
    raw["source"] = f"Kamerbrief: {r['document']}, {r['document_date']} ({r['reference']})"
    raw["vintage"] = f"eerste publicatie (Kamerbrief {r['document_date'][:4]})"
    raw["note"] = f'{r["note"]}; in de brief: "{r["as_written"]}"'
    return raw, 3


def _describe_extract(r: dict[str, str]) -> tuple[dict[str, str], int]:
    dims = [
        (n, v)
        for n, v in ((r["dim1_name"], r["dim1_value"]), (r["dim2_name"], r["dim2_value"]))
        if n
    ]
    raw = {k: r[k] for k in ("measure", "unit", "status", "value", "note", "source_url")}
    if raw["measure"].endswith(_TRUNCATED):
        raw["measure"] = raw["measure"].removesuffix(_TRUNCATED)
        raw["note"] = "; ".join(x for x in (r["note"], "titel afgekapt op de StatLine-pagina") if x)
    raw.update(
        breakdown=" | ".join(n for n, _ in dims),
        group=" | ".join(v for _, v in dims),
        code=r["region_code"],
        name=r["region_name"],
        period=r["period_code"] or r["period"],
        flag=r["value_flag"],
        source=f"CBS StatLine {r['table_id']}: {r['table_title']}",
        vintage="StatLine-pagina",
    )
    return raw, 0


def _describe_share(r: dict[str, str]) -> tuple[dict[str, str], int]:
    raw = {k: r[k] for k in ("measure", "period", "status", "note", "source_url")}
    raw.update(unit="%", breakdown="Organisatie adviesvrager", group=r["organisatie_adviesvrager"])
    raw.update(code="", name=r["region_name"], value=r["value_pct"], vintage="Impactmonitor 2022")
    raw["source"] = (
        "CBS, Impactmonitor aanpak huiselijk geweld en kindermishandeling 2022, figuur 4.2"
    )
    return raw, 1


def _describe_population(r: dict[str, str]) -> tuple[dict[str, str], int]:
    table, kind = r["table_id"], r["source_kind"]
    statline = kind.lower().startswith("statline")
    raw = {k: r[k] for k in ("measure", "unit", "period", "status", "value", "note", "source_url")}
    raw.update(code=r["region_code"], name=r["region_name"])
    raw["source"] = f"CBS StatLine {table}" if statline and table else kind
    raw["vintage"] = "StatLine-pagina" if statline else "secundaire bron"
    return raw, 0 if statline else 4


TOTALS = "veilig_thuis/totals.csv"
VT_LETTERS = "veilig_thuis/letters_to_parliament.csv"
SHARES = "veilig_thuis/impactmonitor2022_adviezen_naar_organisatie_adviesvrager_pct.csv"
POPULATION = "population/population.csv"


def _count_sources(
    src: Path, excluded: list[Excluded]
) -> dict[str, tuple[list[_Figure], set[str]]]:
    """Every count dataset's figures (before merging) and the reference files they came from."""
    parts = {
        "vt_kerncijfers": (
            _collect(src, TOTALS, "vt_kerncijfers", _describe_total, excluded)
            + _collect(src, VT_LETTERS, "vt_kerncijfers", _describe_letter, excluded),
            {TOTALS, VT_LETTERS},
        )
    }
    for dataset, name in _EXTRACTS.items():
        rel = f"veilig_thuis/{name}"
        parts[dataset] = (_collect(src, rel, dataset, _describe_extract, excluded), {rel})
    shares = _collect(src, SHARES, "vt_adviesvragers", _describe_share, excluded)
    parts["vt_adviesvragers"] = (shares, {SHARES})
    population = _collect(src, POPULATION, "bevolking", _describe_population, excluded)
    parts["bevolking"] = (population, {POPULATION})
    return parts


def _excluded(rel: str, row_no: int, r: dict[str, str], skip: _Skip) -> Excluded:
    period = r.get("period_code") or r.get("period", "")
    value = r.get("value") or r.get("value_pct") or r.get("value_flag", "")
    region = r.get("region_code") or r.get("region_name", "")
    return Excluded(
        rel, row_no, r.get("measure", ""), region, period, value, skip.reason, skip.detail
    )


def _merge(figures: list[_Figure]) -> tuple[list[dict[str, str]], int]:
    """One row per key and value: the same figure from two sources becomes one row.

    Rows of one key with different values must be different releases and so carry
    different vintages; two such rows with the same vintage are a build error.
    """
    groups: dict[tuple[str, ...], list[_Figure]] = {}
    for figure in figures:
        c = figure.cells
        key = (*tuple(c[k] for k in COUNT.key if k != "vintage"), c["value"], c["flag"])
        groups.setdefault(key, []).append(figure)
    rows, merged = [], 0
    for members in groups.values():
        members.sort(key=lambda f: (f.rank, f.file, f.row))
        first = dict(members[0].cells)
        for other in members[1:]:
            merged += 1
            o = other.cells
            extra = f"ook gepubliceerd in: {o['source']}" + (
                f" <{o['source_url']}>" if o["source_url"] else ""
            )
            if o["status"] != first["status"]:
                extra += f", status daar: {o['status'] or 'niet vermeld'}"
            if o["note"]:
                extra += f" ({o['note']})"
            first["note"] = "; ".join(x for x in (first["note"], extra) if x)
        rows.append(first)
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        key = tuple(row[k] for k in COUNT.key)
        if key in seen:
            raise ValueError(f"twee verschillende waarden met dezelfde vintage: {key}")
        seen.add(key)
    return rows, merged


def _count_sort_key(row: dict[str, str]) -> tuple[object, ...]:
    period = parse_period(row["period_code"])
    code = row["region_code"]
    return (
        row["measure"],
        row["breakdown"],
        row["group"],
        _LEVEL_ORDER.get(code[:2], 9),
        code,
        period,
        row["vintage"],
    )


# ---------------------------------------------------------------- prevalence and aux tables


def _prevalence(src: Path) -> tuple[list[dict[str, str]], set[str]]:
    statements: dict[tuple[str, str], list[str]] = {}
    for _, s in _read_source(src, "prevalence/significance_statements.csv"):
        edition = s["comparison"][:4]
        quote = f"{s['comparison']}: {s['cbs_statement_as_published']}"
        statements.setdefault((edition, s["indicator"]), []).append(quote)
    rows = []
    files = ("prevalence/headline_prevalence.csv", "prevalence/breakdowns.csv")
    for rel in files:
        for _, r in _read_source(src, rel):
            edition, kind = r["edition_year"], r["source_type"]
            notes = [r["notes"]]
            if r["reference_period"] != "last 12 months":
                notes.append(f"referentieperiode: {r['reference_period']}")
            published = r["as_published"]
            if published and not published.replace(",", "").replace(".", "").isdigit():
                notes.append(f"gepubliceerd als '{published}'")
            statement = ""
            if r["breakdown"] == "total":
                statement = " | ".join(statements.get((edition, r["indicator"]), []))
            rows.append(
                {
                    "edition": edition,
                    "indicator": r["indicator"],
                    "breakdown": r["breakdown"],
                    "group": r["group"],
                    "estimate": _fmt(float(r["estimate_pct"])) if r["estimate_pct"] else "",
                    "precision": r["precision"],
                    "ci_low": r["ci_low"],
                    "ci_high": r["ci_high"],
                    "n_respondents": "",
                    "count_as_published": r["count_as_published"],
                    "cbs_statement": statement,
                    "source": f"Prevalentiemonitor {edition} ({kind})",
                    "source_url": r["source_url"],
                    "retrieved": ACCESS_DATE,
                    "vintage": _SOURCE_TYPE_VINTAGE.get(kind, kind),
                    "note": "; ".join(n for n in notes if n),
                    "dataset": "prevalentie",
                }
            )
    rows.sort(key=lambda r: tuple(r[k] for k in PREVALENCE.key))
    return rows, {*files, "prevalence/significance_statements.csv"}


def _statements(src: Path) -> tuple[list[dict[str, str]], set[str]]:
    rel = "prevalence/significance_statements.csv"
    return [r for _, r in _read_source(src, rel)], {rel}


def _survey_design(src: Path) -> tuple[list[dict[str, str]], set[str]]:
    rel = "prevalence/survey_design.csv"
    rows = []
    for _, r in _read_source(src, rel):
        row = {c: r.get(c, "") for c in SURVEY_DESIGN.names}
        row["edition"] = r["edition_year"]
        rate = r["response_rate_pct"]
        try:
            float(rate)
        except ValueError:
            # "not found" is no number: the cell stays empty and the words go to notes.
            row["response_rate_pct"] = ""
            row["notes"] = "; ".join(x for x in (r["notes"], f"responspercentage: {rate}") if x)
        rows.append(row)
    return rows, {rel}


def _letters(src: Path) -> tuple[list[dict[str, str]], set[str]]:
    vt, prev = "veilig_thuis/letters_to_parliament.csv", "prevalence/letters_to_parliament.csv"
    rows = []
    for _, r in _read_source(src, vt):
        row = {c: r.get(c, "") for c in LETTERS.names}
        rows.append({**row, "subject": "veilig_thuis"})
    for _, r in _read_source(src, prev):
        row = {c: r.get(c, "") for c in LETTERS.names}
        row.update(subject="prevalentie", measure=r["indicator"], period=r["edition"])
        rows.append(row)
    return rows, {vt, prev}


def _news_as_excluded(src: Path) -> list[Excluded]:
    rel = "veilig_thuis/news_and_secondary_figures.csv"
    return [
        Excluded(rel, n, r["statement"], "Nederland", r["period"], r["value_as_published"], R_TEXT)
        for n, r in _read_source(src, rel)
    ]


# ---------------------------------------------------------------- writing


def _write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, str]]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def _write_meta(
    path: Path, dataset: catalog.Dataset, src: Path, output: _Output, columns: list[str]
) -> None:
    urls = sorted({r["source_url"] for r in output.rows if r.get("source_url")})
    meta = {
        "dataset": dataset.id,
        "title": dataset.title,
        "file": dataset.curated_file,
        "built_from": [
            {"path": rel, "sha256": _sha256(src / rel)} for rel in sorted(output.sources)
        ],
        "source": dataset.source,
        "source_urls": urls,
        "access_date": ACCESS_DATE,
        "access_date_note": ACCESS_DATE_NOTE,
        "licence": dataset.licence,
        "rows": len(output.rows),
        "columns": columns,
        "notes": [n for n in (dataset.notes, *output.notes) if n],
        "build_command": BUILD_COMMAND,
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    tmp.replace(path)


_COUNT_NOTES = {
    "vt_kerncijfers": (
        "Eén rij per cijfer en publicatie (vintage). Hetzelfde cijfer uit twee bronnen is één "
        "rij; de tweede bron staat in 'note'. Halfjaren worden niet opgeteld tot een jaar.",
        "Uit de Kamerbrieven alleen de exacte landelijke cijfers 2021 (eerste publicatie); "
        "de overige briefcijfers staan in kamerbrieven.csv.",
        "Eigen registraties van Veilig Thuis-organisaties, gemeenten zonder code en rijen "
        "zonder waarde staan in excluded.csv.",
    ),
    "bevolking": ("Peildata (1 juli, 1 september) en veiligheidsregio's staan in excluded.csv.",),
}


def build(source_dir: Path | None = None, out_dir: Path | None = None) -> BuildReport:
    """Build every curated CSV and sidecar from the shared reference files.

    Parameters
    ----------
    source_dir
        The reference folder (default: settings.shared_data_dir()).
    out_dir
        Where to write (default: settings.curated_dir()); created when missing.

    Returns
    -------
    BuildReport
        Rows per output file, exclusions per reason, merged duplicates.

    Raises
    ------
    ValueError
        When two different values would share one key (a build bug or a new source
        conflict that needs a vintage).
    gia_stats.loaders.curated.CuratedError
        When a written file does not pass the reader's own validation.
    """
    src = source_dir or settings.shared_data_dir()
    out = out_dir or settings.curated_dir()
    out.mkdir(parents=True, exist_ok=True)
    excluded: list[Excluded] = []
    outputs: dict[str, _Output] = {}
    merged = 0

    for dataset_id, (figures, sources) in _count_sources(src, excluded).items():
        rows, n = _merge(figures)
        merged += n
        rows.sort(key=_count_sort_key)
        outputs[dataset_id] = _Output(rows, sources, _COUNT_NOTES.get(dataset_id, ()))
    for dataset_id, part in (
        ("prevalentie", _prevalence(src)),
        ("prevalentie_uitspraken", _statements(src)),
        ("prevalentie_opzet", _survey_design(src)),
        ("kamerbrieven", _letters(src)),
    ):
        outputs[dataset_id] = _Output(*part)
    excluded += _news_as_excluded(src)

    layouts = {"prevalentie": PREVALENCE, "prevalentie_uitspraken": STATEMENTS}
    layouts.update(prevalentie_opzet=SURVEY_DESIGN, kamerbrieven=LETTERS)
    written: dict[str, int] = {}
    for dataset in catalog.DATASETS:
        if not dataset.curated_file:
            continue
        output = outputs[dataset.id]
        columns = layouts.get(dataset.id, COUNT).names
        path = out / dataset.curated_file
        _write_csv(path, columns, output.rows)
        _write_meta(curated.meta_path(path), dataset, src, output, columns)
        curated.read(path)  # the build must pass the reader's own checks
        written[dataset.curated_file] = len(output.rows)

    excluded.sort(key=lambda e: (e.source_file, e.source_row))
    _write_csv(
        out / curated.EXCLUDED_FILE,
        EXCLUDED_COLUMNS,
        ({k: str(v) for k, v in vars(e).items()} for e in excluded),
    )
    reasons = Counter(e.reason for e in excluded)
    return BuildReport(out, written, dict(sorted(reasons.items())), merged)


__all__ = ["ACCESS_DATE", "BuildReport", "Excluded", "build"]
