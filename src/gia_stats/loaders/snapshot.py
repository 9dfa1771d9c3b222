"""Read a CBS snapshot folder: its manifest, the snapshots present, and the tidy table."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gia_stats import catalog, settings
from gia_stats.catalog import Dataset
from gia_stats.periods import Period, PeriodError, Status, parse_period, parse_status
from gia_stats.regions import (
    RegionError,
    RegionLevel,
    detect_level,
    display_name,
    vt_code_for_name,
)
from gia_stats.schema import COUNT_SCHEMA, conform

__all__ = [
    "DATA_ENDPOINT",
    "MANIFEST_NAME",
    "Manifest",
    "SnapshotError",
    "read_manifest",
    "snapshot_status",
    "tidy",
]

MANIFEST_NAME = "manifest.json"
#: The data endpoint we keep; cbsodata's download_data(typed=False) also skips the untyped one.
DATA_ENDPOINT = "TypedDataSet"
_DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension")
#: CBS symbols that may stand in a cell instead of a number (typed sets normally use null).
_SYMBOLS = frozenset({".", "x", "-", "?"})


class SnapshotError(ValueError):
    """A snapshot folder that cannot be read into the tidy table (names file, key and value)."""


@dataclass(frozen=True)
class Manifest:
    """What one snapshot folder holds and where it came from.

    Parameters
    ----------
    table_id
        CBS table id as the catalog spells it, e.g. ``"84847NED"``.
    title
        The table's ``Title`` in TableInfos.
    modified
        CBS's ``Modified`` timestamp from TableInfos (ISO text, as CBS gives it).
    retrieved_at
        When the download finished, ISO 8601 in UTC.
    base_url
        The CBS base URL the data was read from, e.g. ``"https://opendata.cbs.nl"``.
    table_url
        The OData table URL cbsodata read (``<base>/ODataFeed/odata/<table>``).
    rows
        Number of records per file, e.g. ``{"TypedDataSet.json": 129362}``.
    sha256
        Hex digest per file.
    cbsodata_version
        Version of the client that did the download.
    """

    table_id: str
    title: str
    modified: str
    retrieved_at: str
    base_url: str
    table_url: str
    rows: dict[str, int] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    cbsodata_version: str = ""

    @property
    def data_rows(self) -> int:
        """Records in the TypedDataSet (the table's cells, one row per dimension combination)."""
        return self.rows.get(f"{DATA_ENDPOINT}.json", 0)

    def to_json(self) -> dict[str, Any]:
        """The manifest as written to ``manifest.json``."""
        return {
            "table_id": self.table_id,
            "title": self.title,
            "modified": self.modified,
            "retrieved_at": self.retrieved_at,
            "base_url": self.base_url,
            "table_url": self.table_url,
            "cbsodata_version": self.cbsodata_version,
            "files": {
                name: {"rows": self.rows[name], "sha256": self.sha256[name]}
                for name in sorted(self.rows)
            },
        }


def read_manifest(folder: Path) -> Manifest:
    """Read ``manifest.json`` of a snapshot folder.

    Parameters
    ----------
    folder
        A snapshot folder, e.g. ``datasets/cbs/84847NED``.

    Returns
    -------
    Manifest

    Raises
    ------
    FileNotFoundError
        When the folder has no manifest.
    SnapshotError
        When the manifest is not valid JSON or misses a field (the message names it).
    """
    path = Path(folder) / MANIFEST_NAME
    text = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
        files = raw.get("files", {})
        return Manifest(
            table_id=str(raw["table_id"]),
            title=str(raw.get("title", "")),
            modified=str(raw.get("modified", "")),
            retrieved_at=str(raw["retrieved_at"]),
            base_url=str(raw.get("base_url", "")),
            table_url=str(raw.get("table_url", "")),
            rows={str(k): int(v["rows"]) for k, v in files.items()},
            sha256={str(k): str(v["sha256"]) for k, v in files.items()},
            cbsodata_version=str(raw.get("cbsodata_version", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"{path}: ongeldig manifest ({type(exc).__name__}: {exc})") from exc


def snapshot_status(dest: Path | None = None) -> list[Manifest]:
    """Manifests of all CBS snapshots present, for ``gia-stats status``.

    Parameters
    ----------
    dest
        Folder with one snapshot per table (default: ``settings.cbs_dir()``).

    Returns
    -------
    list of Manifest
        Sorted by table id; folders without a manifest and temporary folders are skipped.

    Raises
    ------
    SnapshotError
        When a manifest is present but unreadable.
    """
    dest = Path(dest) if dest is not None else settings.cbs_dir()
    if not dest.is_dir():
        return []
    folders = [
        p
        for p in dest.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_NAME).is_file()
    ]
    return sorted((read_manifest(p) for p in folders), key=lambda m: m.table_id)


@dataclass(frozen=True)
class _Topic:
    key: str
    title: str
    name: str  # TopicGroup path + ": " + Title
    unit: str


@dataclass(frozen=True)
class _Dimension:
    key: str
    title: str
    type: str


def _topics(properties: list[dict[str, Any]]) -> list[_Topic]:
    by_id = {p.get("ID"): p for p in properties if p.get("ID") is not None}
    topics = []
    for prop in properties:
        if prop.get("Type") != "Topic":
            continue
        title = str(prop.get("Title") or "").strip()
        path: list[str] = []
        parent, seen = prop.get("ParentID"), set()
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            group = by_id[parent]
            if group.get("Type") == "TopicGroup":
                path.append(str(group.get("Title") or "").strip())
            parent = group.get("ParentID")
        name = ": ".join([*reversed(path), title])
        topics.append(_Topic(str(prop.get("Key")), title, name, str(prop.get("Unit") or "")))
    return topics


def _dimensions(properties: list[dict[str, Any]]) -> list[_Dimension]:
    return [
        _Dimension(str(p.get("Key")), str(p.get("Title") or p.get("Key")), str(p["Type"]))
        for p in properties
        if p.get("Type") in _DIMENSION_TYPES
    ]


def _catalog_names(topics: list[_Topic], dataset: Dataset) -> tuple[dict[str, Any], list[str]]:
    """Map topic Keys to the catalog's measures, found by Title (path first), never by Key."""
    found: dict[str, Any] = {}
    problems: list[str] = []
    for measure in dataset.measures:
        wanted = measure.source_title
        hits = [t for t in topics if t.name == wanted] or [t for t in topics if t.title == wanted]
        if len(hits) == 1:
            found[hits[0].key] = measure
        elif not hits:
            problems.append(f"maat {wanted!r} ontbreekt in DataProperties")
        else:
            names = ", ".join(repr(t.name) for t in hits)
            problems.append(f"maat {wanted!r} is niet eenduidig ({names})")
    return found, problems


def _load_list(folder: Path | None, name: str) -> list[dict[str, Any]]:
    assert folder is not None
    path = folder / f"{name}.json"
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise SnapshotError(f"{path}: bestand ontbreekt") from None
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path}: geen geldige JSON ({exc})") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise SnapshotError(f"{path}: verwacht een lijst van records")
    return data


def _table_info(folder: Path) -> dict[str, Any]:
    path = folder / "TableInfos.json"
    if not path.exists():
        return {}
    infos = _load_list(folder, "TableInfos")
    return infos[0] if infos else {}


def tidy(folder: Path, dataset: Dataset | None = None) -> pd.DataFrame:
    """Read a snapshot folder into the tidy long table (COUNT_SCHEMA).

    Measures are the ``Topic`` entries of DataProperties (named by their TopicGroup path and
    Title; a catalog measure found by Title takes the catalog's name), dimensions are the
    ``GeoDimension``, ``TimeDimension`` and other ``Dimension`` entries with their endpoint
    files. Keys are looked up through the files, never guessed.

    Parameters
    ----------
    folder
        A snapshot folder written by :func:`gia_stats.loaders.cbs.refresh`.
    dataset
        The catalog entry (default: looked up from the manifest's table id).

    Returns
    -------
    pandas.DataFrame
        One row per cell and measure, COUNT_SCHEMA columns. A missing cell (null) has value
        NaN and flag ``"."``, never 0. Tables without extra dimensions get breakdown ``""``
        and group ``""`` (as the curated files).

    Raises
    ------
    SnapshotError
        When a file is missing or unreadable, a catalog measure is absent, or a key cannot be
        placed (the message names file, key and value).
    """
    folder = Path(folder)
    try:
        manifest = read_manifest(folder)
    except FileNotFoundError:
        raise SnapshotError(f"{folder}: geen {MANIFEST_NAME}") from None
    if dataset is None:
        with contextlib.suppress(KeyError):
            dataset = catalog.by_cbs_table(manifest.table_id)
    elif dataset.cbs_table and dataset.cbs_table.lower() != manifest.table_id.lower():
        raise SnapshotError(
            f"{folder}: momentopname van {manifest.table_id}, niet van {dataset.cbs_table}"
        )
    properties = _load_list(folder, "DataProperties")
    info = _table_info(folder)
    records = _load_list(folder, DATA_ENDPOINT)

    topics = _topics(properties)
    if not topics:
        raise SnapshotError(f"{folder / 'DataProperties.json'}: geen Topic (maat) gevonden")
    measures: dict[str, Any] = {}
    if dataset is not None:
        measures, problems = _catalog_names(topics, dataset)
        if problems:
            raise SnapshotError(f"{folder}: {'; '.join(problems)}")
    dims = _dimensions(properties)
    times = [d for d in dims if d.type == "TimeDimension"]
    if len(times) != 1:
        raise SnapshotError(f"{folder / 'DataProperties.json'}: verwacht één TimeDimension")
    geos = [d for d in dims if d.type == "GeoDimension"]
    if len(geos) > 1:
        raise SnapshotError(f"{folder / 'DataProperties.json'}: meer dan één GeoDimension")
    others = [d for d in dims if d.type == "Dimension"]

    frame = pd.DataFrame.from_records(records)
    data_file = folder / f"{DATA_ENDPOINT}.json"
    missing = [c for c in [d.key for d in dims] + [t.key for t in topics] if c not in frame]
    if missing:
        raise SnapshotError(f"{data_file}: kolommen ontbreken: {', '.join(missing)}")

    out: dict[str, Any] = {}
    period_of = _period_lookup(folder, times[0], frame[times[0].key], data_file)
    period_keys = frame[times[0].key]
    out["period_code"] = period_keys.map(lambda k: period_of[k][0].code)
    out["period_label"] = period_keys.map(lambda k: period_of[k][0].label)
    out["period_type"] = period_keys.map(lambda k: period_of[k][0].type.value)
    out["period_start"] = period_keys.map(lambda k: period_of[k][0].start)
    out["status"] = period_keys.map(lambda k: period_of[k][1].value)
    if geos:
        region_of = _region_lookup(folder, geos[0], frame[geos[0].key], data_file)
        region_keys = frame[geos[0].key]
        out["region_code"] = region_keys.map(lambda k: region_of[k][0])
        out["region_name"] = region_keys.map(lambda k: region_of[k][1])
        out["region_level"] = region_keys.map(lambda k: region_of[k][2])
    else:
        # A table without regions is national.
        out["region_code"], out["region_name"] = "NL01", "Nederland"
        out["region_level"] = RegionLevel.NL.value
    if others:
        groups = [
            frame[d.key].map(_category_lookup(folder, d, frame[d.key], data_file)) for d in others
        ]
        out["breakdown"] = " | ".join(d.title for d in others)
        group = groups[0]
        for more in groups[1:]:
            group = group + " | " + more
        out["group"] = group
    else:
        out["breakdown"], out["group"] = "", ""
    base = pd.DataFrame(out, index=frame.index)

    if dataset is not None:
        dataset_id, source = dataset.id, dataset.source
        vt = dataset.subject == "veilig_thuis"
    else:
        dataset_id, source, vt = manifest.table_id, "", False
    title = str(info.get("Title") or manifest.title)
    modified = str(info.get("Modified") or manifest.modified)
    parts = []
    for topic in topics:
        measure = measures.get(topic.key)
        value, flag = _values(frame[topic.key], data_file, topic.key)
        unit = topic.unit or (measure.unit if measure is not None else "")
        part = base.copy()
        part["measure"] = measure.title if measure is not None else topic.name
        part["unit"] = unit
        part["value"] = value
        part["flag"] = flag
        # CBS rounds Veilig Thuis counts to multiples of 5; shares and rates are not.
        part["rounding"] = 5 if vt and unit.strip().lower() == "aantal" else 1
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long["dataset"] = dataset_id
    long["source"] = source or f"{title} ({manifest.table_id})"
    long["source_url"] = manifest.table_url
    long["retrieved"] = manifest.retrieved_at[:10]
    long["vintage"] = "CBS " + (modified[:10] or "onbekend")
    long["note"] = ""
    return conform(long, COUNT_SCHEMA)


def _endpoint(folder: Path, dim: _Dimension) -> dict[str, dict[str, Any]]:
    """Categories of one dimension, by stripped Key (CBS pads keys: ``'NL01    '``)."""
    entries = _load_list(folder, dim.key)
    by_key: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = entry.get("Key")
        if not isinstance(key, str) or not key.strip():
            raise SnapshotError(f"{folder / (dim.key + '.json')}: ongeldige Key {key!r}")
        by_key[key.strip()] = entry
    return by_key


def _unique_keys(column: pd.Series, data_file: Path, dim: _Dimension) -> list[str]:
    keys = list(column.unique())
    bad = [k for k in keys if not isinstance(k, str)]
    if bad:
        raise SnapshotError(f"{data_file}: dimensie {dim.key} heeft waarde {bad[0]!r}")
    return keys


def _entry(
    categories: dict[str, dict[str, Any]], key: str, dim: _Dimension, data_file: Path
) -> dict[str, Any]:
    try:
        return categories[key.strip()]
    except KeyError:
        raise SnapshotError(
            f"{data_file}: {dim.key} = {key!r} staat niet in {dim.key}.json"
        ) from None


def _period_lookup(
    folder: Path, dim: _Dimension, column: pd.Series, data_file: Path
) -> dict[str, tuple[Period, Status]]:
    categories = _endpoint(folder, dim)
    lookup = {}
    for key in _unique_keys(column, data_file, dim):
        entry = _entry(categories, key, dim, data_file)
        try:
            period = parse_period(key)
            status = parse_status(entry.get("Status"), entry.get("Title"))
        except PeriodError as exc:
            raise SnapshotError(
                f"{folder / (dim.key + '.json')}: {dim.key} = {key!r} "
                f"(titel {entry.get('Title')!r}, status {entry.get('Status')!r}): {exc}"
            ) from None
        lookup[key] = (period, status)
    return lookup


def _region_lookup(
    folder: Path, dim: _Dimension, column: pd.Series, data_file: Path
) -> dict[str, tuple[str, str, str]]:
    categories = _endpoint(folder, dim)
    lookup = {}
    for key in _unique_keys(column, data_file, dim):
        entry = _entry(categories, key, dim, data_file)
        title = str(entry.get("Title") or "")
        try:
            level = detect_level(key, title)
        except RegionError as exc:
            raise SnapshotError(
                f"{folder / (dim.key + '.json')}: {dim.key} = {key!r} (titel {title!r}): {exc}"
            ) from None
        lookup[key] = (_region_code(key, title, level), display_name(title), level.value)
    return lookup


def _region_code(key: str, title: str, level: RegionLevel) -> str:
    """The stripped key; for a Veilig Thuis-regio the VTnn code found by its name.

    CBS's own keys for VT regions are not documented; mapping them by name onto the
    Gebiedsindelingen codes lets CBS rows supersede curated rows and join the map.
    An unknown name keeps CBS's key (a new region is accepted, not dropped).
    """
    code = key.strip()
    if level is RegionLevel.VT and not re.fullmatch(r"VT\d{2}", code):
        try:
            return vt_code_for_name(title)
        except RegionError:
            return code
    return code


def _category_lookup(
    folder: Path, dim: _Dimension, column: pd.Series, data_file: Path
) -> dict[str, str]:
    categories = _endpoint(folder, dim)
    return {
        key: str(_entry(categories, key, dim, data_file).get("Title") or key.strip())
        for key in _unique_keys(column, data_file, dim)
    }


def _values(column: pd.Series, data_file: Path, key: str) -> tuple[pd.Series, pd.Series]:
    """Numbers and CBS flags of one measure column: null → NaN with flag ".", never 0."""
    numbers = pd.to_numeric(column, errors="coerce").astype("float64")
    flags = pd.Series("", index=column.index, dtype=object)
    absent = column.isna()
    flags[absent] = "."
    odd = ~absent & numbers.isna()
    if odd.any():
        raw = column[odd]
        symbols = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
        unknown = ~symbols.isin(_SYMBOLS)
        if unknown.any():
            first = raw[unknown].iloc[0]
            raise SnapshotError(f"{data_file}: {key} heeft een onleesbare waarde {first!r}")
        flags[odd] = symbols
    booleans = column.map(lambda v: isinstance(v, bool))
    if pd.api.types.is_bool_dtype(column) or booleans.any():
        first = column[booleans].iloc[0]
        raise SnapshotError(f"{data_file}: {key} heeft een onleesbare waarde {first!r}")
    return numbers, flags
