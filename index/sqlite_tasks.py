"""Tasks in the embedded index: writing a document's tasks with stable identity, queries,
status changes with optimistic concurrency, and the history of every change.

Functions take an open connection; the caller (index/sqlite.py) holds the lock and the
transaction.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from directives.errors import TaskConflictError, TaskNotFoundError
from store.bodies import body_lookup_key
from store.identity import assign_ids
from store.models import NamedBody, TaskDraft
from store.tracking import (
    DONE,
    SYSTEM,
    Status,
    TaskEvent,
    TaskPage,
    TaskQuery,
    TaskRecord,
    anchor_key,
    anchor_keys,
    now,
)

_TASK_COLUMNS = (
    't.id, t.doc_id, t.ordinal, t.text, t.start, t."end", t.lead, t.support, t.due, '
    "t.due_text, t.recurrence, t.report_to, t.status, t.version, t.updated_at, t.gone, "
    "d.number, d.doc_type, d.subject, d.security"
)


def _bodies_json(bodies: tuple[NamedBody, ...]) -> str:
    return json.dumps([[b.name, b.written] for b in bodies], ensure_ascii=False)


@functools.lru_cache(maxsize=8192)
def _bodies(raw: str) -> tuple[NamedBody, ...]:
    """Parsed once per distinct value: the same bodies recur on thousands of tasks."""
    return tuple(NamedBody(name, written) for name, written in json.loads(raw))


@functools.lru_cache(maxsize=256)
def _recurrence(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw))


def write_tasks(
    db: sqlite3.Connection,
    doc_id: str,
    lineage: str,
    drafts: tuple[TaskDraft, ...],
    previous_doc: str | None,
) -> None:
    """Store ``drafts`` as the tasks of ``doc_id``, carrying over the tasks of
    ``previous_doc`` (an older version, or the same document re-extracted)."""
    old_rows = (
        db.execute(
            "SELECT id, text, gone FROM tasks WHERE doc_id=? ORDER BY ordinal", (previous_doc,)
        ).fetchall()
        if previous_doc
        else []
    )
    was_gone = {row[0]: bool(row[2]) for row in old_rows}
    assignment = assign_ids(
        lineage,
        [d.text for d in drafts],
        [(r[0], r[1]) for r in old_rows],
        lambda ids: _stored_ids(db, ids),
    )
    stamp = now()
    affected = list(assignment.ids) + list(assignment.gone)
    db.executemany("DELETE FROM task_bodies WHERE task_id=?", [(i,) for i in affected])
    for ordinal, (task_id, draft) in enumerate(zip(assignment.ids, drafts, strict=True)):
        content = (
            doc_id,
            ordinal,
            draft.text,
            draft.start,
            draft.end,
            _bodies_json(draft.lead),
            _bodies_json(draft.support),
            draft.due,
            draft.due_text,
            json.dumps(list(draft.recurrence)),
            int(bool(draft.recurrence)),
            anchor_key(draft.text, draft.recurrence),
            draft.report_to,
        )
        if task_id in was_gone:
            db.execute(
                'UPDATE tasks SET doc_id=?, ordinal=?, text=?, start=?, "end"=?, lead=?, '
                "support=?, due=?, due_text=?, recurrence=?, recurring=?, recur_anchor=?, report_to=?, "
                "gone=0 "
                "WHERE id=?",
                (*content, task_id),
            )
            if was_gone[task_id]:
                _event(db, TaskEvent(task_id, stamp, SYSTEM, "returned"))
        else:
            db.execute(
                'INSERT INTO tasks (doc_id, ordinal, text, start, "end", lead, support, due, '
                "due_text, recurrence, recurring, recur_anchor, report_to, id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*content, task_id),
            )
        for role, bodies in (("lead", draft.lead), ("support", draft.support)):
            for body in bodies:
                db.execute(
                    "INSERT INTO task_bodies (key, due, task_id, role) VALUES (?,?,?,?)",
                    (body.key, draft.due, task_id, role),
                )
                db.execute(
                    "INSERT OR IGNORE INTO bodies (key, name) VALUES (?, ?)", (body.key, body.name)
                )
    for position, task_id in enumerate(assignment.gone, start=len(drafts)):
        db.execute(
            "UPDATE tasks SET doc_id=?, ordinal=?, gone=1 WHERE id=?", (doc_id, position, task_id)
        )
        if not was_gone[task_id]:
            _event(db, TaskEvent(task_id, stamp, SYSTEM, "gone"))


def _stored_ids(db: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of ``ids`` stored tasks hold: a fresh id must not take one (index/identity.py)."""
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(f"SELECT id FROM tasks WHERE id IN ({marks})", ids)}


