"""`directives backup`: copy the SQLite store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="copy the store (SQLite) to a file, safely while in use")
    backup.add_argument("out", type=Path, metavar="FILE")
    backup.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from store.backup import backup

    if settings.database_url:
        print(
            "directives: the store is on PostgreSQL: back it up with "
            "`pg_dump --format=custom --file=directives.dump <database>` "
            "(restore with pg_restore); the originals folder is backed up as files",
            file=sys.stderr,
        )
        return 2
    written = backup(settings.store_url, args.out)
    print(
        f"Đã sao lưu kho dữ liệu vào {written}. Sao lưu kèm thư mục bản gốc "
        f"{settings.originals_dir} (tệp thường)."
    )
    return 0
