"""Documents in the store: versions, renditions, the paths files were found under, the
effective reading (a person's corrections over the machine's), and the văn bản key that
recognises the same document arriving as another file.

Functions take an open connection inside the caller's transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from directives.errors import StoreError
from extractors.fold import fold
from store import task_writes
from store.models import HEADER_FIELDS as DOCUMENT_HEADER
from store.models import (
    CitedNumber,
    HeaderCorrection,
    IndexedDocument,
    NamedBody,
    Rendition,
    StoredDocument,
    TaskDraft,
    number_key,
    security_level,
)
from store.schema import document_corrections, documents, renditions, sources, tasks
from store.tracking import now
from store.tracking_rule import TrackingRule

HEADER_FIELDS = (*DOCUMENT_HEADER, "signer")  # what the documents table holds, and people correct


def work_key(
    doc_type: str | None, number: str | None, issuer: str | None, date: str | None
) -> str | None:
    """The văn bản a file carries: type, số/ký hiệu, issuer and full date. None when one
    is missing or the number has no digit (a blank "/QĐ-UBND"): such files never merge."""
    if not (doc_type and number and issuer and date) or not re.search(r"\d", number):
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return None
    return "|".join((fold(doc_type), number_key(number), fold(issuer), date))


def signer_of(document: IndexedDocument) -> str | None:
    signer = (document.meta.get("header") or {}).get("signer") or {}
    name = signer.get("name") if isinstance(signer, dict) else None
    if isinstance(name, dict):  # a Field
        name = name.get("value")
    return name or None


def _is_ocr(reading: dict[str, Any]) -> bool:
    return bool(reading.get("ocr_pages"))


@dataclass(frozen=True, slots=True)
class Put:
    """What a put did: ``doc_id`` holds the file now; ``withdrawn``: documents no longer
    current (a replaced version), to take out of the search indexes."""

    doc_id: str
    withdrawn: tuple[str, ...] = ()
    rendition_of: str | None = None  # the file is another rendition of this document


def _row(document: IndexedDocument, lineage: str, tracked_auto: bool) -> dict[str, Any]:
    stamp = now()
    return {
        "id": document.id,
        "lineage": lineage,
        "state": "current",
        "work_key": work_key(document.doc_type, document.number, document.issuer, document.date),
        "sha256": document.sha256,
        "filename": document.filename,
        **{f: getattr(document, f) for f in DOCUMENT_HEADER},
        "signer": signer_of(document),
        "security_level": security_level(document.security),
        "text": document.text,
        "meta": json.dumps(document.meta, ensure_ascii=False, default=str),
        "citations": json.dumps([list(_cited(c)) for c in document.citations], ensure_ascii=False),
        "ingested_at": document.ingested_at or stamp,
        "updated_at": stamp,
        "tracked_auto": tracked_auto,
        "review_flags": len(document.meta.get("needs_review") or []),
        "ocr_confidence": ocr_confidence(document.meta.get("reading") or {}),
    }


def ocr_confidence(reading: dict[str, Any]) -> float | None:
    """The mean confidence of the OCR'd pages, or None when no page was OCR'd."""
    scores = reading.get("ocr_confidence") or []
    return round(sum(scores) / len(scores), 1) if reading.get("ocr_pages") and scores else None


def _cited(c: CitedNumber) -> tuple[Any, ...]:
    return (c.number, c.text, c.start, c.end, c.doc_type, c.date, c.issuer)


def rendition_doc(db: Connection, sha256: str) -> str | None:
    return db.execute(
        sa.select(renditions.c.doc_id).where(renditions.c.sha256 == sha256)
    ).scalar_one_or_none()


def current_holder(db: Connection, sha256: str) -> str | None:
    """The current document a file belongs to: its own, or the version that replaced it
    (an old version brought in again never comes back to life)."""
    doc_id = rendition_doc(db, sha256)
    seen: set[str] = set()
    while doc_id is not None and doc_id not in seen:
        seen.add(doc_id)
        row = db.execute(
            sa.select(documents.c.state, documents.c.replaced_by).where(documents.c.id == doc_id)
        ).one()
        if row.state == "current" or row.replaced_by is None:
            return doc_id
        doc_id = row.replaced_by
    return doc_id


def point(db: Connection, path: str, sha256: str) -> None:
    """``path`` now holds the file ``sha256``."""
    stamp = now()
    done = db.execute(
        sa.update(sources).where(sources.c.path == path).values(sha256=sha256, seen_at=stamp)
    )
    if done.rowcount == 0:
        db.execute(sa.insert(sources).values(path=path, sha256=sha256, seen_at=stamp))


def _held_elsewhere(db: Connection, doc_id: str, path: str) -> bool:
    """Whether a path other than ``path`` holds a rendition of ``doc_id``."""
    found = db.execute(
        sa.select(sources.c.path)
        .join(renditions, renditions.c.sha256 == sources.c.sha256)
        .where(renditions.c.doc_id == doc_id, sources.c.path != path)
        .limit(1)
    ).first()
    return found is not None


def _previous(db: Connection, path: str, sha256: str) -> str | None:
    """The current document ``path`` held before, when this file replaces it: a new
    version of the same file (no other path holds that document)."""
    old_sha = db.execute(
        sa.select(sources.c.sha256).where(sources.c.path == path)
    ).scalar_one_or_none()
    if old_sha is None or old_sha == sha256:
        return None
    old_doc = rendition_doc(db, old_sha)
    if old_doc is None or _held_elsewhere(db, old_doc, path):
        return None
    state = db.execute(sa.select(documents.c.state).where(documents.c.id == old_doc)).scalar_one()
    return old_doc if state == "current" else None


def _withdraw(db: Connection, old_doc: str, new_doc: str) -> None:
    db.execute(
        sa.update(documents)
        .where(documents.c.id == old_doc)
        .values(state="replaced", replaced_by=new_doc, updated_at=now())
    )


def _add_rendition(db: Connection, document: IndexedDocument, doc_id: str) -> None:
    db.execute(
        sa.insert(renditions).values(
            sha256=document.sha256,
            doc_id=doc_id,
            filename=document.filename,
            reading=json.dumps(document.meta.get("reading") or {}, ensure_ascii=False, default=str),
            added_at=now(),
        )
    )


def link(db: Connection, path: str, sha256: str) -> Put:
    """``path`` now holds a file already stored; a document only this path held before is
    replaced by the one the file belongs to."""
    doc_id = current_holder(db, sha256)
    if doc_id is None:
        raise StoreError(f"{sha256[:16]} is not in the store")
    previous = _previous(db, path, sha256)
    withdrawn: tuple[str, ...] = ()
    if previous and previous != doc_id:
        task_writes.retire(db, previous, doc_id)
        _withdraw(db, previous, doc_id)
        withdrawn = (previous,)
    point(db, path, sha256)
    return Put(doc_id, withdrawn)


def put(db: Connection, document: IndexedDocument, path: str, rule: TrackingRule) -> Put:
    """Record a file read from ``path``: a new document, a new version of the document
    the path held, or another rendition of a document already stored."""
    known = current_holder(db, document.sha256)
    previous = _previous(db, path, document.sha256)
    if known is not None:  # the path now holds a file another path brought in
        if previous and previous != known:
            task_writes.retire(db, previous, known)
            _withdraw(db, previous, known)
        point(db, path, document.sha256)
        return Put(known, (previous,) if previous and previous != known else ())
    if previous is not None:
        lineage = db.execute(
            sa.select(documents.c.lineage, documents.c.tracked).where(documents.c.id == previous)
        ).one()
        _insert(db, document, lineage.lineage, rule, tracked=lineage.tracked)
        task_writes.write_extracted(db, document.id, lineage.lineage, document.tasks, previous)
        _withdraw(db, previous, document.id)
        point(db, path, document.sha256)
        return Put(document.id, (previous,))
    key = work_key(document.doc_type, document.number, document.issuer, document.date)
    same = (
        db.execute(
            sa.select(documents.c.id, documents.c.sha256).where(
                documents.c.work_key == key, documents.c.state == "current"
            )
        ).first()
        if key
        else None
    )
    if same is not None:
        _add_rendition(db, document, same.id)
        point(db, path, document.sha256)
        primary = db.execute(
            sa.select(renditions.c.reading).where(renditions.c.sha256 == same.sha256)
        ).scalar_one()
        if _is_ocr(json.loads(primary)) and not _is_ocr(document.meta.get("reading") or {}):
            # a text rendition reads better than a scan: its reading becomes the document's
            refresh(db, replace(document, id=same.id), rule)
        return Put(same.id, rendition_of=same.id)
    _insert(db, document, document.id, rule)
    task_writes.write_extracted(db, document.id, document.id, document.tasks, None)
    point(db, path, document.sha256)
    return Put(document.id)


def _insert(
    db: Connection,
    document: IndexedDocument,
    lineage: str,
    rule: TrackingRule,
    tracked: bool | None = None,
) -> None:
    db.execute(
        sa.insert(documents).values(
            **_row(document, lineage, rule.follows(document)), tracked=tracked
        )
    )
    _add_rendition(db, document, document.id)


def refresh(db: Connection, document: IndexedDocument, rule: TrackingRule) -> None:
    """The document ``document.id`` read again (a new extractor, or a better rendition
    ``document.sha256``): the machine's reading is replaced, every person's correction and
    every task's identity, status and history stay."""
    stored = db.execute(sa.select(documents).where(documents.c.id == document.id)).first()
    if stored is None:
        raise KeyError(document.id)
    row = _row(document, stored.lineage, rule.follows(document))
    corrected = {
        r.field: r
        for r in db.execute(
            sa.select(document_corrections).where(document_corrections.c.doc_id == document.id)
        )
    }
    for name in corrected:
        db.execute(
            sa.update(document_corrections)
            .where(
                document_corrections.c.doc_id == document.id, document_corrections.c.field == name
            )
            .values(machine=row[name])
        )
        row[name] = getattr(stored, name)  # the person's value stands
    row["security_level"] = security_level(row["security"])
    row["work_key"] = work_key(row["doc_type"], row["number"], row["issuer"], row["date"])
    for kept in ("id", "ingested_at"):
        row.pop(kept)
    db.execute(
        sa.update(documents)
        .where(documents.c.id == document.id)
        .values(**row, version=documents.c.version + 1)
    )
    task_writes.write_extracted(db, document.id, stored.lineage, document.tasks, document.id)


