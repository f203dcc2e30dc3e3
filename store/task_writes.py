"""A document's tasks as the extractor read them, written with stable identity.

When a document is read again (a new extractor version) or replaced by a new version of
its file, each new task takes the id of the old task it matches (store/identity.py): its
status, notes, history and every correction a person made stay with it. A field a person
corrected keeps the person's value; the machine's new reading is kept beside it, so the
disagreement can be shown. Old tasks that match nothing stay, flagged gone; tasks a
person added are never touched by an extraction.

Functions take an open connection inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from store.identity import assign_ids
from store.models import NamedBody, TaskDraft
from store.schema import bodies, task_bodies, task_events, tasks
from store.tracking import SYSTEM, TaskEvent, anchor_key, now

CORRECTABLE = ("text", "lead", "support", "due", "recurrence", "report_to")


def bodies_json(named: Sequence[NamedBody]) -> str:
    return json.dumps([[b.name, b.written] for b in named], ensure_ascii=False)


def machine_values(draft: TaskDraft) -> dict[str, Any]:
    """A draft's correctable fields as stored (JSON-ready)."""
    return {
        "text": [draft.text, draft.start, draft.end],
        "lead": [[b.name, b.written] for b in draft.lead],
        "support": [[b.name, b.written] for b in draft.support],
        "due": [draft.due, draft.due_text],
        "recurrence": list(draft.recurrence),
        "report_to": draft.report_to,
    }


def columns(values: dict[str, Any]) -> dict[str, Any]:
    """The task row's columns for the correctable ``values`` (machine_values' shape)."""
    text, start, end = values["text"]
    due, due_text = values["due"]
    recurrence = tuple(values["recurrence"])
    return {
        "text": text,
        "start": start,
        "end": end,
        "lead": json.dumps(values["lead"], ensure_ascii=False),
        "support": json.dumps(values["support"], ensure_ascii=False),
        "due": due,
        "due_text": due_text,
        "recurrence": json.dumps(list(recurrence), ensure_ascii=False),
        "recurring": bool(recurrence),
        "recur_anchor": anchor_key(text, recurrence),
        "report_to": values["report_to"],
    }


def stored_values(row: Any) -> dict[str, Any]:
    """The effective correctable values of a stored task row."""
    return {
        "text": [row.text, row.start, row.end],
        "lead": json.loads(row.lead),
        "support": json.loads(row.support),
        "due": [row.due, row.due_text],
        "recurrence": json.loads(row.recurrence),
        "report_to": row.report_to,
    }


