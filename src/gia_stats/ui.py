"""The one thin module of shared Streamlit helpers: cached loading, banner, notices."""

from __future__ import annotations

import contextlib
import math
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from gia_stats import charts, settings
from gia_stats.export import briefing, images
from gia_stats.export import csv as csv_export
from gia_stats.loaders import store
from gia_stats.metrics import format as fmt


@st.cache_resource(show_spinner=False, max_entries=2)
def _tables_for(digest: str, data_dir: str) -> store.Tables:
    # Keyed by the sources' checksum: a refresh or a curated edit gives a new entry;
    # a widget change never re-reads files. Treat the result as read-only.
    return store.load(settings.datasets_dir())


def _run_through_app() -> None:
    # With a `pages/` folder, Streamlit's very first run after start-up uses the old
    # folder-based navigation, so a deep link (/regios) would run the page without app.py:
    # no banner, file names in the menu. Switching to st.navigation mode and rerunning makes
    # that first run go through app.py like every later one.
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def tables() -> store.Tables:
    """Return all tidy tables, cached across reruns and sessions until a source changes."""
    _run_through_app()
    data_dir = settings.datasets_dir()
    return _tables_for(store.sources_digest(data_dir), str(data_dir))


def banner(t: store.Tables) -> None:
    """Show where the data comes from and how fresh it is, in the sidebar."""
    cbs = [s for s in t.sources if s.origin == "CBS"]
    with st.sidebar:
        if cbs:
            newest = max(s.retrieved for s in cbs)
            st.info(f"**CBS**, ververst op {newest}.", icon=":material/cloud_done:")
        else:
            dates = sorted(s.retrieved for s in t.sources if s.retrieved)
            upto = _latest_vt_period(t)
            st.info(
                f"**Offline momentopname**, CBS-cijfers t/m {upto}"
                + (f" (geraadpleegd t/m {dates[-1]})" if dates else "")
                + ". Online vult `gia-stats refresh` aan vanuit CBS.",
                icon=":material/inventory_2:",
            )


@st.cache_resource(show_spinner=False, max_entries=2)
def _latest_vt_cached(_frame: pd.DataFrame, token: int) -> str:
    return latest_vt_period(_frame)


def _latest_vt_period(t: store.Tables) -> str:
    # Once per loaded-tables object (one per data version), not on every rerun.
    return _latest_vt_cached(t["veilig_thuis"], id(t))


def latest_vt_period(frame: pd.DataFrame) -> str:
    """Label of the latest period with a national Veilig Thuis figure ('' when none)."""
    national = frame[(frame["region_code"] == "NL01") & frame["value"].notna()]
    if national.empty:
        return "onbekend"
    row = national.sort_values("period_start").iloc[-1]
    return str(row["period_label"])


def problems(t: store.Tables, *subjects: str) -> None:
    """Warn on a page when one of the datasets it shows could not be loaded.

    Parameters
    ----------
    t
        The loaded tables.
    subjects
        The subjects the page shows (default: all).
    """
    seen: set[str] = set()
    for subject in subjects or store.SUBJECTS:
        for problem in t.problems_for(subject):
            if problem.message not in seen:
                seen.add(problem.message)
                st.warning(
                    f"Dataset **{problem.dataset}** niet (volledig) geladen: {problem.message}"
                )


