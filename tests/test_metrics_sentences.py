"""Hand-checked Dutch memo sentences: Veilig Thuis counts and Prevalentiemonitor editions."""

import math
from typing import Any

import pandas as pd
import pytest

from gia_stats.metrics import significance as sig
from gia_stats.metrics.change import Figure, change_between
from gia_stats.metrics.format import MINUS
from gia_stats.metrics.sentences import (
    EditionPart,
    count_sentence,
    describe_change,
    describe_count_test,
    describe_editions,
    prevalence_sentence,
)
from gia_stats.periods import parse_period
from gia_stats.schema import COUNT_SCHEMA, PREVALENCE_SCHEMA, conform

MELD = "Ontvangen meldingen"
ADV = "Gestarte adviezen"
LETTER = "Kamerstuk 28 345 nr. 259"
# Sources, as in shared/data/veilig_thuis/totals.csv and letters_to_parliament.csv:
# https://www.cbs.nl/nl-nl/longread/rapportages/2022/impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022/4-vergroting-bereik-veilig-thuis
IMPACT = "CBS, Impactmonitor 2022"
# https://www.cbs.nl/nl-nl/cijfers/detail/84852NED?q=europa+2020
STATLINE = "CBS StatLine 84852NED"
# https://www.oogtv.nl/2022/04/daling-aantal-meldingen-van-huiselijk-geweld-en-kindermishandeling-in-gemeente-groningen/
OOGTV = "oogtv.nl (CBS)"
# https://www.blikopnieuws.nl/nieuws/307805/meer-adviezen-en-meldingen-over-kindermishandeling-en-huiselijk-geweld.html
NEWS_2025 = "CBS-nieuws via blikopnieuws.nl"
# https://www.cbs.nl/nl-nl/cijfers/detail/84849NED
STATLINE_84849 = "CBS StatLine 84849NED"


def row(measure: str, period: str, value: float, source: str, **kw: Any) -> dict[str, Any]:
    p = parse_period(period)
    base: dict[str, Any] = {
        "dataset": "vt_kerncijfers", "measure": measure, "unit": "aantal", "breakdown": "",
        "group": "", "region_code": "NL01", "region_name": "Nederland", "region_level": "NL",
        "period_code": p.code, "period_label": p.label, "period_type": p.type.value,
        "period_start": p.start, "value": value, "status": "", "flag": "", "rounding": 5,
        "source": source, "source_url": "", "retrieved": "2025-11-01", "vintage": source,
        "note": "",
    }  # fmt: skip
    base.update(kw)
    return base


GRONINGEN = {"region_code": "PV20", "region_name": "Groningen (PV)", "region_level": "PV"}
GEMEENTE = {"region_code": "GM0014", "region_name": "Groningen (gemeente)", "region_level": "GM"}
VT = conform(
    pd.DataFrame(
        [
            row(MELD, "2021", 119_190, LETTER, status="voorlopig", vintage="eerste publicatie"),
            row(ADV, "2021", 133_645, LETTER, status="voorlopig", vintage="eerste publicatie"),
            row(MELD, "2020", 127_410, STATLINE),
            row(ADV, "2020-H1", 58_575, IMPACT),
            row(ADV, "2020-H2", 63_475, IMPACT),
            row(ADV, "2021-H1", 67_545, IMPACT),
            row(ADV, "2021-H2", 66_625, IMPACT),
            row(MELD, "2021-H2", 58_500, IMPACT),
            row(MELD, "2022-H1", 59_985, IMPACT, status="voorlopig"),
            row(ADV, "2022-H1", 66_155, IMPACT, status="voorlopig"),
            row(MELD, "2020", 4_195, OOGTV, **GRONINGEN),
            row(MELD, "2021", 3_920, OOGTV, status="voorlopig", **GRONINGEN),
            row(MELD, "2021", 1_775, OOGTV, status="voorlopig", **GEMEENTE),
            # 2024-H1 only as "75 duizend" in CBS news; 2025-H1 exact from 84849NED.
            row(ADV, "2024-H1", 75_000, NEWS_2025, status="voorlopig", rounding=1000),
            row(ADV, "2025-H1", 84_935, STATLINE_84849, status="voorlopig"),
            row(MELD, "2023", math.nan, STATLINE_84849, flag="."),  # a hypothetical "." cell
        ]
    ),
    COUNT_SCHEMA,
)

