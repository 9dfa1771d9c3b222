"""The ``gia-stats`` command: refresh CBS tables, build curated tables, show data status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from gia_stats import catalog, settings


def _cmd_refresh(args: argparse.Namespace) -> int:
    from gia_stats.loaders import cbs

    tables = args.tables or catalog.cbs_tables()
    failed: list[str] = []
    for table in tables:
        try:
            catalog.by_cbs_table(table)
        except KeyError as exc:
            print(f"fout: {exc.args[0]}", file=sys.stderr)
            failed.append(table)
            continue
        print(f"[{table}] verversen van {settings.cbs_base_url()} …", flush=True)

        def progress(msg: str, t: str = table) -> None:
            print(f"[{t}] {msg}", flush=True)

        try:
            manifest = cbs.refresh(table, progress=progress)
        except cbs.RefreshError as exc:
            print(f"[{table}] MISLUKT: {exc}", file=sys.stderr)
            print(f"[{table}] de vorige momentopname is ongewijzigd bewaard.", file=sys.stderr)
            failed.append(table)
            continue
        print(
            f"[{table}] klaar: {manifest.data_rows} rijen, CBS gewijzigd {manifest.modified}",
            flush=True,
        )
    if failed:
        print(f"niet ververst: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _cmd_curate(args: argparse.Namespace) -> int:
    from gia_stats import curate

    source = Path(args.source) if args.source else None
    report = curate.build(source, Path(args.out) if args.out else None)
    print(report)
    return 0


def _age(iso: str) -> str:
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return "onbekend"
    days = (datetime.now(UTC).date() - day).days
    return f"{days} dagen oud"


def _cmd_status(args: argparse.Namespace) -> int:
    from gia_stats.loaders import store

    tables = store.load()
    print(f"Gegevensmap: {settings.datasets_dir()}")
    print(f"{'dataset':28} {'herkomst':13} {'rijen':>6}  {'geraadpleegd':12} leeftijd")
    for source in sorted(tables.sources, key=lambda s: (s.dataset, s.origin)):
        print(
            f"{source.dataset:28} {source.origin:13} {source.rows:>6}  "
            f"{source.retrieved or '-':12} {_age(source.retrieved)}"
        )
    missing = [
        d.cbs_table
        for d in catalog.DATASETS
        if d.cbs_table and not any(s.dataset == d.id and s.origin == "CBS" for s in tables.sources)
    ]
    if missing:
        print(f"Nog geen CBS-momentopname (gia-stats refresh vult aan): {', '.join(missing)}")
    for problem in tables.problems:
        print(f"PROBLEEM {problem.dataset}: {problem.message}", file=sys.stderr)
    return 1 if tables.problems else 0


def _cmd_export_csv(args: argparse.Namespace) -> int:
    from gia_stats.export import csv as csv_export
    from gia_stats.loaders import store

    try:
        dataset = catalog.get(args.dataset)
    except KeyError as exc:
        print(f"fout: {exc.args[0]}", file=sys.stderr)
        return 1
    tables = store.load()
    frame = tables[dataset.subject]
    if "dataset" in frame.columns:
        frame = frame[frame["dataset"] == dataset.id]
    if "current" in frame.columns:  # superseded vintages stay out, as on the pages
        frame = frame[frame["current"].astype(bool)]
    if frame.empty:
        print(
            f"fout: geen rijen voor dataset {dataset.id} (`gia-stats status` toont wat er is)",
            file=sys.stderr,
        )
        return 1
    order = [
        c
        for c in ("measure", "indicator", "breakdown", "group", "region_code", "edition")
        if c in frame.columns
    ]
    order += ["period_start"] if "period_start" in frame.columns else []
    frame = frame.sort_values(order, kind="stable") if order else frame
    data = csv_export.to_csv(csv_export.export_frame(frame), args.dialect)
    if not args.out:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        print(f"fout: kan {args.out} niet schrijven: {exc}", file=sys.stderr)
        return 1
    label = csv_export.DIALECTS[args.dialect].label
    print(f"{len(frame)} rijen van {dataset.id} geschreven naar {args.out} ({label})")
    return 0


def _cmd_briefing(args: argparse.Namespace) -> int:
    from gia_stats.export import briefing, images
    from gia_stats.loaders import store

    tables = store.load()
    for problem in tables.problems:
        print(f"let op: {problem.dataset}: {problem.message}", file=sys.stderr)
    items = briefing.default_items(tables.frames)
    if not items:
        print("fout: geen gegevens voor het briefingpakket", file=sys.stderr)
        return 1
    with_images = False if args.no_images else None
    if with_images is None and not images.chromium_available():
        print(f"let op: {images.NO_CHROMIUM} (geen browser op {images.DEFAULT_CHROMIUM}; "
              "zet BROWSER_PATH of installeer chromium)", file=sys.stderr)  # fmt: skip

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done:>2}/{total}] {message}", flush=True)

    try:
        result = briefing.write_briefing(
            items, Path(args.out), with_images=with_images, zip_pack=args.zip, progress=progress
        )
    except images.ImageExportError as exc:
        print(f"MISLUKT: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"MISLUKT: {exc}", file=sys.stderr)
        return 1
    print(f"klaar: {len(result.files)} bestanden in {result.out_dir}")
    if result.zip_path:
        print(f"zip: {result.zip_path}")
    for note in result.notes:
        print(f"let op: {note}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``gia-stats`` (also used by the tests)."""
    parser = argparse.ArgumentParser(
        prog="gia-stats", description="Cijfers geweld in afhankelijkheidsrelaties (CBS)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    refresh = sub.add_parser("refresh", help="CBS-tabellen opnieuw ophalen (online)")
    refresh.add_argument("tables", nargs="*", help="tabel-id's, standaard alle uit de catalogus")
    refresh.set_defaults(func=_cmd_refresh)
    curate_p = sub.add_parser("curate", help="samengestelde tabellen bouwen uit shared/data")
    curate_p.add_argument("--source", help="map met referentiecijfers (standaard ../shared/data)")
    curate_p.add_argument("--out", help="doelmap (standaard datasets/curated)")
    curate_p.set_defaults(func=_cmd_curate)
    status = sub.add_parser("status", help="welke gegevens er zijn, waarvandaan, hoe oud")
    status.set_defaults(func=_cmd_status)
    export = sub.add_parser("export", help="cijfers exporteren")
    export_sub = export.add_subparsers(dest="format", required=True)
    export_csv = export_sub.add_parser("csv", help="huidige rijen van één dataset als CSV")
    export_csv.add_argument("--dataset", required=True, help="dataset-id, bv. vt_kerncijfers")
    export_csv.add_argument(
        "--dialect",
        choices=["standard", "excel-nl"],
        default="standard",
        help="standard: komma, decimale punt; excel-nl: puntkomma, decimale komma, BOM",
    )
    export_csv.add_argument("--out", help="doelbestand (standaard: stdout)")
    export_csv.set_defaults(func=_cmd_export_csv)
    briefing_p = sub.add_parser(
        "briefing", help="briefingpakket: grafieken (PNG/SVG/HTML), CSV's, memozinnen"
    )
    briefing_p.add_argument("--out", required=True, help="doelmap")
    briefing_p.add_argument("--zip", action="store_true", help="ook <doelmap>.zip maken")
    briefing_p.add_argument(
        "--no-images", action="store_true", help="geen PNG/SVG (alleen HTML, CSV, tekst)"
    )
    briefing_p.set_defaults(func=_cmd_briefing)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failure).

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
