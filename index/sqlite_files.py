"""Opening the project's SQLite files the same way: folder made, WAL, a busy timeout."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal


def connect(path: str, synchronous: Literal["NORMAL", "FULL"] = "NORMAL") -> sqlite3.Connection:
    """A connection shared between threads, in autocommit mode (callers BEGIN themselves).

    WAL with synchronous=NORMAL: a commit is atomic and durable against a crash of the
    program; a power cut may lose the last commits, never corrupt the file. FULL also
    survives a power cut, for what must never be redone (the reminder log)."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=10000")
    db.execute(f"PRAGMA synchronous={synchronous}")
    return db
