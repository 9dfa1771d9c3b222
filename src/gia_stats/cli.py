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
