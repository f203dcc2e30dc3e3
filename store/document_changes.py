"""What people decide about a document: corrected header fields, the "đã kiểm tra" mark,
whether the office follows it. Each is recorded with who and when in its history.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from directives.errors import DocumentConflictError, InvalidCorrectionError, NotFoundError
from extractors.fold import fold
from store.documents import HEADER_FIELDS, work_key
from store.models import SECURITY_LEVELS, security_level
from store.schema import document_corrections, document_events, documents
from store.tracking import now

SECURITY_MARKS = ("Mật", "Tối mật", "Tuyệt mật")
URGENCY_MARKS = ("Khẩn", "Thượng khẩn", "Hỏa tốc")


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    doc_id: str
    at: str
    who: str
    action: str  # corrected, reviewed, unreviewed, tracked, untracked
    field: str | None = None
    old: str | None = None
    new: str | None = None


def _clean(name: str, value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    if name == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise InvalidCorrectionError(
                f"ngày không hợp lệ: {text!r} (YYYY-MM-DD, YYYY-MM hoặc YYYY)"
            )
        if len(text) == 10:
            try:
                date.fromisoformat(text)
            except ValueError as e:
                raise InvalidCorrectionError(f"ngày không hợp lệ: {text!r}") from e
    if name == "security":
        if fold(text) not in SECURITY_LEVELS:
            raise InvalidCorrectionError(f"độ mật phải là một trong: {', '.join(SECURITY_MARKS)}")
        text = SECURITY_MARKS[SECURITY_LEVELS[fold(text)] - 1]
    if name == "urgency":
        matches = [m for m in URGENCY_MARKS if fold(m) == fold(text)]
        if not matches:
            raise InvalidCorrectionError(f"độ khẩn phải là một trong: {', '.join(URGENCY_MARKS)}")
        text = matches[0]
    return text


def _event(db: Connection, e: DocumentEvent) -> None:
    db.execute(sa.insert(document_events).values(**asdict(e)))


def _current(db: Connection, doc_id: str, if_version: str | None) -> Any:
    row = db.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        raise NotFoundError(f"không có văn bản mã {doc_id}")
    if if_version is not None and if_version != str(row.version):
        raise DocumentConflictError(doc_id, if_version, str(row.version))
    return row


def correct(
    db: Connection, doc_id: str, who: str, fields: dict[str, Any], if_version: str | None = None
) -> None:
    """Set header ``fields`` (None clears one); the machine's reading is kept beside."""
    row = _current(db, doc_id, if_version)
    stamp = now()
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        if name not in HEADER_FIELDS:
            raise InvalidCorrectionError(f"không sửa được trường {name!r}")
        value = _clean(name, raw)
        old = getattr(row, name)
        known = db.execute(
            sa.select(document_corrections.c.field).where(
                document_corrections.c.doc_id == doc_id, document_corrections.c.field == name
            )
        ).first()
        if value == old and known is not None:
            continue
        if known is None:
            db.execute(
                sa.insert(document_corrections).values(
                    doc_id=doc_id, field=name, machine=old, who=who, at=stamp
                )
            )
        else:
            db.execute(
                sa.update(document_corrections)
                .where(
                    document_corrections.c.doc_id == doc_id, document_corrections.c.field == name
                )
                .values(who=who, at=stamp)
            )
        values[name] = value
        _event(db, DocumentEvent(doc_id, stamp, who, "corrected", name, old, value))
    if not values:
        return
    merged = {f: values.get(f, getattr(row, f)) for f in HEADER_FIELDS}
    done = db.execute(
        sa.update(documents)
        .where(documents.c.id == doc_id, documents.c.version == row.version)
        .values(
            **values,
            security_level=security_level(merged["security"]),
            work_key=work_key(
                merged["doc_type"], merged["number"], merged["issuer"], merged["date"]
            ),
            version=row.version + 1,
            updated_at=stamp,
        )
    )
    if done.rowcount != 1:  # another writer got there first (PostgreSQL, READ COMMITTED)
        raise DocumentConflictError(doc_id, str(row.version), "?")


def mark_reviewed(db: Connection, doc_id: str, who: str, reviewed: bool) -> None:
    row = _current(db, doc_id, None)
    if bool(row.reviewed_by) == reviewed:
        return
    stamp = now()
    db.execute(
        sa.update(documents)
        .where(documents.c.id == doc_id)
        .values(
            reviewed_by=who if reviewed else None,
            reviewed_at=stamp if reviewed else None,
            version=documents.c.version + 1,
            updated_at=stamp,
        )
    )
    _event(db, DocumentEvent(doc_id, stamp, who, "reviewed" if reviewed else "unreviewed"))


def set_tracked(db: Connection, doc_id: str, who: str, tracked: bool | None) -> None:
    """Follow the document or not; None hands the choice back to the rule."""
    row = _current(db, doc_id, None)
    if row.tracked == tracked:
        return
    stamp = now()
    db.execute(
        sa.update(documents)
        .where(documents.c.id == doc_id)
        .values(tracked=tracked, version=documents.c.version + 1, updated_at=stamp)
    )
    action = "tracked" if tracked else "untracked" if tracked is False else "tracked_auto"
    _event(db, DocumentEvent(doc_id, stamp, who, action))


def history(db: Connection, doc_id: str) -> tuple[DocumentEvent, ...]:
    rows = db.execute(
        sa.select(document_events)
        .where(document_events.c.doc_id == doc_id)
        .order_by(document_events.c.seq)
    ).all()
    return tuple(
        DocumentEvent(r.doc_id, r.at, r.who, r.action, r.field, r.old, r.new) for r in rows
    )