# Seed-letter sentence: every case below was checked by hand against the figures above.
SOURCES_2021 = f" Bronnen: 2021: {LETTER}; 2020: {STATLINE}."
FIRST_RELEASE = (
    " Het cijfer over 2021 komt uit de eerste publicatie; latere CBS-cijfers kunnen afwijken."
)


@pytest.mark.parametrize(
    ("selection", "amount", "digits", "expected"),
    [
        (
            (MELD, "NL01", "2021", "2020"), "none", 2,
            "In 2021 ontving Veilig Thuis 119.190 meldingen, 6,5% minder dan in 2020 (127.410)."
            " Het cijfer over 2021 is voorlopig." + FIRST_RELEASE + SOURCES_2021,
        ),
        (
            (MELD, "NL01", "2021", "2020"), "exact", 2,
            "In 2021 ontving Veilig Thuis 119.190 meldingen, 8.220 (6,5%) minder dan in 2020"
            " (127.410). Het cijfer over 2021 is voorlopig." + FIRST_RELEASE + SOURCES_2021,
        ),
        (
            # The letter's "8000 minder meldingen", now with the exact size beside it.
            (MELD, "NL01", "2021", "2020"), "rounded", 1,
            "In 2021 ontving Veilig Thuis 119.190 meldingen, ruim 8.000 (6,5%) minder dan in 2020"
            " (127.410). Het cijfer over 2021 is voorlopig." + FIRST_RELEASE + SOURCES_2021,
        ),
        (
            # The letter's "bijna 12.000" more adviesvragen needs a 2020 year that was never
            # published: the sentence says so instead of adding half-years.
            (ADV, "NL01", "2021", "2020"), "none", 2,
            "In 2021 startte Veilig Thuis 133.645 adviezen. Vergelijken met 2020 kan niet: geen"
            " jaarcijfer 2020 gepubliceerd; halfjaarcijfers worden niet opgeteld tot een jaar"
            " (CBS rondt elk cijfer af op vijftallen). Het cijfer over 2021 is voorlopig."
            + FIRST_RELEASE + f" Bron: {LETTER}.",
        ),
        (
            (ADV, "NL01", "2021-H1", "2020-H1"), "exact", 2,
            "In het 1e halfjaar 2021 startte Veilig Thuis 67.545 adviezen, 8.970 (15,3%) meer dan"
            f" in het 1e halfjaar 2020 (58.575). Bron: {IMPACT}.",
        ),
        (
            # CBS news 2022-10: meldingen +2,5% on the 2nd half of 2021.
            (MELD, "NL01", "2022-H1", "2021-H2"), "none", 2,
            "In het 1e halfjaar 2022 ontving Veilig Thuis 59.985 meldingen, 2,5% meer dan in het"
            " 2e halfjaar 2021 (58.500). Het cijfer over het 1e halfjaar 2022 is voorlopig."
            f" Bron: {IMPACT}.",
        ),
        (
            # CBS news 2022-10: adviezen "daalde met 0,7 procent" on the 2nd half of 2021.
            (ADV, "NL01", "2022-H1", "2021-H2"), "none", 2,
            "In het 1e halfjaar 2022 startte Veilig Thuis 66.155 adviezen, 0,7% minder dan in het"
            " 2e halfjaar 2021 (66.625). Het cijfer over het 1e halfjaar 2022 is voorlopig."
            f" Bron: {IMPACT}.",
        ),
        (
            (MELD, "PV20", "2021", "2020"), "exact", 2,
            "In 2021 ontving Veilig Thuis in Groningen 3.920 meldingen, 275 (6,6%) minder dan in"
            f" 2020 (4.195). Het cijfer over 2021 is voorlopig. Bron: {OOGTV}.",
        ),
        (
            (MELD, "GM0014", "2021", "2020"), "none", 2,
            "In 2021 ontving Veilig Thuis in de gemeente Groningen 1.775 meldingen. Vergelijken"
            " met 2020 kan niet: geen cijfer voor Ontvangen meldingen, GM0014, 2020. Het cijfer"
            f" over 2021 is voorlopig. Bron: {OOGTV}.",
        ),
        (
            # 75 duizend is rounded to thousands: no change to one decimal.
            (ADV, "NL01", "2025-H1", "2024-H1"), "none", 2,
            "In het 1e halfjaar 2025 startte Veilig Thuis 84.935 adviezen, ongeveer 13% meer dan"
            " in het 1e halfjaar 2024 (afgerond 75.000). Het gaat om voorlopige cijfers. Bronnen:"
            f" 1e halfjaar 2025: {STATLINE_84849}; 1e halfjaar 2024: {NEWS_2025}.",
        ),
        (
            (MELD, "NL01", "2023", "2021"), "none", 2,
            "Voor 2023 is geen cijfer over meldingen bij Veilig Thuis beschikbaar: CBS-teken '.'"
            " (onbekend of geheim): geen waarde, niet als 0 gerekend.",
        ),
    ],
)  # fmt: skip
def test_count_sentence(
    selection: tuple[str, str, str, str], amount: Any, digits: int, expected: str
) -> None:
    assert count_sentence(VT, *selection, amount=amount, digits=digits).text == expected


