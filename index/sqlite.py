"""The embedded backend: one SQLite file with an FTS5 index, zero set-up."""

from __future__ import annotations

import html
import json
import sqlite3
import threading
from pathlib import Path

from directives.errors import IndexBackendError
from extractors.fold import fold, fold_d
from index.base import SearchHit, SearchPage, SearchQuery, SourceState
from index.models import IndexedDocument
from index.queries import build_match, build_proximity

SCHEMA_VERSION = 1
_COLUMNS = (
    "id",
    "sha256",
    "filename",
    "text",
    "doc_type",
    "number",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "subject",
    "urgency",
    "security",
    "ingested_at",
)
# FTS columns, in order, and their bm25 weights: a hit in the number or subject counts most.
_FTS = ("number", "doc_type", "issuer", "subject", "text")
_WEIGHTS = "10.0, 2.0, 4.0, 6.0, 1.0"
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use sentinels, escaped to <mark>

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    text TEXT NOT NULL,
    doc_type TEXT, number TEXT, issuer TEXT, issuer_parent TEXT, place TEXT,
    date TEXT, year INTEGER, subject TEXT, urgency TEXT, security TEXT,
    doc_type_key TEXT, issuer_key TEXT,
    ingested_at TEXT NOT NULL,
    meta TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_type ON documents(doc_type_key);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    seen_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    {", ".join(_FTS)},
    content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
PRAGMA user_version = {SCHEMA_VERSION};
"""


def _fold_d(value: str | None) -> str | None:
    return fold_d(value) if value else value


class SqliteIndex:
    """SQLite FTS5 backend. Safe to share between threads; writes are serialized."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.create_function("fold_d", 1, _fold_d, deterministic=True)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise IndexBackendError(f"cannot open the index at {self.path}: {e}") from e
        self._lock = threading.RLock()

    # -- writing ---------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        with self._lock:
            return (
                self._db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone()
                is not None
            )

    def source_state(self, path: str, doc_id: str) -> SourceState:
        with self._lock:
            row = self._db.execute("SELECT doc_id FROM sources WHERE path=?", (path,)).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == doc_id else "changed"

    def put(self, document: IndexedDocument, source: str) -> None:
        with self._lock, self._transaction():
            if not self._exists(document.id):
                self._insert(document)
            self._point(source, document.id)

    def link(self, source: str, doc_id: str) -> None:
        with self._lock, self._transaction():
            self._point(source, doc_id)

    def _exists(self, doc_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None
        )

    def _insert(self, d: IndexedDocument) -> None:
        values = [getattr(d, c) for c in _COLUMNS]
        cursor = self._db.execute(
            f"INSERT INTO documents ({', '.join(_COLUMNS)}, year, doc_type_key, issuer_key, meta)"
            f" VALUES ({', '.join('?' * (len(_COLUMNS) + 4))})",
            [
                *values,
                d.year,
                _key(d.doc_type),
                _key(d.issuer),
                json.dumps(d.meta, ensure_ascii=False, default=str),
            ],
        )
        self._db.execute(
            f"INSERT INTO documents_fts (rowid, {', '.join(_FTS)}) VALUES (?, {', '.join('?' * len(_FTS))})",
            [cursor.lastrowid, *(_fold_d(getattr(d, c)) for c in _FTS)],
        )

    def _point(self, source: str, doc_id: str) -> None:
        row = self._db.execute("SELECT doc_id FROM sources WHERE path=?", (source,)).fetchone()
        self._db.execute(
            "INSERT INTO sources(path, doc_id) VALUES (?, ?) "
            "ON CONFLICT(path) DO UPDATE SET doc_id=excluded.doc_id, seen_at=datetime('now')",
            (source, doc_id),
        )
        if row and row[0] != doc_id:
            self._drop_if_orphan(row[0])

    def _drop_if_orphan(self, doc_id: str) -> None:
        """A changed file replaces its old version unless another path still holds it."""
        if self._db.execute("SELECT 1 FROM sources WHERE doc_id=?", (doc_id,)).fetchone():
            return
        self._db.execute(
            f"INSERT INTO documents_fts (documents_fts, rowid, {', '.join(_FTS)}) "
            f"SELECT 'delete', rowid, {', '.join(f'fold_d({c})' for c in _FTS)} FROM documents WHERE id=?",
            (doc_id,),
        )
        self._db.execute("DELETE FROM documents WHERE id=?", (doc_id,))

    def _transaction(self):
        return _Transaction(self._db)

    # -- reading ---------------------------------------------------------------------

    def get(self, doc_id: str) -> IndexedDocument | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)}, meta FROM documents WHERE id=?", (doc_id,)
            ).fetchone()
        if row is None:
            return None
        *values, meta = row
        return IndexedDocument(**dict(zip(_COLUMNS, values, strict=True)), meta=json.loads(meta))

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def search(self, query: SearchQuery) -> SearchPage:
        match = build_match(query.q)
        proximity = build_proximity(query.q)
        where, params = _filters(query)
        with self._lock:
            if match is None:
                return self._browse(where, params, query)
            sql_where = " AND ".join(["documents_fts MATCH ?", *where])
            total = self._db.execute(
                "SELECT count(*) FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                f"WHERE {sql_where}",
                [match, *params],
            ).fetchone()[0]
            # bm25 is negative (lower is better); documents where the query's words stand
            # next to each other get that phrase score added.
            bonus = (
                f"coalesce((SELECT bm25(p.documents_fts, {_WEIGHTS}) FROM documents_fts AS p "
                "WHERE p.documents_fts MATCH ? AND p.rowid = documents_fts.rowid), 0)"
                if proximity
                else "0"
            )
            rows = self._db.execute(
                "SELECT d.id, d.doc_type, d.number, d.issuer, d.date, d.subject, "
                f"snippet(documents_fts, 4, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 24), "
                f"bm25(documents_fts, {_WEIGHTS}) + {bonus} AS score "
                "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                f"WHERE {sql_where} ORDER BY score, d.date DESC, d.id LIMIT ? OFFSET ?",
                [*([proximity] if proximity else []), match, *params, query.limit, query.offset],
            ).fetchall()
        return SearchPage(total, tuple(_hit(r) for r in rows))

    def _browse(self, where: list[str], params: list[object], query: SearchQuery) -> SearchPage:
        sql_where = " AND ".join(where) or "1"
        total = self._db.execute(
            f"SELECT count(*) FROM documents d WHERE {sql_where}", params
        ).fetchone()[0]
        rows = self._db.execute(
            "SELECT d.id, d.doc_type, d.number, d.issuer, d.date, d.subject, substr(d.text, 1, 200), 0 "
            f"FROM documents d WHERE {sql_where} ORDER BY d.date DESC, d.id LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        return SearchPage(total, tuple(_hit(r) for r in rows))

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: nothing half-written."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self._db.execute("ROLLBACK" if kind else "COMMIT")


def _key(value: str | None) -> str | None:
    return fold(value) if value else None


def _filters(query: SearchQuery) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if query.doc_type:
        where.append("d.doc_type_key = ?")
        params.append(fold(query.doc_type))
    if query.issuer:
        where.append("d.issuer_key LIKE ?")
        params.append(f"%{fold(query.issuer)}%")
    if query.year:
        where.append("d.year = ?")
        params.append(query.year)
    return where, params


def _hit(row: tuple) -> SearchHit:
    doc_id, doc_type, number, issuer, date, subject, snippet, score = row
    snippet = html.escape(" ".join((snippet or "").split()))
    snippet = snippet.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
    return SearchHit(doc_id, doc_type, number, issuer, date, subject, snippet, float(score))
