"""A local CBS OData v3 server (standard library, 127.0.0.1, random port) with fault injection."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cbs"

# How CBS words an ODataApi query over the 10 000-record limit. Only the gist is known
# (HTTP 500 naming the limit); the exact CBS wording is an approximation.
RECORD_LIMIT_MESSAGE = (
    "Het aantal op te halen records (meer dan 10000) overschrijdt het maximum van 10000. "
    "Gebruik $filter of $top, of de bulkservice ODataFeed."
)

_PATH_RE = re.compile(r"^/(ODataApi|ODataFeed)/odata/([^/]+)/?([^/]*)$")
_DATA_SETS = ("TypedDataSet", "UntypedDataSet")


def _load_tables_module() -> ModuleType:
    # tests/ is not a package: load the fixture module by path.
    spec = importlib.util.spec_from_file_location("cbs_fixture_tables", FIXTURES / "tables.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixture_tables = _load_tables_module()


@dataclass
class Fault:
    """One injected failure.

    Parameters
    ----------
    kind
        ``"status"`` (answer ``status``), ``"record_limit"`` (HTTP 500 with CBS's 10 000-record
        message), ``"hang"`` (wait ``seconds`` before answering), ``"truncate"`` (send half
        the JSON body), ``"reset"`` (close the connection without an answer) or ``"drop"``
        (the endpoint is missing from the service document and answers 404).
    endpoint
        Endpoint name (``""`` is the service document); ``"*"`` matches every request.
    times
        How many matching requests fail; -1 means always.
    page
        For data sets: only the page starting at this record offset (``$skip``).
    """

    kind: str
    endpoint: str = "*"
    times: int = 1
    status: int = 500
    seconds: float = 5.0
    page: int | None = None
    table: str = "*"
    hits: int = 0

    def matches(self, table: str, endpoint: str, skip: int) -> bool:
        return (
            (self.times < 0 or self.hits < self.times)
            and self.table in ("*", table)
            and self.endpoint in ("*", endpoint)
            and (self.page is None or self.page == skip)
        )


class ODataServer:
    """Serve fixture tables at ``/ODataFeed/odata/<TABLE>/`` and ``/ODataApi/odata/<TABLE>/``.

    cbsodata 1.3 reads every endpoint from ``ODataFeed`` with ``?$format=json`` and then
    follows ``odata.nextLink`` (as an absolute URL, without adding parameters), so data sets
    are paged here with a small page size to exercise that. ``ODataApi`` answers whole
    endpoints and refuses more than ``api_record_limit`` records without ``$top``, like CBS.

    Parameters
    ----------
    tables
        Table id → endpoint name → list of records (default: the fixture tables).
    page_size
        Records per data-set page on ODataFeed.
    api_record_limit
        ODataApi's record limit (CBS: 10 000).
    """

    def __init__(
        self,
        tables: dict[str, dict[str, list[dict[str, Any]]]] | None = None,
        *,
        page_size: int = 10,
        api_record_limit: int = 10_000,
    ) -> None:
        self.tables = copy.deepcopy(tables) if tables else fixture_tables.all_tables()
        self.page_size = page_size
        self.api_record_limit = api_record_limit
        self.delay = 0.0  # seconds before every answer (to hold a refresh in flight)
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> ODataServer:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        handler = type("Handler", (_Handler,), {"app": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging handlers are released."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ODataServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: what GIA_STATS_CBS_URL would be set to."""
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- knobs ----------------------------------------------------------------------------------

    def add_fault(self, kind: str, endpoint: str = "*", **options: Any) -> Fault:
        """Inject a failure (see :class:`Fault`); returns it, so tests can read ``hits``."""
        fault = Fault(kind, endpoint, **options)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Serve normally again."""
        with self._lock:
            self.faults.clear()

    def rename_topic(self, table: str, old_title: str, new_title: str) -> None:
        """Schema drift: give a Topic a new Title (its Key stays)."""
        for prop in self.tables[table]["DataProperties"]:
            if prop.get("Type") == "Topic" and prop["Title"] == old_title:
                prop["Title"] = new_title
                return
        raise KeyError(old_title)

    def add_region(
        self, table: str, key: str, title: str, period: str, values: dict[str, Any]
    ) -> None:
        """Add a region CBS did not have before, with one row of values."""
        data = self.tables[table]
        data["RegioS"].append(
            {"Key": key.ljust(8), "Title": title, "Description": None, "CategoryGroupID": None}
        )
        row = {"ID": len(data["TypedDataSet"]), "RegioS": key.ljust(8), "Perioden": period}
        data["TypedDataSet"].append({**row, **values})

    def data_requests(self, table: str, endpoint: str = "TypedDataSet") -> list[str]:
        """The request paths (with query) made for one endpoint."""
        marker = f"/odata/{table}/{endpoint}"
        return [r for r in self.requests if marker in r]

    # -- serving --------------------------------------------------------------------------------

    def _fault_for(self, table: str, endpoint: str, skip: int) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.kind != "drop" and fault.matches(table, endpoint, skip):
                    fault.hits += 1
                    return fault
        return None

    def _dropped(self, table: str) -> set[str]:
        with self._lock:
            return {f.endpoint for f in self.faults if f.kind == "drop" and f.table in ("*", table)}

    def endpoints(self, table: str) -> list[str]:
        """Endpoint names in CBS's service-document order."""
        first = ["TableInfos", "UntypedDataSet", "TypedDataSet"]
        names = first + [n for n in self.tables[table] if n not in first]
        dropped = self._dropped(table)
        return [n for n in names if n not in dropped]


