"""`directives inbox`: ingest the inbox folder once."""

from __future__ import annotations

import argparse

from cli.output import print_json, print_report
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    inbox = sub.add_parser("inbox", help="ingest the inbox folder once (archive / quarantine)")
    inbox.add_argument("--json", action="store_true")
    inbox.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from flows.inbox import run_inbox

    report = run_inbox(settings)
    if args.json:
        print_json(report.as_json())
    else:
        print_report(report.as_json())
    return 1 if report.failed else 0
