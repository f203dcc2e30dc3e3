"""The store's one entry point: a connection pool, transactions, and the operations the
flows, the API and the CLI call. SQL lives in the modules beside it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from directives.errors import StoreError
from store import document_changes, documents, review_queue, task_changes, task_queries
from store.document_changes import DocumentEvent
from store.engine import IMMEDIATE, create_store_engine, redacted
from store.migrate import check
from store.models import IndexedDocument, StoredDocument
from store.schema import documents as documents_table
from store.schema import sources
from store.task_changes import TaskChange
from store.tracking import TaskEvent, TaskPage, TaskQuery, TaskRecord
from store.tracking_rule import TrackingRule

SourceState = str  # "new", "unchanged", "changed"
RETRIES = 3  # a write that meets rows a concurrent writer just committed starts over


class Store:
    """The system of record. Safe to share between threads; each call is one transaction."""

    def __init__(self, url: str, rule: TrackingRule | None = None, *, checked: bool = True) -> None:
        self.url = url
        self.where = redacted(url)
        self.rule = rule or TrackingRule()
        try:
            self.engine = create_store_engine(url)
            if checked:
                check(self.engine, self.where)
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(f"không mở được kho dữ liệu {self.where}: {e}") from e

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed at the end."""
        try:
            with self.engine.connect().execution_options(**{IMMEDIATE: True}) as db, db.begin():
                yield db
        except sa.exc.OperationalError as e:
            raise StoreError(f"kho dữ liệu {self.where}: {e.orig}") from e

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as db:
            yield db

    # -- documents -------------------------------------------------------------------

    def holder(self, sha256: str) -> str | None:
        """The current document a file (by content) belongs to, if it is stored."""
        with self._read() as db:
            return documents.current_holder(db, sha256)

    def source_state(self, path: str, sha256: str) -> SourceState:
        with self._read() as db:
            held = db.execute(
                sa.select(sources.c.sha256).where(sources.c.path == path)
            ).scalar_one_or_none()
        if held is None:
            return "new"
        return "unchanged" if held == sha256 else "changed"

    def link(self, path: str, sha256: str) -> documents.Put:
        """``path`` holds a file already stored (same bytes): no reading needed."""
        with self.writing() as db:
            return documents.link(db, path, sha256)

    def put(self, document: IndexedDocument, path: str) -> documents.Put:
        """Record a file read from ``path``. Two machines storing the same new file at once
        (PostgreSQL): one wins, the other meets its rows and starts over, finding them."""
        for attempt in range(RETRIES):
            try:
                with self.writing() as db:
                    return documents.put(db, document, path, self.rule)
            except sa.exc.IntegrityError:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def refresh(self, document: IndexedDocument) -> None:
        """The document read again with the current extractors (same rendition)."""
        with self.writing() as db:
            documents.refresh(db, document, self.rule)

    def get(self, doc_id: str) -> IndexedDocument | None:
        """The effective document (people's corrections applied), live tasks as drafts."""
        stored = self.document(doc_id)
        return stored.document if stored else None

    def document(self, doc_id: str) -> StoredDocument | None:
        with self._read() as db:
            return documents.load(db, doc_id)

    def current_ids(self) -> list[str]:
        """Every current document (not replaced by a newer version), oldest first."""
        with self._read() as db:
            return list(
                db.execute(
                    sa.select(documents_table.c.id)
                    .where(documents_table.c.state == "current")
                    .order_by(documents_table.c.ingested_at, documents_table.c.id)
                ).scalars()
            )

    def primaries(self) -> list[tuple[str, str, str]]:
        """(id, sha256 of the primary rendition, filename) of every current document."""
        with self._read() as db:
            rows = db.execute(
                sa.select(
                    documents_table.c.id, documents_table.c.sha256, documents_table.c.filename
                )
                .where(documents_table.c.state == "current")
                .order_by(documents_table.c.ingested_at, documents_table.c.id)
            ).all()
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def reviewed_ids(self) -> list[str]:
        """Current documents a person marked "đã kiểm tra", oldest first."""
        with self._read() as db:
            return list(
                db.execute(
                    sa.select(documents_table.c.id)
                    .where(
                        documents_table.c.state == "current",
                        documents_table.c.reviewed_by.is_not(None),
                    )
                    .order_by(documents_table.c.ingested_at, documents_table.c.id)
                ).scalars()
            )

    def review_queue(
        self,
        *,
        clearance: int | None = None,
        flagged_only: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> review_queue.ReviewPage:
        """Documents not yet marked "đã kiểm tra", the doubtful first (store/review_queue.py)."""
        with self._read() as db:
            return review_queue.page(
                db, clearance=clearance, flagged_only=flagged_only, limit=limit, offset=offset
            )

    def count(self) -> int:
        with self._read() as db:
            return int(
                db.execute(
                    sa.select(sa.func.count()).where(documents_table.c.state == "current")
                ).scalar_one()
            )

    def correct_document(
        self, doc_id: str, who: str, fields: dict[str, Any], if_version: str | None = None
    ) -> StoredDocument:
        with self.writing() as db:
            document_changes.correct(db, doc_id, who, fields, if_version)
            # a corrected date or type can change whether the office follows it
            stored = documents.load(db, doc_id)
            assert stored is not None
            db.execute(
                sa.update(documents_table)
                .where(documents_table.c.id == doc_id)
                .values(tracked_auto=self.rule.follows(stored.document))
            )
        stored = self.document(doc_id)
        assert stored is not None
        return stored

    def mark_reviewed(self, doc_id: str, who: str, reviewed: bool = True) -> None:
        with self.writing() as db:
            document_changes.mark_reviewed(db, doc_id, who, reviewed)

    def set_tracked(self, doc_id: str, who: str, tracked: bool | None) -> None:
        with self.writing() as db:
            document_changes.set_tracked(db, doc_id, who, tracked)

    def document_history(self, doc_id: str) -> tuple[DocumentEvent, ...]:
        with self._read() as db:
            return document_changes.history(db, doc_id)

    # -- tasks -----------------------------------------------------------------------

    def tasks(self, query: TaskQuery) -> TaskPage:
        with self._read() as db:
            return task_queries.page(db, query)

    def each_task(self, query: TaskQuery) -> Iterator[TaskRecord]:
        """Every task matching ``query`` (limit, offset and order ignored), streamed."""
        with self._read() as db:
            yield from task_queries.stream(db, query)

    def task(self, task_id: str) -> TaskRecord | None:
        with self._read() as db:
            return task_queries.one(db, task_id)

    def update_task(
        self,
        task_id: str,
        *,
        who: str,
        status: Any = None,
        note: str | None = None,
        corrections: dict[str, Any] | None = None,
        not_a_task: bool | None = None,
        if_version: str | None = None,
    ) -> TaskRecord:
        """Change status, add a note, correct fields, hide or restore; all in the history.
        Raises TaskNotFoundError, TaskConflictError (``if_version`` stale) or
        InvalidCorrectionError."""
        change = TaskChange(status, note, dict(corrections or {}), not_a_task)
        with self.writing() as db:
            task_changes.update(db, task_id, who, change, if_version)
        record = self.task(task_id)
        assert record is not None
        return record

    def add_task(self, doc_id: str, who: str, **fields: Any) -> TaskRecord:
        with self.writing() as db:
            new_id = task_changes.add(db, doc_id, who, **fields)
        record = self.task(new_id)
        assert record is not None
        return record

    def task_history(self, task_id: str) -> tuple[TaskEvent, ...]:
        with self._read() as db:
            return task_queries.history(db, task_id)

    def close(self) -> None:
        self.engine.dispose()
