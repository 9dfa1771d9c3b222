"""Overzicht: key figures of the latest period, their change and the memo sentences."""

import pandas as pd
import streamlit as st

from gia_stats import ui
from gia_stats.views import overzicht as view

st.title("Overzicht")
tables = ui.tables()
ui.problems(tables, "veilig_thuis", "prevalentie", "uitspraken")

# Built per data version (a refresh gives a new tables object) and comparison, then reused
# read-only: a widget change does not recompute the figures and tests.
version = id(tables)


@st.cache_resource(show_spinner=False, max_entries=16)
def count_sections(
    version: int, how: str, _vt: pd.DataFrame
) -> list[tuple[str, list[view.CountTile]]]:
    return view.count_sections(_vt, how)


@st.cache_resource(show_spinner=False, max_entries=4)
def prevalence_tiles(
    version: int, _prevalence: pd.DataFrame, _statements: pd.DataFrame
) -> list[view.PrevalenceTile]:
    return view.prevalence_tiles(_prevalence, _statements)


how = ui.choice(
    "Vergelijken met",
    list(view.COMPARISONS),
    key="ovz_vergelijking",
    default=view.DEFAULT_COMPARISON,
    widget="radio",
)
sections = count_sections(version, view.COMPARISONS[how], tables["veilig_thuis"])
prevalence = prevalence_tiles(version, tables["prevalentie"], tables["uitspraken"])

st.header("Veilig Thuis, Nederland")
if not sections:
    st.info("Geen landelijke Veilig Thuis-cijfers in de gegevens: geen gegevens.")
for heading, tiles in sections:
    st.subheader(heading)
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        with column:
            st.metric(
                tile.label + (" (voorlopig)" if tile.provisional else ""),
                tile.value,
                tile.delta,
                delta_color="off",
                delta_arrow=tile.arrow,
                border=True,
            )
            st.caption(tile.basis)
            for note in tile.notes:
                (st.warning if "afgerond cijfer" in note else st.caption)(note)

st.header("Prevalentie (16 jaar en ouder)")
for column, tile in zip(st.columns(len(prevalence)), prevalence, strict=True):
    with column:
        st.metric(
            f"{tile.label}, {tile.edition}",
            tile.value,
            tile.delta,
            delta_color="off",
            delta_arrow=tile.arrow,
            border=True,
        )
        if tile.previous:
            st.markdown(
                f"**CBS:** {tile.cbs_phrase}"
                + (f" — {tile.cbs_statement}" if tile.cbs_statement else "")
            )
            st.markdown(f"**Onze toets:** {tile.our_verdict} t.o.v. {tile.previous}")
            if tile.reason:
                st.caption(f"Waarom: {tile.reason}.")
        for note in tile.notes:
            st.caption(f"Let op: {note}.")

st.header("Zinnen voor een notitie")
st.caption("Kopieer een zin met het knopje rechtsboven in het vak; de bron staat in de zin.")
for heading, text in view.memo_lines(sections, prevalence):
    st.markdown(f"**{heading}**")
    st.code(text, language=None, wrap_lines=True)
