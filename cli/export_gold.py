"""`directives export-gold`: reviewed documents as gold files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    export_gold = sub.add_parser(
        "export-gold",
        help="write gold files (GOLD_FORMAT) of the documents staff marked reviewed, "
        "from their corrected state, with the originals, for `directives eval`",
    )
    export_gold.add_argument("--out", type=Path, required=True, metavar="DIR")
    export_gold.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    from evaluation.gold_export import gold_record, stem_for
    from files.originals import OriginalStore
    from store.open import open_store
    from store.tracking import TaskQuery

    originals = OriginalStore(settings.originals_dir)
    documents = args.out / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    store = open_store(settings)
    taken: set[str] = set()
    written = 0
    try:
        for doc_id in store.reviewed_ids():
            stored = store.document(doc_id)
            original = originals.find(stored.document.sha256) if stored else None
            if stored is None or original is None:
                print(f"directives: {doc_id}: its original is missing, skipped", file=sys.stderr)
                continue
            tasks = store.tasks(TaskQuery(doc_id=doc_id, include_hidden=True, limit=100_000))
            stem = stem_for(stored.document.filename, doc_id, taken)
            record = gold_record(stored, list(tasks.tasks))
            (args.out / f"{stem}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            shutil.copyfile(original, documents / f"{stem}{original.suffix}")
            written += 1
    finally:
        store.close()
    print(
        f"Đã xuất {written} văn bản đã kiểm tra. Chấm: directives eval --docs {documents} "
        f"--gold {args.out}"
    )
    return 0
