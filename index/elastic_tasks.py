"""A document's tasks on Elasticsearch, as writes built from the records read: tasks carried
to a new version with their identity (index/identity.py), tasks retired into another
version, and status changes. What index/sqlite_tasks.py does in SQL; index/elastic.py
reads, and sends the writes with their history in one bulk request."""

from __future__ import annotations

from typing import Any

from index.elastic_records import task_content, task_document
from index.elastic_writes import Write, create, replace
from store.identity import Taken, assign_ids
from store.models import TaskDraft
from store.tracking import INITIAL, SYSTEM, Status, TaskEvent

RETIRED = 100000  # added to the ordinal of a retired task: after the document's own tasks


def carry_tasks(
    doc: dict[str, Any],
    drafts: tuple[TaskDraft, ...],
    previous: list[dict[str, Any]],
    taken: Taken,
    stamp: str,
) -> tuple[list[Write], list[TaskEvent]]:
    """The writes that store ``drafts`` as the tasks of ``doc``, keeping the identity,
    status and history of the ``previous`` tasks (hits) they match, and the history
    that records what went and what came back. ``taken``: which ids stored tasks hold."""
    old = {hit["_id"]: hit for hit in previous}
    assignment = assign_ids(
        doc["lineage"],
        [d.text for d in drafts],
        [(i, h["_source"]["text"]) for i, h in old.items()],
        taken,
    )
    writes: list[Write] = []
    events: list[TaskEvent] = []
    for ordinal, (task_id, draft) in enumerate(zip(assignment.ids, drafts, strict=True)):
        content = task_content(doc, ordinal, draft)
        if task_id in old:
            hit = old[task_id]
            writes.append(replace("tasks", hit, {**hit["_source"], **content, "gone": False}))
            if hit["_source"]["gone"]:
                events.append(TaskEvent(task_id, stamp, SYSTEM, "returned"))
        else:
            new = {**content, "id": task_id, "status": INITIAL, "updated_at": None, "gone": False}
            writes.append(create("tasks", task_id, new))
    for ordinal, task_id in enumerate(assignment.gone, start=len(drafts)):
        hit = old[task_id]
        moved = {**hit["_source"], **task_document(doc), "ordinal": ordinal, "gone": True}
        writes.append(replace("tasks", hit, moved))
        if not hit["_source"]["gone"]:
            events.append(TaskEvent(task_id, stamp, SYSTEM, "gone"))
    return writes, events


def retire_tasks(
    previous: list[dict[str, Any]], doc: dict[str, Any], stamp: str
) -> tuple[list[Write], list[TaskEvent]]:
    """Keep the tasks of a replaced version, flagged gone, under the document replacing it."""
    writes: list[Write] = []
    events: list[TaskEvent] = []
    for hit in previous:
        old = hit["_source"]
        ordinal = old["ordinal"] + RETIRED
        moved = {**old, **task_document(doc), "gone": True, "ordinal": ordinal}
        writes.append(replace("tasks", hit, moved))
        if not old["gone"]:
            events.append(TaskEvent(hit["_id"], stamp, SYSTEM, "gone"))
    return writes, events


def status_change(
    old: dict[str, Any], who: str, status: Status | None, note: str | None, stamp: str
) -> tuple[dict[str, Any] | None, list[TaskEvent]]:
    """The task ``old`` (a source) after a status change or a note, and its history;
    (None, []) when nothing changes."""
    events: list[TaskEvent] = []
    if status is not None and status != old["status"]:
        events.append(TaskEvent(old["id"], stamp, who, "status", old=old["status"], new=status))
    if note and note.strip():
        events.append(TaskEvent(old["id"], stamp, who, "note", note=note.strip()))
    if not events:
        return None, []
    return {**old, "status": status or old["status"], "updated_at": stamp}, events
