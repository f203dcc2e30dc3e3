"""`directives migrate`: create or upgrade the store, bring in older files."""

from __future__ import annotations

import argparse

from cli.reindex import set_aside_old_index
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    migrate = sub.add_parser(
        "migrate", help="create the store or bring it to this version's layout (Alembic)"
    )
    migrate.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from flows.reindex import rebuild
    from index.factory import open_search
    from store.legacy import import_index, import_tables, layout_of
    from store.open import migrate_store, open_store

    migrate_store(settings, print)
    store = open_store(settings)
    try:
        for path, names, what in (
            (settings.legacy_accounts_path, ("users", "tokens", "sessions", "audit"),
             "tài khoản, phiên, nhật ký"),
            (settings.legacy_outbox_path, ("digests", "reminder_log"), "nhật ký nhắc việc"),
        ):  # fmt: skip
            counts = import_tables(path, store, names)
            if counts is not None:
                listed = ", ".join(f"{name} {n}" for name, n in counts.items())
                print(f"Đã chuyển {what} từ {path.name} vào kho dữ liệu ({listed}).")
    finally:
        store.close()
    layout = layout_of(settings.index_path)
    if layout is None:
        return 0
    # an index written before the store existed holds tasks, their status and history
    store = open_store(settings)
    try:
        done = import_index(settings.index_path, store)
        print(
            f"Đã chuyển từ chỉ mục cũ (bố cục {layout}) vào kho dữ liệu: {done.documents} văn "
            f"bản, {done.tasks} nhiệm vụ, {done.events} thay đổi, {done.paths} đường dẫn."
        )
        set_aside_old_index(settings.index_path)
        index = open_search(settings)
        try:
            report = rebuild(store, index)
        finally:
            index.close()
        print(f"Đã lập lại chỉ mục tìm kiếm: {len(report.indexed)} văn bản.")
    finally:
        store.close()
    return 0