def _untyped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The untyped set carries every cell as text, "." for a missing one.
    return [
        {k: ("." if v is None else str(v)) if k != "ID" else v for k, v in r.items()}
        for r in records
    ]


class _Handler(BaseHTTPRequestHandler):
    app: ODataServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        del format, args  # keep test output clean

    def do_GET(self) -> None:
        app = self.app
        with app._lock:
            app.requests.append(self.path)
        if app.delay:
            app._stopping.wait(app.delay)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        match = _PATH_RE.match(parts.path)
        if not match:
            self._error(404, f"Onbekend pad {parts.path}")
            return
        service, table, endpoint = match.groups()
        if table not in app.tables:
            self._error(404, f"Tabel {table} bestaat niet")
            return
        if query.get("$format") != ["json"]:
            # CBS would answer Atom XML; cbsodata always asks for JSON, also on next pages.
            self._error(400, "Deze testserver kent alleen $format=json")
            return
        skip = int((query.get("$skip") or query.get("$skiptoken") or ["0"])[0])
        top = int(query["$top"][0]) if "$top" in query else None

        fault = app._fault_for(table, endpoint, skip)
        if fault is not None:
            if fault.kind == "status":
                self._error(fault.status, "Interne serverfout (testfout)")
                return
            if fault.kind == "record_limit":
                self._error(500, RECORD_LIMIT_MESSAGE)
                return
            if fault.kind == "reset":
                self.close_connection = True
                return
            if fault.kind == "hang" and app._stopping.wait(fault.seconds):
                return

        base = f"{app.base_url}/{service}/odata/{table}"
        if endpoint == "":
            body: dict[str, Any] = {
                "odata.metadata": f"{base}/$metadata",
                "value": [{"name": n, "url": f"{base}/{n}"} for n in app.endpoints(table)],
            }
        elif endpoint not in app.endpoints(table):
            self._error(404, f"Onderdeel {endpoint} bestaat niet")
            return
        else:
            data = app.tables[table]
            records = (
                _untyped(data["TypedDataSet"]) if endpoint == "UntypedDataSet" else data[endpoint]
            )
            body = {"odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{endpoint}"}
            if endpoint in _DATA_SETS:
                end = len(records) if top is None else min(len(records), skip + top)
                if service == "ODataApi":
                    if top is None and len(records) - skip > app.api_record_limit:
                        self._error(500, RECORD_LIMIT_MESSAGE)
                        return
                    records = records[skip:end]
                else:
                    page = records[skip : min(end, skip + app.page_size)]
                    following = skip + len(page)
                    if following < end:
                        link = f"{base}/{endpoint}?$format=json&$skip={following}"
                        if top is not None:
                            link += f"&$top={end - following}"
                        body["odata.nextLink"] = link
                    records = page
            body["value"] = records
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if fault is not None and fault.kind == "truncate":
            payload = payload[: len(payload) // 2]
        self._send(200, payload)

    def _error(self, status: int, message: str) -> None:
        body = {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": message}}}
        self._send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer to


def closed_port() -> int:
    """A local port nobody listens on (for connection-refused tests)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
