"""The embedded backend: one SQLite file with FTS5, zero set-up.

This module writes (one transaction per document: the row, its text, both FTS tables,
citations and tasks) and reads documents, citations and tasks; searching is
index/sqlite_search.py, on the term bitmaps of index/sqlite_terms.py and the columns of
index/sqlite_columns.py.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from directives.errors import IndexBackendError
from extractors.fold import fold, fold_d
from index import sqlite_pairs as pairs
from index import sqlite_tasks as tasks_db
from index.base import (
    CitationLink,
    DocRef,
    SearchPage,
    SearchQuery,
    SourceState,
)
from index.common import DOCUMENT_FIELDS, date_bounds, resolve_citation, same_issuer
from index.lookup import number_tokens
from index.sqlite_columns import Columns
from index.sqlite_files import connect
from index.sqlite_schema import (
    FTS_COLUMNS,
    MIGRATE_3_TO_4,
    SCHEMA,
    SCHEMA_VERSION,
)
from index.sqlite_search import Search
from index.sqlite_terms import BUMP, TermRows
from store.models import CitedNumber, IndexedDocument, number_key, security_level
from store.tracking import Status, TaskEvent, TaskPage, TaskQuery, TaskRecord, anchor_key

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
            if has_tables and version == 3:
                _migrate_3_to_4(self._db)
                version = 4
            if has_tables and version == 4:
                _migrate_4_to_5(self._db)
                version = SCHEMA_VERSION
            if has_tables and version != SCHEMA_VERSION:
                raise IndexBackendError(
                    f"the index at {self.path} has layout {version}, this version needs "
                    f"{SCHEMA_VERSION}: move it aside and run `directives reindex`, which "
                    "rebuilds it from the stored originals"
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

    def source_state(self, path: str, doc_id: str) -> SourceState:
        with self._lock:
            row = self._db.execute("SELECT doc_id FROM sources WHERE path=?", (path,)).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == doc_id else "changed"

    def put(self, document: IndexedDocument, source: str) -> None:
        with self._lock, _Stale(self), self._transaction():
            row = self._db.execute("SELECT doc_id FROM sources WHERE path=?", (source,)).fetchone()
            old = row[0] if row and row[0] != document.id else None
            replaces = old is not None and not self._held_elsewhere(old, source)
            carried = old if replaces else None
            if not self._exists(document.id):
                lineage = (self._lineage(carried) if carried else None) or document.id
                self._insert(document, lineage)
                tasks_db.write_tasks(self._db, document.id, lineage, document.tasks, carried)
            elif carried:  # the file now holds content another path already brought in
                tasks_db.retire_tasks(self._db, carried, document.id)
            self._point(source, document.id)
            if carried:
                self._delete(carried)

    def refresh(self, document: IndexedDocument) -> None:
        with self._lock, _Stale(self), self._transaction():
            lineage = self._lineage(document.id)
            if lineage is None:
                raise IndexBackendError(f"cannot refresh {document.id}: it is not in the index")
            rowid = self._db.execute(
                "SELECT rowid FROM documents WHERE id=?", (document.id,)
            ).fetchone()[0]
            self._replace(rowid, document, lineage)
            tasks_db.write_tasks(self._db, document.id, lineage, document.tasks, document.id)

    def link(self, source: str, doc_id: str) -> None:
        with self._lock, self._transaction():
            self._point(source, doc_id)

    def _exists(self, doc_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None
        )

    def _lineage(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT lineage FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def _held_elsewhere(self, doc_id: str, source: str) -> bool:
        return (
            self._db.execute(
                "SELECT 1 FROM sources WHERE doc_id=? AND path != ?", (doc_id, source)
            ).fetchone()
            is not None
        )

    def _insert(self, d: IndexedDocument, lineage: str) -> None:
        row = _row(d, lineage)
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

    def _replace(self, rowid: int, d: IndexedDocument, lineage: str) -> None:
        """The same document, extracted again: the row is updated in place."""
        self._db.execute(BUMP)
        self._unindex_text(rowid)
        self._db.execute("DELETE FROM citations WHERE doc_id=?", (d.id,))
        row = _row(d, lineage)
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

    def _point(self, source: str, doc_id: str) -> None:
        self._db.execute(
            "INSERT INTO sources(path, doc_id) VALUES (?, ?) "
            "ON CONFLICT(path) DO UPDATE SET doc_id=excluded.doc_id, seen_at=datetime('now')",
            (source, doc_id),
        )

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

    def document_ids(self) -> Iterator[tuple[str, str, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, sha256, filename FROM documents ORDER BY rowid"
            ).fetchall()
        yield from rows

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

    # -- tasks -----------------------------------------------------------------------

    def tasks(self, query: TaskQuery) -> TaskPage:
        with self._lock:
            return tasks_db.query_tasks(self._db, query)

    def each_task(self, query: TaskQuery) -> Iterator[TaskRecord]:
        if self.path == ":memory:":
            with self._lock:
                rows = list(tasks_db.stream_tasks(self._db, query))
            yield from rows
            return
        # a connection of its own: WAL lets it read while this one writes, and nothing
        # is held in memory but the rows being handed out
        reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield from tasks_db.stream_tasks(reader, query)
        finally:
            reader.close()

    def task(self, task_id: str) -> TaskRecord | None:
        with self._lock:
            return tasks_db.get_task(self._db, task_id)

    def update_task(
        self,
        task_id: str,
        *,
        who: str,
        status: Status | None = None,
        note: str | None = None,
        if_version: str | None = None,
    ) -> TaskRecord:
        with self._lock:
            with self._transaction():
                tasks_db.update_task(
                    self._db, task_id, who=who, status=status, note=note, if_version=if_version
                )
            record = tasks_db.get_task(self._db, task_id)
        assert record is not None
        return record

    def task_history(self, task_id: str) -> tuple[TaskEvent, ...]:
        with self._lock:
            return tasks_db.history(self._db, task_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _migrate_4_to_5(db: sqlite3.Connection) -> None:
    """Layout 5 adds the word pairs of every document (index/sqlite_pairs.py)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        pairs.backfill(db)
        db.execute("PRAGMA user_version = 5")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(MIGRATE_3_TO_4)
        rows = db.execute("SELECT id, text, recurrence FROM tasks WHERE recurring = 1").fetchall()
        db.executemany(
            "UPDATE tasks SET recur_anchor=? WHERE id=?",
            [(anchor_key(text, tuple(json.loads(rec))), task_id) for task_id, text, rec in rows],
        )
        db.execute("PRAGMA user_version = 4")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


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


def _row(d: IndexedDocument, lineage: str) -> dict[str, Any]:
    """The documents row: the stored fields and the keys search and joins use."""
    date_lo, date_hi = date_bounds(d.date)
    return {
        **{c: getattr(d, c) for c in _COLUMNS},
        "lineage": lineage,
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