def choice(
    label: str,
    options: list[str],
    key: str,
    default: str | None = None,
    format_func: Callable[[str], str] = str,
    widget: str = "selectbox",
) -> str:
    """A selection kept in the URL (``?key=value``) so a link reproduces the view.

    A value in the link that is not one of ``options`` (a stale or mangled link) falls
    back to the default with a notice; it is never used for anything else, and nothing is
    ever read from a file named by a parameter.

    Parameters
    ----------
    label
        Widget label (Dutch).
    options
        The allowed values (query-parameter strings).
    key
        Widget key and query-parameter name.
    default
        Default value (first option when None).
    format_func
        Label shown for each option.
    widget
        ``"selectbox"``, ``"segmented"`` or ``"radio"``.

    Returns
    -------
    str
        The selected option.
    """
    if not options:
        st.info(f"{label}: geen keuzes beschikbaar (geen gegevens).")
        return ""
    fallback = default if default in options else options[0]
    # With bind="query-params" Streamlit writes the shown label into the URL, so a valid
    # link may hold either the option or its label.
    valid = set(options) | {format_func(o) for o in options}
    if key in st.session_state:
        if st.session_state[key] not in options:
            # Another selection narrowed the options since the last run: move quietly to
            # the default, set explicitly so the widget shows the value actually used.
            st.session_state[key] = fallback
    elif key in st.query_params and st.query_params[key] not in valid:
        # First run with this widget: the value came from a link (stale or mangled).
        bad = st.query_params[key]
        shown = bad if len(bad) <= 40 else bad[:40] + "…"
        st.toast(f"Onbekende waarde {shown!r} voor '{label}' in de link; standaard gebruikt.")
        with contextlib.suppress(StreamlitAPIException):  # refused once bound to a widget
            del st.query_params[key]
    if widget == "segmented":
        picked = st.segmented_control(
            label, options, default=fallback, key=key, format_func=format_func,
            bind="query-params",
        )  # fmt: skip
    elif widget == "radio":
        picked = st.radio(
            label, options, index=options.index(fallback), key=key, format_func=format_func,
            bind="query-params", horizontal=True,
        )  # fmt: skip
    else:
        picked = st.selectbox(
            label, options, index=options.index(fallback), key=key, format_func=format_func,
            bind="query-params",
        )  # fmt: skip
    return str(picked) if picked in options else fallback


def chart(
    fig: go.Figure,
    data: pd.DataFrame,
    alt: str,
    key: str,
    rows: pd.DataFrame | None = None,
) -> None:
    """Show a chart with its alt text, the data table and the downloads beside it.

    Parameters
    ----------
    fig
        A figure built by ``gia_stats.charts`` (house template, source line).
    data
        The figures behind the chart, already formatted for reading (Dutch).
    alt
        One or two sentences describing what the chart shows, for screen readers and
        for readers who cannot see the chart.
    key
        Unique element key on the page.
    rows
        The tidy rows behind the chart (with unit, status, flag, source, retrieved); the CSV
        downloads hold these. Default: the displayed table.
    """
    st.plotly_chart(fig, config=charts.PLOT_CONFIG, key=key)
    st.caption(f"Beschrijving: {alt}")
    with st.expander("Tabel bij de grafiek", expanded=False):
        st.table(data)
    downloads(fig, rows if rows is not None else data, key)


@st.cache_resource(show_spinner=False)
def _renderer() -> tuple[images.ImageRenderer, threading.Lock]:
    # One Chromium for all sessions, started on the first image download only.
    return images.ImageRenderer(), threading.Lock()


def _image(fig: go.Figure, kind: images.ImageFormat) -> Callable[[], bytes]:
    def render() -> bytes:
        renderer, lock = _renderer()
        with lock:
            renderer.start()
            return renderer.render(fig, kind)

    return render


def downloads(fig: go.Figure | None, frame: pd.DataFrame, key: str) -> None:
    """Download buttons: CSV (standard, Excel NL) of ``frame``; the chart as PNG, SVG, HTML.

    Files are made only when clicked (deferred callables), so a rerun stays fast.

    Parameters
    ----------
    fig
        The chart (None: only the CSV buttons).
    frame
        Tidy rows (exported with Dutch headers and provenance) or a display table.
    key
        Unique prefix for the buttons' keys and the file names.
    """
    tidy = bool({"measure", "indicator"} & set(frame.columns))

    def csv(dialect: str) -> Callable[[], bytes]:
        # Made on click only: a rerun does not pay for the export.
        return lambda: csv_export.to_csv(csv_export.export_frame(frame) if tidy else frame, dialect)

    name = key.replace("_", "-")
    cols = st.columns(5 if fig is not None else 2)
    cols[0].download_button(
        "CSV", csv("standard"), f"{name}.csv", "text/csv",
        key=f"{key}_csv", on_click="ignore", help="UTF-8, komma, decimale punt",
    )  # fmt: skip
    cols[1].download_button(
        "CSV (Excel NL)", csv("excel-nl"), f"{name}-excel.csv",
        "text/csv", key=f"{key}_xls", on_click="ignore", help="puntkomma, decimale komma",
    )  # fmt: skip
    if fig is None:
        return
    cols[2].download_button(
        "HTML", lambda: images.to_html(fig).encode("utf-8"), f"{name}.html", "text/html",
        key=f"{key}_html", on_click="ignore", help="werkt offline, plotly.js ingebouwd",
    )  # fmt: skip
    if images.chromium_available():
        cols[3].download_button(
            "PNG", _image(fig, "png"), f"{name}.png", "image/png", key=f"{key}_png",
            on_click="ignore",
        )  # fmt: skip
        cols[4].download_button(
            "SVG", _image(fig, "svg"), f"{name}.svg", "image/svg+xml", key=f"{key}_svg",
            on_click="ignore",
        )  # fmt: skip
    else:
        cols[3].caption(images.NO_CHROMIUM)


