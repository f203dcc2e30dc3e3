"""The Elasticsearch backend: the embedded index's contract (index/base.py) on a cluster.

This module reads, sequences and translates errors; the rest is beside it:
index/elastic_schema.py (indices, aliases, mappings, the layout check),
index/elastic_queries.py (the requests, pure), index/elastic_records.py (sources in,
records out), index/elastic_tasks.py (a document's tasks as writes) and
index/elastic_writes.py (one all-or-nothing bulk request per change, guarded by seq_no).

A change (a document, its tasks carried over, their history, the path pointing at it, the
replaced version dropped) is read, built as writes, and sent in one bulk request; when a
record changed meanwhile, the call starts over from a fresh read. Whole requests answered
429/502/503/504 are retried by the transport. Within one process writes are also
serialized by a lock, as in the SQLite backend.

Task versions are the task's ``_seq_no`` and ``_primary_term`` ("12.1"): opaque, and they
change on every write of the task, re-extraction included.
"""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError

from directives.errors import IndexBackendError, TaskConflictError, TaskNotFoundError
from index.base import CitationLink, SearchPage, SearchQuery, SourceState
from index.elastic_queries import (
    TASK_ORDER,
    cited_query,
    citing_query,
    other_paths_query,
    search_body,
    task_query,
)
from index.elastic_records import (
    HIT_FIELDS,
    TASK_COPIES,
    citations_in,
    citations_out,
    document_source,
    event_source,
    facets,
    indexed_document,
    search_hit,
    task_event,
    task_record,
    version,
)
from index.elastic_schema import alias_name, drop_indices, ensure_indices, path_id
from index.elastic_tasks import carry_tasks, retire_tasks, status_change
from index.elastic_writes import Conflict, Write, Writer, create, delete, replace
from index.snippets import query_terms
from store.models import IndexedDocument
from store.tracking import Status, TaskEvent, TaskPage, TaskQuery, TaskRecord, now

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
        self._writer = Writer(client, prefix, kinds, self.where, retries, backoff)

    def alias(self, kind: str) -> str:
        return alias_name(self.prefix, kind)

    def drop(self) -> None:
        """Delete this prefix's indices (tests; a rebuild from the originals)."""
        drop_indices(self._es, self.prefix, self._writer.kinds)

    # -- writing ---------------------------------------------------------------------

    @_translated
    def has(self, doc_id: str) -> bool:
        return bool(self._es.exists(index=self.alias("documents"), id=doc_id))

    @_translated
    def source_state(self, path: str, doc_id: str) -> SourceState:
        pointer = self._read("sources", path_id(path))
        if pointer is None:
            return "new"
        return "unchanged" if pointer["_source"]["doc_id"] == doc_id else "changed"

    @_translated
    def put(self, document: IndexedDocument, source: str) -> None:
        self._retrying(lambda: self._put(document, source), f"{source}")

    @_translated
    def refresh(self, document: IndexedDocument) -> None:
        self._retrying(lambda: self._refresh(document), document.id)

    @_translated
    def link(self, source: str, doc_id: str) -> None:
        if not self.has(doc_id):
            raise IndexBackendError(f"cannot link {source}: {doc_id} is not in the index")
        self._retrying(
            lambda: self._writer.apply(
                [self._pointer(source, doc_id, self._read("sources", path_id(source)))]
            ),
            source,
        )

    def _retrying(self, write: Callable[[], object], what: str) -> None:
        with self._lock:
            for _ in range(ATTEMPTS):
                try:
                    write()
                    return
                except Conflict as e:
                    conflicts = e.args[0]
        raise IndexBackendError(
            f"{self.where}: writing {what} met a conflict {ATTEMPTS} times on {conflicts} "
            "(changed by another writer meanwhile, or an id already taken); nothing was kept"
        )

    def _put(self, document: IndexedDocument, source: str) -> None:
        """The SQLite backend's put, as one bulk request (index/elastic_writes.py)."""
        pointer = self._read("sources", path_id(source))
        old = pointer["_source"]["doc_id"] if pointer else None
        old = old if old != document.id else None
        carried = (
            self._read("documents", old) if old and not self._held_elsewhere(old, source) else None
        )
        writes: list[Write] = []
        stored = self._read("documents", document.id, TASK_COPIES)
        if stored is None:
            lineage = carried["_source"]["lineage"] if carried else document.id
            doc = document_source(document, lineage, self._next_seq())
            previous = self._tasks_of(carried["_id"]) if carried else []
            writes += self._logged(carry_tasks(doc, document.tasks, previous, self._taken, now()))
            writes.append(create("documents", document.id, doc))
        elif carried:  # the file now holds content another path already brought in
            previous = self._tasks_of(carried["_id"])
            writes += self._logged(retire_tasks(previous, stored["_source"], now()))
        writes.append(self._pointer(source, document.id, pointer))
        if carried:
            writes.append(delete("documents", carried))
        self._writer.apply(writes)

    def _refresh(self, document: IndexedDocument) -> None:
        stored = self._read("documents", document.id)
        if stored is None:
            raise IndexBackendError(f"cannot refresh {document.id}: it is not in the index")
        old = stored["_source"]
        doc = document_source(document, old["lineage"], old["added"])
        previous = self._tasks_of(document.id)
        writes = self._logged(carry_tasks(doc, document.tasks, previous, self._taken, now()))
        writes.append(replace("documents", stored, doc))
        self._writer.apply(writes)

    def _pointer(self, source: str, doc_id: str, pointer: dict[str, Any] | None) -> Write:
        """The write that points ``source`` at ``doc_id``; ``pointer``: its current record."""
        new = {"path": source, "doc_id": doc_id, "seen_at": now()}
        if pointer is None:
            return create("sources", path_id(source), new)
        return replace("sources", pointer, new)

    def _held_elsewhere(self, doc_id: str, source: str) -> bool:
        query = other_paths_query(doc_id, source)
        return bool(self._es.count(index=self.alias("sources"), query=query)["count"])

    def _tasks_of(self, doc_id: str) -> list[dict[str, Any]]:
        return list(self._each("tasks", {"term": {"doc_id": doc_id}}, ["ordinal", "id"]))

    def _taken(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` stored tasks hold (a realtime multi-get)."""
        docs = self._es.mget(index=self.alias("tasks"), ids=ids, source=False)["docs"]
        return {d["_id"] for d in docs if d.get("found")}

    def _logged(self, change: tuple[list[Write], list[TaskEvent]]) -> list[Write]:
        """A change's writes, then its history."""
        writes, events = change
        return writes + [self._event(e) for e in events]

    def _event(self, e: TaskEvent) -> Write:
        event_id = uuid.uuid4().hex
        return create("task-events", event_id, event_source(e, event_id, self._next_seq()))

    def _next_seq(self) -> int:
        """Nanoseconds since the epoch, strictly increasing within this process."""
        with self._lock:
            self._last_seq = max(time.time_ns(), self._last_seq + 1)
            return self._last_seq

    # -- reading ---------------------------------------------------------------------

    def _read(
        self, kind: str, record_id: str, fields: list[str] | None = None
    ) -> dict[str, Any] | None:
        return self._writer.read(kind, record_id, fields)

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
    def document_ids(self) -> Iterator[tuple[str, str, str]]:
        hits = self._each(
            "documents", {"match_all": {}}, ["added", "id"], ["id", "sha256", "filename"]
        )
        rows = [
            (h["_source"]["id"], h["_source"]["sha256"], h["_source"]["filename"]) for h in hits
        ]
        return iter(rows)

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

    # -- tasks -----------------------------------------------------------------------

    @_translated
    def tasks(self, query: TaskQuery) -> TaskPage:
        matching = task_query(query, query.today or date.today())
        if matching is None:
            return TaskPage(0, ())
        response = self._es.search(
            index=self.alias("tasks"),
            query=matching,
            sort=TASK_ORDER,
            from_=query.offset,
            size=query.limit,
            track_total_hits=True,
            seq_no_primary_term=True,
        )
        return TaskPage(
            int(response["hits"]["total"]["value"]),
            tuple(task_record(h) for h in response["hits"]["hits"]),
        )

    def each_task(self, query: TaskQuery) -> Iterator[TaskRecord]:
        matching = task_query(query, query.today or date.today())
        if matching is None:
            return
        for hit in self._each("tasks", matching, [{"id": "asc"}]):
            yield task_record(hit)

    @_translated
    def task(self, task_id: str) -> TaskRecord | None:
        hit = self._read("tasks", task_id)
        return task_record(hit) if hit else None

    @_translated
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
            for _ in range(ATTEMPTS):
                hit = self._read("tasks", task_id)
                if hit is None:
                    raise TaskNotFoundError(f"không có nhiệm vụ mã {task_id}")
                if if_version is not None and if_version != version(hit):
                    raise TaskConflictError(task_id, if_version, version(hit))
                # read, then write guarded by seq_no: the history needs the old status, and
                # osmem-server (the test stand-in) has no scripted updates anyway
                new, events = status_change(hit["_source"], who, status, note, now())
                if new is None:
                    return task_record(hit)
                try:
                    writes = [replace("tasks", hit, new)] + [self._event(e) for e in events]
                    done = self._writer.apply(writes)
                except Conflict:
                    if if_version is not None:
                        current = self._read("tasks", task_id)
                        raise TaskConflictError(
                            task_id, if_version, version(current) if current else "deleted"
                        ) from None
                    continue  # changed between our read and our write: read again
                return task_record({**done[("tasks", task_id)], "_source": new})
        raise IndexBackendError(f"{self.where}: task {task_id} kept changing; try again")

    @_translated
    def task_history(self, task_id: str) -> tuple[TaskEvent, ...]:
        hits = self._each("task-events", {"term": {"task_id": task_id}}, ["seq", "id"])
        return tuple(task_event(h["_source"]) for h in hits)

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