def retire_tasks(db: sqlite3.Connection, old_doc: str, doc_id: str) -> None:
    """Keep the tasks of a replaced version, flagged gone, under the document replacing it."""
    stamp = now()
    rows = db.execute("SELECT id FROM tasks WHERE doc_id=? AND gone=0", (old_doc,)).fetchall()
    for (task_id,) in rows:
        _event(db, TaskEvent(task_id, stamp, SYSTEM, "gone"))
    db.execute(
        "UPDATE tasks SET doc_id=?, gone=1, ordinal=ordinal+100000 WHERE doc_id=?",
        (doc_id, old_doc),
    )


def _event(db: sqlite3.Connection, e: TaskEvent) -> None:
    db.execute(
        "INSERT INTO task_events (task_id, at, who, action, old, new, note) VALUES (?,?,?,?,?,?,?)",
        (e.task_id, e.at, e.who, e.action, e.old, e.new, e.note),
    )


def _record(row: tuple[Any, ...]) -> TaskRecord:
    (
        task_id, doc_id, ordinal, text, start, end, lead, support, due, due_text, recurrence,
        report_to, status, version, updated_at, gone, number, doc_type, subject, security,
    ) = row  # fmt: skip
    return TaskRecord(
        id=task_id,
        doc_id=doc_id,
        ordinal=ordinal,
        text=text,
        start=start,
        end=end,
        lead=_bodies(lead),
        support=_bodies(support),
        due=due,
        due_text=due_text,
        recurrence=_recurrence(recurrence),
        report_to=report_to,
        status=status,
        version=str(version),
        updated_at=updated_at,
        gone=bool(gone),
        doc_number=number,
        doc_type=doc_type,
        doc_subject=subject,
        security=security,
    )


def get_task(db: sqlite3.Connection, task_id: str) -> TaskRecord | None:
    row = db.execute(
        f"SELECT {_TASK_COLUMNS} FROM tasks t JOIN documents d ON d.id = t.doc_id WHERE t.id=?",
        (task_id,),
    ).fetchone()
    return _record(row) if row else None


def body_keys(db: sqlite3.Connection, body: str) -> list[str]:
    """Folded canonical names the user's words stand for: the body itself and every
    body whose name continues it ("UBND tỉnh" -> "uy ban nhan dan tinh", "… tinh quang ngai")."""
    key = body_lookup_key(body)
    if not key:
        return []
    rows = db.execute(
        "SELECT key FROM bodies WHERE key = ? OR (key >= ? AND key < ?)",
        (key, key + " ", key + "!"),
    ).fetchall()
    return [r[0] for r in rows] or [key]


