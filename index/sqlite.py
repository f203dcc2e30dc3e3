"""The embedded search projection: one SQLite file with FTS5, zero set-up.

It holds what search needs of each current document, built from the store (store/):
this module writes (one transaction per document: the row, its text, both FTS tables,
its citations) and reads documents and citations; searching is index/sqlite_search.py,
on the term bitmaps of index/sqlite_terms.py and the columns of index/sqlite_columns.py.
The file can be deleted at any time: `directives reindex` builds it again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from directives.errors import IndexBackendError
from extractors.fold import fold, fold_d
from index import sqlite_pairs as pairs
from index.base import (
    CitationLink,
    DocRef,
    SearchPage,
    SearchQuery,
)
from index.common import DOCUMENT_FIELDS, date_bounds, resolve_citation, same_issuer
from index.lookup import number_tokens
from index.sqlite_columns import Columns
from index.sqlite_files import connect
from index.sqlite_schema import (
    FTS_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
)
from index.sqlite_search import Search
from index.sqlite_terms import BUMP, TermRows
from store.models import CitedNumber, IndexedDocument, number_key, security_level

_COLUMNS = DOCUMENT_FIELDS  # text and meta live in document_texts
_REF = "d.id, d.doc_type, d.number, d.issuer, d.date, d.subject"


def _fts_values(values: Iterable[str | None]) -> list[str | None]:
    """The FTS fields' values as FTS5 is given them: đ folded to d, the lookup tokens as
    they are."""
    return [
        v if c == "numkey" or not v else fold_d(v) for c, v in zip(FTS_COLUMNS, values, strict=True)
    ]


class SqliteIndex:
    """SQLite FTS5 backend. Safe to share between threads; writes are serialized."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        try:
            self._db = connect(self.path)
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            has_tables = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE name='documents'"
            ).fetchone()
            if has_tables and version != SCHEMA_VERSION:
                raise IndexBackendError(
                    f"the index at {self.path} has layout {version}, this version needs "
                    f"{SCHEMA_VERSION}: run `directives migrate` (it brings the tasks and "
                    "history an older index held into the store) and `directives reindex`, "
                    "which rebuilds the index from the store"
                )
            self._db.executescript(
                SCHEMA + pairs.SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};"
            )
        except sqlite3.Error as e:
            raise IndexBackendError(f"cannot open the index at {self.path}: {e}") from e
        self._lock = threading.RLock()
        self._cols: Columns | None = None
        self._cols_version, self._stale = -1, True
        self._terms = TermRows()

    # -- writing ---------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        with self._lock:
            return self._exists(doc_id)

    def put(self, document: IndexedDocument) -> None:
        with self._lock, _Stale(self), self._transaction():
            row = self._db.execute(
                "SELECT rowid FROM documents WHERE id=?", (document.id,)
            ).fetchone()
            if row is None:
                self._insert(document)
            else:
                self._replace(row[0], document)

    def delete(self, doc_id: str) -> None:
        with self._lock, _Stale(self), self._transaction():
            self._delete(doc_id)

    def ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT id FROM documents")}

    def _exists(self, doc_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None
        )

    def _insert(self, d: IndexedDocument) -> None:
        row = _row(d)
        cursor = self._db.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        assert cursor.lastrowid is not None
        self._db.execute(
            "INSERT INTO document_texts (rowid, meta, text) VALUES (?, ?, ?)",
            (cursor.lastrowid, _meta(d), d.text),
        )
        self._index_text(cursor.lastrowid, d, row["numkey"])

    def _replace(self, rowid: int, d: IndexedDocument) -> None:
        """The same document, extracted again: the row is updated in place."""
        self._db.execute(BUMP)
        self._unindex_text(rowid)
        self._db.execute("DELETE FROM citations WHERE doc_id=?", (d.id,))
        row = _row(d)
        self._db.execute(
            f"UPDATE documents SET {', '.join(f'{c}=?' for c in row)} WHERE rowid=?",
            [*row.values(), rowid],
        )
        self._db.execute(
            "UPDATE document_texts SET meta=?, text=? WHERE rowid=?", (_meta(d), d.text, rowid)
        )
        self._index_text(rowid, d, row["numkey"])

    def _index_text(self, rowid: int, d: IndexedDocument, numkey: str) -> None:
        fts_values = _fts_values(getattr(d, c) if c != "numkey" else numkey for c in FTS_COLUMNS)
        self._db.execute(
            f"INSERT INTO documents_fts (rowid, {', '.join(FTS_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})",
            [rowid, *fts_values],
        )
        pairs.add(self._db, rowid, fts_values)
        self._db.executemany(
            "INSERT INTO citations (doc_id, ordinal, number, number_key, doc_type, date, issuer, "
            'text, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?)',
            [
                (d.id, n, c.number, number_key(c.number), c.doc_type, c.date, c.issuer)
                + (c.text, c.start, c.end)
                for n, c in enumerate(d.citations)
            ],
        )

    def _unindex_text(self, rowid: int) -> None:
        """Take a row out of both FTS tables (contentless: the old values are handed back)."""
        values = pairs.stored(self._db, rowid)
        if values is None:
            return
        self._db.execute(
            f"INSERT INTO documents_fts (documents_fts, rowid, {', '.join(FTS_COLUMNS)}) "
            f"VALUES ('delete', ?, {', '.join('?' * len(FTS_COLUMNS))})",
            [rowid, *_fts_values(values)],
        )
        pairs.remove(self._db, rowid, values)

    def _delete(self, doc_id: str) -> None:
        """Remove a version no path holds any more; its tasks were carried over already."""
        row = self._db.execute("SELECT rowid FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return
        self._db.execute(BUMP)
        self._unindex_text(row[0])
        self._db.execute("DELETE FROM citations WHERE doc_id=?", (doc_id,))
        self._db.execute("DELETE FROM document_texts WHERE rowid=?", (row[0],))
        self._db.execute("DELETE FROM documents WHERE id=?", (doc_id,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # -- reading ---------------------------------------------------------------------

    def get(self, doc_id: str) -> IndexedDocument | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(f'd.{c}' for c in _COLUMNS)}, t.text, t.meta "
                "FROM documents d JOIN document_texts t ON t.rowid = d.rowid WHERE d.id=?",
                (doc_id,),
            ).fetchone()
            if row is None:
                return None
            cited = self._db.execute(
                'SELECT number, text, start, "end", doc_type, date, issuer FROM citations '
                "WHERE doc_id=? ORDER BY ordinal",
                (doc_id,),
            ).fetchall()
        *values, text, meta = row
        return IndexedDocument(
            **dict(zip(_COLUMNS, values, strict=True)),
            text=text,
            meta=json.loads(meta),
            citations=tuple(CitedNumber(*c) for c in cited),
        )

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def search(self, query: SearchQuery) -> SearchPage:
        with self._lock:
            return Search(self._db, self._terms, self._columns()).run(query)

    def _columns(self) -> Columns:
        """The filter and facet columns, reloaded when anyone wrote since they were read."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._cols is None or self._stale or version != self._cols_version:
            self._cols = Columns.load(self._db)
            self._cols_version, self._stale = version, False
        return self._cols

    def warm(self, limit: int = 1_000) -> int:
        """Load the bitmaps of the most frequent terms (a server calls it once at start,
        from a thread of its own); how many were read."""
        if self.path == ":memory:":
            return 0
        reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            with self._lock:
                self._terms.check(self._db)
            return self._terms.warm(reader, limit)
        finally:
            reader.close()

    # -- citations -------------------------------------------------------------------

    def cites(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        level = 3 if clearance is None else clearance
        with self._lock:
            cited = self._db.execute(
                "SELECT number, number_key, doc_type, date, issuer, text FROM citations "
                "WHERE doc_id=? ORDER BY ordinal",
                (doc_id,),
            ).fetchall()
            links = []
            for number, key, doc_type, date, issuer, text in cited:
                refs = self._db.execute(
                    f"SELECT {_REF} FROM documents d WHERE d.number_key=? AND d.id != ? "
                    "AND d.security_level <= ? ORDER BY d.date_lo DESC, d.id",
                    (key, doc_id, level),
                ).fetchall()
                links.append(
                    CitationLink(
                        number,
                        doc_type,
                        date,
                        issuer,
                        text,
                        resolve_citation([DocRef(*r) for r in refs], issuer),
                    )
                )
        return tuple(links)

    def cited_by(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        level = 3 if clearance is None else clearance
        with self._lock:
            row = self._db.execute(
                "SELECT number_key, issuer FROM documents WHERE id=?", (doc_id,)
            ).fetchone()
            if row is None or row[0] is None:
                return ()
            key, own_issuer = row
            rows = self._db.execute(
                f"SELECT c.number, c.doc_type, c.date, c.issuer, c.text, {_REF} "
                "FROM citations c JOIN documents d ON d.id = c.doc_id "
                "WHERE c.number_key=? AND c.doc_id != ? AND d.security_level <= ? "
                "ORDER BY d.date_lo DESC, d.id, c.ordinal",
                (key, doc_id, level),
            ).fetchall()
        links = []
        for number, doc_type, date, issuer, text, *ref in rows:
            if issuer and own_issuer and not same_issuer(issuer, own_issuer):
                continue  # another body's document with the same number
            links.append(CitationLink(number, doc_type, date, issuer, text, (DocRef(*ref),)))
        return tuple(links)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Stale:
    """Marks the in-memory columns stale once a write is over (committed or not)."""

    def __init__(self, index: SqliteIndex) -> None:
        self._index = index

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self._index._stale = True


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: nothing half-written."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self._db.execute("ROLLBACK" if kind else "COMMIT")


def _row(d: IndexedDocument) -> dict[str, Any]:
    """The documents row: the stored fields and the keys search and joins use."""
    date_lo, date_hi = date_bounds(d.date)
    return {
        **{c: getattr(d, c) for c in _COLUMNS},
        "year": d.year,
        "date_lo": date_lo,
        "date_hi": date_hi,
        "security_level": security_level(d.security),
        "doc_type_key": _key(d.doc_type),
        "issuer_key": _key(d.issuer),
        "number_key": number_key(d.number) if d.number else None,
        "numkey": number_tokens(d.number, d.doc_type),
        "task_count": len(d.tasks),
    }


def _meta(d: IndexedDocument) -> str:
    return json.dumps(d.meta, ensure_ascii=False, default=str)


def _key(value: str | None) -> str | None:
    return fold(value) if value else None
