"""The one index interface that the flows and the API use; backends implement it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from index.models import IndexedDocument


@dataclass(frozen=True, slots=True)
class SearchQuery:
    q: str = ""
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    limit: int = 20
    offset: int = 0


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


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: tuple[SearchHit, ...]


SourceState = Literal["new", "unchanged", "changed"]


class Index(Protocol):
    def source_state(self, path: str, doc_id: str) -> SourceState:
        """Whether ``path`` is new, already holds ``doc_id``, or held another version."""

    def has(self, doc_id: str) -> bool: ...

    def put(self, document: IndexedDocument, source: str) -> None:
        """Store ``document`` (once per content) and point ``source`` at it, atomically.

        A previous version held only by ``source`` is removed in the same transaction.
        """

    def link(self, source: str, doc_id: str) -> None:
        """Point ``source`` at an already stored document (same content, new path)."""

    def get(self, doc_id: str) -> IndexedDocument | None: ...

    def search(self, query: SearchQuery) -> SearchPage: ...

    def count(self) -> int: ...

    def close(self) -> None: ...