def _where(db: sqlite3.Connection, query: TaskQuery) -> tuple[str, list[Any]]:
    today = query.today or date.today()
    where: list[str] = []
    params: list[Any] = []
    low, high = query.window(today)
    if query.body:
        keys = body_keys(db, query.body)
        marks = ",".join("?" * len(keys))
        sub = f"SELECT task_id FROM task_bodies WHERE key IN ({marks})"
        sub_params: list[Any] = list(keys)
        if query.role != "any":
            sub += " AND role = ?"
            sub_params.append(query.role)
        if low:
            sub += " AND due >= ?"
            sub_params.append(low)
        if high:
            sub += " AND due <= ?"
            sub_params.append(high)
        where.append(f"t.id IN ({sub})")
        params += sub_params
    if query.due_on:
        where.append(f"t.due IN ({','.join('?' * len(query.due_on))})")
        params += list(query.due_on)
    if query.recurring_on:
        keys = anchor_keys(query.recurring_on)
        where.append(f"t.recur_anchor IN ({','.join('?' * len(keys))})")
        params += keys
    if query.open_only:
        where.append("t.status != ?")
        params.append(DONE)
    if query.doc_id:
        where.append("t.doc_id = ?")
        params.append(query.doc_id)
    if query.status:
        where.append("t.status = ?")
        params.append(query.status)
    if low:
        where.append("t.due >= ?")
        params.append(low)
    if high:
        where.append("t.due <= ?")
        params.append(high)
    if query.due_within_days is not None:
        where.append("t.status != ?")
        params.append(DONE)
    if query.overdue is not None:
        clause = "(t.due IS NOT NULL AND t.due < ? AND t.status != ?)"
        where.append(clause if query.overdue else f"NOT {clause}")
        params += [today.isoformat(), DONE]
    if query.recurring is not None:
        where.append("t.recurring = ?")
        params.append(int(query.recurring))
    if not query.include_gone:
        where.append("t.gone = 0")
    if query.clearance is not None:
        where.append("d.security_level <= ?")
        params.append(query.clearance)
    return " AND ".join(where) or "1", params


_SOURCE = "tasks t JOIN documents d ON d.id = t.doc_id"


def query_tasks(db: sqlite3.Connection, query: TaskQuery) -> TaskPage:
    sql_where, params = _where(db, query)
    source = _SOURCE
    total = db.execute(f"SELECT count(*) FROM {source} WHERE {sql_where}", params).fetchone()[0]
    rows = db.execute(
        f"SELECT {_TASK_COLUMNS} FROM {source} WHERE {sql_where} "
        "ORDER BY t.due IS NULL, t.due, t.doc_id, t.ordinal LIMIT ? OFFSET ?",
        [*params, query.limit, query.offset],
    ).fetchall()
    return TaskPage(total, tuple(_record(r) for r in rows))


def stream_tasks(db: sqlite3.Connection, query: TaskQuery) -> Iterator[TaskRecord]:
    """Every matching task, in table order (no sort, no count)."""
    sql_where, params = _where(db, query)
    cursor = db.execute(f"SELECT {_TASK_COLUMNS} FROM {_SOURCE} WHERE {sql_where}", params)
    while rows := cursor.fetchmany(2000):
        yield from (_record(r) for r in rows)


def update_task(
    db: sqlite3.Connection,
    task_id: str,
    *,
    who: str,
    status: Status | None,
    note: str | None,
    if_version: str | None,
) -> None:
    row = db.execute("SELECT status, version FROM tasks WHERE id=?", (task_id,)).fetchone()
    if row is None:
        raise TaskNotFoundError(f"không có nhiệm vụ mã {task_id}")
    old_status, version = row
    if if_version is not None and if_version != str(version):
        raise TaskConflictError(task_id, if_version, str(version))
    stamp = now()
    changed = False
    if status is not None and status != old_status:
        _event(db, TaskEvent(task_id, stamp, who, "status", old=old_status, new=status))
        changed = True
    if note and note.strip():
        _event(db, TaskEvent(task_id, stamp, who, "note", note=note.strip()))
        changed = True
    if changed:
        db.execute(
            "UPDATE tasks SET status=coalesce(?, status), version=version+1, updated_at=? "
            "WHERE id=?",
            (status, stamp, task_id),
        )


def history(db: sqlite3.Connection, task_id: str) -> tuple[TaskEvent, ...]:
    rows = db.execute(
        "SELECT task_id, at, who, action, old, new, note FROM task_events "
        "WHERE task_id=? ORDER BY seq",
        (task_id,),
    ).fetchall()
    return tuple(TaskEvent(*r) for r in rows)