def _body_rows(task_id: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    due = values["due"][0]
    return [
        {"key": NamedBody(name, written).key, "due": due, "task_id": task_id, "role": role}
        for role in ("lead", "support")
        for name, written in values[role]
    ]


def _known_bodies(db: Connection, values: list[dict[str, Any]]) -> None:
    """Every body named on these tasks in the lookup table of names (one statement)."""
    names = {NamedBody(n, w).key: n for v in values for n, w in v["lead"] + v["support"]}
    if not names:
        return
    upsert = (pg_insert if db.dialect.name == "postgresql" else sqlite_insert)(bodies)
    db.execute(
        upsert.on_conflict_do_nothing(index_elements=["key"]),
        [{"key": key, "name": name} for key, name in names.items()],
    )


def write_bodies(db: Connection, task_id: str, values: dict[str, Any]) -> None:
    """The lookup rows of a task's bodies (its effective lead and support)."""
    db.execute(sa.delete(task_bodies).where(task_bodies.c.task_id == task_id))
    rows = _body_rows(task_id, values)
    if rows:
        db.execute(sa.insert(task_bodies), rows)
    _known_bodies(db, [values])


def event(db: Connection, e: TaskEvent) -> None:
    db.execute(sa.insert(task_events).values(**asdict(e)))


def write_extracted(
    db: Connection,
    doc_id: str,
    lineage: str,
    drafts: tuple[TaskDraft, ...],
    previous_doc: str | None,
) -> None:
    """Store ``drafts`` as the extracted tasks of ``doc_id``, carrying over the tasks of
    ``previous_doc`` (an older version, or the same document read again)."""
    old_rows = (
        db.execute(
            sa.select(tasks)
            .where(tasks.c.doc_id == previous_doc, tasks.c.origin == "extracted")
            .order_by(tasks.c.ordinal)
        ).all()
        if previous_doc
        else []
    )
    old = {row.id: row for row in old_rows}
    assignment = assign_ids(
        lineage,
        [d.text for d in drafts],
        [(r.id, r.machine_text) for r in (_machine_text(row) for row in old_rows)],
        lambda ids: _stored_ids(db, ids),
    )
    stamp = now()
    fresh: list[dict[str, Any]] = []  # new tasks, written in one statement each table
    fresh_values: list[dict[str, Any]] = []
    for ordinal, (task_id, draft) in enumerate(zip(assignment.ids, drafts, strict=True)):
        machine = machine_values(draft)
        row = old.get(task_id)
        if row is None:
            fresh.append(
                {"id": task_id, "doc_id": doc_id, "ordinal": ordinal, "machine": "{}"}
                | columns(machine)
            )
            fresh_values.append(machine)
            continue
        corrected = json.loads(row.corrected)
        effective = {f: (stored_values(row)[f] if f in corrected else machine[f]) for f in machine}
        kept_machine = {f: machine[f] for f in corrected}
        db.execute(
            sa.update(tasks)
            .where(tasks.c.id == task_id)
            .values(
                doc_id=doc_id,
                ordinal=ordinal,
                gone=False,
                machine=json.dumps(kept_machine, ensure_ascii=False),
                version=tasks.c.version + 1,
                **columns(effective),
            )
        )
        write_bodies(db, task_id, effective)
        if row.gone:
            event(db, TaskEvent(task_id, stamp, SYSTEM, "returned"))
    if fresh:
        db.execute(sa.insert(tasks), fresh)
        body_rows = [
            r for t, v in zip(fresh, fresh_values, strict=True) for r in _body_rows(t["id"], v)
        ]
        if body_rows:
            db.execute(sa.insert(task_bodies), body_rows)
        _known_bodies(db, fresh_values)
    for position, task_id in enumerate(assignment.gone, start=len(drafts)):
        db.execute(
            sa.update(tasks)
            .where(tasks.c.id == task_id)
            .values(doc_id=doc_id, ordinal=position, gone=True)
        )
        if not old[task_id].gone:
            event(db, TaskEvent(task_id, stamp, SYSTEM, "gone"))
    # tasks a person added go with the document to its new version
    if previous_doc and previous_doc != doc_id:
        db.execute(
            sa.update(tasks)
            .where(tasks.c.doc_id == previous_doc, tasks.c.origin == "added")
            .values(doc_id=doc_id)
        )


class _MachineText:
    __slots__ = ("id", "machine_text")

    def __init__(self, task_id: str, machine_text: str) -> None:
        self.id, self.machine_text = task_id, machine_text


def _machine_text(row: Any) -> _MachineText:
    """A stored task's text as the machine read it: identity follows the extractor's
    reading, not a person's correction of the span."""
    machine = json.loads(row.machine)
    text = machine["text"][0] if "text" in machine else row.text
    return _MachineText(row.id, text)


def _stored_ids(db: Connection, ids: list[str]) -> set[str]:
    """Which of ``ids`` stored tasks hold: a fresh id must not take one."""
    return set(db.execute(sa.select(tasks.c.id).where(tasks.c.id.in_(ids))).scalars())


def retire(db: Connection, old_doc: str, doc_id: str) -> None:
    """Keep the tasks of a replaced version, flagged gone, under the document replacing it."""
    stamp = now()
    live = db.execute(
        sa.select(tasks.c.id).where(tasks.c.doc_id == old_doc, tasks.c.gone == sa.false())
    ).scalars()
    for task_id in list(live):
        event(db, TaskEvent(task_id, stamp, SYSTEM, "gone"))
    db.execute(
        sa.update(tasks)
        .where(tasks.c.doc_id == old_doc)
        .values(doc_id=doc_id, gone=True, ordinal=tasks.c.ordinal + 100000)
    )
