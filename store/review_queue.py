"""The "Cần kiểm tra" queue: current documents nobody has marked "đã kiểm tra" yet, those
the machine was least sure of first (values it flagged, pages OCR'd at low confidence).
Marking a document reviewed takes it off the queue."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.schema import documents

LOW_OCR = 70.0  # mean OCR confidence below which a reading needs a person's eye


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    filename: str
    review_flags: int
    ocr_confidence: float | None
    ingested_at: str

    @property
    def low_ocr(self) -> bool:
        return self.ocr_confidence is not None and self.ocr_confidence < LOW_OCR


@dataclass(frozen=True, slots=True)
class ReviewPage:
    total: int
    items: tuple[ReviewItem, ...]


def page(
    db: Connection, *, clearance: int | None, flagged_only: bool, limit: int, offset: int
) -> ReviewPage:
    d = documents.c
    doubtful = sa.or_(d.review_flags > 0, d.ocr_confidence < LOW_OCR)
    conditions = [d.state == "current", d.reviewed_by.is_(None)]
    if clearance is not None:
        conditions.append(d.security_level <= clearance)
    if flagged_only:
        conditions.append(doubtful)
    total = db.execute(
        sa.select(sa.func.count()).select_from(documents).where(*conditions)
    ).scalar_one()
    rows = db.execute(
        sa.select(
            d.id,
            d.doc_type,
            d.number,
            d.issuer,
            d.date,
            d.subject,
            d.filename,
            d.review_flags,
            d.ocr_confidence,
            d.ingested_at,
        )  # fmt: skip
        .where(*conditions)
        .order_by(
            sa.case((doubtful, 0), else_=1),
            d.review_flags.desc(),
            d.ocr_confidence.asc().nulls_last(),
            d.ingested_at.desc(),
            d.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return ReviewPage(total, tuple(ReviewItem(*r) for r in rows))
