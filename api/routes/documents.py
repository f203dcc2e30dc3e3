from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.deps import IndexDep
from api.schemas import Document, Problem

router = APIRouter(tags=["văn bản"])


@router.get(
    "/documents/{doc_id}",
    response_model=Document,
    responses={404: {"model": Problem}},
    summary="Thông tin và toàn văn của một văn bản",
)
def get_document(doc_id: str, index: IndexDep) -> Document:
    document = index.get(doc_id)
    if document is None:
        raise HTTPException(404, f"Không có văn bản mã {doc_id}")
    return Document.from_index(document)
