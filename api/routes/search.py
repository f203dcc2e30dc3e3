from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import IndexDep
from api.schemas import SearchPage
from index.base import SearchQuery

router = APIRouter(tags=["tra cứu"])


@router.get("/search", response_model=SearchPage, summary="Tìm văn bản (gõ không dấu cũng được)")
def search(
    index: IndexDep,
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
) -> SearchPage:
    return SearchPage.from_index(index.search(SearchQuery(q, type, issuer, year, limit, offset)))