def dutch(value: object, decimals: int = 0, missing: str = "geen gegevens") -> str:
    """A number in Dutch notation for tables (``127.410``, ``6,5``); missing stays a word."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if not isinstance(value, (int, float)):
        return str(value)
    return fmt.format_number(float(value), decimals)


@st.cache_resource
def _refresh_job() -> dict[str, object]:
    # One refresh job per server process, shared by all sessions: a second click while a
    # refresh runs shows its progress instead of starting another.
    return {"thread": None, "log": [], "result": None}


def _run_refresh(job: dict[str, object]) -> None:
    from gia_stats import catalog
    from gia_stats.loaders import cbs

    log = job["log"]
    assert isinstance(log, list)
    failed = []
    for table in catalog.cbs_tables():
        log.append(f"{table}: bezig …")

        def progress(msg: str, t: str = table) -> None:
            log.append(f"{t}: {msg}")

        try:
            manifest = cbs.refresh(table, progress=progress)
            log.append(f"{table}: klaar ({manifest.data_rows} rijen)")
        except cbs.RefreshError as exc:
            failed.append(table)
            log.append(f"{table}: MISLUKT — {exc}")
    job["result"] = (
        f"Verversen mislukt voor {', '.join(failed)}; de vorige gegevens blijven in gebruik."
        if failed
        else "Alle CBS-tabellen ververst."
    )


def refresh_control() -> None:
    """Sidebar control: refresh the CBS tables in the background, with progress.

    The page keeps working on the current data meanwhile; a failed refresh leaves the
    last good snapshot in place (the loader guarantees it) and says so here.
    """
    job = _refresh_job()
    thread = job["thread"]
    running = isinstance(thread, threading.Thread) and thread.is_alive()
    with st.sidebar:
        if st.button("CBS-cijfers verversen", disabled=running, key="ververs",
                     help="Haalt de CBS-tabellen opnieuw op (internet nodig)."):  # fmt: skip
            job["log"], job["result"] = [], None
            thread = threading.Thread(target=_run_refresh, args=(job,), daemon=True)
            job["thread"] = thread
            thread.start()
            running = True
        if running or job["result"]:
            _refresh_progress(job)


@st.fragment(run_every=2)
def _refresh_progress(job: dict[str, object]) -> None:
    thread = job["thread"]
    running = isinstance(thread, threading.Thread) and thread.is_alive()
    log = job["log"]
    assert isinstance(log, list)
    if running:
        st.caption("Verversen loopt … " + (str(log[-1]) if log else ""))
    elif job["result"]:
        result = str(job["result"])
        (st.warning if "mislukt" in result else st.success)(result)
        with st.expander("Verloop"):
            st.text("\n".join(str(x) for x in log[-40:]))


def briefing_pack(items: list[briefing.BriefingItem]) -> bytes:
    """Write the briefing pack with a progress bar and return it as zip bytes.

    Images go through the app's one shared Chromium session; without Chromium the pack
    still holds HTML, CSV and the memo sentences.
    """
    bar = st.progress(0.0, text="Briefingpakket maken …")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(done / max(total, 1), text=message)

    renderer, lock = _renderer()
    with tempfile.TemporaryDirectory() as tmp, lock:
        if images.chromium_available():
            renderer.start()
        result = briefing.write_briefing(
            items,
            Path(tmp) / "briefingpakket",
            renderer=renderer if renderer.running else None,
            with_images=renderer.running,
            zip_pack=True,
            progress=progress,
        )
        assert result.zip_path is not None
        data = result.zip_path.read_bytes()
    bar.progress(1.0, text="Klaar.")
    return data
