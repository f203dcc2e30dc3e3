"""Adjacent word pairs in an FTS5 table of their own, so a phrase reads short doclists.

FTS5 answers a phrase ("công an xã") by walking the position lists of every row that
holds all its words: 30-75 ms on 100,000 documents for common words (bench/index.py),
before anything is ranked. Search engines index word pairs ("shingles") for this; here
each field of ``documents_fts`` is stored again in ``documents_pairs`` as its pairs in
order, folded and joined ("Công an xã" -> "cong_an an_xa"). A phrase of n words is the
phrase of its n-1 pairs there, exact as the original (pair i+1 follows pair i exactly
where word i+2 follows word i+1), and a pair is far rarer than either of its words.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from extractors.fold import strip_accents
from index.sqlite_schema import FTS_COLUMNS

TABLE = "documents_pairs"
SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    {", ".join(FTS_COLUMNS)}, content='',
    tokenize="unicode61 remove_diacritics 2 tokenchars '_'"
);
"""
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 calls a token: letters and digits
_PHRASE = re.compile(r'^"([^"*]+)"$')
_NAMES, _MARKS = ", ".join(FTS_COLUMNS), ", ".join("?" * len(FTS_COLUMNS))
# The stored values the pairs are made of, by rowid.
_VALUES = (
    f"SELECT {', '.join('t.text' if c == 'text' else f'd.{c}' for c in FTS_COLUMNS)} "
    "FROM documents d JOIN document_texts t ON t.rowid = d.rowid"
)


def pair_tokens(value: str | None) -> str:
    """A field's neighbouring words, folded and joined, in order.

    >>> pair_tokens("Công an xã Vũ Dương"), pair_tokens("226-CV/ĐU"), pair_tokens(None)
    ('cong_an an_xa xa_vu vu_duong', '226_cv cv_du', '')
    """
    words = _WORD.findall(strip_accents(value).lower()) if value else []
    return " ".join(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))


def phrase_pairs(term: str) -> str | None:
    """The pairs phrase standing for an FTS5 phrase term of two words or more.

    >>> phrase_pairs('"cong an xa"'), phrase_pairs('"cong"'), phrase_pairs('"nh"*')
    ('"cong_an an_xa"', None, None)
    """
    found = _PHRASE.match(term)
    pairs = pair_tokens(found.group(1)) if found else ""
    return f'"{pairs}"' if pairs else None


def add(db: sqlite3.Connection, rowid: int, values: Iterable[str | None]) -> None:
    db.execute(
        f"INSERT INTO {TABLE} (rowid, {_NAMES}) VALUES (?, {_MARKS})",
        (rowid, *(pair_tokens(v) for v in values)),
    )


def stored(db: sqlite3.Connection, rowid: int) -> tuple[str | None, ...] | None:
    """A row's values of the FTS fields as stored (before folding), or None."""
    return db.execute(f"{_VALUES} WHERE d.rowid = ?", (rowid,)).fetchone()


def remove(db: sqlite3.Connection, rowid: int, values: Iterable[str | None]) -> None:
    """Take a row out (contentless: the pairs it was given are made again and handed back)."""
    db.execute(
        f"INSERT INTO {TABLE} ({TABLE}, rowid, {_NAMES}) VALUES ('delete', ?, {_MARKS})",
        (rowid, *(pair_tokens(v) for v in values)),
    )


def backfill(db: sqlite3.Connection) -> int:
    """Make the pairs of every document (layout 4 -> 5); how many. Inside the caller's
    transaction."""
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")  # made again whole, never half
    db.execute(SCHEMA)
    rows = db.execute(f"{_VALUES.replace('SELECT ', 'SELECT d.rowid, ', 1)} ORDER BY d.rowid")
    count = 0
    for rowid, *values in rows:
        add(db, rowid, values)
        count += 1
    return count
