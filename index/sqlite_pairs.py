"""Adjacent word pairs in an FTS5 table of their own, so a phrase needs no position lists.

FTS5 answers a phrase ("công an xã") by walking the position lists of every row that
holds all its words: 30-75 ms on 100,000 documents for common words (bench/index.py),
before anything is ranked. Search engines index word pairs ("shingles") for this; here
each document's pairs, folded and joined ("cong_an an_xa"), go into ``documents_pairs``,
contentless and without positions (``detail=none``): a two-word phrase is one pair term,
as exact as the phrase; a longer one is the AND of its consecutive pairs, which a text
holding "công an" and "an xã" apart would also match. Pairs never cross a field: the
fields are those of ``documents_fts``, one pair list per document.
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
    pairs, content='', detail=none,
    tokenize="unicode61 remove_diacritics 2 tokenchars '_'"
);
"""
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 calls a token: letters and digits
_PHRASE = re.compile(r'^"([^"*]+)"$')
# The stored values the pairs are made of, by rowid.
_VALUES = (
    f"SELECT {', '.join('t.text' if c == 'text' else f'd.{c}' for c in FTS_COLUMNS)} "
    "FROM documents d JOIN document_texts t ON t.rowid = d.rowid"
)


def pair_tokens(values: Iterable[str | None]) -> str:
    """Each field's neighbouring words, folded and joined, once each.

    >>> pair_tokens(["Công an xã", None, "226-CV/ĐU"])
    '226_cv an_xa cong_an cv_du'
    """
    pairs: set[str] = set()
    for value in values:
        if value:
            words = _WORD.findall(strip_accents(value).lower())
            pairs.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return " ".join(sorted(pairs))


def phrase_pairs(term: str) -> tuple[str, ...]:
    """The pair terms standing for an FTS5 phrase term; ``()`` for anything else.

    >>> phrase_pairs('"cong an xa"')
    ('"cong_an"', '"an_xa"')
    >>> phrase_pairs('"cong"'), phrase_pairs('"nh"*')
    ((), ())
    """
    found = _PHRASE.match(term)
    words = found.group(1).split() if found else []
    return tuple(dict.fromkeys(f'"{a}_{b}"' for a, b in zip(words, words[1:], strict=False)))


def add(db: sqlite3.Connection, rowid: int, values: Iterable[str | None]) -> None:
    db.execute(f"INSERT INTO {TABLE} (rowid, pairs) VALUES (?, ?)", (rowid, pair_tokens(values)))


def remove(db: sqlite3.Connection, rowid: int) -> None:
    """Take a row out (contentless: the pairs it was given are made again and handed back)."""
    row = db.execute(f"{_VALUES} WHERE d.rowid = ?", (rowid,)).fetchone()
    if row is not None:
        db.execute(
            f"INSERT INTO {TABLE} ({TABLE}, rowid, pairs) VALUES ('delete', ?, ?)",
            (rowid, pair_tokens(row)),
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
