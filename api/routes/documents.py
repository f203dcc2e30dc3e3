from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from datetime import date
from pathlib import Path

from fastapi import APIRouter, HTTPException, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from api.deps import IndexDep, SettingsDep, visible_document
from api.schemas import CitationOut, Citations, Document, Problem, TaskOut, UploadResult
from api.security import AccountsDep, EditorDep, UserDep
from flows.pipeline import ingest_file
from index.originals import OriginalStore
from index.quarantine import Quarantine
from readers.dispatch import SUPPORTED_SUFFIXES, Limits
from store.tracking import TaskQuery

router = APIRouter(tags=["văn bản"])
NOT_FOUND = {404: {"model": Problem, "description": "không có văn bản (hoặc không đủ quyền xem)"}}


@router.get(
    "/documents/{doc_id}",
    response_model=Document,
    responses=NOT_FOUND,
    summary="Thông tin và toàn văn của một văn bản",
)
def get_document(doc_id: str, index: IndexDep, user: UserDep) -> Document:
    return Document.from_index(visible_document(index, doc_id, user))


@router.get(
    "/documents/{doc_id}/tasks",
    response_model=list[TaskOut],
    responses=NOT_FOUND,
    summary="Các nhiệm vụ giao trong văn bản",
)
def document_tasks(
    doc_id: str, index: IndexDep, user: UserDep, include_gone: bool = False
) -> list[TaskOut]:
    visible_document(index, doc_id, user)
    page = index.tasks(TaskQuery(doc_id=doc_id, include_gone=include_gone, limit=1000))
    today = date.today()
    return [TaskOut.from_index(t, today) for t in sorted(page.tasks, key=lambda t: t.ordinal)]


@router.get(
    "/documents/{doc_id}/citations",
    response_model=Citations,
    responses=NOT_FOUND,
    summary="Văn bản dẫn chiếu, hai chiều",
)
def document_citations(doc_id: str, index: IndexDep, user: UserDep) -> Citations:
    visible_document(index, doc_id, user)
    return Citations(
        cites=[CitationOut.from_index(c) for c in index.cites(doc_id, user.clearance)],
        cited_by=[CitationOut.from_index(c) for c in index.cited_by(doc_id, user.clearance)],
    )


@router.get(
    "/documents/{doc_id}/extraction",
    responses=NOT_FOUND,
    summary="Kết quả trích xuất (JSON): thể thức, dẫn chiếu, nhiệm vụ",
)
def document_extraction(doc_id: str, index: IndexDep, user: UserDep) -> dict:
    document = visible_document(index, doc_id, user)
    page = index.tasks(TaskQuery(doc_id=doc_id, limit=1000))
    reviews = document.meta.get("needs_review", [])
    return {
        "id": document.id,
        "header": document.meta.get("header", {}),
        "citations": [
            {
                "number": c.number,
                "doc_type": c.doc_type,
                "date": c.date,
                "issuer": c.issuer,
                "text": c.text,
                "start": c.start,
                "end": c.end,
            }
            for c in document.citations
        ],
        "tasks": [
            {
                "id": t.id,
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "lead": [b.written for b in t.lead],
                "lead_canonical": [b.name for b in t.lead],
                "support": [b.written for b in t.support],
                "support_canonical": [b.name for b in t.support],
                "due": t.due,
                "due_text": t.due_text,
                "recurrence": list(t.recurrence),
                "report_to": t.report_to,
                "needs_review": _task_reviews(reviews, t.ordinal),
            }
            for t in sorted(page.tasks, key=lambda t: t.ordinal)
        ],
        "needs_review": reviews,
        "extractors": document.meta.get("extractors", []),
        "reading": document.meta.get("reading", {}),
    }


def _task_reviews(reviews: list[dict], ordinal: int) -> list[str]:
    key = f"tasks[{ordinal}]"
    return [r["reason"] for r in reviews if r["field"] == key or r["field"].startswith(key + ".")]


