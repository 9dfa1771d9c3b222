"""Refresh CBS tables through cbsodata into raw snapshots, validated and swapped in atomically."""

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import cbsodata
import filelock
import requests

from gia_stats import catalog, settings
from gia_stats.catalog import Dataset
from gia_stats.loaders.snapshot import (
    DATA_ENDPOINT,
    MANIFEST_NAME,
    Manifest,
    SnapshotError,
    _catalog_names,
    _dimensions,
    _load_list,
    _table_info,
    _topics,
    tidy,
)

__all__ = [
    "RefreshError",
    "refresh",
]

#: cbsodata 1.3.x fetches everything from the bulk feed (``ODataFeed``), which pages through
#: ``odata.nextLink`` instead of refusing more than 10 000 records like ``ODataApi`` does.
FEED_PATH = "ODataFeed/odata"
_SKIPPED_ENDPOINTS = frozenset({"UntypedDataSet"})
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
