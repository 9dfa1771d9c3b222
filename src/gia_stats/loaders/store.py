"""One call for every tidy table: merge CBS snapshots over curated figures, cache as parquet."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from gia_stats import catalog, settings
from gia_stats.schema import COUNT_SCHEMA, PREVALENCE_SCHEMA, conform, empty_frame

#: Bump when the shape of the cached tables changes, so old caches are not reused.
CACHE_FORMAT = "3"

#: Subjects whose rows are counts in the COUNT_SCHEMA, and the one in PREVALENCE_SCHEMA.
COUNT_SUBJECTS = ("veilig_thuis", "bevolking")
AUX_SUBJECTS = ("uitspraken", "opzet", "brieven")
SUBJECTS = (*COUNT_SUBJECTS, "prevalentie", *AUX_SUBJECTS)

_KEY = ["dataset", "measure", "breakdown", "group", "region_code", "period_code"]
# A first release is superseded by any later publication of the same figure.
_FIRST_RELEASE_WORDS = ("eerste publicatie", "first release")


@dataclass(frozen=True)
class SourceInfo:
    """Where one dataset's rows came from, for the banner and the Bronnen page."""

    dataset: str
    origin: str  # "CBS" (a refreshed snapshot) or "samengesteld" (curated file)
    path: str
    rows: int
    retrieved: str = ""
    modified: str = ""


@dataclass(frozen=True)
class Problem:
    """A dataset that could not be (fully) loaded; the other datasets still are."""

    dataset: str
    message: str


