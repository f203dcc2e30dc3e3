"""The Elasticsearch backend: the embedded index's contract (index/base.py) on a cluster.

Layout. Four indices, each a versioned name behind an alias that every request uses:
``{prefix}-documents-v1`` (alias ``{prefix}-documents``), ``-sources-v1`` (which file
path holds which document), ``-tasks-v1`` and ``-task-events-v1`` (the history); a
document's citations live inside it. They are created with explicit mappings at
start-up when missing; a later layout is built as ``-v2`` beside them and the alias moved.

Writing. Elasticsearch has no transactions. Every change one call makes (a document, its
tasks carried over, their history, the path pointing at it, the replaced version dropped)
goes in one ``_bulk`` request, in that order, with ``refresh=wait_for``: it returns when a
search can see all of it, with one wait instead of one per write. Existing records are
written with ``if_seq_no``/``if_primary_term`` and new ones with ``create``, so a change made
meanwhile by another writer fails that item instead of being overwritten. Items apply one
by one; when any fails, the items that succeeded are put back from the copies read before
(created ones deleted, replaced or deleted ones restored, again guarded by seq_no), then
the call is retried from a fresh read (a conflict) or fails with IndexBackendError. Bulk
items rejected with 429 are retried with backoff (``helpers.streaming_bulk``), and whole
requests answered 429/502/503/504 by the transport. Within one process writes are also
serialized by a lock, as in the SQLite backend.

Task versions are the task's ``_seq_no`` and ``_primary_term`` ("12.1"): opaque, and they
change on every write of the task, re-extraction included.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import threading
import time
import uuid
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from directives.errors import IndexBackendError, TaskConflictError, TaskNotFoundError
from extractors.fold import fold
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
from index.identity import assign_ids
from index.lookup import body_lookup_key, lookup_tokens, number_tokens
from index.models import (
    CitedNumber,
    IndexedDocument,
    NamedBody,
    TaskDraft,
    number_key,
    security_level,
)
from index.queries import has_accents
from index.snippets import query_terms, snippet
from index.tracking import DONE, INITIAL, Status, TaskEvent, TaskPage, TaskQuery, TaskRecord

LAYOUT = 1
SYSTEM = "hệ thống"  # who made a change no person made; the same word as index/sqlite_tasks.py
FACET_SIZE = 20
LOOKUP_BOOST = 100.0  # a số/ký hiệu lookup token outranks any words match
OPENING = 300  # characters of text kept for the snippet when browsing, as in SQLite
MAX_WINDOW = 10_000  # from + size; Elasticsearch's index.max_result_window
PAGE = 500  # hits per request when reading everything (search_after)
ATTEMPTS = 3  # a write that meets a concurrent change is tried again from a fresh read
# the same field weights as the SQLite backend's bm25 (index/sqlite_schema.py)
FIELDS = ("number^10", "numkey^50", "doc_type^2", "issuer^4", "subject^6", "text")
PHRASE_FIELDS = ("number^10", "doc_type^2", "issuer^4", "subject^6", "text")
EXACT_FIELDS = ("subject.exact^6", "text.exact")
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use sentinels, escaped to <mark>
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")

_SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,  # a few thousand documents; one shard keeps bm25 statistics exact
    "auto_expand_replicas": "0-1",  # green on one node, one replica on a cluster
    "analysis": {
        "analyzer": {
            # accent-insensitive: asciifolding folds every Vietnamese mark and đ -> d
            "folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            # the accents as printed, to rank "Đảng" typed with accents above "đăng"
            "exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        }
    },
}
_KEYWORD = {"type": "keyword"}
_STORED = {"type": "text", "index": False}  # returned, never searched
_FOLDED = {"type": "text", "analyzer": "folded"}
_WITH_EXACT = {**_FOLDED, "fields": {"exact": {"type": "text", "analyzer": "exact"}}}
_WITH_RAW = {**_FOLDED, "fields": {"raw": _KEYWORD}}  # raw: facets show the value as printed
_OPAQUE = {"type": "object", "enabled": False}
_INT = {"type": "integer"}

MAPPINGS: dict[str, dict[str, Any]] = {
    "documents": {
        "id": _KEYWORD,
        "lineage": _KEYWORD,  # the first version's id, carried to later versions
        "sha256": _KEYWORD,
        "filename": _KEYWORD,
        "text": _WITH_EXACT,
        "opening": _STORED,  # the first 300 characters: the snippet when browsing
        "doc_type": _WITH_RAW,
        "number": _FOLDED,
        "numkey": _FOLDED,  # lookup tokens (index/lookup.py), one word each
        "issuer": _WITH_RAW,
        "issuer_parent": _STORED,
        "place": _STORED,
        "date": _KEYWORD,
        "year": _INT,
        "date_lo": _KEYWORD,  # ISO strings: a partial date covers a range, as in SQLite
        "date_hi": _KEYWORD,
        "subject": _WITH_EXACT,
        "urgency": _KEYWORD,
        "security": _KEYWORD,
        "urgency_key": _KEYWORD,
        "security_key": _KEYWORD,
        "security_level": _INT,
        "doc_type_key": _KEYWORD,
        "issuer_key": _KEYWORD,
        "number_key": _KEYWORD,
        "task_count": _INT,
        "has_tasks": {"type": "boolean"},
        "ingested_at": _KEYWORD,
        "added": {"type": "long"},  # insertion order, for document_ids()
        "meta": _OPAQUE,
        "citations": _OPAQUE,
        "cited_keys": _KEYWORD,  # number_key of every citation, for cited_by()
    },
    "sources": {"path": _KEYWORD, "doc_id": _KEYWORD, "seen_at": _KEYWORD},
    "tasks": {
        "id": _KEYWORD,
        "doc_id": _KEYWORD,
        "ordinal": _INT,
        "text": _FOLDED,
        "start": _INT,
        "end": _INT,
        "lead": _OPAQUE,
        "support": _OPAQUE,
        "lead_keys": _KEYWORD,  # folded canonical names (models.body_key)
        "support_keys": _KEYWORD,
        "due": _KEYWORD,
        "due_text": _STORED,
        "recurrence": _KEYWORD,
        "recurring": {"type": "boolean"},
        "report_to": _STORED,
        "status": _KEYWORD,
        "updated_at": _KEYWORD,
        "gone": {"type": "boolean"},
        # copied from the document the task belongs to, rewritten with it
        "doc_number": _KEYWORD,
        "doc_type": _KEYWORD,
        "doc_subject": _STORED,
        "security": _KEYWORD,
        "security_level": _INT,
    },
    "task-events": {
        "id": _KEYWORD,
        "task_id": _KEYWORD,
        "seq": {"type": "long"},  # order of the history; "at" has whole seconds only
        "at": _KEYWORD,
        "who": _KEYWORD,
        "action": _KEYWORD,
        "old": _KEYWORD,
        "new": _KEYWORD,
        "note": _STORED,
    },
}
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
_TASK_COPIES = ["id", "number", "doc_type", "subject", "security", "security_level"]
_HIT_FIELDS = ["id", "doc_type", "number", "issuer", "date", "subject", "urgency", "security"]
_FACET_FIELDS = {
    "doc_type": "doc_type.raw",
    "issuer": "issuer.raw",
    "year": "year",
    "urgency": "urgency",
    "security": "security",
    "has_tasks": "has_tasks",
}

P = ParamSpec("P")
R = TypeVar("R")


class _Conflict(Exception):
    """Another writer changed a record this call read; the call starts over."""


@dataclass(frozen=True, slots=True)
class _Write:
    """One bulk item and the source it replaces (None: it creates), to put back on failure."""

    kind: str  # a MAPPINGS key
    op: str  # index, create or delete
    id: str
    source: dict[str, Any] | None = None
    before: dict[str, Any] | None = None
    seq: tuple[int, int] | None = None  # the (seq_no, primary_term) read; None: create


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
        self._retries, self._backoff = retries, backoff
        self._lock = threading.RLock()
        self._last_seq = 0
        try:
            self._ensure_indices()
        except (ApiError, TransportError) as e:
            raise IndexBackendError(
                f"cannot open the index in {self.where}: {e}; check that it runs "
                "(compose.yaml: `docker compose up -d`) or unset DIRECTIVES_ELASTICSEARCH_URL "
                "to use the embedded index"
            ) from e

    # -- layout ----------------------------------------------------------------------

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _ensure_indices(self) -> None:
        self._kinds: dict[str, str] = {}  # index or alias name (as bulk answers) -> kind
        for kind, properties in MAPPINGS.items():
            alias = self.alias(kind)
            if not self._es.indices.exists_alias(name=alias):
                name = f"{alias}-v{LAYOUT}"
                try:
                    self._es.indices.create(
                        index=name,
                        settings=_SETTINGS,
                        mappings={
                            "_meta": {"layout": LAYOUT},
                            "dynamic": "strict",
                            "properties": properties,
                        },
                        aliases={alias: {}},
                    )
                except ApiError as e:
                    if e.error != "resource_already_exists_exception":
                        raise
                    self._es.indices.put_alias(index=name, name=alias)  # created meanwhile
            for name, mapping in self._es.indices.get_mapping(index=alias).items():
                layout = mapping["mappings"].get("_meta", {}).get("layout")
                if layout != LAYOUT:
                    raise IndexBackendError(
                        f"{self.where}: {name} has layout {layout}, this version needs "
                        f"{LAYOUT}: move the alias {alias} away and run `directives reindex`, "
                        "which rebuilds the index from the stored originals"
                    )
                self._kinds[name] = kind
            self._kinds[alias] = kind

    def drop(self) -> None:
        """Delete this prefix's indices (tests; a rebuild from the originals). By name:
        Elasticsearch refuses wildcards in deletes (action.destructive_requires_name)."""
        aliases = {self.alias(kind) for kind in MAPPINGS}
        names = [name for name in self._kinds if name not in aliases]
        self._es.indices.delete(index=names, ignore_unavailable=True)

    # -- documents -------------------------------------------------------------------

    @_translated
    def has(self, doc_id: str) -> bool:
        return bool(self._es.exists(index=self.alias("documents"), id=doc_id))

    @_translated
    def source_state(self, path: str, doc_id: str) -> SourceState:
        pointer = self._read("sources", _path_id(path))
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
            lambda: self._apply(
                [self._pointer(source, doc_id, self._read("sources", _path_id(source)))]
            ),
            source,
        )

    def _retrying(self, write: Callable[[], object], what: str) -> None:
        with self._lock:
            for _ in range(ATTEMPTS):
                try:
                    write()
                    return
                except _Conflict as e:
                    conflicts = e.args[0]
        raise IndexBackendError(
            f"{self.where}: writing {what} met a conflict {ATTEMPTS} times on {conflicts} "
            "(changed by another writer meanwhile, or an id already taken); nothing was kept"
        )

    def _put(self, document: IndexedDocument, source: str) -> None:
        """The SQLite backend's put, as one bulk request (see the module docstring)."""
        pointer = self._read("sources", _path_id(source))
        old = pointer["_source"]["doc_id"] if pointer else None
        old = old if old != document.id else None
        carried = (
            self._read("documents", old) if old and not self._held_elsewhere(old, source) else None
        )
        writes: list[_Write] = []
        stored = self._read("documents", document.id, _TASK_COPIES)
        if stored is None:
            lineage = carried["_source"]["lineage"] if carried else document.id
            doc = _document_source(document, lineage, self._next_seq())
            previous = self._tasks_of(carried["_id"]) if carried else []
            writes += self._carry_tasks(doc, document.tasks, previous)
            writes.append(_Write("documents", "create", document.id, doc))
        elif carried:  # the file now holds content another path already brought in
            writes += self._retire_tasks(self._tasks_of(carried["_id"]), stored["_source"])
        writes.append(self._pointer(source, document.id, pointer))
        if carried:
            writes.append(_delete("documents", carried))
        self._apply(writes)

    def _refresh(self, document: IndexedDocument) -> None:
        stored = self._read("documents", document.id)
        if stored is None:
            raise IndexBackendError(f"cannot refresh {document.id}: it is not in the index")
        old = stored["_source"]
        doc = _document_source(document, old["lineage"], old["added"])
        writes = self._carry_tasks(doc, document.tasks, self._tasks_of(document.id))
        writes.append(_replace("documents", stored, doc))
        self._apply(writes)

    def _pointer(self, source: str, doc_id: str, pointer: dict[str, Any] | None) -> _Write:
        """The write that points ``source`` at ``doc_id``; ``pointer``: its current record."""
        new = {"path": source, "doc_id": doc_id, "seen_at": _now()}
        if pointer is None:
            return _Write("sources", "create", _path_id(source), new)
        return _replace("sources", pointer, new)

    def _held_elsewhere(self, doc_id: str, source: str) -> bool:
        query = {
            "bool": {
                "filter": [{"term": {"doc_id": doc_id}}],
                "must_not": [{"term": {"path": source}}],
            }
        }
        return bool(self._es.count(index=self.alias("sources"), query=query)["count"])

    def _tasks_of(self, doc_id: str) -> list[dict[str, Any]]:
        return list(self._each("tasks", {"term": {"doc_id": doc_id}}, ["ordinal", "id"]))

    def _carry_tasks(
        self, doc: dict[str, Any], drafts: tuple[TaskDraft, ...], previous: list[dict[str, Any]]
    ) -> list[_Write]:
        """The writes that store ``drafts`` as the tasks of ``doc``, keeping the identity,
        status and history of the ``previous`` tasks they match (index/identity.py)."""
        old = {hit["_id"]: hit for hit in previous}
        assignment = assign_ids(
            doc["lineage"],
            [d.text for d in drafts],
            [(i, h["_source"]["text"]) for i, h in old.items()],
        )
        stamp = _now()
        writes: list[_Write] = []
        events: list[TaskEvent] = []
        for ordinal, (task_id, draft) in enumerate(zip(assignment.ids, drafts, strict=True)):
            content = _task_content(doc, ordinal, draft)
            if task_id in old:
                hit = old[task_id]
                writes.append(_replace("tasks", hit, {**hit["_source"], **content, "gone": False}))
                if hit["_source"]["gone"]:
                    events.append(TaskEvent(task_id, stamp, SYSTEM, "returned"))
            else:
                new = {
                    **content,
                    "id": task_id,
                    "status": INITIAL,
                    "updated_at": None,
                    "gone": False,
                }
                writes.append(_Write("tasks", "create", task_id, new))
        for ordinal, task_id in enumerate(assignment.gone, start=len(drafts)):
            hit = old[task_id]
            moved = {**hit["_source"], **_task_document(doc), "ordinal": ordinal, "gone": True}
            writes.append(_replace("tasks", hit, moved))
            if not hit["_source"]["gone"]:
                events.append(TaskEvent(task_id, stamp, SYSTEM, "gone"))
        return writes + [self._event(e) for e in events]

    def _retire_tasks(self, previous: list[dict[str, Any]], doc: dict[str, Any]) -> list[_Write]:
        """Keep the tasks of a replaced version, flagged gone, under the document replacing it."""
        stamp = _now()
        writes: list[_Write] = []
        events: list[_Write] = []
        for hit in previous:
            old = hit["_source"]
            moved = {**old, **_task_document(doc), "gone": True, "ordinal": old["ordinal"] + 100000}
            writes.append(_replace("tasks", hit, moved))
            if not old["gone"]:
                events.append(self._event(TaskEvent(hit["_id"], stamp, SYSTEM, "gone")))
        return writes + events

    def _event(self, e: TaskEvent) -> _Write:
        event_id = uuid.uuid4().hex
        source = {
            "id": event_id,
            "task_id": e.task_id,
            "seq": self._next_seq(),
            "at": e.at,
            "who": e.who,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        return _Write("task-events", "create", event_id, source)

    def _next_seq(self) -> int:
        """Nanoseconds since the epoch, strictly increasing within this process."""
        with self._lock:
            self._last_seq = max(time.time_ns(), self._last_seq + 1)
            return self._last_seq

    # -- the bulk write and its undo -------------------------------------------------

    def _apply(self, writes: list[_Write]) -> dict[tuple[str, str], dict[str, Any]]:
        """Send ``writes`` as one bulk request; all of them apply, or none stays.

        Returns each item's result by (kind, id). Raises _Conflict when a record changed
        since it was read, IndexBackendError on any other failure.
        """
        try:
            done, failed = self._bulk([_action(self, w) for w in writes])
        except (ApiError, TransportError) as e:
            # The request as a whole failed (a timeout, a lost connection): which items
            # applied is unknown, so each record is read back and undone if it is ours.
            self._undo(*self._applied(writes))
            raise IndexBackendError(f"{self.where}: write failed, nothing kept: {e}") from e
        if failed:
            self._undo([w for w in writes if (w.kind, w.id) in done], done)
            if all(info.get("status") == 409 for info in failed.values()):
                raise _Conflict(sorted(failed))
            reasons = "; ".join(
                f"{kind} {item_id}: {info.get('error')}" for (kind, item_id), info in failed.items()
            )
            raise IndexBackendError(f"{self.where}: write failed, nothing kept: {reasons}")
        return done

    def _applied(
        self, writes: list[_Write]
    ) -> tuple[list[_Write], dict[tuple[str, str], dict[str, Any]]]:
        """The writes whose effect is in the index now, with the seq_no they left."""
        applied, done = [], {}
        for w in writes:
            try:
                current = self._read(w.kind, w.id)
            except (ApiError, TransportError) as e:
                raise IndexBackendError(
                    f"{self.where}: a write failed and could not be checked ({e}); "
                    "run `directives reindex` to rebuild the index from the originals"
                ) from e
            if w.op == "delete" and current is None:
                applied.append(w)
            elif w.op != "delete" and current is not None and current["_source"] == w.source:
                applied.append(w)
                done[(w.kind, w.id)] = current
        return applied, done

    def _bulk(
        self, actions: list[dict[str, Any]]
    ) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
        """(succeeded, failed) items by (kind, id); items rejected with 429 are retried."""
        done: dict[tuple[str, str], dict[str, Any]] = {}
        failed: dict[tuple[str, str], dict[str, Any]] = {}
        if not actions:
            return done, failed
        for ok, item in helpers.streaming_bulk(
            self._es,
            actions,
            raise_on_error=False,
            max_retries=self._retries,
            initial_backoff=self._backoff,
            max_backoff=30,
            refresh="wait_for",
        ):
            op, info = next(iter(item.items()))
            key = (self._kinds.get(info["_index"], info["_index"]), info["_id"])
            if ok:
                done[key] = info
            elif op == "delete" and info.get("status") == 404:
                continue  # already gone: nothing to put back
            else:
                failed[key] = info
        return done, failed

    def _undo(self, writes: list[_Write], done: dict[tuple[str, str], dict[str, Any]]) -> None:
        """Put back what ``writes`` changed, each guarded by the seq_no it left: a record
        changed again since, by someone else, keeps that change."""
        actions = []
        for w in reversed(writes):
            info = done.get((w.kind, w.id))
            guard = (
                {"if_seq_no": info["_seq_no"], "if_primary_term": info["_primary_term"]}
                if info
                else {}
            )
            if w.before is None:  # created: deleted again
                actions.append({"_op_type": "delete", **_target(self, w), **guard})
            elif w.op == "delete":  # deleted: created again, unless someone did meanwhile
                actions.append({"_op_type": "create", **_target(self, w), "_source": w.before})
            else:  # replaced: the copy read before goes back
                actions.append(
                    {"_op_type": "index", **_target(self, w), "_source": w.before, **guard}
                )
        try:
            _, failed = self._bulk(actions)
        except (ApiError, TransportError) as e:
            raise IndexBackendError(
                f"{self.where}: a write failed and could not be undone ({e}); "
                "run `directives reindex` to rebuild the index from the originals"
            ) from e
        lost = [key for key, info in failed.items() if info.get("status") != 409]
        if lost:
            raise IndexBackendError(
                f"{self.where}: a write failed and {lost} could not be put back; "
                "run `directives reindex` to rebuild the index from the originals"
            )

    def _read(
        self, kind: str, doc_id: str, fields: list[str] | None = None
    ) -> dict[str, Any] | None:
        """A realtime GET: the record with its _seq_no and _primary_term, or None."""
        response = self._es.options(ignore_status=404).get(
            index=self.alias(kind), id=doc_id, source_includes=fields
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

    # -- reading ---------------------------------------------------------------------

    @_translated
    def get(self, doc_id: str) -> IndexedDocument | None:
        hit = self._read("documents", doc_id)
        if hit is None:
            return None
        src = hit["_source"]
        return IndexedDocument(
            **{c: src.get(c) for c in _COLUMNS},
            meta=src.get("meta") or {},
            citations=tuple(
                CitedNumber(
                    number=c["number"],
                    text=c["text"],
                    start=c["start"],
                    end=c["end"],
                    doc_type=c.get("doc_type"),
                    date=c.get("date"),
                    issuer=c.get("issuer"),
                )
                for c in src.get("citations") or []
            ),
        )

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
        body = search_body(query)
        response = self._es.search(
            index=self.alias("documents"),
            from_=query.offset,
            size=query.limit,
            track_total_hits=True,
            source={"includes": [*_HIT_FIELDS, "task_count", "opening"]},
            **body,
        )
        terms = query_terms(query.q)
        hits = tuple(_hit(h, terms) for h in response["hits"]["hits"])
        facets = _facets(response.get("aggregations") or {}) if query.facets else {}
        return SearchPage(int(response["hits"]["total"]["value"]), hits, facets)

    # -- citations -------------------------------------------------------------------

    @_translated
    def cites(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        hit = self._read("documents", doc_id, ["citations"])
        cited = (hit["_source"].get("citations") or []) if hit else []
        keys = sorted({c["number_key"] for c in cited})
        refs: dict[str, list[DocRef]] = {k: [] for k in keys}
        if keys:
            query = {
                "bool": {
                    "filter": [{"terms": {"number_key": keys}}, _cleared(clearance)],
                    "must_not": [{"term": {"id": doc_id}}],
                }
            }
            for h in self._newest_first(query, [*_HIT_FIELDS, "number_key"]):
                refs[h["_source"]["number_key"]].append(_ref(h["_source"]))
        return tuple(
            CitationLink(
                c["number"],
                c.get("doc_type"),
                c.get("date"),
                c.get("issuer"),
                c["text"],
                _resolve(refs[c["number_key"]], c.get("issuer")),
            )
            for c in cited
        )

    @_translated
    def cited_by(self, doc_id: str, clearance: int | None = None) -> tuple[CitationLink, ...]:
        hit = self._read("documents", doc_id, ["number_key", "issuer"])
        if hit is None or not hit["_source"].get("number_key"):
            return ()
        key, own_issuer = hit["_source"]["number_key"], hit["_source"].get("issuer")
        query = {
            "bool": {
                "filter": [{"term": {"cited_keys": key}}, _cleared(clearance)],
                "must_not": [{"term": {"id": doc_id}}],
            }
        }
        links = []
        for h in self._newest_first(query, [*_HIT_FIELDS, "citations"]):
            for c in h["_source"]["citations"]:
                if c["number_key"] != key:
                    continue
                issuer = c.get("issuer")
                if issuer and own_issuer and not _same_issuer(issuer, own_issuer):
                    continue  # another body's document with the same number
                links.append(
                    CitationLink(
                        c["number"],
                        c.get("doc_type"),
                        c.get("date"),
                        issuer,
                        c["text"],
                        (_ref(h["_source"]),),
                    )
                )
        return tuple(links)

    def _newest_first(self, query: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
        """Documents by date, newest first (undated last), then id; sorted here because
        search_after cannot resume after a hit that has no value for a sort field."""
        hits = list(self._each("documents", query, ["id"], [*fields, "date_lo"]))
        hits.sort(key=lambda h: h["_source"].get("date_lo") or "", reverse=True)  # stable
        return hits

    # -- tasks -----------------------------------------------------------------------

    @_translated
    def tasks(self, query: TaskQuery) -> TaskPage:
        filters = task_filters(query, query.today or date.today())
        if filters is None:
            return TaskPage(0, ())
        response = self._es.search(
            index=self.alias("tasks"),
            query={"bool": {"filter": filters["filter"], "must_not": filters["must_not"]}},
            sort=[
                {"due": {"order": "asc", "missing": "_last"}},
                {"doc_id": "asc"},
                {"ordinal": "asc"},
                {"id": "asc"},
            ],
            from_=query.offset,
            size=query.limit,
            track_total_hits=True,
            seq_no_primary_term=True,
        )
        return TaskPage(
            int(response["hits"]["total"]["value"]),
            tuple(_task(h) for h in response["hits"]["hits"]),
        )

    @_translated
    def task(self, task_id: str) -> TaskRecord | None:
        hit = self._read("tasks", task_id)
        return _task(hit) if hit else None

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
                version = _version(hit)
                if if_version is not None and if_version != version:
                    raise TaskConflictError(task_id, if_version, version)
                old, stamp, events = hit["_source"], _now(), []
                if status is not None and status != old["status"]:
                    events.append(
                        TaskEvent(task_id, stamp, who, "status", old=old["status"], new=status)
                    )
                if note and note.strip():
                    events.append(TaskEvent(task_id, stamp, who, "note", note=note.strip()))
                if not events:
                    return _task(hit)
                # read, then write guarded by seq_no: the history needs the old status, and
                # osmem-server (the test stand-in) has no scripted updates anyway
                new = {**old, "status": status or old["status"], "updated_at": stamp}
                try:
                    done = self._apply(
                        [_replace("tasks", hit, new)] + [self._event(e) for e in events]
                    )
                except _Conflict:
                    if if_version is not None:
                        current = self._read("tasks", task_id)
                        raise TaskConflictError(
                            task_id, if_version, _version(current) if current else "deleted"
                        ) from None
                    continue  # changed between our read and our write: read again
                return _task({**done[("tasks", task_id)], "_source": new})
        raise IndexBackendError(f"{self.where}: task {task_id} kept changing; try again")

    @_translated
    def task_history(self, task_id: str) -> tuple[TaskEvent, ...]:
        hits = self._each("task-events", {"term": {"task_id": task_id}}, ["seq", "id"])
        return tuple(
            TaskEvent(
                task_id=h["_source"]["task_id"],
                at=h["_source"]["at"],
                who=h["_source"]["who"],
                action=h["_source"]["action"],
                old=h["_source"].get("old"),
                new=h["_source"].get("new"),
                note=h["_source"].get("note"),
            )
            for h in hits
        )

    def close(self) -> None:
        self._es.close()


# -- queries: pure builders -----------------------------------------------------------

_BY_DATE: list[Any] = [{"date_lo": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]


def match_query(q: str) -> dict[str, Any] | None:
    """What a clerk types, as a query: every word must appear, in any field.

    Words in quotes, and a số/ký hiệu such as "226-CV/ĐU", are phrases; a word ending in
    ``*`` is a prefix. Words standing next to each other as typed, and words with the
    accents as typed, score more. A query that looks like a number lookup ("nghị quyết
    12", "nq12") also matches the document carrying that number, ranked first.

    >>> match_query("tham nh*")["bool"]["should"][0]["bool"]["must"][1]["bool"]["should"][0]
    {'prefix': {'number': {'value': 'nh', 'boost': 10.0}}}
    """
    phrases = [" ".join(_WORD.findall(p)) for p in _PHRASE.findall(q) if _WORD.findall(p)]
    words: list[str] = []
    prefixes: list[str] = []
    for token in _PHRASE.sub(" ", q).replace('"', " ").split():
        parts = _WORD.findall(token)
        if token.endswith("*") and len(parts) == 1:
            prefixes.append(fold(parts[0]))
        elif len(parts) > 1:
            phrases.append(" ".join(parts))
        elif parts:
            words.append(parts[0])
    must: list[dict[str, Any]] = []
    if words:
        must.append(
            {
                "multi_match": {
                    "query": " ".join(words),
                    "type": "cross_fields",
                    "operator": "and",
                    "fields": list(FIELDS),
                }
            }
        )
    must += [
        {"multi_match": {"query": p, "type": "phrase", "fields": list(PHRASE_FIELDS)}}
        for p in phrases
    ]
    for prefix in prefixes:
        clauses = [
            {"prefix": {field: {"value": prefix, "boost": boost}}}
            for field, boost in map(_field_boost, FIELDS)
        ]
        must.append({"bool": {"should": clauses, "minimum_should_match": 1}})
    tokens = lookup_tokens(q)
    alternatives: list[dict[str, Any]] = []
    if tokens:
        alternatives.append({"terms": {"numkey": list(tokens), "boost": LOOKUP_BOOST}})
    if must:
        alternatives.append({"bool": {"must": must, "should": _bonuses(q)}})
    if not alternatives:
        return None
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _bonuses(q: str) -> list[dict[str, Any]]:
    """Adjacent word pairs as phrases ("Vũ Dương" above "vụ … dưỡng"), and the accents."""
    words = _WORD.findall(q.replace('"', " "))
    pairs = list(dict.fromkeys(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)))
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": pair, "type": "phrase", "fields": list(PHRASE_FIELDS)}}
        for pair in pairs[:10]
    ]
    if has_accents(q):
        should.append({"multi_match": {"query": " ".join(words), "fields": list(EXACT_FIELDS)}})
    return should


def _field_boost(spec: str) -> tuple[str, float]:
    field, _, boost = spec.partition("^")
    return field, float(boost or 1)


def search_filters(query: SearchQuery) -> list[dict[str, Any]]:
    """The SearchQuery's filters, compared as the SQLite backend compares them."""
    filters: list[dict[str, Any]] = []
    if query.doc_type:
        filters.append({"term": {"doc_type_key": fold(query.doc_type)}})
    if query.issuer:
        filters.append(
            {"wildcard": {"issuer_key": {"value": f"*{_wildcard(fold(query.issuer))}*"}}}
        )
    if query.year:
        filters.append({"term": {"year": query.year}})
    if query.date_from:
        filters.append({"range": {"date_hi": {"gte": date_bounds(query.date_from)[0]}}})
    if query.date_to:
        filters.append({"range": {"date_lo": {"lte": date_bounds(query.date_to)[1]}}})
    if query.urgency:
        filters.append({"term": {"urgency_key": query.urgency.lower()}})
    if query.security:
        filters.append({"term": {"security_key": query.security.lower()}})
    if query.has_tasks is not None:
        filters.append({"term": {"has_tasks": query.has_tasks}})
    if query.clearance is not None:
        filters.append(_cleared(query.clearance))
    return filters


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The search request (query, sort, highlight, aggregations) for a SearchQuery."""
    match = match_query(query.q)
    filters = search_filters(query)
    body: dict[str, Any] = {
        "query": {"bool": {"must": [match] if match else [], "filter": filters}},
        "sort": ["_score", *_BY_DATE] if match and query.sort == "relevance" else _BY_DATE,
    }
    if match:
        body["highlight"] = {
            "pre_tags": [_MARK_OPEN],
            "post_tags": [_MARK_CLOSE],
            "fields": {"text": {"fragment_size": 160, "number_of_fragments": 1}},
        }
    if query.facets:
        body["aggs"] = {
            name: {
                "terms": {
                    "field": field,
                    "size": FACET_SIZE,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
            for name, field in _FACET_FIELDS.items()
        }
    return body


def task_filters(query: TaskQuery, today: date) -> dict[str, list[dict[str, Any]]] | None:
    """Filter and must_not clauses of a TaskQuery; None when it can match nothing."""
    must: list[dict[str, Any]] = []
    must_not: list[dict[str, Any]] = []
    if query.body:
        key = body_lookup_key(query.body)
        if not key:
            return None
        roles = ("lead", "support") if query.role == "any" else (query.role,)
        # the body itself, and every body whose name continues it ("… tinh lao cai")
        named = [
            clause
            for role in roles
            for clause in ({"term": {f"{role}_keys": key}}, {"prefix": {f"{role}_keys": key + " "}})
        ]
        must.append({"bool": {"should": named, "minimum_should_match": 1}})
    if query.doc_id:
        must.append({"term": {"doc_id": query.doc_id}})
    if query.status:
        must.append({"term": {"status": query.status}})
    low, high = query.window(today)
    if low or high:
        bounds = {"gte": low} if low else {}
        must.append({"range": {"due": {**bounds, **({"lte": high} if high else {})}}})
    if query.due_within_days is not None:
        must_not.append({"term": {"status": DONE}})
    if query.overdue is not None:
        late = {
            "bool": {
                "filter": [{"range": {"due": {"lt": today.isoformat()}}}],
                "must_not": [{"term": {"status": DONE}}],
            }
        }
        (must if query.overdue else must_not).append(late)
    if query.recurring is not None:
        must.append({"term": {"recurring": query.recurring}})
    if not query.include_gone:
        must.append({"term": {"gone": False}})
    if query.clearance is not None:
        must.append(_cleared(query.clearance))
    return {"filter": must, "must_not": must_not}


# -- records in, records out ----------------------------------------------------------


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """A partial date covers a range: "2025-11" -> ("2025-11-01", "2025-11-30")."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return value, value
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if len(parts) == 2 and 1 <= month <= 12:
        return f"{value}-01", f"{value}-{monthrange(year, month)[1]:02d}"
    return value, value


def _document_source(d: IndexedDocument, lineage: str, added: int) -> dict[str, Any]:
    date_lo, date_hi = date_bounds(d.date)
    return {
        **{c: getattr(d, c) for c in _COLUMNS},
        "lineage": lineage,
        "opening": d.text[:OPENING],
        "year": d.year,
        "date_lo": date_lo,
        "date_hi": date_hi,
        "urgency_key": d.urgency.lower() if d.urgency else None,
        "security_key": d.security.lower() if d.security else None,
        "security_level": security_level(d.security),
        "doc_type_key": fold(d.doc_type) if d.doc_type else None,
        "issuer_key": fold(d.issuer) if d.issuer else None,
        "number_key": number_key(d.number) if d.number else None,
        "numkey": number_tokens(d.number, d.doc_type),
        "task_count": len(d.tasks),
        "has_tasks": bool(d.tasks),
        "added": added,
        # JSON as stored by the SQLite backend: whatever is not JSON becomes a string
        "meta": json.loads(json.dumps(d.meta, ensure_ascii=False, default=str)),
        "citations": [
            {
                "number": c.number,
                "number_key": number_key(c.number),
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "doc_type": c.doc_type,
                "date": c.date,
                "issuer": c.issuer,
            }
            for c in d.citations
        ],
        "cited_keys": sorted({number_key(c.number) for c in d.citations}),
    }


def _task_document(doc: dict[str, Any]) -> dict[str, Any]:
    """What a task copies from its document, for filters and for TaskRecord."""
    return {
        "doc_id": doc["id"],
        "doc_number": doc.get("number"),
        "doc_type": doc.get("doc_type"),
        "doc_subject": doc.get("subject"),
        "security": doc.get("security"),
        "security_level": doc.get("security_level", 0),
    }


def _task_content(doc: dict[str, Any], ordinal: int, t: TaskDraft) -> dict[str, Any]:
    return {
        **_task_document(doc),
        "ordinal": ordinal,
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "lead": [{"name": b.name, "written": b.written} for b in t.lead],
        "support": [{"name": b.name, "written": b.written} for b in t.support],
        "lead_keys": sorted({b.key for b in t.lead}),
        "support_keys": sorted({b.key for b in t.support}),
        "due": t.due,
        "due_text": t.due_text,
        "recurrence": list(t.recurrence),
        "recurring": bool(t.recurrence),
        "report_to": t.report_to,
    }


def _version(hit: dict[str, Any]) -> str:
    return f"{hit['_seq_no']}.{hit['_primary_term']}"


def _task(hit: dict[str, Any]) -> TaskRecord:
    s = hit["_source"]
    return TaskRecord(
        id=s["id"],
        doc_id=s["doc_id"],
        ordinal=s["ordinal"],
        text=s["text"],
        start=s["start"],
        end=s["end"],
        lead=tuple(NamedBody(b["name"], b["written"]) for b in s["lead"]),
        support=tuple(NamedBody(b["name"], b["written"]) for b in s["support"]),
        due=s.get("due"),
        due_text=s.get("due_text"),
        recurrence=tuple(s.get("recurrence") or ()),
        report_to=s.get("report_to"),
        status=s["status"],
        version=_version(hit),
        updated_at=s.get("updated_at"),
        gone=s["gone"],
        doc_number=s.get("doc_number"),
        doc_type=s.get("doc_type"),
        doc_subject=s.get("doc_subject"),
        security=s.get("security"),
    )


def _hit(h: dict[str, Any], terms: tuple[tuple[str, bool], ...]) -> SearchHit:
    """A hit; its snippet is Elasticsearch's highlight of the text, else the text's opening
    (browsing, or words found only in the number, subject or issuer)."""
    s = h["_source"]
    marked = (h.get("highlight") or {}).get("text")
    if marked:
        text = html.escape(" ".join(marked[0].split()))
        text = text.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
    else:
        text = snippet(s.get("opening") or "", terms)
    return SearchHit(
        s["id"],
        s.get("doc_type"),
        s.get("number"),
        s.get("issuer"),
        s.get("date"),
        s.get("subject"),
        text,
        float(h.get("_score") or 0.0),
        urgency=s.get("urgency"),
        security=s.get("security"),
        tasks=s.get("task_count") or 0,
    )


def _facets(aggregations: dict[str, Any]) -> dict[str, tuple[FacetCount, ...]]:
    facets = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        counts = [(str(b.get("key_as_string", b["key"])), int(b["doc_count"])) for b in buckets]
        counts.sort(key=lambda vc: (-vc[1], vc[0]))
        facets[name] = tuple(FacetCount(v, c) for v, c in counts)
    return facets


def _cleared(clearance: int | None) -> dict[str, Any]:
    """Documents at or below a security level (models.security_level); None: all."""
    if clearance is None:
        return {"match_all": {}}
    return {"range": {"security_level": {"lte": clearance}}}


def _ref(s: dict[str, Any]) -> DocRef:
    return DocRef(
        s["id"],
        s.get("doc_type"),
        s.get("number"),
        s.get("issuer"),
        s.get("date"),
        s.get("subject"),
    )


def _same_issuer(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa


def _resolve(docs: list[DocRef], issuer: str | None) -> tuple[DocRef, ...]:
    """The indexed documents a citation points at; the issuer decides between namesakes."""
    if issuer and len(docs) > 1:
        named = [d for d in docs if d.issuer and _same_issuer(issuer, d.issuer)]
        docs = named or docs
    return tuple(docs)


def _replace(kind: str, hit: dict[str, Any], source: dict[str, Any]) -> _Write:
    return _Write(
        kind, "index", hit["_id"], source, hit["_source"], (hit["_seq_no"], hit["_primary_term"])
    )


def _delete(kind: str, hit: dict[str, Any]) -> _Write:
    return _Write(
        kind, "delete", hit["_id"], None, hit["_source"], (hit["_seq_no"], hit["_primary_term"])
    )


def _target(index: ElasticIndex, w: _Write) -> dict[str, Any]:
    return {"_index": index.alias(w.kind), "_id": w.id}


def _action(index: ElasticIndex, w: _Write) -> dict[str, Any]:
    action: dict[str, Any] = {"_op_type": w.op, **_target(index, w)}
    if w.seq:
        action["if_seq_no"], action["if_primary_term"] = w.seq
    if w.source is not None:
        action["_source"] = w.source
    return action


def _path_id(path: str) -> str:
    """A file path as a document id (ids are limited to 512 bytes, paths are not)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


def _wildcard(text: str) -> str:
    return re.sub(r"([*?\\])", r"\\\1", text)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _redacted(url: str | None) -> str:
    """The URL without a password, for messages."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()