def test_count_sentence_carries_sources_and_warnings() -> None:
    sentence = count_sentence(VT, MELD, "NL01", "2021", "2020")
    assert sentence.sources == (LETTER, STATLINE)
    assert any("verschillende publicaties" in w for w in sentence.warnings)
    coarse = count_sentence(VT, ADV, "NL01", "2025-H1", "2024-H1")
    assert any("tussen +12,5% en +14,0%" in w for w in coarse.warnings)


def _fig(period: str, value: float, unit: str = "aantal") -> Figure:
    return Figure(MELD, "NL01", parse_period(period).code, value, "Nederland", unit)


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        # Constructed edge cases (no published figure has them).
        (_fig("2021", 100), _fig("2020", 100), "In 2021 ontving Veilig Thuis 100 meldingen,"
         " evenveel als in 2020."),
        (_fig("2021", 5), _fig("2020", 0), "In 2021 ontving Veilig Thuis 5 meldingen, tegen 0"
         " in 2020."),
        (_fig("2021", 100_001), _fig("2020", 100_000), "In 2021 ontving Veilig Thuis 100.001"
         " meldingen, nagenoeg evenveel als in 2020 (100.000)."),
        (Figure("Aandeel meldingen door politie", "NL01", "2022HJ01", 56.0, unit="%"),
         Figure("Aandeel meldingen door politie", "NL01", "2021HJ01", 58.5, unit="%"),
         "In het 1e halfjaar 2022 was aandeel meldingen door politie bij Veilig Thuis 56,0%,"
         " 2,5 procentpunt lager dan in het 1e halfjaar 2021 (58,5%)."),
    ],
)  # fmt: skip
def test_edge_case_sentences(now: Figure, before: Figure, expected: str) -> None:
    assert describe_change(change_between(now, before)).text == expected


def test_count_test_sentence_never_claims_a_change_in_violence() -> None:
    result = sig.compare_counts(127_410, 119_190, rounding=5)
    text = describe_count_test(result, "meldingen", "2020", "2021").text
    assert text == (
        "Het verschil tussen 127.410 meldingen in 2020 en 119.190 in 2021 is groter dan"
        " toevalsvariatie (exacte toets, p < 0,001). Het gaat om registraties: dit zegt niet of"
        " het geweld zelf is veranderd."
    )
    small = describe_count_test(sig.compare_counts(65_075, 64_505), "meldingen", "a", "b").text
    assert "valt binnen toevalsvariatie (exacte toets, p = 0,114)" in small


# --- Prevalence ----------------------------------------------------------------------------
NEWS_2023_02 = "https://www.cbs.nl/nl-nl/nieuws/2023/02/helft-jonge-vrouwen-slachtoffer-seksueel-grensoverschrijdend-gedrag-in-2022"
NEWS_2024_48 = "https://www.cbs.nl/en-gb/news/2024/48/over-1-7-million-victims-of-sexually-transgressive-behaviour"
NIC_2021 = "https://longreads.cbs.nl/nederland-in-cijfers-2021/hoeveel-mensen-zijn-slachtoffer-van-huiselijk-geweld/"
IMPACT_2022 = "https://www.cbs.nl/nl-nl/longread/rapportages/2022/impactmonitor-aanpak-huiselijk-geweld-en-kindermishandeling-2022/3-omvang-aard-en-kenmerken"


