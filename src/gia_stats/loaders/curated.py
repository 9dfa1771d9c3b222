"""Read and validate the curated CSVs and their ``.meta.json`` sidecars into the tidy tables."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gia_stats import catalog, regions, settings
from gia_stats.loaders.validate import (
    COUNT,
    LAYOUT_BY_SUBJECT,
    PREVALENCE,
    CuratedError,
    Kind,
    Layout,
    check_file,
    is_iso_date,
)
from gia_stats.periods import parse_period, parse_status
from gia_stats.schema import COUNT_SCHEMA, PREVALENCE_SCHEMA, conform

__all__ = ["EXCLUDED_FILE", "CuratedError", "CuratedTable", "meta_path", "read", "read_all"]

#: The build's list of source rows left out, with reasons; not a dataset.
EXCLUDED_FILE = "excluded.csv"
#: Keys every sidecar must have.
META_REQUIRED = ("dataset", "title", "access_date", "licence", "source_urls")


@dataclass(frozen=True)
class CuratedTable:
    """One curated dataset as read: the validated frame and its sidecar."""

    dataset: str
    path: Path
    frame: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def meta_path(csv_path: Path) -> Path:
    """Return the sidecar of a curated CSV.

    Parameters
    ----------
    csv_path
        E.g. ``datasets/curated/vt_kerncijfers.csv``.

    Returns
    -------
    pathlib.Path
        E.g. ``datasets/curated/vt_kerncijfers.meta.json``.
    """
    return csv_path.with_name(csv_path.stem + ".meta.json")


def layout_for(dataset: catalog.Dataset) -> Layout:
    """Return the layout (columns, key, rules) a dataset's curated file must follow.

    Parameters
    ----------
    dataset
        A catalog dataset with a ``curated_file``.

    Returns
    -------
    Layout
        Count layout for Veilig Thuis and population, the prevalence layout, or the
        auxiliary table's own layout.
    """
    return LAYOUT_BY_SUBJECT[dataset.subject]


def _dataset_of(path: Path) -> catalog.Dataset:
    for dataset in catalog.DATASETS:
        if dataset.curated_file == path.name:
            return dataset
    known = ", ".join(d.curated_file for d in catalog.DATASETS if d.curated_file)
    raise CuratedError(
        path.name, f"geen dataset in de catalogus voor dit bestand (bekend: {known})"
    )


def read(path: Path) -> CuratedTable:
    """Read one curated CSV and its sidecar, validated.

    Parameters
    ----------
    path
        A file named as a catalog dataset's ``curated_file``.

    Returns
    -------
    CuratedTable
        For count datasets a COUNT_SCHEMA frame, for prevalence a PREVALENCE_SCHEMA frame,
        for the auxiliary tables their own columns (numbers converted).

    Raises
    ------
    CuratedError
        At the first problem, naming file, row, column and value.
    """
    dataset = _dataset_of(path)
    layout = layout_for(dataset)
    if not path.exists():
        raise CuratedError(path.name, "bestand ontbreekt (bouw het met 'gia-stats curate')")
    text = check_file(path, layout, dataset.id)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    meta = _read_meta(path, dataset)
    if layout is COUNT:
        frame = _count_frame(frame)
    elif layout is PREVALENCE:
        frame = _prevalence_frame(frame)
    else:
        frame = _plain_frame(frame, layout)
    return CuratedTable(dataset.id, path, frame, meta)


def read_all(folder: Path | None = None) -> tuple[dict[str, CuratedTable], list[CuratedError]]:
    """Read every catalog dataset's curated file; a bad file does not stop the others.

    Parameters
    ----------
    folder
        The curated folder (default: settings.curated_dir()).

    Returns
    -------
    tuple
        The tables that loaded, by dataset id, and one error per file that did not (also
        for a missing file and for a CSV in the folder that no dataset declares).
    """
    folder = folder or settings.curated_dir()
    tables: dict[str, CuratedTable] = {}
    errors: list[CuratedError] = []
    if not folder.is_dir():
        return tables, [
            CuratedError(folder.name, f"map met samengestelde tabellen ontbreekt: {folder}")
        ]
    declared = {d.curated_file for d in catalog.DATASETS if d.curated_file}
    for dataset in catalog.DATASETS:
        if not dataset.curated_file:
            continue
        try:
            tables[dataset.id] = read(folder / dataset.curated_file)
        except CuratedError as exc:
            errors.append(exc)
        except Exception as exc:  # a reader bug must not take the other datasets down
            errors.append(CuratedError(dataset.curated_file, f"onverwachte fout: {exc!r}"))
    for stray in sorted(folder.glob("*.csv")):
        if stray.name not in declared and stray.name != EXCLUDED_FILE:
            errors.append(
                CuratedError(stray.name, "bestand hoort bij geen dataset in de catalogus")
            )
    return tables, errors


def _read_meta(path: Path, dataset: catalog.Dataset) -> dict[str, Any]:
    sidecar = meta_path(path)
    if not sidecar.exists():
        raise CuratedError(sidecar.name, "metabestand (bron, licentie, datum) ontbreekt")
    try:
        meta = json.loads(sidecar.read_text("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CuratedError(sidecar.name, f"metabestand is geen geldige JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise CuratedError(sidecar.name, "metabestand moet een JSON-object zijn")
    missing = [k for k in META_REQUIRED if k not in meta]
    if missing:
        raise CuratedError(
            sidecar.name, f"sleutel(s) ontbreken: {', '.join(missing)}", column=", ".join(missing)
        )
    if not is_iso_date(str(meta["access_date"])):
        raise CuratedError(
            sidecar.name,
            "access_date is geen datum in de vorm JJJJ-MM-DD",
            column="access_date",
            value=str(meta["access_date"]),
        )
    if meta["dataset"] != dataset.id:
        raise CuratedError(
            sidecar.name,
            f"metabestand hoort bij dataset {meta['dataset']!r}, niet bij {dataset.id!r}",
            column="dataset",
            value=str(meta["dataset"]),
        )
    return meta


def _numbers(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None), errors="raise").astype("float64")


def _count_frame(frame: pd.DataFrame) -> pd.DataFrame:
    # Validation has passed, so every code parses; these only derive the tidy columns.
    periods = [parse_period(c) for c in frame["period_code"]]
    out = frame.copy()
    out["region_level"] = [regions.detect_level(c).value for c in frame["region_code"]]
    out["period_code"] = [p.code for p in periods]
    out["period_label"] = [p.label for p in periods]
    out["period_type"] = [p.type.value for p in periods]
    out["period_start"] = [p.start for p in periods]
    out["status"] = [parse_status(s).value for s in frame["status"]]
    out["value"] = _numbers(frame["value"])
    out["rounding"] = _numbers(frame["rounding"]).astype("Int64")
    return conform(out, COUNT_SCHEMA)


def _prevalence_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["edition"] = _numbers(frame["edition"]).astype("Int64")
    for column in ("estimate", "ci_low", "ci_high", "n_respondents"):
        out[column] = _numbers(frame[column])
    return conform(out, PREVALENCE_SCHEMA)


def _plain_frame(frame: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    out = frame[layout.names].copy()
    for column in layout.columns:
        if column.kind is Kind.NUMBER:
            out[column.name] = _numbers(frame[column.name])
        elif column.kind is Kind.INTEGER:
            out[column.name] = _numbers(frame[column.name]).astype("Int64")
    return out
