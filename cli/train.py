"""`directives train`: train the task filter and body tagger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    train = sub.add_parser(
        "train",
        help="train the task filter and body tagger from the dev gold (extractors/learned/data)",
    )
    train.add_argument("--docs", type=Path, default=Path("corpus/dev"), help="dev documents")
    train.add_argument("--gold", type=Path, default=Path("corpus/gold"), help="their gold JSON")
    train.add_argument("--out", type=Path, help="model folder (default: extractors/learned/data)")
    train.add_argument(
        "--cache", type=Path, metavar="DIR", help="reuse readings kept by eval --cache"
    )
    train.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Train from the dev split only: never point --docs at corpus/test."""
    from evaluation.run import pair_files, read_cached
    from flows.pipeline import limits_of
    from models.train import DATA, load_documents, train

    for folder in (args.docs, args.gold):
        if not folder.is_dir():
            print(f"directives: {folder}: not a folder", file=sys.stderr)
            return 2
    if "test" in args.docs.resolve().parts:
        print("directives: refusing to train on a test split", file=sys.stderr)
        return 2
    limits = limits_of(settings)
    pairs, _ = pair_files(args.docs, args.gold)
    documents = load_documents(
        pairs, lambda p: read_cached(p.read_bytes(), p, limits, args.cache).text
    )
    for path in train(documents, args.out or DATA):
        print(path)
    return 0
