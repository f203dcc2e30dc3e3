"""A consistent copy of the SQLite store while it is in use (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from directives.errors import StoreError


def backup(url: str, out: Path) -> Path:
    """Copy the SQLite store at ``url`` to ``out`` (written beside, then renamed)."""
    database = sa.make_url(url).database
    if not url.startswith("sqlite") or not database or database == ":memory:":
        raise StoreError(f"backup copies a SQLite store file; {url} is not one")
    if not Path(database).exists():
        raise StoreError(f"no store at {database}: run `directives migrate` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    os.replace(partial, out)
    return out
