"""`directives show`: one document as the store holds it."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from cli.output import print_json
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    show = sub.add_parser("show", help="print one document's metadata as JSON")
    show.add_argument("id")
    show.add_argument("--text", action="store_true", help="include the full text")
    show.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from store.open import open_store

    store = open_store(settings)
    try:
        stored = store.document(args.id)
    finally:
        store.close()
    if stored is None:
        print(f"directives: no document with id {args.id}", file=sys.stderr)
        return 1
    data = asdict(stored)
    if not args.text:
        data["document"].pop("text")
    print_json(data)
    return 0