@router.get(
    "/documents/{doc_id}/original",
    responses={**NOT_FOUND, 200: {"content": {"application/octet-stream": {}}}},
    summary="Tải bản gốc",
    response_class=FileResponse,
)
def document_original(
    doc_id: str, index: IndexDep, user: UserDep, accounts: AccountsDep, settings: SettingsDep
) -> FileResponse:
    document = visible_document(index, doc_id, user)
    path = OriginalStore(settings.originals_dir).find(document.sha256)
    if path is None:
        raise HTTPException(404, f"Không còn bản gốc của văn bản {doc_id}")
    accounts.audit(user.username, "tải bản gốc", doc_id, document.filename)
    return FileResponse(path, filename=document.filename)


_SAFE_NAME = re.compile(r"[^\w.\- ]+")
# What staff read when a file fails; the technical reason follows after the colon.
FAILURE_LABELS = {
    "EmptyFileError": "Tệp rỗng",
    "UnsupportedFormatError": "Không phải định dạng được hỗ trợ (PDF, DOCX, DOC, văn bản, ảnh)",
    "CorruptFileError": "Tệp bị hỏng hoặc không đầy đủ",
    "PasswordProtectedError": "Tệp có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại",
    "ZipBombError": "Tệp DOCX bất thường (giải nén quá lớn) nên bị từ chối",
    "NoTextError": "Không tìm thấy chữ trong tệp",
    "TooLargeError": "Tệp vượt giới hạn kích thước hoặc số trang",
    "EncodingError": "Không nhận ra bảng mã chữ Việt của tệp",
    "OcrUnavailableError": "Máy chủ chưa cài nhận dạng chữ (OCR) tiếng Việt",
    "OcrError": "Nhận dạng chữ (OCR) bị lỗi",
    "ConverterMissingError": "Máy chủ chưa cài LibreOffice để đọc tệp .doc",
    "ConversionError": "Không chuyển đổi được tệp .doc",
}


def failure_message(error_type: str | None, reason: str | None) -> str | None:
    """ "Tệp bị hỏng hoặc không đầy đủ: PDF cut short …" — Vietnamese first, then why."""
    if not reason:
        return None
    label = FAILURE_LABELS.get(error_type or "", "Lỗi khi đọc tệp")
    return f"{label}: {reason}"


@router.post(
    "/documents",
    response_model=UploadResult,
    responses={413: {"model": Problem}, 415: {"model": Problem}},
    summary="Tải lên một văn bản: đọc, trích xuất và đưa vào chỉ mục",
)
async def upload_document(
    file: UploadFile,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    settings: SettingsDep,
) -> UploadResult:
    name = Path(_SAFE_NAME.sub("_", file.filename or "van-ban")).name[:200] or "van-ban"
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise HTTPException(
            415,
            f"Không nhận tệp {suffix or 'không có phần mở rộng'}; nhận: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
        )
    folder = settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{secrets.token_hex(8)}.part"
    size, digest = 0, hashlib.sha256()
    with partial.open("wb") as out:
        while chunk := await file.read(1 << 20):
            size += len(chunk)
            digest.update(chunk)
            if size > settings.max_file_bytes:
                out.close()
                partial.unlink(missing_ok=True)
                raise HTTPException(
                    413, f"Tệp lớn hơn giới hạn {settings.max_file_bytes // (1 << 20)} MiB"
                )
            out.write(chunk)
    # each upload is its own source: two different files both named "scan.pdf" are two
    # documents, not two versions of one
    target = folder / digest.hexdigest()[:16] / name
    target.parent.mkdir(exist_ok=True)
    shutil.move(partial, target)
    limits = Limits(settings.max_file_bytes, settings.max_pages)
    outcome = await run_in_threadpool(
        ingest_file,
        target,
        index=index,
        store=OriginalStore(settings.originals_dir),
        limits=limits,
        quarantine=Quarantine(settings.quarantine_dir),
    )
    accounts.audit(user.username, "tải lên", outcome.id, f"{name}: {outcome.status}")
    result = UploadResult(
        status=outcome.status,
        id=outcome.id,
        filename=name,
        reading=outcome.reading,
        error=failure_message(outcome.error_type, outcome.error),
    )
    if outcome.id:
        document = index.get(outcome.id)
        if document is not None:
            result.document = Document.from_index(document)
            today = date.today()
            page = index.tasks(TaskQuery(doc_id=outcome.id, limit=1000))
            result.tasks = [TaskOut.from_index(t, today) for t in page.tasks]
    return result