def prev(edition: int, indicator: str, estimate: float, precision: str, url: str) -> dict[str, Any]:
    return {
        "dataset": "prevalentie", "edition": edition, "indicator": indicator,
        "breakdown": "total", "group": "16+", "estimate": estimate, "precision": precision,
        "ci_low": math.nan, "ci_high": math.nan, "n_respondents": math.nan,
        "count_as_published": "", "cbs_statement": "", "source": f"Prevalentiemonitor {edition}",
        "source_url": url, "retrieved": "2025-11-01", "vintage": "", "note": "",
    }  # fmt: skip


HG_2020 = "huiselijk geweld totaal (excl. verbale agressie)"  # the 2020 name of the total
PREVALENCE = conform(
    pd.DataFrame(
        [
            prev(2020, "seksueel geweld / SGG totaal", 10.9, "1 decimal", NEWS_2023_02),
            prev(2022, "SGG totaal", 12.7, "1 decimal", NEWS_2023_02),
            prev(2024, "SGG totaal", 12, "integer", NEWS_2024_48),
            prev(2020, HG_2020, 8.3, "1 decimal", NIC_2021),
            prev(2022, HG_2020, 9, "integer", IMPACT_2022),
            prev(2024, "huiselijk geweld totaal", 9, "integer", NEWS_2024_48),
            prev(2020, "fysiek seksueel geweld", 3.3, "1 decimal", NEWS_2023_02),
            prev(2022, "fysiek seksueel geweld", 3.5, "1 decimal", NEWS_2023_02),
        ]
    ),
    PREVALENCE_SCHEMA,
)  # fmt: skip
# shared/data/prevalence/significance_statements.csv (the rows these sentences use).
STATEMENTS = pd.DataFrame(
    [
        ("2024 vs 2022", "SGG totaal", "This was lower than in 2022", "decrease"),
        ("2024 vs 2020", "SGG totaal", "approximately equal to the number in 2020", "no change"),
        ("2024 vs 2022/2020", "huiselijk geweld totaal", "similar to the number in 2022",
         "no change"),
    ],
    columns=["comparison", "indicator", "cbs_statement_as_published", "direction"],
)  # fmt: skip

# The 2024 memo (Nota Verzamelbrief Geweld in afhankelijkheidsrelaties, 4014422-1075775-DMO):
MEMO = (
    "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is vergelijkbaar met"
    " 2020 (afgerond 11 procent), maar significant lager dan in 2022 (afgerond 13 procent)"
)
INDICATIEF = (
    " De toets is indicatief: de standaardfouten zijn benaderd uit het aantal respondenten met"
    " een aangenomen design-effect van 1,5."
)


def test_memo_sentence_from_verdicts() -> None:
    # Given verdicts a test can carry (here from standard errors as a published interval would
    # give them), the generator writes the memo's sentence word for word.
    same = sig.compare_proportions(0.109, 0.0025, 0.115, 0.0025)
    lower = sig.compare_proportions(0.127, 0.0025, 0.115, 0.0025)
    assert (same.verdict, lower.verdict) == (sig.GEEN, sig.LAGER)
    parts = [EditionPart(2020, 10.9, same), EditionPart(2022, 12.7, lower)]
    sentence = describe_editions("seksueel grensoverschrijdend gedrag", 2024, parts)
    assert sentence.text == MEMO + "."


