"""`directives worker`: serve the Prefect deployments."""

from __future__ import annotations

import argparse
import os
import sys

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    worker = sub.add_parser(
        "worker",
        help="serve the Prefect deployments ingest-inbox, send-reminders (07:00 daily), reindex",
    )
    worker.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from flows.deployments import serve_all

    if not os.environ.get("PREFECT_API_URL"):
        print(
            "directives: PREFECT_API_URL is not set: start a Prefect server "
            "(`.venv/bin/prefect server start`) and export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return 2
    serve_all(settings)
    return 0
