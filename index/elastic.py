"""The Elasticsearch backend: the search projection's contract (index/base.py) on a cluster.

This module reads, writes and translates errors; the rest is beside it:
index/elastic_schema.py (the index, its alias, mapping and the layout check),
index/elastic_queries.py (the requests, pure) and index/elastic_records.py (sources in,
records out). The store (store/) is the system of record: a document here is a copy of
what search needs, written whole (one index request) and rebuilt by `directives reindex`.
Whole requests answered 429/502/503/504 are retried by the transport.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError

from directives.errors import IndexBackendError
from index.base import CitationLink, SearchPage, SearchQuery
from index.elastic_queries import (
    cited_query,
    citing_query,
    search_body,
)
from index.elastic_records import (
    HIT_FIELDS,
    citations_in,
    citations_out,
    document_source,
    facets,
    indexed_document,
    search_hit,
)
from index.elastic_schema import alias_name, drop_indices, ensure_indices
from index.snippets import query_terms
from store.models import IndexedDocument

MAX_WINDOW = 10_000  # from + size; Elasticsearch's index.max_result_window
PAGE = 500  # hits per request when reading everything (search_after)
ATTEMPTS = 3  # a write that meets a concurrent change is tried again from a fresh read

P = ParamSpec("P")
R = TypeVar("R")


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Elasticsearch's errors leave this module as IndexBackendError, the cause chained."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (ApiError, TransportError) as e:
            where = getattr(args[0], "where", "Elasticsearch")
            raise IndexBackendError(f"{where}: {e}") from e

    return wrapper


class ElasticIndex:
    """The Elasticsearch backend; safe to share between threads."""

    def __init__(
        self,
        url: str | None = None,
        *,
        client: Elasticsearch | None = None,
        prefix: str = "directives",
        retries: int = 3,
        backoff: float = 1.0,
    ) -> None:
        """Connect to ``url`` (or use ``client``) and create the indices if missing."""
        if client is None:
            if not url:
                raise IndexBackendError("Elasticsearch: no URL given")
            client = Elasticsearch(
                url,
                request_timeout=30,
                max_retries=retries,
                retry_on_status=(429, 502, 503, 504),
                retry_on_timeout=True,
            )
        self.where = f"Elasticsearch at {_redacted(url)}" if url else "Elasticsearch"
        self._es = client
        self.prefix = prefix
        self._lock = threading.RLock()
        self._last_seq = 0
        try:
            kinds = ensure_indices(client, prefix, self.where)
        except (ApiError, TransportError) as e:
            raise IndexBackendError(
                f"cannot open the index in {self.where}: {e}; check that it runs "
                "(compose.yaml: `docker compose up -d`) or unset DIRECTIVES_ELASTICSEARCH_URL "
                "to use the embedded index"
            ) from e
        self._kinds = kinds

    def alias(self, kind: str) -> str:
        return alias_name(self.prefix, kind)

    def drop(self) -> None:
        """Delete this prefix's indices (tests; a rebuild from the originals)."""
        drop_indices(self._es, self.prefix, self._kinds)

    # -- writing ---------------------------------------------------------------------

    @_translated
    def has(self, doc_id: str) -> bool:
        return bool(self._es.exists(index=self.alias("documents"), id=doc_id))

    @_translated
    def put(self, document: IndexedDocument) -> None:
        with self._lock:
            self._es.index(
                index=self.alias("documents"),
                id=document.id,
                document=document_source(document, self._next_seq()),
                refresh="wait_for",
            )

    @_translated
    def delete(self, doc_id: str) -> None:
        with self._lock:
            self._es.options(ignore_status=404).delete(
                index=self.alias("documents"), id=doc_id, refresh="wait_for"
            )

    @_translated
    def ids(self) -> set[str]:
        hits = self._each("documents", {"match_all": {}}, ["added", "id"], ["id"])
        return {h["_source"]["id"] for h in hits}

    def _next_seq(self) -> int:
        """Nanoseconds since the epoch, strictly increasing within this process."""
        with self._lock:
            self._last_seq = max(time.time_ns(), self._last_seq + 1)
            return self._last_seq

    # -- reading ---------------------------------------------------------------------

    def _read(
        self, kind: str, record_id: str, fields: list[str] | None = None
    ) -> dict[str, Any] | None:
        """A realtime GET: the record, or None."""
        response = self._es.options(ignore_status=404).get(
            index=self.alias(kind), id=record_id, source_includes=fields
        )
        return dict(response.body) if response.body.get("found") else None

    def _each(
        self,
        kind: str,
        query: dict[str, Any],
        sort: list[Any],
        fields: list[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every hit of ``query`` in ``sort`` order, page by page (search_after; every hit
        must have a value for each sort field, the last one unique).

        No point in time: the reads that use this run under the write lock or read small
        sets, and osmem-server, the test stand-in, has no ``_pit`` endpoint.
        """
        after: list[Any] | None = None
        while True:
            hits = self._es.search(
                index=self.alias(kind),
                query=query,
                sort=sort,
                size=PAGE,
                source={"includes": fields} if fields else True,
                seq_no_primary_term=True,
                search_after=after,
            )["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE:
                return
            after = hits[-1]["sort"]

    @_translated
    def get(self, doc_id: str) -> IndexedDocument | None:
        hit = self._read("documents", doc_id)
        return indexed_document(hit["_source"]) if hit else None

    @_translated
    def count(self) -> int:
        return int(self._es.count(index=self.alias("documents"))["count"])

    @_translated
    def search(self, query: SearchQuery) -> SearchPage:
        if query.offset + query.limit > MAX_WINDOW:
            raise IndexBackendError(
                f"{self.where} serves the first {MAX_WINDOW} hits of a search; narrow it "
                "with more words or a filter"
            )
        response = self._es.search(
            index=self.alias("documents"),
            from_=query.offset,
            size=query.limit,
            track_total_hits=True,
            source={"includes": [*HIT_FIELDS, "task_count", "opening"]},
            **search_body(query),
        )
        terms = query_terms(query.q)
        hits = tuple(search_hit(h, terms) for h in response["hits"]["hits"])
        found = facets(response.get("aggregations") or {}) if query.facets else {}
        return SearchPage(int(response["hits"]["total"]["value"]), hits, found)

    # -- citations -------------------------------------------------------------------

    @_translated
    def cites(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        hit = self._read("documents", doc_id, ["citations"])
        cited = (hit["_source"].get("citations") or []) if hit else []
        keys = sorted({c["number_key"] for c in cited})
        found = []
        if keys:
            query = cited_query(keys, doc_id, clearance)
            found = self._newest_first(query, [*HIT_FIELDS, "number_key"])
        return citations_out(cited, found)

    @_translated
    def cited_by(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        hit = self._read("documents", doc_id, ["number_key", "issuer"])
        if hit is None or not hit["_source"].get("number_key"):
            return ()
        key, own_issuer = hit["_source"]["number_key"], hit["_source"].get("issuer")
        citing = self._newest_first(
            citing_query(key, doc_id, clearance), [*HIT_FIELDS, "citations"]
        )
        return citations_in(citing, key, own_issuer)

    def _newest_first(self, query: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
        """Documents by date, newest first (undated last), then id; sorted here because
        search_after cannot resume after a hit that has no value for a sort field."""
        hits = list(self._each("documents", query, ["id"], [*fields, "date_lo"]))
        hits.sort(key=lambda h: h["_source"].get("date_lo") or "", reverse=True)  # stable
        return hits

    def warm(self) -> int:
        return 0  # Elasticsearch keeps its own caches warm

    def close(self) -> None:
        self._es.close()


def _redacted(url: str | None) -> str:
    """The URL without a password, for messages."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()
