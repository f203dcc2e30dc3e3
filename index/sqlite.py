"""The embedded backend: one SQLite file with FTS5, zero set-up.

Search runs in two steps: FTS5 ranks every match by bm25 (the number lookup token
weighs most), then the first ``RERANK`` are re-ranked with two bonuses — the query's
words standing next to each other, and the words matching with the accents the clerk
typed — and only the page shown gets snippets.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from directives.errors import IndexBackendError
from extractors.fold import fold, fold_d
from index import sqlite_tasks as tasks_db
from index.base import (
    FACETS,
    CitationLink,
    DocRef,
    FacetCount,
    SearchHit,
    SearchPage,
    SearchQuery,
    SourceState,
)
from index.lookup import lookup_tokens, number_tokens
from index.models import CitedNumber, IndexedDocument, number_key, security_level
from index.queries import build_lookup, build_match, build_proximity
from index.snippets import exact_count, exact_words, query_terms, snippet
from index.sqlite_schema import (
    EXACT_COLUMNS,
    FTS_COLUMNS,
    FTS_WEIGHTS,
    SCHEMA,
    SCHEMA_VERSION,
)
from index.tracking import Status, TaskEvent, TaskPage, TaskQuery, TaskRecord

RERANK = 100  # matches re-ranked by the accent bonus; later pages keep bm25 order
EXACT_BONUS = 3.0  # per query word found with the accents typed (twice in the subject)
FACET_SIZE = 20
_COLUMNS = (
    "id",
    "sha256",
    "filename",
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
_HIT = "d.id, d.doc_type, d.number, d.issuer, d.date, d.subject"
_REF = "d.id, d.doc_type, d.number, d.issuer, d.date, d.subject"


def _fold_d(value: str | None) -> str | None:
    return fold_d(value) if value else value


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """A partial date covers a range: "2025-11" -> ("2025-11-01", "2025-11-31")."""
    if not value:
        return None, None
    parts = value.split("-")
    low = "-".join(parts + ["01"] * (3 - len(parts)))
    high = "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"])[: 3 - len(parts)])
    return low, high


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
            # WAL with synchronous=NORMAL: a commit is atomic and durable against a crash of
            # the program; a power cut may lose the last commits, never corrupt the file
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.create_function("fold_d", 1, _fold_d, deterministic=True)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            has_tables = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE name='documents'"
            ).fetchone()
            if has_tables and version != SCHEMA_VERSION:
                raise IndexBackendError(
                    f"the index at {self.path} has layout {version}, this version needs "
                    f"{SCHEMA_VERSION}: move it aside and run `directives reindex`, which "
                    "rebuilds it from the stored originals"
                )
            self._db.executescript(SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")
        except sqlite3.Error as e:
            raise IndexBackendError(f"cannot open the index at {self.path}: {e}") from e
        self._lock = threading.RLock()

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
        with self._lock, self._transaction():
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
        with self._lock, self._transaction():
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
        fts_values = [_fold_d(getattr(d, c)) if c != "numkey" else numkey for c in FTS_COLUMNS]
        self._db.execute(
            f"INSERT INTO documents_fts (rowid, {', '.join(FTS_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})",
            [rowid, *fts_values],
        )
        self._db.execute(
            f"INSERT INTO documents_exact (rowid, {', '.join(EXACT_COLUMNS)}) VALUES (?, ?, ?)",
            [rowid, *(getattr(d, c) for c in EXACT_COLUMNS)],
        )
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
        joined = "documents d JOIN document_texts t ON t.rowid = d.rowid WHERE d.rowid=?"
        fts = [f"fold_d({_col(c)})" if c != "numkey" else "d.numkey" for c in FTS_COLUMNS]
        self._db.execute(
            f"INSERT INTO documents_fts (documents_fts, rowid, {', '.join(FTS_COLUMNS)}) "
            f"SELECT 'delete', d.rowid, {', '.join(fts)} FROM {joined}",
            (rowid,),
        )
        self._db.execute(
            f"INSERT INTO documents_exact (documents_exact, rowid, {', '.join(EXACT_COLUMNS)}) "
            f"SELECT 'delete', d.rowid, {', '.join(_col(c) for c in EXACT_COLUMNS)} FROM {joined}",
            (rowid,),
        )

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
        tokens = lookup_tokens(query.q)
        words = build_match(query.q)
        match = build_lookup(tokens, words)
        where, params = _filters(query)
        with self._lock:
            if match is None:
                return self._browse(where, params, query)
            sql_where = " AND ".join(["documents_fts MATCH ?", *where])
            source = "documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            facets, total = self._facets(source, sql_where, [match, *params], query)
            if query.sort == "date":
                rows = self._db.execute(
                    f"SELECT d.rowid, 0.0 FROM {source} WHERE {sql_where} "
                    "ORDER BY d.date_lo DESC, d.id LIMIT ? OFFSET ?",
                    [match, *params, query.limit, query.offset],
                ).fetchall()
                ranked = [(r[0], r[1]) for r in rows]
            else:
                proximity = build_proximity(query.q) if not tokens else None
                scored = f"({match}) AND ({proximity} OR {match})" if proximity else match
                ranked = self._ranked(source, sql_where, [scored, *params], query, bool(where))
            hits = self._page(query.q, ranked)
        return SearchPage(total, hits, facets)

    def _ranked(
        self,
        source: str,
        sql_where: str,
        params: list[Any],
        query: SearchQuery,
        filtered: bool,
    ) -> list[tuple[int, float]]:
        """(rowid, score) of the page asked for; lower scores rank first (bm25 is negative).

        The MATCH expression carries the query's adjacent word pairs as optional phrases,
        so bm25 already ranks "Vũ Dương" above "vụ … dưỡng"; the first ``RERANK`` rows then
        get a bonus for the words typed with their accents, and ties go to the newest.
        """
        score = f"bm25(documents_fts, {FTS_WEIGHTS})"
        if filtered:
            base = (
                f"SELECT d.rowid, {score} AS score FROM {source} WHERE {sql_where} ORDER BY score "
            )
        else:  # FTS5 alone orders by rank much faster than through the join
            base = (
                f"SELECT rowid, {score} AS score FROM documents_fts "
                "WHERE documents_fts MATCH ? ORDER BY score "
            )
        if query.offset >= RERANK:
            rows = self._db.execute(
                base + "LIMIT ? OFFSET ?", [*params, query.limit, query.offset]
            ).fetchall()
            return [(r[0], r[1]) for r in rows]
        rows = self._db.execute(base + "LIMIT ?", [*params, RERANK]).fetchall()
        if not rows:
            return []
        exact = exact_words(query.q)
        marks = ",".join("?" * len(rows))
        info = {
            r[0]: r[1:]
            for r in self._db.execute(
                f"SELECT d.rowid, d.date_lo, d.id, {'d.subject, t.text' if exact else 'NULL, NULL'} "
                "FROM documents d JOIN document_texts t ON t.rowid = d.rowid "
                f"WHERE d.rowid IN ({marks})",
                [r[0] for r in rows],
            )
        }

        def final(row: tuple[int, float]) -> float:
            if not exact:
                return row[1]
            _, _, subject, text = info[row[0]]
            return row[1] - EXACT_BONUS * (
                2 * exact_count(subject or "", exact) + exact_count(text, exact)
            )

        scored = [(r[0], final(r)) for r in rows]
        scored.sort(key=lambda r: (r[1], _desc(info[r[0]][0]), info[r[0]][1]))
        return scored[query.offset : query.offset + query.limit]

    def _page(self, q: str, ranked: list[tuple[int, float]]) -> tuple[SearchHit, ...]:
        if not ranked:
            return ()
        marks = ",".join("?" * len(ranked))
        rows = self._db.execute(
            f"SELECT d.rowid, {_HIT}, t.text, d.urgency, d.security, d.task_count "
            "FROM documents d JOIN document_texts t ON t.rowid = d.rowid "
            f"WHERE d.rowid IN ({marks})",
            [r for r, _ in ranked],
        ).fetchall()
        terms = query_terms(q)
        by_rowid = {r[0]: (*r[1:7], snippet(r[7], terms), *r[8:]) for r in rows}
        return tuple(_hit(by_rowid[rowid], score) for rowid, score in ranked if rowid in by_rowid)

    def _facets(
        self, source: str, sql_where: str, params: list[Any], query: SearchQuery
    ) -> tuple[dict[str, tuple[FacetCount, ...]], int]:
        if not query.facets:
            total = self._db.execute(
                f"SELECT count(*) FROM {source} WHERE {sql_where}", params
            ).fetchone()[0]
            return {}, int(total)
        counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        total = 0
        for row in self._db.execute(
            f"SELECT d.doc_type, d.issuer, d.year, d.urgency, d.security, d.task_count > 0 "
            f"FROM {source} WHERE {sql_where}",
            params,
        ):
            total += 1
            for name, value in zip(FACETS, row, strict=True):
                if value is not None:
                    counters[name][_facet_value(name, value)] += 1
        facets = {
            name: tuple(
                FacetCount(v, c)
                for v, c in sorted(counter.items(), key=lambda vc: (-vc[1], vc[0]))[:FACET_SIZE]
            )
            for name, counter in counters.items()
        }
        return facets, total

    def _browse(self, where: list[str], params: list[Any], query: SearchQuery) -> SearchPage:
        sql_where = " AND ".join(where) or "1"
        facets, total = self._facets("documents d", sql_where, params, query)
        rows = self._db.execute(
            f"SELECT {_HIT}, (SELECT substr(t.text, 1, 300) FROM document_texts t "
            "WHERE t.rowid = d.rowid), d.urgency, d.security, d.task_count "
            f"FROM documents d WHERE {sql_where} ORDER BY d.date_lo DESC, d.id LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        hits = tuple(_hit((*r[:6], snippet(r[6], ()), *r[7:]), 0.0) for r in rows)
        return SearchPage(total, hits, facets)

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
                    CitationLink(number, doc_type, date, issuer, text, _resolve(refs, issuer))
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
            if issuer and own_issuer and not _same_issuer(issuer, own_issuer):
                continue  # another body's document with the same number
            links.append(CitationLink(number, doc_type, date, issuer, text, (DocRef(*ref),)))
        return tuple(links)

    # -- tasks -----------------------------------------------------------------------

    def tasks(self, query: TaskQuery) -> TaskPage:
        with self._lock:
            return tasks_db.query_tasks(self._db, query)

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


def _col(name: str) -> str:
    """A column of the documents/document_texts join, qualified."""
    return f"t.{name}" if name == "text" else f"d.{name}"


def _key(value: str | None) -> str | None:
    return fold(value) if value else None


def _desc(text: str | None) -> str:
    """A sort key that orders ISO dates newest first (and missing dates last)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _facet_value(name: str, value: object) -> str:
    if name == "has_tasks":
        return "true" if value else "false"
    return str(value)


