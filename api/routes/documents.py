from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from api.deps import IndexDep, SettingsDep, StoreDep, TodayDep, visible_document, visible_stored
from api.schemas import (
    CitationOut,
    Citations,
    Document,
    DocumentUpdate,
    Problem,
    TaskCreate,
    TaskOut,
    UploadResult,
)
from api.security import AccountsDep, EditorDep, UserDep
from files.originals import OriginalStore
from files.quarantine import Quarantine
from flows.pipeline import ingest_file, limits_of, project
from readers.dispatch import SUPPORTED_SUFFIXES
from store.documents import Put
from store.models import security_level
from store.tracking import TaskQuery

router = APIRouter(tags=["văn bản"])
NOT_FOUND = {404: {"model": Problem, "description": "không có văn bản (hoặc không đủ quyền xem)"}}


@router.get(
    "/documents/{doc_id}",
    response_model=Document,
    responses=NOT_FOUND,
    summary="Thông tin và toàn văn của một văn bản",
)
def get_document(doc_id: str, store: StoreDep, user: UserDep, response: Response) -> Document:
    stored = visible_stored(store, doc_id, user)
    response.headers["ETag"] = f'"{stored.version}"'
    return Document.from_store(stored)


@router.patch(
    "/documents/{doc_id}",
    response_model=Document,
    responses={
        **NOT_FOUND,
        412: {"model": Problem, "description": "văn bản đã được người khác sửa"},
        422: {"model": Problem, "description": "giá trị sửa không hợp lệ"},
    },
    summary="Sửa thể thức (loại, số, cơ quan, ngày, trích yếu, người ký, độ khẩn, độ mật); "
    "đánh dấu đã kiểm tra; theo dõi hay không",
)
def correct_document(
    doc_id: str,
    update: DocumentUpdate,
    store: StoreDep,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    response: Response,
    if_match: Annotated[str | None, Header(description="ETag của văn bản khi đọc")] = None,
) -> Document:
    visible_stored(store, doc_id, user)
    fields = update.header()
    if fields:
        store.correct_document(
            doc_id, user.username, fields, if_match.strip('W/"') if if_match else None
        )
        accounts.audit(user.username, "sửa thể thức", doc_id, ", ".join(sorted(fields)))
    if "reviewed" in update.model_fields_set and update.reviewed is not None:
        store.mark_reviewed(doc_id, user.username, update.reviewed)
        accounts.audit(
            user.username, "đã kiểm tra" if update.reviewed else "bỏ dấu đã kiểm tra", doc_id
        )
    if "tracked" in update.model_fields_set:
        store.set_tracked(doc_id, user.username, update.tracked)
        accounts.audit(user.username, "theo dõi văn bản", doc_id, str(update.tracked))
    project(store, index, Put(doc_id))
    stored = store.document(doc_id)
    assert stored is not None
    response.headers["ETag"] = f'"{stored.version}"'
    return Document.from_store(stored)


@router.post(
    "/documents/{doc_id}/tasks",
    response_model=TaskOut,
    status_code=201,
    responses={**NOT_FOUND, 422: {"model": Problem}},
    summary="Thêm nhiệm vụ máy bỏ sót, từ đoạn văn bản được chọn",
)
def add_task(
    doc_id: str,
    new: TaskCreate,
    store: StoreDep,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    today: TodayDep,
) -> TaskOut:
    visible_stored(store, doc_id, user)
    task = store.add_task(
        doc_id,
        user.username,
        text_start=new.text_start,
        text_end=new.text_end,
        lead=new.lead,
        support=new.support,
        due=new.due.isoformat() if new.due else None,
    )
    accounts.audit(user.username, "thêm nhiệm vụ", task.id, doc_id)
    project(store, index, Put(doc_id))
    return TaskOut.from_index(task, today)


@router.get(
    "/documents/{doc_id}/tasks",
    response_model=list[TaskOut],
    responses=NOT_FOUND,
    summary="Các nhiệm vụ giao trong văn bản",
)
def document_tasks(
    doc_id: str,
    store: StoreDep,
    user: UserDep,
    today: TodayDep,
    include_gone: bool = False,
    include_hidden: bool = False,
) -> list[TaskOut]:
    visible_document(store, doc_id, user)
    page = store.tasks(
        TaskQuery(
            doc_id=doc_id, include_gone=include_gone, include_hidden=include_hidden, limit=5000
        )
    )
    return [TaskOut.from_index(t, today) for t in sorted(page.tasks, key=lambda t: t.ordinal)]


@router.get(
    "/documents/{doc_id}/citations",
    response_model=Citations,
    responses=NOT_FOUND,
    summary="Văn bản dẫn chiếu, hai chiều",
)
def document_citations(doc_id: str, store: StoreDep, index: IndexDep, user: UserDep) -> Citations:
    visible_document(store, doc_id, user)
    return Citations(
        cites=[CitationOut.from_index(c) for c in index.cites(doc_id, user.clearance)],
        cited_by=[CitationOut.from_index(c) for c in index.cited_by(doc_id, user.clearance)],
    )


@router.get(
    "/documents/{doc_id}/extraction",
    responses=NOT_FOUND,
    summary="Kết quả trích xuất (JSON): thể thức, dẫn chiếu, nhiệm vụ",
)
def document_extraction(doc_id: str, store: StoreDep, user: UserDep) -> dict:
    document = visible_document(store, doc_id, user)
    page = store.tasks(TaskQuery(doc_id=doc_id, limit=5000))
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
                "needs_review": _task_reviews(reviews, t.ordinal)
                if t.origin == "extracted"
                else [],
                "origin": t.origin,
                "corrected": [c.field for c in t.corrected],
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
    doc_id: str, store: StoreDep, user: UserDep, accounts: AccountsDep, settings: SettingsDep
) -> FileResponse:
    document = visible_document(store, doc_id, user)
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
    "NotRegularFileError": "Không phải tệp thường (liên kết, thiết bị, thư mục) nên không đọc",
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
    store: StoreDep,
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
    limits = limits_of(settings)
    outcome = await run_in_threadpool(
        ingest_file,
        target,
        store=store,
        index=index,
        originals=OriginalStore(settings.originals_dir),
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
        stored = store.document(outcome.id)
        # the answer obeys clearance like every other read: an uploader without it learns
        # only that the file was taken in
        if stored is not None and security_level(stored.document.security) <= user.clearance:
            result.document = Document.from_store(stored)
            today = settings.today()
            page = store.tasks(TaskQuery(doc_id=outcome.id, limit=5000))
            result.tasks = [TaskOut.from_index(t, today) for t in page.tasks]
    return result
