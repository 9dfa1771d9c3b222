"""The briefing pack: every chart as PNG/SVG/HTML, its CSVs, memo sentences (md, docx), colofon."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

import gia_stats
from gia_stats import catalog
from gia_stats.charts import HOUSE, PALETTE, note_annotation, source_line, wrap
from gia_stats.charts.series import series_chart
from gia_stats.export import csv as csv_export
from gia_stats.export import images
from gia_stats.metrics import prevalence as pv
from gia_stats.metrics.format import format_number
from gia_stats.metrics.sentences import (
    MEASURE_WORDING,
    PREVALENCE_NOUNS,
    Sentence,
    count_sentence,
    prevalence_sentence,
)
from gia_stats.periods import Period, PeriodType, parse_period, period_range

#: A memo sentence: from metrics.sentences, or plain (text, source).
SentenceLike = Sentence | tuple[str, str]
Progress = Callable[[int, int, str], None]

BOUWSTENEN_MD: Final = "bouwstenen.md"
BOUWSTENEN_DOCX: Final = "bouwstenen.docx"
README: Final = "README.md"
#: Licence text of the colofon for CBS figures (catalog.LICENCE is the short form).
CBS_LICENCE_TEXT: Final = (
    "Cijfers van het CBS vallen onder Creative Commons Naamsvermelding 4.0 (CC BY 4.0): "
    "hergebruik is vrij, met bronvermelding (“Bron: CBS”)."
)
_SLUG = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class BriefingItem:
    """One chart of the pack with the rows behind it and its memo sentences.

    Attributes
    ----------
    name
        File stem (letters, digits, ``_``, ``-``), e.g. ``"vt_per_jaar"``.
    title
        Heading in the bouwstenen and the colofon (usually the chart title).
    figure
        The chart (with source line, see images.prepare_figure).
    data
        The tidy rows the chart shows; written as CSV through csv.export_frame.
    sentences
        Memo sentences about the chart, each with its source.
    description
        One or two sentences describing the chart (alt text in the docx and md).
    """

    name: str
    title: str
    figure: go.Figure
    data: pd.DataFrame
    sentences: Sequence[SentenceLike] = ()
    description: str = ""


@dataclass
class BriefingResult:
    """What :func:`write_briefing` wrote."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    zip_path: Path | None = None
    images: bool = True
    notes: list[str] = field(default_factory=list)


def _slug(name: str) -> str:
    slug = _SLUG.sub("_", name.strip().lower()).strip("_")
    if not slug:
        raise ValueError(f"onbruikbare naam voor een bestand: {name!r}")
    return slug


