"""Reading tasks: one task, a page for the board, a stream for the reminder scan.

The query builder is pure (``where``); the executors beside it are thin. The same SQL
runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.bodies import body_lookup_key
from store.models import NamedBody
from store.schema import bodies, documents, task_bodies, task_events, tasks
from store.tracking import (
    DONE,
    Correction,
    TaskEvent,
    TaskPage,
    TaskQuery,
    TaskRecord,
    anchor_keys,
)

TRACKED = sa.func.coalesce(documents.c.tracked, documents.c.tracked_auto)
_SOURCE = tasks.join(documents, documents.c.id == tasks.c.doc_id)
_COLUMNS = (
    *tasks.c,
    documents.c.number.label("doc_number"),
    documents.c.doc_type.label("doc_type"),
    documents.c.subject.label("doc_subject"),
    documents.c.security.label("doc_security"),
    TRACKED.label("doc_tracked"),
)


@functools.lru_cache(maxsize=8192)
def _bodies(raw: str) -> tuple[NamedBody, ...]:
    """Parsed once per distinct value: the same bodies recur on thousands of tasks."""
    return tuple(NamedBody(name, written) for name, written in json.loads(raw))


@functools.lru_cache(maxsize=256)
def _recurrence(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw))


def _corrections(row: Any) -> tuple[Correction, ...]:
    corrected = json.loads(row.corrected)
    if not corrected:
        return ()
    machine = json.loads(row.machine)
    out = []
    for name, mark in corrected.items():
        seen = machine.get(name)
        shown = _display(name, seen) if name in machine else None
        mine = _display(name, _effective(row, name))
        out.append(Correction(name, mark["who"], mark["at"], shown if shown != mine else None))
    return tuple(out)


def _effective(row: Any, name: str) -> Any:
    if name == "text":
        return [row.text, row.start, row.end]
    if name == "due":
        return [row.due, row.due_text]
    if name in ("lead", "support", "recurrence"):
        return json.loads(getattr(row, name))
    return getattr(row, name)


def _display(name: str, value: Any) -> str | None:
    """A field's value as one line of text, to show beside a person's correction."""
    if value is None:
        return None
    if name in ("lead", "support"):
        return "; ".join(n for n, _ in value) or None
    if name == "due":
        return value[0]
    if name == "text":
        return value[0]
    if name == "recurrence":
        return ", ".join(value) or None
    return str(value)


def record(row: Any) -> TaskRecord:
    return TaskRecord(
        id=row.id,
        doc_id=row.doc_id,
        ordinal=row.ordinal,
        text=row.text,
        start=row.start,
        end=row.end,
        lead=_bodies(row.lead),
        support=_bodies(row.support),
        due=row.due,
        due_text=row.due_text,
        recurrence=_recurrence(row.recurrence),
        report_to=row.report_to,
        status=row.status,
        version=str(row.version),
        updated_at=row.updated_at,
        gone=bool(row.gone),
        doc_number=row.doc_number,
        doc_type=row.doc_type,
        doc_subject=row.doc_subject,
        security=row.doc_security,
        origin=row.origin,
        not_a_task=bool(row.not_a_task),
        corrected=_corrections(row),
        tracked=bool(row.doc_tracked),
    )


def body_keys(db: Connection, body: str) -> list[str]:
    """Folded canonical names the user's words stand for: the body itself and every
    body whose name continues it ("UBND tỉnh" -> "uy ban nhan dan tinh", "… tinh quang ngai")."""
    key = body_lookup_key(body)
    if not key:
        return []
    found = db.execute(
        sa.select(bodies.c.key).where(
            sa.or_(
                bodies.c.key == key, sa.and_(bodies.c.key >= key + " ", bodies.c.key < key + "!")
            )
        )
    ).scalars()
    return list(found) or [key]


def where(query: TaskQuery, keys: list[str], today: date) -> list[Any]:
    """The conditions of ``query`` (``keys``: body_keys of its body)."""
    conditions: list[Any] = [documents.c.state == "current"]
    low, high = query.window(today)
    if query.body or query.bodies:
        sub = sa.select(task_bodies.c.task_id).where(task_bodies.c.key.in_(keys))
        if query.role != "any":
            sub = sub.where(task_bodies.c.role == query.role)
        if low:
            sub = sub.where(task_bodies.c.due >= low)
        if high:
            sub = sub.where(task_bodies.c.due <= high)
        conditions.append(tasks.c.id.in_(sub))
    if query.due_on:
        conditions.append(tasks.c.due.in_(query.due_on))
    if query.recurring_on:
        conditions.append(tasks.c.recur_anchor.in_(anchor_keys(query.recurring_on)))
    if query.open_only or query.due_within_days is not None:
        conditions.append(tasks.c.status != DONE)
    if query.doc_id:
        conditions.append(tasks.c.doc_id == query.doc_id)
    if query.status:
        conditions.append(tasks.c.status == query.status)
    if low:
        conditions.append(tasks.c.due >= low)
    if high:
        conditions.append(tasks.c.due <= high)
    if query.overdue is not None:
        late = sa.and_(
            tasks.c.due.is_not(None), tasks.c.due < today.isoformat(), tasks.c.status != DONE
        )
        conditions.append(late if query.overdue else sa.not_(late))
    if query.recurring is not None:
        conditions.append(tasks.c.recurring == query.recurring)
    if not query.include_gone:
        conditions.append(tasks.c.gone == sa.false())
    if not query.include_hidden:
        conditions.append(tasks.c.not_a_task == sa.false())
    if query.tracked_only:
        conditions.append(TRACKED.is_(sa.true()))
    if query.clearance is not None:
        conditions.append(documents.c.security_level <= query.clearance)
    return conditions


def _conditions(db: Connection, query: TaskQuery) -> list[Any]:
    names = ([query.body] if query.body else []) + list(query.bodies)
    keys = sorted({k for name in names for k in body_keys(db, name)})
    return where(query, keys, query.today or date.today())


def page(db: Connection, query: TaskQuery) -> TaskPage:
    conditions = _conditions(db, query)
    total = db.execute(
        sa.select(sa.func.count()).select_from(_SOURCE).where(*conditions)
    ).scalar_one()
    rows = db.execute(
        sa.select(*_COLUMNS)
        .select_from(_SOURCE)
        .where(*conditions)
        .order_by(tasks.c.due.is_(None), tasks.c.due, tasks.c.doc_id, tasks.c.ordinal)
        .limit(query.limit)
        .offset(query.offset)
    ).all()
    return TaskPage(total, tuple(record(r) for r in rows))


def stream(db: Connection, query: TaskQuery) -> Iterator[TaskRecord]:
    """Every matching task, in table order (no sort, no count), fetched in batches."""
    result = db.execution_options(yield_per=2000).execute(
        sa.select(*_COLUMNS).select_from(_SOURCE).where(*_conditions(db, query))
    )
    for row in result:
        yield record(row)


def one(db: Connection, task_id: str) -> TaskRecord | None:
    row = db.execute(sa.select(*_COLUMNS).select_from(_SOURCE).where(tasks.c.id == task_id)).first()
    return record(row) if row else None


def history(db: Connection, task_id: str) -> tuple[TaskEvent, ...]:
    rows = db.execute(
        sa.select(task_events).where(task_events.c.task_id == task_id).order_by(task_events.c.seq)
    ).all()
    return tuple(
        TaskEvent(r.task_id, r.at, r.who, r.action, r.old, r.new, r.note, r.field) for r in rows
    )
