"""`directives ingest`: ingest files and folders."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.output import print_json, print_report
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser("ingest", help="ingest files and folders (PDF, DOCX, text)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument(
        "--prefect",
        choices=("auto", "always", "never"),
        default="auto",
        help="run as a tracked Prefect flow: auto = when PREFECT_API_URL is set",
    )
    ingest.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"directives: {path}: no such file or folder", file=sys.stderr)
    paths = [p for p in args.paths if p.exists()]
    use_prefect = args.prefect == "always" or (
        args.prefect == "auto" and os.environ.get("PREFECT_API_URL")
    )
    report = (
        _ingest_prefect(paths, settings)
        if use_prefect
        else _ingest_local(paths, settings, args.json)
    )
    if missing:
        report["failed"] = [
            {
                "path": str(p),
                "error": "no such file or folder",
                "error_type": None,
                "quarantined": None,
            }
            for p in missing
        ] + report["failed"]
    if args.json:
        print_json(report)
    else:
        print_report(report)
    return 1 if report["failed"] else 0


def _ingest_local(paths: list[Path], settings: Settings, quiet: bool) -> dict:
    from files.originals import OriginalStore
    from files.quarantine import Quarantine
    from flows.pipeline import discover, ingest_file, limits_of, run_ingest
    from index.factory import open_search
    from store.open import open_store

    store = open_store(settings)
    originals = OriginalStore(settings.originals_dir)
    quarantine = Quarantine(settings.quarantine_dir)
    limits = limits_of(settings)
    files = list(discover(paths))

    def progress(number: int, total: int, outcome) -> None:
        mark = {"ingested": "+", "unchanged": "=", "failed": "!"}[outcome.status]
        print(f"[{number}/{total}] {mark} {outcome.path}", file=sys.stderr, flush=True)

    try:
        index = open_search(settings)
        try:
            report = run_ingest(
                files,
                lambda p: ingest_file(
                    p,
                    store=store,
                    index=index,
                    originals=originals,
                    limits=limits,
                    quarantine=quarantine,
                ),
                progress,
            )
        finally:
            index.close()
    finally:
        store.close()
    return report.as_json()


def _ingest_prefect(paths: list[Path], settings: Settings) -> dict:
    from flows.ingest import ingest

    return ingest(
        [str(p) for p in paths],
        str(settings.data_dir),
        settings.elasticsearch_url,
        settings.database_url,
        settings.max_file_bytes,
        settings.max_pages,
        settings.max_unpacked_bytes,
    )
