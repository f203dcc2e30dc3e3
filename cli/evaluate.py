"""`directives eval`: score extraction against gold annotations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("eval", help="score extraction against gold annotations")
    evaluate.add_argument(
        "--docs", type=Path, help="folder of documents (default: the dev and test splits)"
    )
    evaluate.add_argument("--gold", type=Path, help="folder of gold JSON files")
    evaluate.add_argument(
        "--split", choices=("dev", "test"), action="append", help="only this corpus split"
    )
    evaluate.add_argument("--json", type=Path, metavar="FILE", help="also write the scores as JSON")
    evaluate.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep readings (OCR included) here and reuse them while the readers are unchanged",
    )
    evaluate.add_argument(
        "--rules-only", action="store_true", help="the rules without the trained models"
    )
    evaluate.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from evaluation.run import SPLITS, evaluate, format_splits, format_table
    from flows.pipeline import limits_of

    limits = limits_of(settings)
    if (args.docs is None) != (args.gold is None):
        print("directives: eval needs both --docs and --gold, or neither", file=sys.stderr)
        return 2
    if args.docs is not None:
        folders = {"": (args.docs, args.gold)}
    else:
        folders = {name: SPLITS[name] for name in (args.split or list(SPLITS))}
    for docs, gold in folders.values():
        for folder in (docs, gold):
            if not folder.is_dir():
                print(f"directives: {folder}: not a folder", file=sys.stderr)
                return 2
    results = {
        name: evaluate(docs, gold, limits, args.cache, models=not args.rules_only)
        for name, (docs, gold) in folders.items()
    }
    if "" in results:
        print(format_table(results[""]))
        data = results[""].as_json()
    else:
        print(format_splits(results))
        data = {name: result.as_json() for name, result in results.items()}
    if args.json:
        args.json.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0
