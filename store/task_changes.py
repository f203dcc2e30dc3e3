"""What people decide about tasks: status and notes, corrections of what the machine
read, tasks it missed, and tasks that are not tasks. Each change is a human decision
with who and when, written to the history, and bumps the task's version (ETag).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from directives.errors import InvalidCorrectionError, TaskConflictError, TaskNotFoundError
from extractors.bodies import canonical
from store.identity import task_id as make_task_id
from store.schema import documents, tasks
from store.task_queries import _display
from store.task_writes import CORRECTABLE, columns, event, stored_values, write_bodies
from store.tracking import Status, TaskEvent, now


@dataclass(frozen=True, slots=True)
class TaskChange:
    """What a person asks to change; only the keys present in ``corrections`` change.

    ``corrections`` keys: ``lead``/``support`` (lists of body names), ``due`` (ISO date
    or None), ``recurrence`` (list of phrases), ``report_to`` (a name or None),
    ``text`` ((start, end) offsets into the document's text)."""

    status: Status | None = None
    note: str | None = None
    corrections: dict[str, Any] = field(default_factory=dict)
    not_a_task: bool | None = None


def named(names: list[str] | tuple[str, ...]) -> list[list[str]]:
    """Body names a person typed, as stored: canonical spelling and the name as typed."""
    out = []
    for name in names:
        written = " ".join(str(name).split())
        if not written:
            raise InvalidCorrectionError("tên đơn vị trống")
        out.append([canonical(written), written])
    return out


def _valid_due(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as e:
        raise InvalidCorrectionError(f"hạn không hợp lệ: {value!r} (cần dạng YYYY-MM-DD)") from e


def _span(db: Connection, doc_id: str, start: Any, end: Any) -> list[Any]:
    text = db.execute(sa.select(documents.c.text).where(documents.c.id == doc_id)).scalar_one()
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InvalidCorrectionError(
            f"đoạn văn bản không hợp lệ: {start}–{end} (văn bản dài {len(text)} ký tự)"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidCorrectionError("đoạn văn bản được chọn chỉ có khoảng trắng")
    return [text[start:end], start, end]


def corrected_values(
    db: Connection, doc_id: str, current: dict[str, Any], corrections: dict[str, Any]
) -> dict[str, Any]:
    """``current`` (stored_values' shape) with ``corrections`` applied and checked."""
    values = dict(current)
    for name, value in corrections.items():
        if name not in CORRECTABLE:
            raise InvalidCorrectionError(f"không sửa được trường {name!r}")
        if name in ("lead", "support"):
            values[name] = named(value or [])
        elif name == "due":
            values["due"] = [_valid_due(value), None]
        elif name == "recurrence":
            values["recurrence"] = [" ".join(str(v).split()) for v in value or [] if str(v).strip()]
        elif name == "report_to":
            values["report_to"] = " ".join(str(value).split()) or None if value else None
        elif name == "text":
            values["text"] = _span(db, doc_id, *value)
    return values


def update(
    db: Connection, task_id: str, who: str, change: TaskChange, if_version: str | None
) -> None:
    row = db.execute(sa.select(tasks).where(tasks.c.id == task_id)).first()
    if row is None:
        raise TaskNotFoundError(f"không có nhiệm vụ mã {task_id}")
    if if_version is not None and if_version != str(row.version):
        raise TaskConflictError(task_id, if_version, str(row.version))
    stamp = now()
    events: list[TaskEvent] = []
    updates: dict[str, Any] = {}
    if change.status is not None and change.status != row.status:
        events.append(TaskEvent(task_id, stamp, who, "status", old=row.status, new=change.status))
        updates["status"] = change.status
    if change.note and change.note.strip():
        events.append(TaskEvent(task_id, stamp, who, "note", note=change.note.strip()))
    if change.corrections:
        current = stored_values(row)
        values = corrected_values(db, row.doc_id, current, change.corrections)
        corrected = json.loads(row.corrected)
        machine = json.loads(row.machine)
        for name in change.corrections:
            if values[name] == current[name] and name in corrected:
                continue
            if name not in corrected and row.origin == "extracted":
                machine[name] = current[name]  # what the machine read, kept beside it
            corrected[name] = {"who": who, "at": stamp}
            old, new = _display(name, current[name]), _display(name, values[name])
            events.append(TaskEvent(task_id, stamp, who, "corrected", old=old, new=new, field=name))
        updates |= columns(values)
        updates["corrected"] = json.dumps(corrected, ensure_ascii=False)
        updates["machine"] = json.dumps(machine, ensure_ascii=False)
        write_bodies(db, task_id, values)
    if change.not_a_task is not None and change.not_a_task != bool(row.not_a_task):
        events.append(TaskEvent(task_id, stamp, who, "hidden" if change.not_a_task else "restored"))
        updates["not_a_task"] = change.not_a_task
    if not events:
        return
    done = db.execute(
        sa.update(tasks)
        .where(tasks.c.id == task_id, tasks.c.version == row.version)
        .values(version=row.version + 1, updated_at=stamp, **updates)
    )
    if done.rowcount != 1:  # another writer got there first (PostgreSQL, READ COMMITTED)
        raise TaskConflictError(task_id, str(row.version), "?")
    for e in events:
        event(db, e)


def add(
    db: Connection,
    doc_id: str,
    who: str,
    *,
    text_start: int,
    text_end: int,
    lead: list[str] | None = None,
    support: list[str] | None = None,
    due: str | None = None,
) -> str:
    """A task the extractor missed, from a span a person selected; its id."""
    lineage = db.execute(
        sa.select(documents.c.lineage).where(documents.c.id == doc_id)
    ).scalar_one_or_none()
    if lineage is None:
        raise TaskNotFoundError(f"không có văn bản mã {doc_id}")
    values = corrected_values(
        db,
        doc_id,
        {
            "text": ["", 0, 0],
            "lead": [],
            "support": [],
            "due": [None, None],
            "recurrence": [],
            "report_to": None,
        },
        {"text": (text_start, text_end), "lead": lead or [], "support": support or [], "due": due},
    )
    stamp = now()
    salt = 0
    while True:
        new_id = make_task_id(lineage, f"{values['text'][0]}\u0000added", salt)
        if db.execute(sa.select(tasks.c.id).where(tasks.c.id == new_id)).first() is None:
            break
        salt += 1
    ordinal = db.execute(
        sa.select(sa.func.coalesce(sa.func.max(tasks.c.ordinal), -1)).where(
            tasks.c.doc_id == doc_id, tasks.c.ordinal < 100000
        )
    ).scalar_one()
    db.execute(
        sa.insert(tasks).values(
            id=new_id,
            doc_id=doc_id,
            ordinal=ordinal + 1,
            origin="added",
            corrected="{}",  # origin 'added' already says a person wrote all of it
            machine="{}",
            updated_at=stamp,
            **columns(values),
        )
    )
    write_bodies(db, new_id, values)
    event(db, TaskEvent(new_id, stamp, who, "added", new=values["text"][0][:200]))
    return new_id
