"""`directives reindex`: rebuild the search index from the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.output import print_json
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    reindex = sub.add_parser(
        "reindex",
        help="rebuild the search index from the store (the index may be deleted first)",
    )
    reindex.add_argument(
        "--reread",
        action="store_true",
        help="first read every original again with the current extractors "
        "(task status, history and every correction stay)",
    )
    reindex.add_argument("--json", action="store_true", help="print the report as JSON")
    reindex.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from files.originals import OriginalStore
    from flows.pipeline import limits_of
    from flows.reindex import rebuild, reread
    from index.factory import open_search
    from store.open import open_store

    def progress(number: int, total: int, status: str, name: str) -> None:
        if not args.json:
            label = {"indexed": "lập chỉ mục", "reread": "đọc lại", "failed": "LỖI"}[status]
            print(f"[{number}/{total}] {label}: {name}", file=sys.stderr)

    store = open_store(settings)
    try:
        if settings.elasticsearch_url is None and not args.reread:
            set_aside_old_index(settings.index_path)
        index = open_search(settings)
        try:
            if args.reread:
                originals = OriginalStore(settings.originals_dir)
                report = reread(store, index, originals, limits_of(settings), progress)
            else:
                report = rebuild(store, index, progress)
        finally:
            index.close()
    finally:
        store.close()
    if args.json:
        print_json(report.as_json())
    else:
        print(
            f"Đã lập chỉ mục {len(report.indexed)} văn bản"
            + (f", đọc lại {len(report.reread)}" if args.reread else "")
            + (f", bỏ {len(report.removed)} bản không còn hiệu lực" if report.removed else "")
            + f", lỗi {len(report.failed)}."
        )
        for failure in report.failed:
            print(f"  {failure['path']}: {failure['error']}", file=sys.stderr)
    return 1 if report.failed else 0


def set_aside_old_index(path: Path) -> None:
    """An embedded index of an older layout is a projection like any other: it is moved
    aside (kept, never deleted) and built again from the store."""
    from directives.errors import IndexBackendError
    from index.sqlite import SqliteIndex

    if not path.exists():
        return
    try:
        SqliteIndex(path).close()
    except IndexBackendError:
        aside = path.with_name(f"{path.name}.old")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        print(f"Chỉ mục cũ được chuyển sang {aside}; lập lại từ kho dữ liệu.", file=sys.stderr)