def sentence_parts(sentence: SentenceLike) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Text (ending with its source), sources and warnings of a memo sentence.

    Parameters
    ----------
    sentence
        A :class:`~gia_stats.metrics.sentences.Sentence` or a ``(text, source)`` pair.

    Returns
    -------
    tuple
        ``(text, sources, warnings)``; a pair's source is appended as "Bron: …." unless the
        text already names it.
    """
    if isinstance(sentence, Sentence):
        return sentence.text, sentence.sources, sentence.warnings
    text, source = sentence
    text = text.strip()
    if source and source not in text:
        text = f"{text} Bron: {source.rstrip('.')}."
    return text, ((source,) if source else ()), ()


def _dutch_date(day: date) -> str:
    return str(format_date(day, format="d MMMM y", locale="nl_NL"))


def _sources(items: Sequence[BriefingItem]) -> list[tuple[str, str, str]]:
    """Unique (source, url, latest retrieval) over the data of all items, in order."""
    found: dict[tuple[str, str], str] = {}
    for item in items:
        frame = item.data
        if "source" not in frame.columns:
            continue
        urls = frame["source_url"] if "source_url" in frame.columns else pd.Series("", frame.index)
        got = frame["retrieved"] if "retrieved" in frame.columns else pd.Series("", frame.index)
        for source, url, retrieved in zip(frame["source"], urls, got, strict=True):
            if not isinstance(source, str) or not source:
                continue
            key = (source, url if isinstance(url, str) else "")
            when = retrieved if isinstance(retrieved, str) else ""
            found[key] = max(found.get(key, ""), when)
    return [(s, u, r) for (s, u), r in found.items()]


def _licences(items: Sequence[BriefingItem]) -> list[str]:
    lines: dict[str, None] = {}
    for item in items:
        if "dataset" not in item.data.columns:
            continue
        for dataset_id in dict.fromkeys(item.data["dataset"].dropna().astype(str)):
            try:
                dataset = catalog.get(dataset_id)
            except KeyError:
                continue
            lines[f"{dataset.title}: {dataset.licence}"] = None
    return list(lines)


def write_briefing(
    items: Sequence[BriefingItem],
    out_dir: str | Path,
    *,
    renderer: images.ImageRenderer | None = None,
    with_images: bool | None = None,
    dialects: Sequence[csv_export.Dialect] = ("standard", "excel-nl"),
    zip_pack: bool = False,
    progress: Progress | None = None,
    made: date | None = None,
) -> BriefingResult:
    """Write the briefing pack into ``out_dir``.

    Per item ``NN_name.png`` (scale 3), ``.svg``, ``.html`` (offline), ``NN_name.csv`` and
    ``NN_name_excel-nl.csv``; then ``bouwstenen.md`` and ``bouwstenen.docx`` (memo sentences
    with sources, the charts in the docx) and ``README.md`` (colofon: date, files, sources,
    licences). All images go through one ImageRenderer session.

    Parameters
    ----------
    items
        The charts, e.g. :func:`default_items`.
    out_dir
        Target folder (created; files of the same name are replaced).
    renderer
        A running session to reuse (it is left open); default: one is started and closed.
    with_images
        True: PNG/SVG required; False: skip them; None: make them when
        images.chromium_available(), else skip with a note (HTML and CSV are always made).
    dialects
        CSV dialects to write.
    zip_pack
        Also write ``<out_dir>.zip`` beside the folder.
    progress
        ``progress(done, total, message)`` after each step, in the caller's thread.
    made
        The date in the colofon (default: today).

    Returns
    -------
    BriefingResult

    Raises
    ------
    images.ImageExportError
        When images were to be made and Chromium failed.
    ValueError
        When a chart has no title or source line, or two items share a name.
    """
    out = Path(out_dir)
    made = made or date.today()
    if len({_slug(i.name) for i in items}) != len(items):
        raise ValueError("twee onderdelen van het briefingpakket hebben dezelfde naam")
    stems = [f"{i:02d}_{_slug(item.name)}" for i, item in enumerate(items, 1)]
    notes = []
    if with_images is None:
        with_images = renderer is not None or images.chromium_available()
        if not with_images:
            notes.append(f"{images.NO_CHROMIUM}: PNG en SVG ontbreken in dit pakket.")
    elif not with_images:
        notes.append("Zonder afbeeldingen gemaakt: PNG en SVG ontbreken in dit pakket.")
    result = BriefingResult(out, images=with_images, notes=notes)
    total = len(items) * (len(dialects) + 1 + (2 if with_images else 0)) + 3 + int(zip_pack)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, message)

    def write(name: str, data: bytes) -> None:
        path = out / name
        path.write_bytes(data)
        result.files.append(path)
        step(name)

    # Prepare every figure and start the browser first: a chart without title or source, or
    # a browser that does not start, stops the pack before the folder is even made.
    figures = [images.prepare_figure(item.figure) for item in items]
    own = renderer is None
    session = (renderer or images.ImageRenderer()) if with_images else None
    pngs: dict[str, bytes] = {}
    try:
        if session is not None:
            session.start()
        out.mkdir(parents=True, exist_ok=True)
        for item, stem, fig in zip(items, stems, figures, strict=True):
            frame = csv_export.export_frame(item.data)
            for dialect in dialects:
                suffix = csv_export.DIALECTS[dialect].suffix
                write(f"{stem}{suffix}.csv", csv_export.to_csv(frame, dialect))
            write(f"{stem}.html", images.to_html(fig, made=made).encode("utf-8"))
        if session is not None:
            jobs: list[tuple[go.Figure, images.ImageFormat]] = []
            for fig in figures:
                jobs += [(fig, "png"), (fig, "svg")]
            names = [f"{stem}.{fmt}" for stem in stems for fmt in ("png", "svg")]
            rendered = session.render_many(jobs, progress=lambda i, n, m: step(names[i - 1]))
            for name, data in zip(names, rendered, strict=True):
                path = out / name
                path.write_bytes(data)
                result.files.append(path)
                if name.endswith(".png"):
                    pngs[name.removesuffix(".png")] = data
    finally:
        if own and session is not None:
            session.close()

    md = bouwstenen_markdown(items, stems, made=made, with_images=with_images)
    (out / BOUWSTENEN_MD).write_text(md, "utf-8")
    result.files.append(out / BOUWSTENEN_MD)
    step(BOUWSTENEN_MD)
    write(BOUWSTENEN_DOCX, bouwstenen_docx(items, stems, pngs, made=made))
    readme = colofon(
        items, stems, made=made, dialects=dialects, notes=result.notes, with_images=with_images
    )
    (out / README).write_text(readme, "utf-8")
    result.files.append(out / README)
    step(README)

    if zip_pack:
        target = out.parent / f"{out.name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in result.files:
                archive.write(path, f"{out.name}/{path.name}")
        result.zip_path = target
        step(target.name)
    return result


def _files_line(stem: str, dialects: Sequence[str], with_images: bool) -> str:
    files = [f"{stem}.png", f"{stem}.svg"] if with_images else []
    files.append(f"{stem}.html")
    files += [f"{stem}{csv_export.DIALECTS[d].suffix}.csv" for d in dialects]  # type: ignore[index]
    return ", ".join(f"`{f}`" for f in files)


def bouwstenen_markdown(
    items: Sequence[BriefingItem],
    stems: Sequence[str],
    *,
    made: date,
    with_images: bool = True,
) -> str:
    """The memo sentences per chart as Markdown, each with its source and caveats.

    Parameters
    ----------
    items
        The pack's items.
    stems
        Their file stems (``01_vt_per_jaar``).
    made
        The date of the pack.
    with_images
        Whether PNG files exist to point to.

    Returns
    -------
    str
    """
    lines = [
        "# Bouwstenen voor een nota: geweld in afhankelijkheidsrelaties",
        "",
        f"Gemaakt op {_dutch_date(made)} met gia-stats {gia_stats.__version__}. Elke zin "
        "eindigt met zijn bron; 'Let op' noemt wat de lezer moet weten voordat de zin in een "
        "nota komt. Controleer bij voorlopige cijfers of er inmiddels definitieve zijn.",
        "",
    ]
    for i, (item, stem) in enumerate(zip(items, stems, strict=True), 1):
        lines += [f"## {i}. {item.title}", ""]
        chart = f"`{stem}.png` (ook `.svg` en `.html`)" if with_images else f"`{stem}.html`"
        lines += [f"Grafiek: {chart}. Cijfers: `{stem}.csv`.", ""]
        if item.description:
            lines += [f"*{item.description}*", ""]
        if not item.sentences:
            lines += ["(Geen memozinnen bij deze grafiek.)", ""]
        for sentence in item.sentences:
            text, _, warnings = sentence_parts(sentence)
            lines.append(f"- {text}")
            lines += [f"  - Let op: {w}" for w in warnings]
        lines.append("")
    return "\n".join(lines)


def bouwstenen_docx(
    items: Sequence[BriefingItem],
    stems: Sequence[str],
    pngs: Mapping[str, bytes],
    *,
    made: date,
) -> bytes:
    """The memo sentences as a Word document: per chart a heading, the chart, the sentences.

    Parameters
    ----------
    items
        The pack's items.
    stems
        Their file stems.
    pngs
        PNG per stem, embedded at 16 cm wide (missing when there was no Chromium).
    made
        The date of the pack.

    Returns
    -------
    bytes
        The .docx file (language Dutch, so Word's spelling check is Dutch).
    """
    # Imported here: only the pack needs python-docx.
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    doc.core_properties.title = "Bouwstenen voor een nota"
    doc.core_properties.author = "gia-stats"
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nl-NL")
    rpr.append(lang)
    doc.add_heading("Bouwstenen voor een nota: geweld in afhankelijkheidsrelaties", 0)
    doc.add_paragraph(
        f"Gemaakt op {_dutch_date(made)} met gia-stats {gia_stats.__version__}. Elke zin "
        "eindigt met zijn bron; controleer bij voorlopige cijfers of er inmiddels definitieve "
        "zijn."
    )
    for i, (item, stem) in enumerate(zip(items, stems, strict=True), 1):
        doc.add_heading(f"{i}. {item.title}", 1)
        if stem in pngs:
            picture = doc.add_picture(io.BytesIO(pngs[stem]), width=Cm(16))
            if item.description:  # alt text, read out by screen readers in Word
                picture._inline.docPr.set("descr", item.description)
            caption = doc.add_paragraph()
            run = caption.add_run(f"Figuur {i}. {item.title}")
            run.italic = True
            run.font.size = Pt(9)
        for sentence in item.sentences:
            text, _, warnings = sentence_parts(sentence)
            doc.add_paragraph(text)
            for warning in warnings:
                note = doc.add_paragraph().add_run(f"Let op: {warning}")
                note.italic = True
                note.font.size = Pt(9)
                note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def colofon(
    items: Sequence[BriefingItem],
    stems: Sequence[str],
    *,
    made: date,
    dialects: Sequence[str] = ("standard", "excel-nl"),
    notes: Sequence[str] = (),
    with_images: bool = True,
) -> str:
    """README.md of the pack: what is in it, when it was made, sources and licences.

    Parameters
    ----------
    items, stems
        The pack's items and file stems.
    made
        The date of the pack.
    dialects
        The CSV dialects written.
    notes
        Remarks such as missing images.
    with_images
        Whether the pack holds PNG and SVG files.

    Returns
    -------
    str
    """
    lines = [
        "# Briefingpakket geweld in afhankelijkheidsrelaties: colofon",
        "",
        f"Gemaakt op {_dutch_date(made)} ({made.isoformat()}) met gia-stats "
        f"{gia_stats.__version__}.",
        "",
    ]
    lines += [f"**Let op:** {n}" for n in notes] + ([""] if notes else [])
    lines += ["## Inhoud", ""]
    for i, (item, stem) in enumerate(zip(items, stems, strict=True), 1):
        lines.append(f"{i}. {item.title}: {_files_line(stem, dialects, with_images)}")
    lines += [
        f"- `{BOUWSTENEN_MD}` en `{BOUWSTENEN_DOCX}`: memozinnen met hun bron, klaar om in "
        "een nota te plakken.",
        "",
        "## Zo lees je de bestanden",
        "",
        "- PNG (drie keer schermresolutie) voor Word en PowerPoint; SVG schaalt zonder "
        "kwaliteitsverlies; HTML is de interactieve grafiek, werkt zonder internet.",
        "- `*_excel-nl.csv` opent met een dubbelklik goed in Nederlandse Excel (puntkomma, "
        "decimale komma); de andere CSV is standaard (komma, decimale punt, UTF-8).",
        "- Een lege cel is een ontbrekend cijfer, nooit 0; de kolom Teken zegt waarom "
        "(`.` onbekend of geheim, `x`, `-`). Tekst die met `=`, `+`, `-` of `@` begint, staat "
        "er met een `'` voor, zodat Excel er geen formule van maakt.",
        "- Een open punt in een grafiek is een voorlopig cijfer. CBS rondt aantallen van "
        "Veilig Thuis af op vijftallen: halfjaren tellen niet altijd op tot het jaar.",
        "",
        "## Bronnen",
        "",
    ]
    for source, url, retrieved in _sources(items):
        when = f", geraadpleegd {retrieved}" if retrieved else ""
        link = f" <{url}>" if url else ""
        lines.append(f"- {source}{link}{when}")
    lines += ["", "## Licentie", "", CBS_LICENCE_TEXT, "", "Per dataset:", ""]
    lines += [f"- {line}" for line in _licences(items)]
    lines.append("")
    return "\n".join(lines)


# ======================================================================================
# Item builders: what goes into the default pack. Add a chart by adding a builder below
# and one line in default_items.
# ======================================================================================

#: The headline indicators of the prevalence chart (keys of prevalence.INDICATOR_ALIASES).
HEADLINE_INDICATORS: Final = (
    "SGG totaal",
    "offline seksuele intimidatie",
    "online seksuele intimidatie",
    "fysiek seksueel geweld",
    "huiselijk geweld totaal",
    "psychisch geweld in huiselijke kring",
)
EDITIONS: Final = (2020, 2022, 2024)
VT_DATASET: Final = "vt_kerncijfers"
#: Year-on-year sentences per measure: a memo needs the latest changes, not the history.
MAX_YEAR_SENTENCES: Final = 3
NATIONAL: Final = "NL01"


def default_items(frames: Mapping[str, pd.DataFrame]) -> list[BriefingItem]:
    """The charts of the default briefing pack, with their rows and memo sentences.

    1. Veilig Thuis, Nederland, per jaar (adviezen and meldingen; each year against the
       previous published year).
    2. Veilig Thuis, Nederland, per halfjaar (the latest half-year against the same
       half-year a year earlier).
    3. Prevalence of the headline indicators in the editions 2020, 2022 and 2024 (the latest
       edition against the earlier ones, tested or CBS's own words).

    Parameters
    ----------
    frames
        The tidy tables by subject (``store.load().frames``): ``veilig_thuis``,
        ``prevalentie`` and optionally ``uitspraken`` (CBS's statements).

    Returns
    -------
    list of BriefingItem
        Items whose data is missing are left out.
    """
    items: list[BriefingItem] = []
    vt = frames.get("veilig_thuis")
    if vt is not None and not vt.empty:
        for period_type in (PeriodType.JAAR, PeriodType.HALFJAAR):
            item = vt_series_item(vt, period_type)
            if item is not None:
                items.append(item)
    prevalence = frames.get("prevalentie")
    if prevalence is not None and not prevalence.empty:
        item = prevalence_item(prevalence, frames.get("uitspraken"))
        if item is not None:
            items.append(item)
    return items


def vt_rows(vt: pd.DataFrame, period_type: str) -> pd.DataFrame:
    """Current national rows of adviezen and meldingen per year or half-year (as the page).

    Parameters
    ----------
    vt
        The veilig_thuis table.
    period_type
        ``"jaar"`` or ``"halfjaar"``.

    Returns
    -------
    pandas.DataFrame
    """
    kern = catalog.get(VT_DATASET)
    mask = (
        (vt["dataset"] == kern.id)
        & (vt["region_code"] == NATIONAL)
        & vt["measure"].isin([m.title for m in kern.measures])
        & (vt["period_type"] == str(period_type))
    )
    if "current" in vt.columns:
        mask &= vt["current"].astype(bool)
    return vt[mask].sort_values(["measure", "period_start"]).reset_index(drop=True)


def _periods_with_values(rows: pd.DataFrame, measure: str) -> list[Period]:
    codes = rows.loc[(rows["measure"] == measure) & rows["value"].notna(), "period_code"]
    return sorted(parse_period(str(c)) for c in codes.unique())


def vt_series_item(vt: pd.DataFrame, period_type: str) -> BriefingItem | None:
    """The national Veilig Thuis series as a briefing item, or None without data.

    Parameters
    ----------
    vt
        The veilig_thuis table (all vintages: the sentences pick the current one).
    period_type
        ``"jaar"`` or ``"halfjaar"``.

    Returns
    -------
    BriefingItem or None
    """
    rows = vt_rows(vt, period_type)
    if rows.empty:
        return None
    periods = sorted(parse_period(str(c)) for c in rows["period_code"].unique())
    axis = [p.label for p in period_range(periods[0], periods[-1])]
    title = f"Veilig Thuis, Nederland, per {period_type}"
    fig = series_chart(rows, title, "Aantal", axis)
    table = vt[vt["dataset"] == VT_DATASET]
    sentences: list[SentenceLike] = []
    for measure in (catalog.MELDINGEN.title, catalog.ADVIEZEN.title):
        have = _periods_with_values(rows, measure)
        if not have:
            continue
        if period_type == PeriodType.JAAR:
            # The latest published years against the one before each, newest first: a gap
            # year is skipped, the sentence then names both years.
            pairs = list(reversed(list(zip(have[1:], have[:-1], strict=True))))
            pairs = pairs[:MAX_YEAR_SENTENCES]
        else:
            # Half-years are compared with the same half-year a year earlier, as CBS does.
            pairs = [(have[-1], have[-1].same_period_year_before())]
        for period, base in pairs:
            sentences.append(count_sentence(table, measure, NATIONAL, period, base))
    nouns = " en ".join(MEASURE_WORDING[m][1] for m in rows["measure"].unique())
    description = (
        f"Lijngrafiek van het aantal {nouns} bij Veilig Thuis in Nederland per "
        f"{period_type}, {axis[0]} tot en met {axis[-1]}; open punten zijn voorlopige cijfers, "
        "onderbrekingen zijn perioden zonder gepubliceerd cijfer."
    )
    name = "vt_per_jaar" if period_type == PeriodType.JAAR else "vt_per_halfjaar"
    return BriefingItem(name, title, fig, rows, sentences, description)


def prevalence_rows(
    prevalence: pd.DataFrame,
    indicators: Sequence[str] = HEADLINE_INDICATORS,
    editions: Sequence[int] = EDITIONS,
) -> pd.DataFrame:
    """The published 16+ figure per indicator and edition (as significance picks it).

    Parameters
    ----------
    prevalence
        The prevalence table.
    indicators
        Keys of prevalence.INDICATOR_ALIASES.
    editions
        Editions to include.

    Returns
    -------
    pandas.DataFrame
        The chosen prevalence rows plus ``label`` (the indicator in words), in indicator and
        edition order; editions without a figure have no row.
    """
    picked = []
    for indicator in indicators:
        names = {" ".join(n.split()).casefold() for n in pv.INDICATOR_ALIASES[indicator]}
        for edition in editions:
            found = pv.edition_estimate(prevalence, indicator, edition)
            percent = found.estimate.percent
            if math.isnan(percent):
                continue
            match = prevalence[
                prevalence["indicator"]
                .map(lambda t: " ".join(str(t).split()).casefold())
                .isin(names)
                & (prevalence["edition"] == edition)
                & (prevalence["estimate"] == percent)
                & prevalence["breakdown"].str.casefold().isin(["total", "totaal"])
            ]
            if match.empty:
                continue
            row = match.iloc[[0]].assign(label=PREVALENCE_NOUNS[indicator], canonical=indicator)
            picked.append(row)
    if not picked:
        return prevalence.iloc[0:0].assign(label="", canonical="")
    return pd.concat(picked, ignore_index=True)


def prevalence_bar_chart(rows: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: one group per indicator, one bar per edition, labels in Dutch.

    A stand-in until the Prevalentie page's own builder exists (charts/prevalence.py).

    Parameters
    ----------
    rows
        From :func:`prevalence_rows`.
    title
        Chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        House template, source line with retrieval date, break in the series noted.
    """
    fig = go.Figure()
    labels = list(dict.fromkeys(rows["label"]))
    axis = [wrap(label, 18) for label in labels]
    for i, edition in enumerate(sorted(rows["edition"].dropna().unique())):
        part = rows[rows["edition"] == edition].set_index("label").reindex(labels)
        decimals = [0 if p == "integer" else 1 for p in part["precision"].fillna("")]
        labels_text = [
            "" if pd.isna(v) else f"{format_number(float(v), d)}%"
            for v, d in zip(part["estimate"], decimals, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=axis,
                y=part["estimate"],
                name=str(int(edition)),
                marker_color=PALETTE[i % len(PALETTE)],
                text=labels_text,
                textposition="outside",
                hovertemplate="%{x}: %{text}<extra>" + str(int(edition)) + "</extra>",
            )
        )
    retrieved = str(rows["retrieved"].dropna().max()) if not rows.empty else ""
    note = source_line(list(rows["source"].dropna().astype(str)), retrieved)
    note += (
        " Jaarprevalentie, 16 jaar en ouder. 2024: nieuwe vragenlijst, breuk in de reeksen "
        "per vorm van huiselijk geweld. Hele procenten zijn zo door CBS gepubliceerd."
    )
    text = wrap(note)
    lines = text.count("<br>") + 1
    fig.update_layout(
        template=HOUSE,
        title={"text": title},
        barmode="group",
        yaxis={"title": {"text": "Procent van de bevolking (16+)"}, "ticksuffix": "%"},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        margin={"b": 110 + 14 * lines},
        annotations=[note_annotation(text, -70)],
    )
    return fig


def prevalence_item(
    prevalence: pd.DataFrame, statements: pd.DataFrame | None = None
) -> BriefingItem | None:
    """The headline prevalence indicators per edition as a briefing item, or None.

    Parameters
    ----------
    prevalence
        The prevalence table.
    statements
        CBS's published statements (the ``uitspraken`` table), quoted where our own test
        is not possible.

    Returns
    -------
    BriefingItem or None
    """
    rows = prevalence_rows(prevalence)
    if rows.empty:
        return None
    first, last = int(rows["edition"].min()), int(rows["edition"].max())
    title = f"Slachtofferschap in het afgelopen jaar, 16 jaar en ouder, {first}–{last}"
    fig = prevalence_bar_chart(rows, title)
    sentences: list[SentenceLike] = []
    for indicator in dict.fromkeys(rows["canonical"]):
        have = sorted(int(e) for e in rows.loc[rows["canonical"] == indicator, "edition"])
        if len(have) < 2:
            continue
        try:
            sentences.append(
                prevalence_sentence(
                    prevalence, indicator, have[-1], have[:-1], statements=statements
                )
            )
        except (KeyError, ValueError):  # an indicator the sentence cannot word is left out
            continue
    description = (
        "Staafgrafiek van het percentage mensen van 16 jaar en ouder dat in het afgelopen jaar "
        f"slachtoffer werd, per vorm van geweld, voor de edities {', '.join(map(str, EDITIONS))} "
        "van de Prevalentiemonitor."
    )
    data = rows.drop(columns=["label", "canonical"])
    return BriefingItem("prevalentie_edities", title, fig, data, sentences, description)


__all__ = [
    "BOUWSTENEN_DOCX",
    "BOUWSTENEN_MD",
    "EDITIONS",
    "HEADLINE_INDICATORS",
    "README",
    "BriefingItem",
    "BriefingResult",
    "bouwstenen_docx",
    "bouwstenen_markdown",
    "colofon",
    "default_items",
    "prevalence_bar_chart",
    "prevalence_item",
    "prevalence_rows",
    "sentence_parts",
    "vt_rows",
    "vt_series_item",
    "write_briefing",
]
