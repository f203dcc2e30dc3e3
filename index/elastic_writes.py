"""Writing to Elasticsearch, which has no transactions: one bulk request per change, all
of it or none.

Every change one call makes goes in one ``_bulk`` request with ``refresh=wait_for``: it
returns when a search can see all of it, with one wait instead of one per write. Existing
records are written with ``if_seq_no``/``if_primary_term`` and new ones with ``create``,
so a change made meanwhile by another writer fails that item instead of being
overwritten. Items apply one by one; when any fails, the items that succeeded are put
back from the copies read before (created ones deleted, replaced or deleted ones
restored, again guarded by seq_no), then the call is retried from a fresh read (a
Conflict) or fails with IndexBackendError. Bulk items rejected with 429 are retried with
backoff (``helpers.streaming_bulk``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from directives.errors import IndexBackendError
from index.elastic_schema import alias_name

Outcomes = dict[tuple[str, str], dict[str, Any]]  # bulk item results by (kind, id)


class Conflict(Exception):
    """Another writer changed a record this call read; the call starts over."""


@dataclass(frozen=True, slots=True)
class Write:
    """One bulk item and the source it replaces (None: it creates), to put back on failure."""

    kind: str  # an elastic_schema.MAPPINGS key
    op: str  # index, create or delete
    id: str
    source: dict[str, Any] | None = None
    before: dict[str, Any] | None = None
    seq: tuple[int, int] | None = None  # the (seq_no, primary_term) read; None: create


def create(kind: str, record_id: str, source: dict[str, Any]) -> Write:
    return Write(kind, "create", record_id, source)


def replace(kind: str, hit: dict[str, Any], source: dict[str, Any]) -> Write:
    """Write ``source`` over the record ``hit`` read, unless it changed since."""
    return Write(
        kind, "index", hit["_id"], source, hit["_source"], (hit["_seq_no"], hit["_primary_term"])
    )


def delete(kind: str, hit: dict[str, Any]) -> Write:
    """Delete the record ``hit`` read, unless it changed since."""
    return Write(
        kind, "delete", hit["_id"], None, hit["_source"], (hit["_seq_no"], hit["_primary_term"])
    )


@dataclass(frozen=True, slots=True)
class Writer:
    """Guarded reads and all-or-nothing bulk writes under one prefix."""

    es: Elasticsearch
    prefix: str
    kinds: dict[str, str]  # index or alias name, as bulk answers name it -> kind
    where: str  # "Elasticsearch at …", for messages
    retries: int  # bulk items rejected with 429
    backoff: float  # seconds before the first retry

    def read(
        self, kind: str, record_id: str, fields: list[str] | None = None
    ) -> dict[str, Any] | None:
        """A realtime GET: the record with its _seq_no and _primary_term, or None."""
        response = self.es.options(ignore_status=404).get(
            index=alias_name(self.prefix, kind), id=record_id, source_includes=fields
        )
        return dict(response.body) if response.body.get("found") else None

    def apply(self, writes: list[Write]) -> Outcomes:
        """Send ``writes`` as one bulk request; all of them apply, or none stays.

        Returns each item's result by (kind, id). Raises Conflict when a record changed
        since it was read, IndexBackendError on any other failure.
        """
        try:
            done, failed = self._bulk([self._action(w) for w in writes])
        except (ApiError, TransportError) as e:
            # The request as a whole failed (a timeout, a lost connection): which items
            # applied is unknown, so each record is read back and undone if it is ours.
            self._undo(*self._applied(writes))
            raise IndexBackendError(f"{self.where}: write failed, nothing kept: {e}") from e
        if failed:
            self._undo([w for w in writes if (w.kind, w.id) in done], done)
            if all(info.get("status") == 409 for info in failed.values()):
                raise Conflict(sorted(failed))
            reasons = "; ".join(
                f"{kind} {item_id}: {info.get('error')}" for (kind, item_id), info in failed.items()
            )
            raise IndexBackendError(f"{self.where}: write failed, nothing kept: {reasons}")
        return done

    def _applied(self, writes: list[Write]) -> tuple[list[Write], Outcomes]:
        """The writes whose effect is in the index now, with the seq_no they left."""
        applied, done = [], {}
        for w in writes:
            try:
                current = self.read(w.kind, w.id)
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

    def _bulk(self, actions: list[dict[str, Any]]) -> tuple[Outcomes, Outcomes]:
        """(succeeded, failed) items by (kind, id); items rejected with 429 are retried."""
        done: Outcomes = {}
        failed: Outcomes = {}
        if not actions:
            return done, failed
        for ok, item in helpers.streaming_bulk(
            self.es,
            actions,
            raise_on_error=False,
            max_retries=self.retries,
            initial_backoff=self.backoff,
            max_backoff=30,
            refresh="wait_for",
        ):
            op, info = next(iter(item.items()))
            key = (self.kinds.get(info["_index"], info["_index"]), info["_id"])
            if ok:
                done[key] = info
            elif op == "delete" and info.get("status") == 404:
                continue  # already gone: nothing to put back
            else:
                failed[key] = info
        return done, failed

    def _undo(self, writes: list[Write], done: Outcomes) -> None:
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
                actions.append({"_op_type": "delete", **self._target(w), **guard})
            elif w.op == "delete":  # deleted: created again, unless someone did meanwhile
                actions.append({"_op_type": "create", **self._target(w), "_source": w.before})
            else:  # replaced: the copy read before goes back
                actions.append(
                    {"_op_type": "index", **self._target(w), "_source": w.before, **guard}
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

    def _target(self, w: Write) -> dict[str, Any]:
        return {"_index": alias_name(self.prefix, w.kind), "_id": w.id}

    def _action(self, w: Write) -> dict[str, Any]:
        action: dict[str, Any] = {"_op_type": w.op, **self._target(w)}
        if w.seq:
            action["if_seq_no"], action["if_primary_term"] = w.seq
        if w.source is not None:
            action["_source"] = w.source
        return action
