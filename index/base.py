"""The one search interface that the flows and the API use; backends implement it.

A search index is a projection of the store (store/), the system of record: it holds
what search needs of each current document and is rebuilt from the store at any time
(`directives reindex`). Tasks, their status and history are read from the store.

Two backends keep this contract: SQLite FTS5 (index/sqlite.py, the default) and
Elasticsearch (index/elastic.py). tests/test_index_contract.py runs the same tests on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from store.models import IndexedDocument

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


class Index(Protocol):
    def has(self, doc_id: str) -> bool: ...

    def put(self, document: IndexedDocument) -> None:
        """Add the projection of ``document``, or replace the one held under its id."""

    def delete(self, doc_id: str) -> None:
        """Take a document out (a version replaced by a newer one); nothing if absent."""

    def ids(self) -> set[str]:
        """Every document id the index holds (a rebuild drops those the store has not)."""

    def get(self, doc_id: str) -> IndexedDocument | None: ...

    def search(self, query: SearchQuery) -> SearchPage: ...

    def cites(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        """What ``doc_id`` cites; resolved documents above ``clearance`` are left out."""

    def cited_by(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        """Who cites ``doc_id``; citing documents above ``clearance`` are left out."""

    def count(self) -> int: ...

    def warm(self) -> int:
        """Load what makes the first searches fast (a server calls it once, in a thread
        of its own); returns how many items were loaded, 0 when there is nothing to do."""
        ...

    def close(self) -> None: ...
