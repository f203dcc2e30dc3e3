"""Store benchmark: the system of record on SQLite and on PostgreSQL, side by side.

Builds the same synthetic documents (bench/index.py: the corpus' real sentences and body
names, 10 tasks each) into a fresh SQLite store and a fresh PostgreSQL store (a
throw-away local cluster started here, as the tests do, when the server binaries are
installed), one ``put`` transaction per document as ingest does, then times what staff
and the reminder scan do: the board query (a body's tasks due within 7 days), one task,
a status change with If-Match, a correction (lead and due), a hidden task, and streaming
every open recurring duty of a day. Prints documents/s and p50/p95 in ms.

Usage: python bench/store.py [--docs 2000] [--queries 200] [--no-postgres]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.index import corpus_pool, report, synthetic, timed  # noqa: E402
from store.engine import create_store_engine, sqlite_url  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.store import Store  # noqa: E402
from store.tracking import TaskQuery  # noqa: E402


def fresh(url: str) -> Store:
    engine = create_store_engine(url)
    upgrade(engine)
    engine.dispose()
    return Store(url)


def run(name: str, store: Store, documents, bodies, args) -> None:
    started = time.perf_counter()
    for document in documents:
        store.put(document, f"/inbox/{document.filename}")
    built = time.perf_counter() - started
    total = store.tasks(TaskQuery(limit=1)).total
    print(f"{name}: {len(documents):,} documents, {total:,} tasks stored in {built:.1f} s "
          f"({len(documents) / built:,.0f} documents/s)")  # fmt: skip
    rng = random.Random(11)
    ids = [t.id for t in store.tasks(TaskQuery(limit=args.queries * 3)).tasks]
    board = [
        TaskQuery(body=rng.choice(bodies), due_within_days=7, tracked_only=True,
                  today=date(2015, 1, 1) + timedelta(days=rng.randint(0, 4300)))
        for _ in range(args.queries)
    ]  # fmt: skip
    report("  board: a body's tasks due in 7 days", timed(store.tasks, board))
    report("  one task", timed(store.task, ids[: args.queries]))
    picked = ids[args.queries : 2 * args.queries]
    report(
        "  status change (If-Match)",
        timed(
            lambda i: store.update_task(
                i, who="bench", status="dang_thuc_hien", if_version=store.task(i).version
            ),
            picked,
        ),
    )
    report(
        "  correction (lead, due)",
        timed(
            lambda i: store.update_task(
                i, who="bench", corrections={"lead": ["Sở Tài chính"], "due": "2027-01-15"}
            ),
            picked,
        ),
    )
    report(
        "  hide a task",
        timed(
            lambda i: store.update_task(i, who="bench", not_a_task=True), ids[2 * args.queries :]
        ),
    )
    days = [
        (date(2016, 1, 1) + timedelta(days=rng.randint(0, 3650))).isoformat() for _ in range(20)
    ]
    report(
        "  stream a day's recurring duties",
        timed(
            lambda d: sum(1 for _ in store.each_task(TaskQuery(recurring_on=(d,), open_only=True))),
            days,
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--tasks-per-doc", type=int, default=10)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    pool = corpus_pool()
    documents = list(synthetic(args.docs, args.tasks_per_doc, random.Random(20261206), pool))
    bodies = pool[2]
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    sqlite = fresh(sqlite_url(folder / "store.sqlite3"))
    try:
        run("SQLite", sqlite, documents, bodies, args)
    finally:
        sqlite.close()
    if args.no_postgres:
        return
    from tests import postgres

    try:
        cluster = postgres.start(durable=True)
    except (RuntimeError, OSError) as e:
        print(f"PostgreSQL: not run ({e})")
        return
    try:
        admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as db:
            db.execute(sa.text("CREATE DATABASE bench"))
        admin.dispose()
        store = fresh(cluster.url("bench"))
        try:
            run("PostgreSQL 15 (local, fsync on)", store, documents, bodies, args)
        finally:
            store.close()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
