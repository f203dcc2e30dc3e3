"""Reminder scan benchmark: how long the daily scan takes over a large task index.

Reuses an index built by bench/index.py (``--db``; 100,000 documents and 1,000,000
tasks by default), or builds one the same way. Times ``reminders.delivery.scan`` — the
queries for the due dates that can produce a reminder today, the recurring duties, and
the rules — for several days, and prints the reminders found and the seconds taken.

Usage: python bench/reminders.py [--db PATH] [--docs 100000] [--days 5]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reminders.delivery import scan  # noqa: E402
from reminders.rules import Rules  # noqa: E402
from store.engine import sqlite_url  # noqa: E402
from store.store import Store  # noqa: E402
from store.tracking import TaskQuery  # noqa: E402


def store_path(db: Path) -> Path:
    """The store bench/index.py builds beside its index file."""
    return db.with_name(f"{db.stem}-store.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench-index-100k.sqlite3"))
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} with bench/index.py --docs {args.docs} (takes a while)…")
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "index.py"), "--docs", str(args.docs),
             "--queries", "20", "--db", str(args.db)],
            check=True,
        )  # fmt: skip
    store = Store(sqlite_url(store_path(args.db)))
    total = store.tasks(TaskQuery(include_gone=True, limit=1)).total
    print(f"store: {store.count():,} documents, {total:,} tasks ({store_path(args.db)})")
    rng = random.Random(7)
    # random days, and days when recurring duties fall due (7 days before 30/6, 31/12's eve)
    days = [date(2016, 1, 1) + timedelta(days=rng.randint(0, 3650)) for _ in range(args.days)]
    for today in [*days, date(2024, 6, 23), date(2025, 12, 30)]:
        started = time.perf_counter()
        reminders = scan(store, today, Rules())
        seconds = time.perf_counter() - started
        recurring = sum(1 for r in reminders if r.rule.endswith("/recurring"))
        print(
            f"  scan for {today}: {len(reminders):,} reminders "
            f"({recurring:,} of recurring duties) in {seconds:.2f} s"
        )
    store.close()


if __name__ == "__main__":
    main()
