"""Bronnen & methode: every dataset with its source, table, URL, retrieval date and status."""

import pandas as pd
import streamlit as st

from gia_stats import catalog, ui
from gia_stats.metrics import significance

st.title("Bronnen & methode")
tables = ui.tables()
ui.problems(tables)

rows = []
for d in catalog.DATASETS:
    loaded = [s for s in tables.sources if s.dataset == d.id]
    cbs = next((s for s in loaded if s.origin == "CBS"), None)
    curated = next((s for s in loaded if s.origin == "samengesteld"), None)
    if cbs:
        status = f"CBS-momentopname, ververst {cbs.retrieved} (CBS gewijzigd {cbs.modified})"
    elif curated:
        status = f"offline samengesteld, geraadpleegd {curated.retrieved or 'onbekend'}"
    else:
        status = "niet geladen"
    rows.append(
        {
            "Dataset": d.title,
            "Bron": d.source,
            "CBS-tabel": d.cbs_table or "",
            "Bestand": d.curated_file or "",
            "Link": d.url,
            "Status": status,
            "Rijen": sum(s.rows for s in loaded),
            "Licentie": d.licence,
        }
    )
st.dataframe(
    pd.DataFrame(rows),
    width="stretch",
    hide_index=True,
    column_config={"Link": st.column_config.LinkColumn("Link")},
)

st.subheader("Tekens in CBS-tabellen")
st.markdown(
    "- `*` voorlopig cijfer · `**` nader voorlopig cijfer\n"
    "- `.` cijfer onbekend, onvoldoende betrouwbaar of geheim: in gia-stats een **lege cel "
    "met teken**, nooit 0\n"
    "- `x` geheim · `-` nihil"
)
st.subheader("Methode")
st.markdown(
    "- **Afronding.** CBS rondt Veilig Thuis-aantallen af op vijfvouden. Halfjaren tellen "
    "daardoor niet altijd op tot het jaar; het jaar wordt genomen zoals gepubliceerd, "
    "nooit opgeteld.\n"
    "- **Versies (vintages).** Een cijfer kan in meerdere publicaties voorkomen (eerste "
    "publicatie, latere herziening). Alle versies blijven bewaard; getoond wordt de "
    "nieuwste CBS-versie, een exact cijfer boven een afgerond cijfer.\n"
    "- **Toetsing prevalentie.** Verschillen tussen edities worden getoetst als verschil "
    "van twee onafhankelijke proporties. Zonder gepubliceerde marge wordt de standaardfout "
    f"benaderd uit het aantal respondenten met een designeffect van "
    f"{significance.DESIGN_EFFECT:g} (**indicatief**). Een afgerond heel "
    "percentage zonder marge of steekproefomvang is **niet toetsbaar**.\n"
    "- **Veilig Thuis-aantallen** zijn registraties, geen steekproef: een verschil zegt "
    "iets over meldingen en adviesvragen, niet rechtstreeks over de omvang van geweld.\n"
    "- **2024** gebruikte een nieuwe vragenlijst ('psychisch geweld' vervangt verbale "
    "agressie en dwingende controle): breuk in de reeksen per vorm."
)
st.caption(
    "Grenzen: © CBS – Gebiedsindelingen (via PDOK), CC BY 4.0; vereenvoudigd door "
    "cartomap/nl (E. de Jonge). Cijfers: CBS, CC BY 4.0 (naamsvermelding verplicht)."
)
