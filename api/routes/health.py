from __future__ import annotations

from fastapi import APIRouter

from api.deps import IndexDep
from api.schemas import Health

router = APIRouter(tags=["hệ thống"])


@router.get("/health", response_model=Health, summary="Tình trạng dịch vụ")
def health(index: IndexDep) -> Health:
    return Health(status="ok", documents=index.count(), backend=type(index).__name__)
