"""The one declaration of every dataset: id, title, source, measures, units, levels, periods."""

from __future__ import annotations

from dataclasses import dataclass, field

from gia_stats.periods import PeriodType
from gia_stats.regions import RegionLevel

LICENCE = "CC BY 4.0 CBS"
STATLINE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"
ODATA_URL = "https://opendata.cbs.nl/ODataApi/odata/{table}"

_ALL_LEVELS = (RegionLevel.NL, RegionLevel.LD, RegionLevel.PV, RegionLevel.VT, RegionLevel.GM)
_NOT_VT = (RegionLevel.NL, RegionLevel.LD, RegionLevel.PV, RegionLevel.GM)
_VT_LEVELS = (RegionLevel.NL, RegionLevel.LD, RegionLevel.PV, RegionLevel.VT)
_YEAR_HALF = (PeriodType.JAAR, PeriodType.HALFJAAR)


@dataclass(frozen=True)
class Measure:
    """A measure as the tidy table names it, and the CBS ``Title`` it is read from.

    Parameters
    ----------
    title
        Name in the tidy table (and on screen), e.g. ``"Ontvangen meldingen"``.
    unit
        ``"aantal"``, ``"%"`` or a rate unit.
    noun
        The Dutch word a memo uses ("meldingen", "adviesvragen").
    cbs_title
        The ``Title`` in the CBS table's DataProperties when it differs from ``title``.
    """

    title: str
    unit: str
    noun: str = ""
    cbs_title: str | None = None

    @property
    def source_title(self) -> str:
        """The ``Title`` to look for in CBS metadata."""
        return self.cbs_title or self.title


@dataclass(frozen=True)
class Dataset:
    """One dataset: where its figures come from and what they are.

    A dataset can have both a CBS table (refreshable online) and a curated file (the
    offline default built from published figures); a CBS value supersedes the curated
    value for the same key, both are kept as vintages.
    """

    id: str
    title: str
    subject: str  # veilig_thuis, bevolking, prevalentie, uitspraken, opzet, brieven
    source: str
    measures: tuple[Measure, ...] = ()
    cbs_table: str | None = None
    curated_file: str | None = None
    region_levels: tuple[RegionLevel, ...] = ()
    period_types: tuple[PeriodType, ...] = ()
    dimensions: tuple[str, ...] = ()  # CBS dimension Titles besides region and period
    licence: str = LICENCE
    url: str = ""
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def measure(self, title: str) -> Measure:
        """Return the declared measure called ``title``.

        Raises
        ------
        KeyError
            When the dataset declares no such measure.
        """
        for m in self.measures:
            if m.title == title:
                return m
        raise KeyError(f"{self.id}: geen maat {title!r}")


ADVIEZEN = Measure("Gestarte adviezen", "aantal", "adviesvragen")
MELDINGEN = Measure("Ontvangen meldingen", "aantal", "meldingen")
VT_NOTE = (
    "CBS rondt aantallen af op vijfvouden: halfjaren tellen niet altijd op tot het jaar; "
    "het jaar wordt genomen zoals gepubliceerd. Bron: Beleidsinformatie Veilig Thuis."
)


