"""Response models of the REST API."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from index.base import CitationLink
from index.base import SearchPage as IndexSearchPage
from store.models import IndexedDocument
from store.tracking import STATUS_LABELS, TaskRecord


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
    needs_review: list[dict[str, Any]] = Field(
        description="giá trị cần người kiểm tra lại và lý do: field, reason, start, end"
    )
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
            needs_review=d.meta.get("needs_review", []),
            text=d.text,
        )


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    documents: int
    backend: str


class Problem(BaseModel):
    detail: str


class BodyOut(BaseModel):
    name: str = Field(description="tên chuẩn", examples=["Ủy ban nhân dân tỉnh"])
    written: str = Field(description="như trong văn bản (đã mở rộng viết tắt)")


class TaskOut(BaseModel):
    id: str = Field(examples=["9c9e88e002015f91"])
    doc_id: str
    doc_number: str | None
    doc_type: str | None
    doc_subject: str | None
    text: str = Field(description="câu giao nhiệm vụ, như trong văn bản")
    start: int
    end: int
    lead: list[BodyOut] = Field(description="đơn vị chủ trì")
    support: list[BodyOut] = Field(description="đơn vị phối hợp")
    due: str | None = Field(examples=["2026-10-05"])
    due_text: str | None = Field(examples=["trước ngày 05/10/2026"])
    recurrence: list[str] = Field(examples=[["semiannual", "annual"]])
    report_to: str | None
    status: str = Field(examples=["chua_thuc_hien"])
    status_label: str = Field(examples=["chưa thực hiện"])
    overdue: bool = Field(description="quá hạn: tính từ hạn và trạng thái, không lưu")
    gone: bool = Field(description="không còn trong bản mới nhất của văn bản")
    version: str = Field(description="đổi sau mỗi lần cập nhật; dùng làm ETag / If-Match")
    updated_at: str | None

    @classmethod
    def from_index(cls, t: TaskRecord, today: date) -> TaskOut:
        return cls(
            id=t.id,
            doc_id=t.doc_id,
            doc_number=t.doc_number,
            doc_type=t.doc_type,
            doc_subject=t.doc_subject,
            text=t.text,
            start=t.start,
            end=t.end,
            lead=[BodyOut(name=b.name, written=b.written) for b in t.lead],
            support=[BodyOut(name=b.name, written=b.written) for b in t.support],
            due=t.due,
            due_text=t.due_text,
            recurrence=list(t.recurrence),
            report_to=t.report_to,
            status=t.status,
            status_label=STATUS_LABELS[t.status],
            overdue=t.overdue(today),
            gone=t.gone,
            version=t.version,
            updated_at=t.updated_at,
        )


class TaskPageOut(BaseModel):
    total: int
    tasks: list[TaskOut]


class TaskUpdate(BaseModel):
    status: str | None = Field(
        None,
        description="chua_thuc_hien | dang_thuc_hien | hoan_thanh (hoặc nhãn tiếng Việt)",
        examples=["hoan_thanh"],
    )
    note: str | None = Field(None, max_length=4000, examples=["Đã báo cáo Thường trực Tỉnh ủy"])


class TaskEventOut(BaseModel):
    at: str
    who: str
    action: str = Field(description="status | note | gone | returned")
    old: str | None
    new: str | None
    note: str | None


class DocRefOut(BaseModel):
    id: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None


class CitationOut(BaseModel):
    number: str = Field(examples=["12-NQ/TW"])
    doc_type: str | None
    date: str | None
    issuer: str | None
    text: str
    documents: list[DocRefOut] = Field(
        description="văn bản đã có trong hệ thống: văn bản được dẫn (cites) hoặc văn bản dẫn (cited_by)"
    )

    @classmethod
    def from_index(cls, link: CitationLink) -> CitationOut:
        return cls(
            number=link.number,
            doc_type=link.doc_type,
            date=link.date,
            issuer=link.issuer,
            text=link.text,
            documents=[DocRefOut(**asdict(d)) for d in link.documents],
        )


class Citations(BaseModel):
    cites: list[CitationOut] = Field(description="văn bản này dẫn chiếu")
    cited_by: list[CitationOut] = Field(description="văn bản khác dẫn chiếu văn bản này")


class UploadResult(BaseModel):
    status: str = Field(description="ingested | unchanged | failed", examples=["ingested"])
    id: str | None
    filename: str
    reading: dict[str, Any] | None = Field(None, description="đọc thế nào: text, OCR, giải mã…")
    error: str | None = None
    document: Document | None = None
    tasks: list[TaskOut] = []


class TokenRequest(BaseModel):
    username: str = Field(examples=["admin"])
    password: str
    name: str = Field(
        "api", description="tên gợi nhớ cho mã truy cập", examples=["he-thong-e-office"]
    )


class TokenOut(BaseModel):
    token: str = Field(description="chỉ hiển thị một lần")
    username: str


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    clearance: int = Field(description="0 thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: str = Field(examples=["viewer"], pattern="^(viewer|editor|admin)$")
    clearance: int = Field(0, ge=0, le=3)
    display_name: str | None = None


class AuditOut(BaseModel):
    at: str
    who: str
    action: str
    target: str | None
    detail: str | None


class PasswordChange(BaseModel):
    current_password: str
    new_password: str = Field(min_length=8, max_length=200)