@dataclass
class Tables:
    """The tidy tables, one per subject, with their provenance and load problems.

    Count subjects carry an extra boolean column ``current``: of rows sharing a key
    (dataset, measure, breakdown, group, region, period) exactly one is current — a CBS
    snapshot value over a curated one, an exact figure over a rounded one, a later release
    over a first release. The superseded rows stay, with their ``vintage``.
    """

    frames: dict[str, pd.DataFrame]
    sources: list[SourceInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    from_cache: bool = False

    def __getitem__(self, subject: str) -> pd.DataFrame:
        return self.frames[subject]

    def problems_for(self, subject: str) -> list[Problem]:
        """Problems of the datasets of one subject (for a warning on that page)."""
        ids = {d.id for d in catalog.DATASETS if d.subject == subject}
        return [p for p in self.problems if p.dataset in ids or p.dataset not in _ALL_IDS]


_ALL_IDS = {d.id for d in catalog.DATASETS}


def sources_digest(data_dir: Path | None = None) -> str:
    """Checksum of everything the tables are built from (curated files, CBS manifests).

    Parameters
    ----------
    data_dir
        The ``datasets/`` folder (default: settings.datasets_dir()).

    Returns
    -------
    str
        16 hex digits; changes whenever a source file changes.
    """
    data_dir = data_dir or settings.datasets_dir()
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    curated = data_dir / "curated"
    cbs = data_dir / "cbs"
    files = sorted(curated.glob("*.csv")) + sorted(curated.glob("*.meta.json"))
    # A CBS snapshot's manifest holds the sha256 of each of its files: hashing it suffices.
    files += sorted(cbs.glob("*/manifest.json"))
    for path in files:
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load(data_dir: Path | None = None, *, use_cache: bool = True) -> Tables:
    """Return every tidy table, from the parquet cache when the sources are unchanged.

    Parameters
    ----------
    data_dir
        The ``datasets/`` folder (default: settings.datasets_dir()).
    use_cache
        False forces a rebuild from the raw files (the cache is then rewritten).

    Returns
    -------
    Tables
        One DataFrame per subject, the sources and any problems.
    """
    data_dir = data_dir or settings.datasets_dir()
    digest = sources_digest(data_dir)
    cache = data_dir / "cache" / f"store-{digest}"
    if use_cache and (cache / "meta.json").exists():
        try:
            return _read_cache(cache)
        except (OSError, ValueError) as exc:  # a damaged cache is rebuilt, never trusted
            shutil.rmtree(cache, ignore_errors=True)
            tables = build(data_dir)
            tables.problems.append(Problem("cache", f"cache herbouwd: {exc}"))
            return tables
    tables = build(data_dir)
    _write_cache(tables, cache)
    return tables


def build(data_dir: Path | None = None) -> Tables:
    """Build every tidy table from the raw files (no cache).

    Parameters
    ----------
    data_dir
        The ``datasets/`` folder (default: settings.datasets_dir()).

    Returns
    -------
    Tables
    """
    # Imported here so that `gia-stats status` and the cache path stay light.
    from gia_stats.loaders import curated, snapshot

    data_dir = data_dir or settings.datasets_dir()
    parts: dict[str, list[pd.DataFrame]] = {s: [] for s in SUBJECTS}
    sources: list[SourceInfo] = []
    problems: list[Problem] = []

    tables, errors = curated.read_all(data_dir / "curated")
    for error in errors:
        problems.append(Problem(_dataset_of(error.file), str(error)))
    for key, table in tables.items():
        dataset = _dataset_for(key)
        frame = table.frame
        parts[dataset.subject].append(frame)
        sources.append(
            SourceInfo(
                dataset.id,
                "samengesteld",
                f"curated/{dataset.curated_file}",
                len(frame),
                str(table.meta.get("access_date", table.meta.get("retrieved", ""))),
            )
        )

    for dataset in catalog.DATASETS:
        folder = data_dir / "cbs" / (dataset.cbs_table or "")
        if not dataset.cbs_table or not (folder / "manifest.json").exists():
            continue
        try:
            manifest = snapshot.read_manifest(folder)
            frame = snapshot.tidy(folder, dataset)
        except Exception as exc:  # one broken snapshot must not take the others down
            problems.append(Problem(dataset.id, f"CBS-momentopname {folder.name}: {exc}"))
            continue
        parts[dataset.subject].append(frame)
        sources.append(
            SourceInfo(
                dataset.id,
                "CBS",
                f"cbs/{folder.name}",
                len(frame),
                str(manifest.retrieved_at)[:10],
                str(manifest.modified)[:10],
            )
        )

    frames: dict[str, pd.DataFrame] = {}
    for subject in COUNT_SUBJECTS:
        frames[subject] = mark_current(_concat(parts[subject], COUNT_SCHEMA))
    frames["prevalentie"] = _concat(parts["prevalentie"], PREVALENCE_SCHEMA)
    for subject in AUX_SUBJECTS:
        frames[subject] = (
            pd.concat(parts[subject], ignore_index=True) if parts[subject] else pd.DataFrame()
        )
    return Tables(frames, sources, problems)


def _concat(frames: list[pd.DataFrame], schema: pa.Schema) -> pd.DataFrame:
    if not frames:
        return empty_frame(schema)
    # Each part is cast to the schema first, so the concatenation already has its dtypes.
    return pd.concat([conform(f, schema) for f in frames], ignore_index=True)


def mark_current(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the boolean column ``current``: one row per key, the best vintage.

    Preference: a CBS snapshot (vintage starting with "CBS "), then the finest rounding,
    then anything but a first release, then the latest retrieval date.

    Parameters
    ----------
    frame
        A count table in the COUNT_SCHEMA.

    Returns
    -------
    pandas.DataFrame
        A copy with ``current`` added; row order unchanged.
    """
    out = frame.copy()
    if out.empty:
        out["current"] = pd.Series(dtype=bool)
        return out
    vintage = out["vintage"].fillna("").str.lower()
    rank = pd.DataFrame(
        {
            "cbs": ~vintage.str.startswith("cbs "),
            "rounding": out["rounding"].fillna(1).astype("int64"),
            "first": vintage.str.contains("|".join(_FIRST_RELEASE_WORDS), regex=True),
            "retrieved": out["retrieved"].fillna(""),
        },
        index=out.index,
    )
    order = rank.sort_values(
        ["cbs", "rounding", "first", "retrieved"], ascending=[True, True, True, False]
    ).index
    keys = out.loc[order, _KEY].fillna("")
    best = order[~keys.duplicated(keep="first").to_numpy()]
    out["current"] = out.index.isin(best)
    return out


def _dataset_for(key: str) -> catalog.Dataset:
    try:
        return catalog.get(key)
    except KeyError:
        return _dataset_of_file(key)


def _dataset_of_file(name: str) -> catalog.Dataset:
    stem = Path(name).name
    for d in catalog.DATASETS:
        if d.curated_file and stem in (d.curated_file, d.curated_file.removesuffix(".csv")):
            return d
    raise KeyError(f"geen dataset in de catalogus voor bestand {name!r}")


def _dataset_of(file: object) -> str:
    try:
        return _dataset_of_file(str(file)).id
    except KeyError:
        return Path(str(file)).name


def _write_cache(tables: Tables, cache: Path) -> None:
    """Write the tables as parquet into ``cache`` atomically (a temp folder, then rename)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for subject, frame in tables.frames.items():
        frame.to_parquet(tmp / f"{subject}.parquet", index=False)
    meta = {
        "sources": [asdict(s) for s in tables.sources],
        "problems": [asdict(p) for p in tables.problems],
    }
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    for old in cache.parent.glob("store-*"):  # only one cache generation is kept
        if old != cache:
            shutil.rmtree(old, ignore_errors=True)
    try:
        tmp.rename(cache)
    except OSError:  # another process wrote the same cache first: theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)


def _read_cache(cache: Path) -> Tables:
    meta = json.loads((cache / "meta.json").read_text("utf-8"))
    frames = {s: pd.read_parquet(cache / f"{s}.parquet") for s in SUBJECTS}
    return Tables(
        frames,
        [SourceInfo(**s) for s in meta["sources"]],
        [Problem(**p) for p in meta["problems"]],
        from_cache=True,
    )