def test_memo_sentence_from_the_published_figures() -> None:
    # With 2024 published as a whole percent the test cannot decide; CBS's words are quoted
    # instead, without "significant", and the reason is given.
    sentence = prevalence_sentence(
        PREVALENCE, "seksueel grensoverschrijdend gedrag totaal", 2024, (2020, 2022),
        statements=STATEMENTS,
    )  # fmt: skip
    assert sentence.text == (
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is volgens CBS"
        " vergelijkbaar met 2020 (afgerond 11 procent), maar lager dan in 2022 (afgerond 13"
        " procent). Het verschil met 2020 is niet te toetsen: de afronding van de cijfers (2020:"
        " 10,9%; 2024: 12%, hele procenten) bepaalt de uitkomst: z ligt tussen 1,66 en 4,89."
        " Het verschil met 2022 is niet te toetsen: de afronding van de cijfers (2022: 12,7%;"
        f" 2024: 12%, hele procenten) bepaalt de uitkomst: z ligt tussen {MINUS}3,46 en"
        f" {MINUS}0,41. Bron: Prevalentiemonitor 2024; Prevalentiemonitor 2020;"
        " Prevalentiemonitor 2022."
    )
    assert "significant" not in sentence.text


def test_untestable_without_cbs_statement() -> None:
    text = prevalence_sentence(PREVALENCE, "SGG totaal", 2024, (2022,)).text
    assert text.startswith(
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2024 is niet te toetsen"
        " tegen 2022 (afgerond 13 procent). Het verschil met 2022 is niet te toetsen: "
    )
    assert "significant" not in text


def test_huiselijk_geweld_2024_memo_equivalent() -> None:
    # Memo: "... gelijk is aan het aandeel in zowel 2022 als 2020".
    text = prevalence_sentence(
        PREVALENCE, "huiselijk geweld totaal", 2024, (2022, 2020), statements=STATEMENTS
    ).text
    assert text.startswith(
        "De jaarprevalentie van huiselijk geweld in 2024 is volgens CBS vergelijkbaar met 2022"
        " (afgerond 9 procent) en 2020 (afgerond 8 procent). Het verschil met 2022 is niet te"
        " toetsen: de afronding van de cijfers (2022: 9%, hele procenten; 2024: 9%, hele"
        " procenten) bepaalt de uitkomst"
    )
    assert "significant" not in text


def test_tested_sentences_say_significant_and_indicatief() -> None:
    higher = prevalence_sentence(PREVALENCE, "SGG totaal", 2022, (2020,))
    assert higher.text == (
        "De jaarprevalentie van seksueel grensoverschrijdend gedrag in 2022 is significant hoger"
        " dan in 2020 (afgerond 11 procent)." + INDICATIEF
        + " Bron: Prevalentiemonitor 2022; Prevalentiemonitor 2020."
    )  # fmt: skip
    assert any("ondergrens" in w for w in higher.warnings)
    assert (
        "design-effect van 2,0."
        in prevalence_sentence(PREVALENCE, "SGG totaal", 2022, (2020,), design_effect=2.0).text
    )
    same = prevalence_sentence(PREVALENCE, "fysiek seksueel geweld", 2022, (2020,))
    assert same.text.startswith(
        "De jaarprevalentie van fysiek seksueel geweld in 2022 is vergelijkbaar met 2020"
        " (afgerond 3 procent)." + INDICATIEF
    )


def test_never_significant_when_not_testable() -> None:
    untestable = sig.compare_proportions(math.nan, 0.01, 0.1, 0.01)
    for cbs in ("", sig.HOGER, sig.LAGER, sig.GEEN):
        parts = [EditionPart(2022, 12.7, untestable, cbs), EditionPart(2020, math.nan, untestable)]
        text = describe_editions("huiselijk geweld", 2024, parts).text
        assert "significant" not in text
        assert "niet te toetsen" in text


def test_three_clauses_are_listed() -> None:
    higher = sig.compare_proportions(0.05, 0.001, 0.08, 0.001)
    same = sig.compare_proportions(0.08, 0.01, 0.08, 0.01)
    lower = sig.compare_proportions(0.10, 0.001, 0.08, 0.001)
    parts = [EditionPart(2018, 5, higher), EditionPart(2020, 8, same), EditionPart(2022, 10, lower)]
    assert describe_editions("x", 2024, parts).text == (
        "De jaarprevalentie van x in 2024 is significant hoger dan in 2018 (afgerond 5 procent),"
        " vergelijkbaar met 2020 (afgerond 8 procent) en significant lager dan in 2022 (afgerond"
        " 10 procent)."
    )
