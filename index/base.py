"""The one index interface that the flows and the API use; backends implement it.

Two backends keep this contract: SQLite FTS5 (index/sqlite.py, the default) and
Elasticsearch (index/elastic.py). tests/test_index_contract.py runs the same tests on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from store.models import IndexedDocument
from store.tracking import Status, TaskEvent, TaskPage, TaskQuery, TaskRecord

FACETS = ("doc_type", "issuer", "year", "urgency", "security", "has_tasks")
FACET_SIZE = 20  # values listed per facet, most frequent first


@dataclass(frozen=True, slots=True)
class SearchQuery:
    q: str = ""
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    limit: int = 20
    offset: int = 0
    date_from: str | None = None  # ISO, inclusive; a partial date "2025-11" sorts before
    date_to: str | None = None
    urgency: str | None = None
    security: str | None = None
    has_tasks: bool | None = None
    sort: Literal["relevance", "date"] = "relevance"
    facets: bool = True
    clearance: int | None = None  # highest security level shown (models.security_level); None: all


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    snippet: str  # HTML-escaped, matches wrapped in <mark>…</mark>
    score: float
    urgency: str | None = None
    security: str | None = None
    tasks: int = 0


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: tuple[SearchHit, ...]
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocRef:
    id: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None


@dataclass(frozen=True, slots=True)
class CitationLink:
    """One edge of the citation graph.

    From ``cites``: what this document cites, ``documents`` = the indexed documents that
    carry that number (empty while the cited document is not indexed). From ``cited_by``:
    ``documents`` = the one document that cites this one.
    """

    number: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    text: str
    documents: tuple[DocRef, ...]


SourceState = Literal["new", "unchanged", "changed"]


class Index(Protocol):
    # -- documents -------------------------------------------------------------------
    def source_state(self, path: str, doc_id: str) -> SourceState:
        """Whether ``path`` is new, already holds ``doc_id``, or held another version."""

    def has(self, doc_id: str) -> bool: ...

    def put(self, document: IndexedDocument, source: str) -> None:
        """Store ``document`` (once per content) and point ``source`` at it, atomically.

        A previous version held only by ``source`` is replaced: its tasks that still
        exist keep their identity, status, notes and history; the others are kept,
        flagged ``gone``.
        """

    def refresh(self, document: IndexedDocument) -> None:
        """Replace a stored document's extraction (same original, new extractor version),
        keeping every task's identity, status, notes and history as ``put`` does."""

    def link(self, source: str, doc_id: str) -> None:
        """Point ``source`` at an already stored document (same content, new path)."""

    def get(self, doc_id: str) -> IndexedDocument | None: ...

    def document_ids(self) -> Iterator[tuple[str, str, str]]:
        """(id, sha256, filename) of every stored document, for reindexing."""

    def search(self, query: SearchQuery) -> SearchPage: ...

    def cites(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        """What ``doc_id`` cites; resolved documents above ``clearance`` are left out."""

    def cited_by(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        """Who cites ``doc_id``; citing documents above ``clearance`` are left out."""

    def count(self) -> int: ...

    # -- tasks -----------------------------------------------------------------------
    def tasks(self, query: TaskQuery) -> TaskPage: ...

    def each_task(self, query: TaskQuery) -> Iterator[TaskRecord]:
        """Every task matching ``query`` (limit, offset and order ignored), streamed: the
        reminder scan reads hundreds of thousands this way without paging."""

    def task(self, task_id: str) -> TaskRecord | None: ...

    def update_task(
        self,
        task_id: str,
        *,
        who: str,
        status: Status | None = None,
        note: str | None = None,
        if_version: str | None = None,
    ) -> TaskRecord:
        """Change a task's status and/or add a note; every change goes to its history.

        Raises TaskNotFoundError, or TaskConflictError when ``if_version`` is given and
        the task changed since.
        """

    def task_history(self, task_id: str) -> tuple[TaskEvent, ...]: ...

    def warm(self) -> int:
        """Load what makes the first searches fast (a server calls it once, in a thread
        of its own); returns how many items were loaded, 0 when there is nothing to do."""
        ...

    def close(self) -> None: ...