def _same_issuer(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa


def _resolve(refs: list[tuple[Any, ...]], issuer: str | None) -> tuple[DocRef, ...]:
    """The indexed documents a citation points at; the issuer decides between namesakes."""
    docs = [DocRef(*r) for r in refs]
    if issuer and len(docs) > 1:
        named = [d for d in docs if d.issuer and _same_issuer(issuer, d.issuer)]
        docs = named or docs
    return tuple(docs)


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
    if query.date_from:
        where.append("d.date_hi >= ?")
        params.append(date_bounds(query.date_from)[0])
    if query.date_to:
        where.append("d.date_lo <= ?")
        params.append(date_bounds(query.date_to)[1])
    if query.urgency:
        where.append("lower(d.urgency) = lower(?)")
        params.append(query.urgency)
    if query.security:
        where.append("lower(d.security) = lower(?)")
        params.append(query.security)
    if query.has_tasks is not None:
        where.append("d.task_count > 0" if query.has_tasks else "d.task_count = 0")
    if query.clearance is not None:
        where.append("d.security_level <= ?")
        params.append(query.clearance)
    return where, params


def _hit(row: tuple[Any, ...], score: float) -> SearchHit:
    """A hit from (id, type, number, issuer, date, subject, snippet HTML, urgency, …)."""
    doc_id, doc_type, number, issuer, date, subject, snippet, urgency, security, task_count = row
    return SearchHit(
        doc_id,
        doc_type,
        number,
        issuer,
        date,
        subject,
        snippet,
        float(score),
        urgency=urgency,
        security=security,
        tasks=task_count,
    )
