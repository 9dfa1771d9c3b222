"""The one thin module of shared Streamlit helpers: cached loading, banner, notices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gia_stats import settings
from gia_stats.loaders import store


@st.cache_resource(show_spinner=False, max_entries=2)
def _tables_for(digest: str, data_dir: str) -> store.Tables:
    # Keyed by the sources' checksum: a refresh or a curated edit gives a new entry;
    # a widget change never re-reads files. Treat the result as read-only.
    return store.load(settings.datasets_dir())


def tables() -> store.Tables:
    """Return all tidy tables, cached across reruns and sessions until a source changes."""
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
            upto = latest_vt_period(t["veilig_thuis"])
            st.info(
                f"**Offline momentopname**, CBS-cijfers t/m {upto}"
                + (f" (geraadpleegd t/m {dates[-1]})" if dates else "")
                + ". Online vult `gia-stats refresh` aan vanuit CBS.",
                icon=":material/inventory_2:",
            )


def latest_vt_period(frame: pd.DataFrame) -> str:
    """Label of the latest period with a national Veilig Thuis figure ('' when none)."""
    national = frame[(frame["region_code"] == "NL01") & frame["value"].notna()]
    if national.empty:
        return "onbekend"
    row = national.sort_values("period_start").iloc[-1]
    return str(row["period_label"])


def problems(t: store.Tables, subject: str) -> None:
    """Warn on a page when one of its datasets could not be loaded."""
    for problem in t.problems_for(subject):
        st.warning(f"Dataset **{problem.dataset}** niet (volledig) geladen: {problem.message}")
