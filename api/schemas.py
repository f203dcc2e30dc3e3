"""Response models of the REST API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from index.base import SearchPage as IndexSearchPage
from index.models import IndexedDocument


class Hit(BaseModel):
    id: str = Field(examples=["3f5a9c0e1b2d4a67"])
    doc_type: str | None = Field(examples=["Công văn"])
    number: str | None = Field(examples=["226-CV/ĐU"])
    issuer: str | None = Field(examples=["Đảng ủy xã Vũ Dương"])
    date: str | None = Field(examples=["2026-06-11"])
    subject: str | None
    snippet: str = Field(description="HTML-escaped text with matches in <mark>…</mark>")
    urgency: str | None = Field(None, examples=["Hỏa tốc"])
    security: str | None = Field(None, examples=["Mật"])
    tasks: int = Field(0, description="số nhiệm vụ trích xuất được")


class Facet(BaseModel):
    value: str
    count: int


class SearchPage(BaseModel):
    total: int
    hits: list[Hit]
    facets: dict[str, list[Facet]] = Field(
        default_factory=dict,
        description="số văn bản theo loại, cơ quan ban hành, năm, độ khẩn, độ mật, có nhiệm vụ",
    )

    @classmethod
    def from_index(cls, page: IndexSearchPage) -> SearchPage:
        return cls(
            total=page.total,
            hits=[
                Hit(
                    id=h.id,
                    doc_type=h.doc_type,
                    number=h.number,
                    issuer=h.issuer,
                    date=h.date,
                    subject=h.subject,
                    snippet=h.snippet,
                    urgency=h.urgency,
                    security=h.security,
                    tasks=h.tasks,
                )
                for h in page.hits
            ],
            facets={
                name: [Facet(value=f.value, count=f.count) for f in counts]
                for name, counts in page.facets.items()
            },
        )


class Document(BaseModel):
    id: str
    sha256: str
    filename: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    issuer_parent: str | None
    place: str | None
    date: str | None
    subject: str | None
    urgency: str | None
    security: str | None
    ingested_at: str
    header: dict[str, Any] = Field(description="every header field with its offsets in text")
    pages: list[dict[str, int]]
    reading: dict[str, Any] = Field(description="how the file was read")
    extractors: list[str]
    text: str

    @classmethod
    def from_index(cls, d: IndexedDocument) -> Document:
        return cls(
            id=d.id,
            sha256=d.sha256,
            filename=d.filename,
            doc_type=d.doc_type,
            number=d.number,
            issuer=d.issuer,
            issuer_parent=d.issuer_parent,
            place=d.place,
            date=d.date,
            subject=d.subject,
            urgency=d.urgency,
            security=d.security,
            ingested_at=d.ingested_at,
            header=d.meta.get("header", {}),
            pages=d.meta.get("pages", []),
            reading=d.meta.get("reading", {}),
            extractors=d.meta.get("extractors", []),
            text=d.text,
        )


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    documents: int
    backend: str


class Problem(BaseModel):
    detail: str
