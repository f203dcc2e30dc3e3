"""Which rows hold each frequent search term, kept in memory as bitmaps.

A query of common words ("ủy ban nhân dân tỉnh" matches most documents of a province's
index) makes FTS5 walk every matching row's position list to find the matches, 20-90 ms
on 100,000 documents (bench/index.py) before anything is ranked. Search engines keep
such sets cached (Lucene's filter cache); here every term that matches at least
``MIN_ROWS`` rows keeps a packed bitmap over rowids (12.5 KB per 100,000 rows), and a query
is the AND of its terms' bitmaps: microseconds.

Bitmaps cover the rows up to a snapshot rowid; rows indexed later are asked from FTS5
with ``rowid > snapshot``, which reads only the ends of the doclists. A document removed
or re-extracted bumps a generation number in the index (any process may write), and the
bitmaps are dropped; so they are when the rows past the snapshot grow too many.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

import numpy as np

from index import sqlite_pairs as pairs
from index.sqlite_pairs import phrase_pairs

_PAIRS = "pairs:"  # a key of a term of the pairs table
MIN_ROWS = 2_000  # rarer terms are cheap to read from FTS5 each time
BUDGET = 64 * 2**20  # bytes of bitmaps kept (least recently used dropped first)
TAIL = 0.05  # rows past the snapshot, as a share of it, before the bitmaps are rebuilt

GENERATION = "SELECT coalesce((SELECT value FROM index_state WHERE name='generation'), 0)"
BUMP = (
    "INSERT INTO index_state (name, value) VALUES ('generation', 1) "
    "ON CONFLICT(name) DO UPDATE SET value = value + 1"
)


def fts_rowids(
    db: sqlite3.Connection,
    match: str,
    low: int = 0,
    high: int | None = None,
    table: str = "documents_fts",
) -> np.ndarray:
    """Rowids matching an FTS5 expression in ``low < rowid <= high``, ascending."""
    bounds, args = "rowid > ?", [match, low]
    if high is not None:
        bounds += " AND rowid <= ?"
        args.append(high)
    # one string from SQLite is much cheaper than 80,000 Python rows
    joined = db.execute(
        f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ? AND {bounds}",
        args,
    ).fetchone()[0]
    # numpy parses the text in C: 3 ms for 98,000 rowids, where split() and array() take 28
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.empty(0, np.int64)


class TermRows:
    """Bitmaps of frequent terms over rowids ``1 … snapshot``; safe between threads."""

    def __init__(self, budget: int = BUDGET, min_rows: int = MIN_ROWS) -> None:
        self._bits: OrderedDict[str, np.ndarray] = OrderedDict()
        self._counts: dict[str, int] = {}  # rows per term, for terms read since the snapshot
        self._budget, self._min_rows = budget, min_rows
        self._lock = threading.Lock()
        self.snapshot, self.generation = 0, -1

    def check(self, db: sqlite3.Connection) -> None:
        """Drop the bitmaps when rows were removed or changed, or too many were added."""
        generation = db.execute(GENERATION).fetchone()[0]
        top = db.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0]
        with self._lock:
            if generation != self.generation or top - self.snapshot > TAIL * self.snapshot:
                self._bits.clear()
                self._counts.clear()
                self.snapshot, self.generation = top, generation

    def matching(self, db: sqlite3.Connection, terms: tuple[str, ...]) -> np.ndarray:
        """Rowids (ascending) holding every one of ``terms``, the snapshot and after."""
        snapshot = self.snapshot
        found: np.ndarray | None = None
        # a phrase is the phrase of its word pairs (index/sqlite_pairs.py), whose
        # doclists are short; rows past the snapshot are matched by FTS5 itself below
        keys = [_PAIRS + p if (p := phrase_pairs(term)) else term for term in terms]
        for term in keys:
            bits = self._cached(term, snapshot)
            if bits is None:
                bits = self._read(db, term, snapshot)
            found = bits if found is None else found & bits
            if not found.any():
                break
        old = (
            np.flatnonzero(np.unpackbits(found, count=snapshot + 1))
            if found is not None
            else np.empty(0, np.int64)
        )
        new = fts_rowids(db, " ".join(terms), low=snapshot)
        return np.concatenate((old, new)) if len(new) else old

    def warm(self, db: sqlite3.Connection, limit: int = 1_000) -> int:
        """Read the bitmaps of the ``limit`` most frequent words and as many word pairs;
        how many were read.

        Meant for a server at start, on a connection of its own: the vocabulary scans and
        the doclists take about 10 s on 100,000 documents.
        """
        read = 0
        for table, prefix in (("documents_fts", ""), (pairs.TABLE, _PAIRS)):
            db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING "
                       f"fts5vocab(main, {table}, row)")  # fmt: skip
            frequent = db.execute(
                f"SELECT term FROM temp.{table}_terms WHERE doc >= ? ORDER BY doc DESC LIMIT ?",
                (self._min_rows, limit),
            ).fetchall()
            for (term,) in frequent:
                key, snapshot = f'{prefix}"{term}"', self.snapshot
                if '"' not in term and self._cached(key, snapshot) is None:
                    self._read(db, key, snapshot)
                    read += 1
        return read

    def common(self, term: str, share: float) -> bool:
        """Whether ``term`` was seen in more than ``share`` of the rows (unknown: no)."""
        with self._lock:
            return self._counts.get(term, 0) > share * self.snapshot

    def holding(self, db: sqlite3.Connection, pair: str, rowids: np.ndarray) -> np.ndarray:
        """Which of ``rowids`` hold the word pair ``pair`` ("cong_an") in some field.

        From the pair's bitmap when it is loaded; otherwise FTS5 reads the pair's doclist
        from the lowest of ``rowids`` on (a few newest rows: the end of the doclist).
        """
        key, snapshot = f'{_PAIRS}"{pair}"', self.snapshot
        bits = self._cached(key, snapshot)
        if bits is None:
            low = int(rowids.min()) - 1
            return np.isin(rowids, fts_rowids(db, f'"{pair}"', low=low, table=pairs.TABLE))
        old = rowids <= snapshot
        out = np.zeros(len(rowids), dtype=np.bool_)
        at = rowids[old]
        out[old] = (bits[at >> 3] >> (7 - (at & 7))) & 1  # packbits: first bit highest
        if not old.all():
            new = fts_rowids(db, f'"{pair}"', low=snapshot, table=pairs.TABLE)
            out[~old] = np.isin(rowids[~old], new)
        return out

    def _cached(self, term: str, snapshot: int) -> np.ndarray | None:
        with self._lock:
            if snapshot != self.snapshot:
                return None
            bits = self._bits.get(term)
            if bits is not None:
                self._bits.move_to_end(term)
            return bits

    def _read(self, db: sqlite3.Connection, term: str, snapshot: int) -> np.ndarray:
        if term.startswith(_PAIRS):
            rows = fts_rowids(db, term.removeprefix(_PAIRS), high=snapshot, table=pairs.TABLE)
        else:
            rows = fts_rowids(db, term, high=snapshot)
        mask = np.zeros(snapshot + 1, dtype=np.bool_)
        mask[rows] = True
        bits = np.packbits(mask)
        with self._lock:
            if snapshot == self.snapshot:
                self._counts[term] = len(rows)
        if len(rows) >= self._min_rows:
            with self._lock:
                if snapshot == self.snapshot:
                    self._bits[term] = bits
                    while len(self._bits) * bits.nbytes > self._budget:
                        self._bits.popitem(last=False)
        return bits
