"""Charts as files: PNG and SVG through one kaleido session on the system Chromium, offline HTML."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import html
import importlib.util
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Coroutine, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, TypeVar

import plotly
import plotly.graph_objects as go

import gia_stats
from gia_stats.charts import HOUSE, PLOT_CONFIG, note_annotation, wrap

ImageFormat = Literal["png", "svg"]
T = TypeVar("T")

#: Debian's Chromium. Nothing is ever downloaded: BROWSER_PATH may point elsewhere.
DEFAULT_CHROMIUM: Final = "/usr/bin/chromium"
#: Size of an exported chart in CSS pixels when the figure sets none: fits an A4 page of a
#: nota at 16 cm; PNGs are rendered at PNG_SCALE times this (2700 × 1680 pixels, print).
DEFAULT_WIDTH: Final = 900
DEFAULT_HEIGHT: Final = 560
PNG_SCALE: Final = 3
NO_CHROMIUM: Final = "geen Chromium: alleen HTML en CSV"

#: The chart toolbar in exported HTML: the house config without any cloud or editor links.
EXPORT_CONFIG: Final[dict[str, Any]] = {
    **PLOT_CONFIG,
    "showSendToCloud": False,
    "toImageButtonOptions": {"format": "png", "scale": PNG_SCALE},
}

#: plotly.js fetches a world topojson from cdn.plot.ly for every geo subplot, even one with
#: ``visible=False`` that only draws our own GeoJSON; offline that request fails and the map
#: stays empty. Empty topologies in ``window.PlotlyGeoAssets`` (checked before any fetch)
#: stop the request; the base layers are invisible in our maps anyway.
_EMPTY_TOPOLOGY: Final = {
    "type": "Topology",
    "arcs": [],
    "objects": {
        layer: {"type": "GeometryCollection", "geometries": []}
        for layer in ("land", "ocean", "lakes", "rivers", "countries", "subunits", "coastlines")
    },
}
_SCOPES: Final = (
    "world",
    "usa",
    "europe",
    "asia",
    "africa",
    "north-america",
    "south-america",
    "antarctica",
    "oceania",
)
GEO_ASSETS_JS: Final = (
    "(function(){var e="
    + json.dumps(_EMPTY_TOPOLOGY, separators=(",", ":"))
    + ";var g=window.PlotlyGeoAssets=window.PlotlyGeoAssets||{};g.topojson=g.topojson||{};"
    + f"{json.dumps(list(_SCOPES))}.forEach(function(s){{['110m','50m'].forEach(function(r){{"
    + "if(!g.topojson[s+'_'+r])g.topojson[s+'_'+r]=e;});});})();"
)

#: plotly.js as shipped with plotly.py: the HTML inlines it, kaleido loads it from disk.
PLOTLY_JS: Final = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

_SOURCE_WORDS = re.compile(r"\bbron(nen)?\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


class ImageExportError(RuntimeError):
    """A chart could not be rendered as PNG/SVG (no Chromium, browser crash, timeout)."""


def browser_path() -> str | None:
    """The Chromium kaleido will start: ``$BROWSER_PATH`` if set, else /usr/bin/chromium.

    Returns
    -------
    str or None
        The executable, or None when it is not there (then only HTML and CSV can be made).
    """
    path = os.environ.get("BROWSER_PATH") or DEFAULT_CHROMIUM
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def chromium_available() -> bool:
    """Whether PNG/SVG export can work here: a Chromium executable and kaleido installed.

    Cheap (no browser is started), so a page can call it on every run; when False the UI
    says :data:`NO_CHROMIUM` and still offers HTML and CSV.

    Returns
    -------
    bool
    """
    return browser_path() is not None and importlib.util.find_spec("kaleido") is not None


def figure_title(fig: go.Figure) -> str:
    """The figure's title as plain text ('' when it has none).

    Parameters
    ----------
    fig
        Any plotly figure.

    Returns
    -------
    str
    """
    text = fig.layout.title.text or ""
    return " ".join(_TAGS.sub(" ", html.unescape(str(text))).split())


def _has_source_line(fig: go.Figure) -> bool:
    return any(_SOURCE_WORDS.search(str(a.text or "")) for a in fig.layout.annotations)


def prepare_figure(
    fig: go.Figure, *, title: str | None = None, source: str | None = None
) -> go.Figure:
    """A copy of a figure ready to leave the dashboard: house template, title, source line.

    The house template is set explicitly, so an export looks the same whatever theme
    Streamlit showed it in. Figures from ``gia_stats.charts`` already carry their title and a
    source line with the retrieval date ("Bron: …. Geraadpleegd 2025-12-03."); other figures
    must be given them.

    Parameters
    ----------
    fig
        The figure as shown on the page (not changed).
    title
        Replaces the title (needed when the figure has none).
    source
        A source line to add when the figure has none, e.g. from ``charts.source_line``.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        When the figure has no title or no source line and none is given: a chart without
        its source must not end up in a briefing.
    """
    out = go.Figure(fig)
    out.update_layout(template=HOUSE)
    if title:
        out.update_layout(title={"text": title})
    if not figure_title(out):
        raise ValueError("grafiek zonder titel: geef title=… mee voor de export")
    if not _has_source_line(out):
        if not source:
            raise ValueError(
                f"grafiek {figure_title(out)!r} heeft geen bronregel: geef source=… mee "
                "(charts.source_line)"
            )
        text = wrap(source)
        lines = text.count("<br>") + 1
        bottom = out.layout.margin.b if out.layout.margin.b is not None else 80
        out.add_annotation(note_annotation(text, -60))  # below the tick labels
        out.update_layout(margin={"b": max(bottom, 70 + 14 * lines)})
    return out


def _has_geo(fig: go.Figure) -> bool:
    return any(t.type in ("choropleth", "scattergeo") for t in fig.data) or bool(
        fig.layout.geo.to_plotly_json()
    )


def to_html(
    fig: go.Figure,
    *,
    title: str | None = None,
    source: str | None = None,
    made: date | None = None,
) -> str:
    """A standalone HTML file of the chart: plotly.js inlined, no external requests.

    Opens offline from a file share or intranet page. The toolbar has no cloud or editor
    buttons; the page title is the chart title; a footer says when and with what the file
    was made.

    Parameters
    ----------
    fig
        The figure as shown on the page.
    title, source
        See :func:`prepare_figure`.
    made
        The date in the footer (default: today).

    Returns
    -------
    str
        The full HTML document (UTF-8).

    Raises
    ------
    ValueError
        See :func:`prepare_figure`.
    """
    out = prepare_figure(fig, title=title, source=source)
    height = out.layout.height or DEFAULT_HEIGHT
    body: str = out.to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config=EXPORT_CONFIG,
        default_width="100%",
        default_height=f"{height}px",
    )
    name = html.escape(figure_title(out))
    head = f"<head>\n<title>{name}</title>"
    if _has_geo(out):
        head += f"\n<script>{GEO_ASSETS_JS}</script>"
    body = body.replace("<head>", head, 1)
    body = body.replace("<html>", '<html lang="nl">', 1)
    footer = (
        '<p style="font:12px Arial,Helvetica,sans-serif;color:#555;margin:8px">'
        f"Gemaakt met gia-stats {html.escape(gia_stats.__version__)} op "
        f"{(made or date.today()).isoformat()}. Dit bestand werkt zonder internet.</p>\n</body>"
    )
    return body.replace("</body>", footer, 1)


class ImageRenderer:
    """One kaleido browser session that renders any number of charts as PNG or SVG.

    Starting Chromium costs seconds; rendering a chart in a running session a fraction of
    that. Use one renderer for a whole briefing pack::

        with ImageRenderer() as renderer:
            png = renderer.render(fig, "png")
            svg = renderer.render(fig, "svg")

    The browser runs in a private asyncio loop on a background thread, so the calls are
    ordinary blocking calls (safe from Streamlit's script thread). The kaleido page loads
    plotly.js from the local plotly package and no MathJax, so nothing is fetched online.

    Parameters
    ----------
    browser
        Chromium executable (default: :func:`browser_path`).
    timeout
        Seconds one image may take.
    start_timeout
        Seconds the browser may take to start.
    tabs
        Browser tabs rendering in parallel in :meth:`render_many` (two halve the time of a
        pack on a two-core machine).
    """

    def __init__(
        self,
        browser: str | None = None,
        *,
        timeout: float = 60.0,
        start_timeout: float = 60.0,
        tabs: int = 2,
    ) -> None:
        self._browser = browser
        self._timeout = timeout
        self._start_timeout = start_timeout
        self._tabs = max(1, tabs)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    @property
    def running(self) -> bool:
        """Whether the browser session is open."""
        return self._kaleido is not None

    def __enter__(self) -> ImageRenderer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> ImageRenderer:
        """Start Chromium (once; later calls do nothing).

        Returns
        -------
        ImageRenderer
            Itself.

        Raises
        ------
        ImageExportError
            When there is no Chromium or kaleido, or the browser does not start.
        """
        if self._kaleido is not None:
            return self
        path = self._browser or browser_path()
        if not path or not os.path.isfile(path):
            where = path or os.environ.get("BROWSER_PATH") or DEFAULT_CHROMIUM
            raise ImageExportError(
                f"{NO_CHROMIUM} (geen browser op {where}; installeer Debians chromium met "
                "`make chromium` of zet BROWSER_PATH)"
            )
        if importlib.util.find_spec("kaleido") is None:
            raise ImageExportError(f"{NO_CHROMIUM} (kaleido is niet geïnstalleerd)")
        self._tmp = tempfile.TemporaryDirectory(prefix="gia-stats-kaleido-")
        geo = Path(self._tmp.name) / "geo-assets.js"
        geo.write_text(GEO_ASSETS_JS, "utf-8")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="gia-stats-kaleido", daemon=True
        )
        self._thread.start()
        try:
            self._kaleido = self._call(self._open(path, geo), self._start_timeout)
        except BaseException as exc:
            self._shutdown()
            raise ImageExportError(f"Chromium ({path}) startte niet: {_describe(exc)}") from exc
        return self

    async def _open(self, path: str, geo: Path) -> Any:
        # Imported here: HTML and CSV export must work where kaleido is not installed.
        import kaleido

        page = kaleido.PageGenerator(plotly=PLOTLY_JS, mathjax=False, others=[geo])
        # choreographer starts Chromium headless with --no-sandbox (needed as root) and
        # --disable-gpu by default; `path` is used as is, so no browser is looked up online.
        k = kaleido.Kaleido(n=self._tabs, timeout=self._timeout, page_generator=page, path=path)
        try:
            await k.open()
        except BaseException:
            # A browser that started but failed must not outlive the error.
            with contextlib.suppress(Exception):
                await k.close()
            raise
        return k

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ImageExportError(f"geen antwoord van Chromium binnen {timeout:.0f} s") from None

    def close(self) -> None:
        """Close the browser and the background loop (safe to call twice)."""
        if self._kaleido is not None and self._loop is not None:
            # A crashed browser cannot be closed cleanly; that must not hide the first error.
            with contextlib.suppress(Exception):
                self._call(self._kaleido.close(), 20)
        self._kaleido = None
        self._shutdown()

    def _shutdown(self) -> None:
        if self._loop is not None:
            # choreographer leaves watchdog tasks behind; cancel them before the loop stops
            # so nothing is destroyed while pending.
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(_cancel_pending(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            if not self._loop.is_running():
                self._loop.close()
        self._loop = None
        self._thread = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _job(
        self, fig: go.Figure, fmt: ImageFormat, scale: float | None
    ) -> tuple[go.Figure, dict[str, Any]]:
        if fmt not in ("png", "svg"):
            raise ValueError(f"onbekend beeldformaat {fmt!r}: png of svg")
        out = prepare_figure(fig)
        opts = {
            "format": fmt,
            "width": out.layout.width or DEFAULT_WIDTH,
            "height": out.layout.height or DEFAULT_HEIGHT,
            "scale": (scale or PNG_SCALE) if fmt == "png" else 1,
        }
        return out, opts

    def render(
        self, fig: go.Figure, fmt: ImageFormat = "png", *, scale: float | None = None
    ) -> bytes:
        """Render one chart (prepared with :func:`prepare_figure`).

        Parameters
        ----------
        fig
            The figure as shown on the page.
        fmt
            ``"png"`` or ``"svg"``.
        scale
            PNG pixels per CSS pixel (default :data:`PNG_SCALE`); SVG ignores it.

        Returns
        -------
        bytes
            The image. A PNG is (figure width × scale) × (figure height × scale) pixels; the
            figure size is its layout width/height or DEFAULT_WIDTH × DEFAULT_HEIGHT.

        Raises
        ------
        ImageExportError
            When rendering fails or times out.
        ValueError
            See :func:`prepare_figure`.
        """
        return self.render_many([(fig, fmt)], scale=scale)[0]

    def render_many(
        self,
        jobs: Sequence[tuple[go.Figure, ImageFormat]],
        *,
        scale: float | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> list[bytes]:
        """Render many charts in this session (in parallel when ``tabs`` > 1).

        Parameters
        ----------
        jobs
            (figure, format) pairs.
        scale
            See :meth:`render`.
        progress
            Called as ``progress(done, total, message)`` in the caller's thread after each
            image, in job order (safe for a Streamlit progress bar).

        Returns
        -------
        list of bytes
            One image per job, in job order.

        Raises
        ------
        ImageExportError
            When any image fails (the message names the chart). The session is then closed;
            the next call starts a new browser.
        """
        if self._kaleido is None:
            self.start()
        prepared = [self._job(fig, fmt, scale) for fig, fmt in jobs]
        assert self._loop is not None
        futures = [
            asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts=opts), self._loop)
            for fig, opts in prepared
        ]
        results: list[bytes] = []
        try:
            for i, (future, (fig, opts)) in enumerate(zip(futures, prepared, strict=True)):
                name = f"{figure_title(fig)!r} als {str(opts['format']).upper()}"
                try:
                    data = future.result(self._timeout + 10)
                except concurrent.futures.TimeoutError:
                    raise ImageExportError(f"{name}: geen antwoord van Chromium") from None
                except Exception as exc:
                    raise ImageExportError(f"{name} maken mislukt: {_describe(exc)}") from exc
                results.append(bytes(data))
                if progress:
                    progress(i + 1, len(prepared), name)
        except ImageExportError:
            for future in futures:
                future.cancel()
            # A browser that failed once is not trusted again (it may have crashed): the
            # next call starts a fresh one, so a long-lived renderer heals itself.
            self.close()
            raise
        return results

    def write(self, fig: go.Figure, path: str | Path, *, scale: float | None = None) -> Path:
        """Render a chart into a file whose suffix (.png or .svg) gives the format.

        Parameters
        ----------
        fig
            The figure.
        path
            Target file.
        scale
            See :meth:`render`.

        Returns
        -------
        pathlib.Path
        """
        target = Path(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("png", "svg"):
            raise ValueError(f"onbekend beeldformaat {target.suffix!r}: .png of .svg")
        target.write_bytes(self.render(fig, fmt, scale=scale))  # type: ignore[arg-type]
        return target


async def _cancel_pending() -> None:
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _describe(exc: BaseException) -> str:
    # choreographer packs several sentences into args, the later ones suggesting a browser
    # download we never do: the first says what went wrong.
    first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    text = first.strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def render_image(fig: go.Figure, fmt: ImageFormat = "png", *, scale: float | None = None) -> bytes:
    """Render one chart with a browser of its own (for a single download button).

    For several charts use one :class:`ImageRenderer`: this starts Chromium every call.

    Parameters
    ----------
    fig, fmt, scale
        See :meth:`ImageRenderer.render`.

    Returns
    -------
    bytes
    """
    with ImageRenderer() as renderer:
        return renderer.render(fig, fmt, scale=scale)


__all__ = [
    "DEFAULT_CHROMIUM",
    "DEFAULT_HEIGHT",
    "DEFAULT_WIDTH",
    "EXPORT_CONFIG",
    "NO_CHROMIUM",
    "PNG_SCALE",
    "ImageExportError",
    "ImageFormat",
    "ImageRenderer",
    "browser_path",
    "chromium_available",
    "figure_title",
    "prepare_figure",
    "render_image",
    "to_html",
]
