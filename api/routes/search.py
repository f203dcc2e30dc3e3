from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import IndexDep
from api.schemas import SearchPage
from api.security import UserDep
from index.base import SearchQuery

router = APIRouter(tags=["tra cứu"])


@router.get("/search", response_model=SearchPage, summary="Tìm văn bản (gõ không dấu cũng được)")
def search(
    index: IndexDep,
    user: UserDep,
    q: Annotated[
        str,
        Query(
            description="từ khóa, số/ký hiệu; cụm trong ngoặc kép", examples=["cong an xa vu duong"]
        ),
    ] = "",
    type: Annotated[str | None, Query(description="loại văn bản", examples=["Công văn"])] = None,
    issuer: Annotated[str | None, Query(description="cơ quan ban hành (một phần tên)")] = None,
    year: Annotated[int | None, Query(ge=1945, le=2100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    date_from: Annotated[
        date | None, Query(description="ban hành từ ngày (YYYY-MM-DD)", examples=["2025-01-01"])
    ] = None,
    date_to: Annotated[date | None, Query(description="ban hành đến ngày (YYYY-MM-DD)")] = None,
    urgency: Annotated[str | None, Query(description="độ khẩn", examples=["Hỏa tốc"])] = None,
    has_tasks: Annotated[
        bool | None, Query(description="chỉ văn bản có (không có) nhiệm vụ")
    ] = None,
    security: Annotated[str | None, Query(description="độ mật", examples=["Mật"])] = None,
    sort: Annotated[
        Literal["relevance", "date"], Query(description="relevance: liên quan nhất; date: mới nhất")
    ] = "relevance",
) -> SearchPage:
    query = SearchQuery(
        q,
        type,
        issuer,
        year,
        limit,
        offset,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        urgency=urgency,
        has_tasks=has_tasks,
        security=security,
        sort=sort,
        clearance=user.clearance,
    )
    return SearchPage.from_index(index.search(query))
