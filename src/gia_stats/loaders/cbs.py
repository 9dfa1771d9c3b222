"""Refresh CBS tables through cbsodata into raw snapshots, and read a snapshot as a tidy table."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import cbsodata
import filelock
import pandas as pd
import requests

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
    "MANIFEST_NAME",
    "Manifest",
    "RefreshError",
    "SnapshotError",
    "read_manifest",
    "refresh",
    "snapshot_status",
    "tidy",
]

MANIFEST_NAME = "manifest.json"
#: cbsodata 1.3.x fetches everything from the bulk feed (``ODataFeed``), which pages through
#: ``odata.nextLink`` instead of refusing more than 10 000 records like ``ODataApi`` does.
FEED_PATH = "ODataFeed/odata"
#: The data endpoint we keep; cbsodata's download_data(typed=False) also skips the untyped one.
DATA_ENDPOINT = "TypedDataSet"
_SKIPPED_ENDPOINTS = frozenset({"UntypedDataSet"})
_DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension")
#: CBS symbols that may stand in a cell instead of a number (typed sets normally use null).
_SYMBOLS = frozenset({".", "x", "-", "?"})
# Endpoint names become file names: refuse anything that could leave the snapshot folder.
_ENDPOINT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,99}$")
# CBS answers an oversized ODataApi query with an HTTP 500 whose body names the limit;
# retrying cannot help, so it is reported at once.
_RECORD_LIMIT_RE = re.compile(r"10[.,]?000")

# cbsodata keeps the scheme (options.use_https) and its page log on module-global state, so
# only one refresh per process talks to it at a time; the file lock guards other processes.
_CBSODATA_LOCK = threading.Lock()

Progress = Callable[[str], None]


class RefreshError(RuntimeError):
    """A refresh that failed or was refused; the previous snapshot is untouched."""


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


# --------------------------------------------------------------------------------------------
# Refresh
# --------------------------------------------------------------------------------------------


def refresh(
    table_id: str,
    *,
    dest: Path | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
    timeout: float | None = None,
    attempts: int | None = None,
    backoff: float = 1.0,
    lock_timeout: float = 0.0,
) -> Manifest:
    """Download one CBS table into ``<dest>/<TABLE>/`` and swap it in atomically.

    The download goes through ``cbsodata`` (one JSON file per endpoint, as cbsodata saves
    it) into a temporary sibling folder, is validated (JSON parses, TypedDataSet non-empty,
    dimension endpoints present, the catalog's measures and dimensions found by Title, the
    folder reads into the tidy table), gets a ``manifest.json``, and only then replaces the
    previous snapshot. On any failure the previous snapshot stays byte-for-byte intact.

    Parameters
    ----------
    table_id
        A CBS table id declared in the catalog (case-insensitive), e.g. ``"84847NED"``.
    dest
        Folder with one snapshot per table (default: ``settings.cbs_dir()``).
    base_url
        CBS base URL such as ``"https://opendata.cbs.nl"`` or ``"http://127.0.0.1:8765"``
        (default: ``settings.cbs_base_url()``).
    progress
        Called with a short Dutch message per endpoint, per data page and per retry.
    timeout
        Seconds before one HTTP request is abandoned (default ``settings.REQUEST_TIMEOUT_S``).
    attempts
        Attempts per endpoint for transient failures (connection errors, timeouts, HTTP 5xx,
        a broken response body); default ``settings.REQUEST_ATTEMPTS``.
    backoff
        Seconds before the first retry; doubled for every further retry.
    lock_timeout
        Seconds to wait when another refresh of the same table holds its lock; 0 refuses at
        once, a negative value waits indefinitely.

    Returns
    -------
    Manifest
        The manifest of the new snapshot.

    Raises
    ------
    RefreshError
        When the table is unknown, CBS cannot be reached or answers wrongly, the download is
        invalid (e.g. a catalog measure was renamed), another refresh holds the lock, or the
        target cannot be written. The message names the table, the URL and the cause.
    """
    report = progress or _ignore
    dataset = _catalog_dataset(table_id)
    table = dataset.cbs_table or table_id
    base = (base_url or settings.cbs_base_url()).strip().rstrip("/")
    location = _location(table, base)
    dest = Path(dest) if dest is not None else settings.cbs_dir()
    final = dest / table
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RefreshError(f"{table}: doelmap {dest} niet schrijfbaar: {exc}") from exc

    lock = filelock.FileLock(dest / f"{table}.lock")
    try:
        lock.acquire(timeout=lock_timeout)
    except filelock.Timeout:
        raise RefreshError(
            f"{table}: er loopt al een verversing van deze tabel (slot {lock.lock_file}); "
            "probeer het later opnieuw"
        ) from None
    except OSError as exc:
        raise RefreshError(f"{table}: slotbestand in {dest} niet te maken: {exc}") from exc
    try:
        _recover(dest, table, report)
        tmp = _make_temp(dest, table)
        try:
            _download(
                table,
                tmp,
                location,
                timeout=settings.REQUEST_TIMEOUT_S if timeout is None else timeout,
                attempts=max(1, settings.REQUEST_ATTEMPTS if attempts is None else attempts),
                backoff=backoff,
                progress=report,
            )
            report("controleren …")
            manifest = _finish(tmp, table, location)
            _validate(tmp, dataset, final if (final / MANIFEST_NAME).exists() else None, location)
            _swap(tmp, final, table, report)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except RefreshError:
        raise
    except Exception as exc:
        # The CLI and the app catch one exception type; keep the cause chained for debugging.
        raise RefreshError(
            f"{table}: onverwachte fout ({type(exc).__name__}: {exc}) ({location.table_url})"
        ) from exc
    finally:
        lock.release()
    return manifest


def _ignore(message: str) -> None:
    del message


def _catalog_dataset(table_id: str) -> Dataset:
    try:
        return catalog.by_cbs_table(table_id)
    except KeyError as exc:
        raise RefreshError(f"{table_id}: {exc.args[0]}") from None


@dataclass(frozen=True)
class _Location:
    """Where cbsodata should read a table: host[/path] plus scheme, as cbsodata wants it."""

    base_url: str
    catalog_url: str  # cbsodata's "catalog_url": host[:port][/path], no scheme
    use_https: bool
    table_url: str  # <base>/ODataFeed/odata/<table>

    def endpoint_url(self, name: str) -> str:
        return f"{self.table_url}/{name}"


def _location(table: str, base_url: str) -> _Location:
    # cbsodata builds "{http(s)://}{catalog_url}/ODataFeed/odata/{table}/{endpoint}": the
    # scheme comes from the global options.use_https, the rest from catalog_url.
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RefreshError(
            f"{table}: ongeldige CBS-basis-URL {base_url!r} (verwacht bijvoorbeeld "
            "https://opendata.cbs.nl of http://127.0.0.1:8765)"
        )
    catalog_url = parts.netloc + parts.path.rstrip("/")
    return _Location(
        base_url=base_url,
        catalog_url=catalog_url,
        use_https=parts.scheme == "https",
        table_url=f"{parts.scheme}://{catalog_url}/{FEED_PATH}/{table}",
    )


def _make_temp(dest: Path, table: str) -> Path:
    # A sibling of the final folder: same filesystem, so the swap is a rename. Not mkdtemp:
    # its 0700 mode would survive the swap and lock out a dashboard running as another user.
    tmp = dest / f".{table}.tmp-{uuid.uuid4().hex}"
    try:
        tmp.mkdir()
        return tmp
    except OSError as exc:
        raise RefreshError(f"{table}: tijdelijke map in {dest} niet te maken: {exc}") from exc


def _recover(dest: Path, table: str, report: Progress) -> None:
    """Clean up after a refresh that was killed half-way (we hold the lock)."""
    for leftover in dest.glob(f".{table}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    backups = sorted(dest.glob(f".{table}.old-*"), key=lambda p: p.stat().st_mtime)
    final = dest / table
    if backups and not final.exists():
        # Killed between "old → backup" and "new → final": the backup is the last good one.
        os.replace(backups.pop(), final)
        report(f"vorige momentopname hersteld uit een onderbroken verversing ({final})")
    for backup in backups:
        shutil.rmtree(backup, ignore_errors=True)


def _swap(tmp: Path, final: Path, table: str, report: Progress) -> None:
    backup = final.with_name(f".{table}.old-{os.getpid()}-{threading.get_ident()}")
    had_old = final.exists()
    try:
        if had_old:
            os.replace(final, backup)
        try:
            os.replace(tmp, final)
        except OSError:
            if had_old:
                os.replace(backup, final)
            raise
    except OSError as exc:
        raise RefreshError(
            f"{table}: nieuwe momentopname niet te plaatsen in {final}: {exc}"
        ) from exc
    if had_old:
        shutil.rmtree(backup, ignore_errors=True)
    report(f"momentopname vervangen: {final}")


# -- download ---------------------------------------------------------------------------------


class _Failure(Exception):
    """One endpoint that could not be fetched; carries a human cause."""

    def __init__(self, cause: str, *, transient: bool) -> None:
        super().__init__(cause)
        self.cause = cause
        self.transient = transient


def _download(
    table: str,
    folder: Path,
    location: _Location,
    *,
    timeout: float,
    attempts: int,
    backoff: float,
    progress: Progress,
) -> None:
    # Passed per call, these end up in cbsodata's copy of options.requests, i.e. in
    # session.send(..., timeout=...): no request without a timeout, no global mutation.
    request_kwargs: dict[str, Any] = {"timeout": timeout}
    if requests.utils.should_bypass_proxies(location.table_url, no_proxy=None):
        # cbsodata sends its environment proxies unconditionally; honour NO_PROXY ourselves.
        request_kwargs["proxies"] = {}

    def fetch(name: str) -> list[Any]:
        url = location.endpoint_url(name) if name else location.table_url + "/"
        what = name or "servicedocument"
        for attempt in range(1, attempts + 1):
            relay.start(what)
            try:
                data = cbsodata.get_meta(
                    table, name, catalog_url=location.catalog_url, **request_kwargs
                )
                if not isinstance(data, list):
                    raise _Failure("antwoord zonder lijst 'value'", transient=False)
                return data
            except Exception as exc:
                failure = exc if isinstance(exc, _Failure) else _classify(exc, timeout)
                if not failure.transient or attempt == attempts:
                    tries = f" na {attempt} pogingen" if attempt > 1 else ""
                    raise RefreshError(
                        f"{table}: {what} ophalen mislukt{tries}: {failure.cause} ({url})"
                    ) from exc
                delay = backoff * 2 ** (attempt - 1)
                progress(
                    f"{what}: {failure.cause}; nieuwe poging {attempt + 1}/{attempts} "
                    f"over {delay:.1f} s"
                )
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    relay = _PageRelay(progress)
    with _CBSODATA_LOCK, relay.attached(), _cbsodata_scheme(location.use_https):
        progress(f"servicedocument ophalen: {location.table_url}/")
        service = fetch("")
        names = [entry.get("name") if isinstance(entry, dict) else None for entry in service]
        bad = [n for n in names if not isinstance(n, str) or not _ENDPOINT_RE.match(n)]
        if bad:
            raise RefreshError(
                f"{table}: servicedocument noemt ongeldige onderdelen {bad!r} "
                f"({location.table_url}/)"
            )
        endpoints = [n for n in names if isinstance(n, str) and n not in _SKIPPED_ENDPOINTS]
        if DATA_ENDPOINT not in endpoints:
            raise RefreshError(
                f"{table}: servicedocument noemt geen {DATA_ENDPOINT} ({location.table_url}/)"
            )
        for name in endpoints:
            progress(f"{name} ophalen")
            _write_json(folder / f"{name}.json", fetch(name), table)


def _write_json(path: Path, data: list[Any], table: str) -> None:
    # Same bytes as cbsodata's own _save_data (json.dump, indent=2, ASCII-escaped).
    try:
        with path.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
    except OSError as exc:
        raise RefreshError(f"{table}: schrijven van {path} mislukt: {exc}") from exc


@contextlib.contextmanager
def _cbsodata_scheme(use_https: bool) -> Iterator[None]:
    old = cbsodata.options.use_https
    cbsodata.options.use_https = use_https
    try:
        yield
    finally:
        cbsodata.options.use_https = old


class _PageRelay(logging.Filter):
    """Relay cbsodata's ``logging.info("Download <url>")`` page log as progress messages.

    cbsodata logs on the root logger, and its import installs a stderr handler there (through
    ``logging.info`` → ``basicConfig``). While attached, this filter lets the root logger
    create INFO records, relays and swallows cbsodata's own records from the refreshing
    thread, and passes every other record only if the old level would have let it through.
    """

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.thread = threading.get_ident()
        self.endpoint = ""
        self.pages = 0
        self.level = logging.WARNING

    def start(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.pages = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.thread == self.thread and record.levelno == logging.INFO:
            message = record.getMessage()
            if message.startswith("Download "):
                self.pages += 1
                # A metadata endpoint's first page is the endpoint itself, already reported.
                if self.endpoint == DATA_ENDPOINT or self.pages > 1:
                    self.progress(f"{self.endpoint}: pagina {self.pages} ({message[9:]})")
                return False
            if message.startswith("Setting '"):
                return False  # cbsodata announcing our own options change
        return record.levelno >= self.level

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        root = logging.getLogger()
        old_level = root.level
        self.level = root.getEffectiveLevel()
        # cbsodata's records are only created when the root logger lets INFO through.
        if self.level > logging.INFO:
            root.setLevel(logging.INFO)
        root.addFilter(self)
        try:
            yield
        finally:
            root.removeFilter(self)
            root.setLevel(old_level)


def _classify(exc: BaseException, timeout: float) -> _Failure:
    """Turn what cbsodata/requests raised into a cause and whether a retry may help."""
    if isinstance(exc, requests.Timeout):
        return _Failure(f"geen antwoord binnen {timeout:g} s (time-out)", transient=True)
    if isinstance(exc, requests.ConnectionError):
        return _Failure(f"geen verbinding: {_connection_cause(exc)}", transient=True)
    if isinstance(exc, requests.HTTPError):
        response = exc.response
        if response is None and isinstance(exc.__cause__, requests.HTTPError):
            response = exc.__cause__.response  # cbsodata re-raises without the response
        if response is None:
            return _Failure(f"HTTP-fout: {exc}", transient=False)
        status = response.status_code
        detail = _error_detail(response)
        cause = f"HTTP {status}" + (f": {detail}" if detail else "")
        if status >= 500 and _RECORD_LIMIT_RE.search(detail or ""):
            return _Failure(cause + " (limiet van 10.000 records)", transient=False)
        return _Failure(cause, transient=status >= 500 or status == 429)
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        # The connection broke mid-body.
        return _Failure(f"verbinding afgebroken: {type(exc).__name__}", transient=True)
    if isinstance(exc, requests.RequestException):
        return _Failure(f"{type(exc).__name__}: {exc}", transient=False)
    if isinstance(exc, json.JSONDecodeError):
        # A body cut off by a dropped connection or proxy; a second request may be whole.
        return _Failure(
            f"onvolledige of ongeldige JSON ({exc.msg}, teken {exc.pos})", transient=True
        )
    if isinstance(exc, KeyError):
        return _Failure(f"antwoord zonder veld {exc.args[0]!r}", transient=False)
    return _Failure(f"{type(exc).__name__}: {exc}", transient=False)


def _connection_cause(exc: BaseException) -> str:
    text = str(exc)
    for needle, cause in (
        ("Connection refused", "verbinding geweigerd"),
        ("Name or service not known", "servernaam onbekend (DNS)"),
        ("Temporary failure in name resolution", "servernaam niet op te zoeken (DNS)"),
        ("nodename nor servname", "servernaam onbekend (DNS)"),
        ("RemoteDisconnected", "verbinding verbroken door de server"),
        ("Connection reset", "verbinding verbroken door de server"),
        ("Network is unreachable", "netwerk onbereikbaar"),
    ):
        if needle in text:
            return cause
    return text[:200]


def _error_detail(response: requests.Response) -> str:
    try:
        body = response.json()
        message = body["odata.error"]["message"]
        return str(message.get("value", message) if isinstance(message, dict) else message)[:300]
    except Exception:
        return response.text.strip()[:300]


# -- manifest and validation ------------------------------------------------------------------


def _finish(folder: Path, table: str, location: _Location) -> Manifest:
    rows: dict[str, int] = {}
    digests: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise RefreshError(f"{table}: {path.name} is geen geldige JSON: {exc}") from exc
        if not isinstance(data, list):
            raise RefreshError(f"{table}: {path.name} bevat geen lijst van records")
        rows[path.name] = len(data)
        digests[path.name] = _sha256(path)
    info = _table_info(folder)
    manifest = Manifest(
        table_id=table,
        title=str(info.get("Title") or ""),
        modified=str(info.get("Modified") or ""),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        base_url=location.base_url,
        table_url=location.table_url,
        rows=rows,
        sha256=digests,
        cbsodata_version=str(getattr(cbsodata, "__version__", "")),
    )
    try:
        (folder / MANIFEST_NAME).write_text(
            json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise RefreshError(f"{table}: manifest niet te schrijven: {exc}") from exc
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_info(folder: Path) -> dict[str, Any]:
    path = folder / "TableInfos.json"
    if not path.exists():
        return {}
    infos = _load_list(folder, "TableInfos")
    return infos[0] if infos else {}


def _validate(folder: Path, dataset: Dataset, previous: Path | None, location: _Location) -> None:
    table = dataset.cbs_table or dataset.id
    source = f"({location.table_url})"
    try:
        problems = _problems(folder, dataset, previous)
    except SnapshotError as exc:
        raise RefreshError(
            f"{table}: nieuwe download onleesbaar, geweigerd: {exc} {source}"
        ) from exc
    if problems:
        raise RefreshError(f"{table}: nieuwe download geweigerd: {'; '.join(problems)} {source}")
    try:
        tidy(folder, dataset)
    except SnapshotError as exc:
        raise RefreshError(
            f"{table}: nieuwe download onleesbaar, geweigerd: {exc} {source}"
        ) from exc


def _problems(folder: Path, dataset: Dataset, previous: Path | None) -> list[str]:
    missing = [
        f"onderdeel {name} ontbreekt"
        for name in ("TableInfos", "DataProperties", DATA_ENDPOINT)
        if not (folder / f"{name}.json").exists()
    ]
    if missing:
        return missing
    if not _load_list(folder, DATA_ENDPOINT):
        return [f"{DATA_ENDPOINT} is leeg"]
    properties = _load_list(folder, "DataProperties")
    problems = []
    for dim in _dimensions(properties):
        if not (folder / f"{dim.key}.json").exists():
            problems.append(f"dimensie-onderdeel {dim.key} ({dim.title}) ontbreekt")
        elif not _load_list(folder, dim.key):
            problems.append(f"dimensie-onderdeel {dim.key} ({dim.title}) is leeg")
    old = None
    if previous is not None:
        # An unreadable old snapshot must not block replacing it.
        with contextlib.suppress(SnapshotError):
            old = _load_list(previous, "DataProperties")
    return problems + _drift(properties, dataset, old)


def _drift(
    properties: list[dict[str, Any]], dataset: Dataset, old: list[dict[str, Any]] | None
) -> list[str]:
    """Schema changes that make the new download unusable, each named."""
    topics = _topics(properties)
    found, problems = _catalog_names(topics, dataset)
    if problems:
        # Say what the missing measure became: the same Key with a new Title, or new Titles.
        old_topics = {t.key: t for t in _topics(old)} if old else {}
        renamed = [
            f"Key {t.key}: {old_topics[t.key].name!r} heet nu {t.name!r}"
            for t in topics
            if t.key in old_topics and old_topics[t.key].name != t.name
        ]
        if renamed:
            problems.append("hernoemd: " + ", ".join(renamed))
        if old_topics:
            new = [t.name for t in topics if t.key not in old_topics]
            label = "nieuwe maten"
        else:
            new = [t.name for t in topics if t.key not in found]
            label = "niet herkende maten"
        if new:
            problems.append(f"{label}: " + ", ".join(repr(n) for n in new))
    titles = {d.title for d in _dimensions(properties)}
    for wanted in dataset.dimensions:
        if wanted not in titles:
            problems.append(
                f"dimensie {wanted!r} ontbreekt (wel: {', '.join(sorted(titles)) or 'geen'})"
            )
    if not any(d.type == "TimeDimension" for d in _dimensions(properties)):
        problems.append("geen TimeDimension (Perioden) in DataProperties")
    return problems


# --------------------------------------------------------------------------------------------
# Reading snapshots
# --------------------------------------------------------------------------------------------


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


def tidy(folder: Path, dataset: Dataset | None = None) -> pd.DataFrame:
    """Read a snapshot folder into the tidy long table (COUNT_SCHEMA).

    Measures are the ``Topic`` entries of DataProperties (named by their TopicGroup path and
    Title; a catalog measure found by Title takes the catalog's name), dimensions are the
    ``GeoDimension``, ``TimeDimension`` and other ``Dimension`` entries with their endpoint
    files. Keys are looked up through the files, never guessed.

    Parameters
    ----------
    folder
        A snapshot folder written by :func:`refresh`.
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
