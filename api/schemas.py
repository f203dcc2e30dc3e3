"""Response models of the REST API."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from index.base import CitationLink
from index.base import SearchPage as IndexSearchPage
from store.models import IndexedDocument, StoredDocument
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
    version: int = Field(1, description="đổi sau mỗi lần sửa; dùng làm ETag / If-Match")
    state: str = Field("current", description="current | replaced (có bản mới hơn)")
    replaced_by: str | None = None
    signer: str | None = Field(None, description="người ký")
    renditions: list[RenditionOut] = Field(
        default_factory=list, description="các tệp của cùng văn bản (bản ký số, bản quét…)"
    )
    corrections: list[CorrectionOut] = Field(
        default_factory=list, description="trường do người sửa (ai, khi nào, máy đọc thế nào)"
    )
    reviewed_by: str | None = Field(None, description="người đánh dấu đã kiểm tra")
    reviewed_at: str | None = None
    tracked: bool = Field(True, description="theo dõi: nhiệm vụ lên bảng theo dõi và được nhắc")
    tracked_by_person: bool | None = Field(
        None, description="lựa chọn của người dùng; null: theo quy tắc tự động"
    )

    @classmethod
    def from_store(cls, stored: StoredDocument) -> Document:
        base = cls.from_index(stored.document)
        return base.model_copy(
            update={
                "version": stored.version,
                "state": stored.state,
                "replaced_by": stored.replaced_by,
                "signer": stored.signer,
                "renditions": [
                    RenditionOut(
                        sha256=r.sha256,
                        filename=r.filename,
                        reading=r.reading,
                        added_at=r.added_at,
                        primary=r.primary,
                    )
                    for r in stored.renditions
                ],
                "corrections": [
                    CorrectionOut(field=c.field, who=c.who, at=c.at, machine=c.machine)
                    for c in stored.corrections
                ],
                "reviewed_by": stored.reviewed_by,
                "reviewed_at": stored.reviewed_at,
                "tracked": stored.tracked,
                "tracked_by_person": stored.tracked_by_person,
            }
        )

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


class RenditionOut(BaseModel):
    sha256: str
    filename: str
    reading: dict[str, Any]
    added_at: str
    primary: bool = Field(description="tệp được dùng để trích xuất")


class CorrectionOut(BaseModel):
    field: str = Field(examples=["lead"])
    who: str
    at: str
    machine: str | None = Field(
        None, description="máy đọc được gì ở trường này, khi khác với giá trị người sửa"
    )


Document.model_rebuild()


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
    origin: str = Field("extracted", description="extracted (máy đọc) | added (người thêm)")
    not_a_task: bool = Field(False, description="người dùng đánh dấu không phải nhiệm vụ")
    corrected: list[CorrectionOut] = Field(default_factory=list, description="trường người sửa")
    tracked: bool = Field(True, description="văn bản đang được theo dõi")

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
            origin=t.origin,
            not_a_task=t.not_a_task,
            corrected=[
                CorrectionOut(field=c.field, who=c.who, at=c.at, machine=c.machine)
                for c in t.corrected
            ],
            tracked=t.tracked,
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
    lead: list[str] | None = Field(
        None, description="sửa đơn vị chủ trì (danh sách tên)", examples=[["Sở Tài chính"]]
    )
    support: list[str] | None = Field(None, description="sửa đơn vị phối hợp")
    due: date | None = Field(None, description="sửa hạn; null: không có hạn")
    recurrence: list[str] | None = Field(None, description="sửa nhiệm vụ định kỳ")
    report_to: str | None = Field(None, max_length=500, description="sửa nơi nhận báo cáo")
    text_start: int | None = Field(None, ge=0, description="sửa đoạn văn bản của nhiệm vụ")
    text_end: int | None = Field(None, ge=0)
    not_a_task: bool | None = Field(
        None, description="true: không phải nhiệm vụ (ẩn, giữ lại); false: khôi phục"
    )

    def corrections(self) -> dict[str, Any]:
        """The correctable fields the request names (null included), as the store takes them."""
        given = self.model_fields_set
        out: dict[str, Any] = {
            name: getattr(self, name)
            for name in ("lead", "support", "recurrence", "report_to")
            if name in given
        }
        if "due" in given:
            out["due"] = self.due.isoformat() if self.due else None
        if "text_start" in given or "text_end" in given:
            out["text"] = (self.text_start, self.text_end)
        return out


class TaskCreate(BaseModel):
    text_start: int = Field(ge=0, description="vị trí đầu đoạn được chọn trong toàn văn")
    text_end: int = Field(ge=0)
    lead: list[str] = Field(default_factory=list, examples=[["Sở Tài chính"]])
    support: list[str] = Field(default_factory=list)
    due: date | None = None


class DocumentUpdate(BaseModel):
    doc_type: str | None = Field(None, max_length=200, examples=["Kế hoạch"])
    number: str | None = Field(None, max_length=200, examples=["105-KH/TU"])
    issuer: str | None = Field(None, max_length=500)
    date: str | None = Field(None, max_length=10, examples=["2026-03-15"])
    subject: str | None = Field(None, max_length=4000)
    signer: str | None = Field(None, max_length=200)
    urgency: str | None = Field(None, max_length=40, examples=["Khẩn"])
    security: str | None = Field(None, max_length=40, examples=["Mật"])
    reviewed: bool | None = Field(None, description="đánh dấu đã kiểm tra (true) hoặc bỏ dấu")
    tracked: bool | None = Field(
        None, description="theo dõi văn bản; null (khi gửi): trả về quy tắc tự động"
    )

    def header(self) -> dict[str, Any]:
        fields = (
            "doc_type",
            "number",
            "issuer",
            "date",
            "subject",
            "signer",
            "urgency",
            "security",
        )
        return {name: getattr(self, name) for name in fields if name in self.model_fields_set}


class TaskEventOut(BaseModel):
    at: str
    who: str
    action: str = Field(
        description="status | note | gone | returned | corrected | added | hidden | restored"
    )
    old: str | None
    new: str | None
    note: str | None
    field: str | None = Field(None, description="trường được sửa (action corrected)")


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

    @classmethod
    def of(cls, user: Any) -> UserOut:
        return cls(
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            clearance=user.clearance,
        )


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


class TokenInfoOut(BaseModel):
    id: str = Field(description="dùng để thu hồi: DELETE /me/tokens/{id}")
    username: str
    name: str
    kind: str = Field(description="api | calendar (chỉ đọc lịch)")
    created_at: str
    expires_at: str | None


class CalendarTokenOut(BaseModel):
    token: str = Field(description="chỉ hiển thị một lần; chỉ mở được /calendar.ics")
    url: str = Field(description="địa chỉ để thêm vào ứng dụng lịch")


class UserUpdate(BaseModel):
    role: str | None = Field(None, pattern="^(viewer|editor|admin)$")
    clearance: int | None = Field(None, ge=0, le=3)
    active: bool | None = Field(None, description="false: khóa tài khoản")
    display_name: str | None = Field(None, max_length=200)
