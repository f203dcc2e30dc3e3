from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.security import UserDep

router = APIRouter(tags=["kiểm tra"])


class ReviewItemOut(BaseModel):
    id: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    filename: str
    review_flags: int = Field(description="số giá trị máy đọc chưa chắc chắn (needs_review)")
    ocr_confidence: float | None = Field(description="độ tin cậy OCR trung bình; null: không OCR")
    low_ocr: bool
    ingested_at: str


class ReviewQueueOut(BaseModel):
    total: int
    documents: list[ReviewItemOut]


@router.get(
    "/review-queue",
    response_model=ReviewQueueOut,
    summary="Văn bản cần kiểm tra: chưa đánh dấu đã kiểm tra, văn bản máy đọc chưa chắc trước",
)
def review_queue(
    store: StoreDep,
    user: UserDep,
    flagged_only: Annotated[
        bool, Query(description="chỉ văn bản có giá trị cần kiểm tra hoặc OCR kém")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReviewQueueOut:
    page = store.review_queue(
        clearance=user.clearance, flagged_only=flagged_only, limit=limit, offset=offset
    )
    return ReviewQueueOut(
        total=page.total,
        documents=[ReviewItemOut(**asdict(d), low_ocr=d.low_ocr) for d in page.items],
    )