def load(db: Connection, doc_id: str) -> StoredDocument | None:
    row = db.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        return None
    live = db.execute(
        sa.select(tasks)
        .where(
            tasks.c.doc_id == doc_id, tasks.c.gone == sa.false(), tasks.c.not_a_task == sa.false()
        )
        .order_by(tasks.c.ordinal)
    ).all()
    document = IndexedDocument(
        id=row.id,
        sha256=row.sha256,
        filename=row.filename,
        text=row.text,
        **{f: getattr(row, f) for f in DOCUMENT_HEADER},
        ingested_at=row.ingested_at,
        meta=json.loads(row.meta),
        citations=tuple(CitedNumber(*c) for c in json.loads(row.citations)),
        tasks=tuple(_draft(t) for t in live),
    )
    files = db.execute(
        sa.select(renditions).where(renditions.c.doc_id == doc_id).order_by(renditions.c.added_at)
    ).all()
    corrections = db.execute(
        sa.select(document_corrections).where(document_corrections.c.doc_id == doc_id)
    ).all()
    return StoredDocument(
        document=document,
        lineage=row.lineage,
        state=row.state,
        replaced_by=row.replaced_by,
        version=row.version,
        signer=row.signer,
        renditions=tuple(
            Rendition(
                f.sha256, f.filename, json.loads(f.reading), f.added_at, f.sha256 == row.sha256
            )
            for f in files
        ),
        corrections=tuple(
            HeaderCorrection(
                c.field, c.who, c.at, c.machine if c.machine != getattr(row, c.field) else None
            )
            for c in corrections
        ),
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        tracked=row.tracked if row.tracked is not None else bool(row.tracked_auto),
        tracked_by_person=row.tracked,
    )


def _draft(t: Any) -> TaskDraft:
    return TaskDraft(
        text=t.text,
        start=t.start,
        end=t.end,
        lead=tuple(NamedBody(n, w) for n, w in json.loads(t.lead)),
        support=tuple(NamedBody(n, w) for n, w in json.loads(t.support)),
        due=t.due,
        due_text=t.due_text,
        recurrence=tuple(json.loads(t.recurrence)),
        report_to=t.report_to,
    )