def _cbs(table: str) -> str:
    return ODATA_URL.format(table=table)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        id="vt_kerncijfers",
        title="Veilig Thuis: adviezen en meldingen",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; kerncijfers Veilig Thuis, regio (84847NED)",
        measures=(ADVIEZEN, MELDINGEN),
        cbs_table="84847NED",
        curated_file="vt_kerncijfers.csv",
        region_levels=_ALL_LEVELS,
        period_types=_YEAR_HALF,
        url=_cbs("84847NED"),
        notes=VT_NOTE + " Offline: landelijke totalen uit StatLine, de Impactmonitor 2022 en "
        "CBS-nieuws; de 2021-cijfers uit de eerste publicatie (133.645 / 119.190) en de "
        "latere CBS-halfjaren staan er beide in.",
    ),
    Dataset(
        id="vt_rol_functie_vt",
        title="Veilig Thuis naar rol/functie melder, Veilig Thuis-regio",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; rol/functie, organisatie, duur geweld, "
        "Veilig Thuis-regio (84848NED)",
        measures=(ADVIEZEN, MELDINGEN),
        cbs_table="84848NED",
        curated_file="vt_rol_functie_vt.csv",
        region_levels=_VT_LEVELS,
        period_types=_YEAR_HALF,
        dimensions=("Kenmerken adviezen/meldingen",),
        url=_cbs("84848NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_rol_functie",
        title="Veilig Thuis naar rol/functie melder, regio",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; rol/functie, organisatie, duur geweld, regio (84849NED)",
        measures=(ADVIEZEN, MELDINGEN),
        cbs_table="84849NED",
        curated_file="vt_rol_functie.csv",
        region_levels=_NOT_VT,
        period_types=_YEAR_HALF,
        dimensions=("Kenmerken adviezen/meldingen",),
        url=_cbs("84849NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_aard_geweld_vt",
        title="Veilig Thuis naar aard geweld, Veilig Thuis-regio",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; aard geweld, aanvullende informatie, "
        "Veilig Thuis-regio (84850NED)",
        measures=(ADVIEZEN, MELDINGEN),
        cbs_table="84850NED",
        curated_file="vt_aard_geweld_vt.csv",
        region_levels=_VT_LEVELS,
        period_types=_YEAR_HALF,
        dimensions=("Aard van het geweld", "Aanvullende informatie"),
        url=_cbs("84850NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_aard_geweld",
        title="Veilig Thuis naar aard geweld, regio",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; aard geweld, aanvullende informatie, regio (84851NED)",
        measures=(ADVIEZEN, MELDINGEN),
        cbs_table="84851NED",
        curated_file="vt_aard_geweld.csv",
        region_levels=_NOT_VT,
        period_types=_YEAR_HALF,
        dimensions=("Kenmerken adviezen, meldingen, diensten",),
        url=_cbs("84851NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_veiligheid",
        title="Veilig Thuis: veiligheidsbeoordeling en -taxatie",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; veiligheidsbeoordeling en -taxatie Veilig Thuis, "
        "regio (84852NED)",
        measures=(MELDINGEN,),
        cbs_table="84852NED",
        curated_file="vt_veiligheid.csv",
        region_levels=_NOT_VT,
        period_types=_YEAR_HALF,
        dimensions=("Veiligheidstaxatie", "Veiligheidsbeoordeling"),
        url=_cbs("84852NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_eerdere_betrokkenheid",
        title="Veilig Thuis: meldingen naar eerdere betrokkenheid",
        subject="veilig_thuis",
        source="CBS, Huiselijk geweld; meldingen naar eerdere betrokkenheid Veilig Thuis, "
        "regio (85361NED)",
        measures=(
            Measure("Ontvangen meldingen: Ontvangen meldingen, totaal", "aantal", "meldingen"),
        ),
        cbs_table="85361NED",
        curated_file="vt_eerdere_betrokkenheid.csv",
        region_levels=_NOT_VT,
        period_types=_YEAR_HALF,
        url=_cbs("85361NED"),
        notes=VT_NOTE,
    ),
    Dataset(
        id="vt_adviesvragers",
        title="Veilig Thuis: gestarte adviezen naar organisatie adviesvrager (aandeel)",
        subject="veilig_thuis",
        source="CBS, Impactmonitor aanpak huiselijk geweld en kindermishandeling 2022",
        measures=(Measure("Gestarte adviezen, aandeel (%)", "%", "adviesvragen"),),
        curated_file="vt_adviesvragers.csv",
        region_levels=(RegionLevel.NL,),
        period_types=(PeriodType.HALFJAAR,),
        url="https://www.cbs.nl/nl-nl/longread/rapportages/2022/"
        "impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022",
        notes="Aandelen in procenten zoals gepubliceerd in figuur 4.2.",
    ),
    Dataset(
        id="bevolking",
        title="Bevolking op 1 januari",
        subject="bevolking",
        source="CBS, Regionale kerncijfers Nederland (70072ned)",
        measures=(
            Measure("Totale bevolking op 1 januari", "aantal", "inwoners", "Totale bevolking"),
        ),
        cbs_table="70072ned",
        curated_file="bevolking.csv",
        region_levels=(RegionLevel.NL, RegionLevel.LD, RegionLevel.PV, RegionLevel.GM),
        period_types=(PeriodType.JAAR,),
        url=_cbs("70072ned"),
        notes="Inwoners op 1 januari; versies van 70072ned verschillen licht (per rij "
        "vermeld). Geen bevolking per Veilig Thuis-regio in de offline momentopname.",
    ),
    Dataset(
        id="prevalentie",
        title="Prevalentiemonitor huiselijk geweld en seksueel grensoverschrijdend gedrag",
        subject="prevalentie",
        source="CBS/WODC, Prevalentiemonitor huiselijk geweld en seksueel "
        "grensoverschrijdend gedrag (2020, 2022, 2024)",
        curated_file="prevalentie.csv",
        period_types=(PeriodType.JAAR,),
        url="https://www.cbs.nl/nl-nl/longread/rapportages/2024/"
        "prevalentiemonitor-huiselijk-geweld-en-seksueel-grensoverschrijdend-gedrag-2024",
        notes="Jaarprevalentie (afgelopen 12 maanden), 16 jaar en ouder. 2024: nieuwe "
        "vragenlijst ('psychisch geweld' vervangt verbale agressie en dwingende controle): "
        "breuk in de reeksen per vorm. Geen 95%-marges gepubliceerd in de gebruikte bronnen.",
    ),
    Dataset(
        id="prevalentie_uitspraken",
        title="Uitspraken van CBS en WODC over veranderingen tussen edities",
        subject="uitspraken",
        source="CBS en WODC, nieuwsberichten en rapporten Prevalentiemonitor",
        curated_file="prevalentie_uitspraken.csv",
    ),
    Dataset(
        id="prevalentie_opzet",
        title="Opzet van de Prevalentiemonitor (steekproef, respons)",
        subject="opzet",
        source="CBS, onderzoeksverantwoording Prevalentiemonitor",
        curated_file="prevalentie_opzet.csv",
    ),
    Dataset(
        id="kamerbrieven",
        title="Cijfers zoals geciteerd in Kamerbrieven",
        subject="brieven",
        source="Kamerbrieven en nota's (VWS)",
        curated_file="kamerbrieven.csv",
        licence="Openbare overheidsinformatie",
    ),
)

_BY_ID = {d.id: d for d in DATASETS}


def get(dataset_id: str) -> Dataset:
    """Return the dataset declared under ``dataset_id``.

    Raises
    ------
    KeyError
        When no dataset has that id (the message lists the known ids).
    """
    try:
        return _BY_ID[dataset_id]
    except KeyError:
        raise KeyError(f"onbekende dataset {dataset_id!r}; bekend: {', '.join(_BY_ID)}") from None


def by_cbs_table(table_id: str) -> Dataset:
    """Return the dataset read from CBS table ``table_id`` (case-insensitive).

    Raises
    ------
    KeyError
        When no dataset declares that table.
    """
    for d in DATASETS:
        if d.cbs_table and d.cbs_table.lower() == table_id.lower():
            return d
    known = ", ".join(d.cbs_table for d in DATASETS if d.cbs_table)
    raise KeyError(f"geen dataset voor CBS-tabel {table_id!r}; bekend: {known}")


def cbs_tables() -> list[str]:
    """All CBS table ids the catalog can refresh, in catalog order."""
    return [d.cbs_table for d in DATASETS if d.cbs_table]
