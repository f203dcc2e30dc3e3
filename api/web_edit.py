"""Pages' forms that correct what the machine read: a task's bodies, due date, report-to
and span; a task that is not one; a task it missed, from text selected on the page; the
header fields; the "đã kiểm tra" mark; whether the office follows the document. Each is a
human decision recorded with who and when (store/task_changes.py,
store/document_changes.py), and each answers with the document page again."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import IndexDep, StoreDep, visible_stored
from api.security import AccountsDep
from api.web import FormSession, PageRoute, PageSession, _require_editor, render
from api.web_display import RECURRENCE_LABELS, local_url, page_numbers, with_param
from directives.errors import TaskConflictError
from flows.pipeline import project
from store.accounts import Session
from store.documents import Put
from store.models import security_level
from store.store import Store
from store.tracking import TaskRecord

router = APIRouter(include_in_schema=False, route_class=PageRoute)
QUEUE_PAGE = 50
HEADER_FORM = ("doc_type", "number", "issuer", "date", "subject", "signer", "urgency", "security")


def _names(value: str) -> list[str]:
    """Body names typed in one box, separated by ';' or new lines."""
    return [n.strip() for n in value.replace("\n", ";").split(";") if n.strip()]


def _task(store: Store, task_id: str, session: Session) -> TaskRecord:
    _require_editor(session)
    task = store.task(task_id)
    if task is None or security_level(task.security) > session.user.clearance:
        raise HTTPException(404, "Không có nhiệm vụ này.")
    return task


def _back(doc_id: str, saved: str, anchor: str = "") -> Response:
    target = with_param(f"/van-ban/{quote(doc_id)}", "da_luu", saved)
    return RedirectResponse(target + (f"#{anchor}" if anchor else ""), 303)


def _stale() -> HTTPException:
    return HTTPException(
        409, "Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang để xem rồi sửa lại."
    )


@router.post("/nhiem-vu/{task_id}/sua")
def correct_task(
    task_id: str,
    session: FormSession,
    store: StoreDep,
    accounts: AccountsDep,
    version: Annotated[str, Form()] = "",
    lead: Annotated[str, Form(max_length=2000)] = "",
    support: Annotated[str, Form(max_length=4000)] = "",
    due: Annotated[str, Form(max_length=10)] = "",
    report_to: Annotated[str, Form(max_length=500)] = "",
    recurrence: Annotated[list[str] | None, Form()] = None,
) -> Response:
    task = _task(store, task_id, session)
    wanted: dict[str, object] = {
        "lead": _names(lead),
        "support": _names(support),
        "due": due or None,
        "report_to": report_to.strip() or None,
    }
    now: dict[str, object] = {
        "lead": [b.written for b in task.lead],
        "support": [b.written for b in task.support],
        "due": task.due,
        "report_to": task.report_to,
    }
    if recurrence is not None:  # the form always sends the field (a hidden empty value)
        wanted["recurrence"] = [c for c in recurrence if c in RECURRENCE_LABELS]
        now["recurrence"] = list(task.recurrence)
    changes = {k: v for k, v in wanted.items() if v != now[k]}
    if changes:
        try:
            store.update_task(
                task_id,
                who=session.user.username,
                corrections=changes,
                if_version=version or None,
            )
        except TaskConflictError as e:
            raise _stale() from e
        accounts.audit(
            session.user.username, "cập nhật nhiệm vụ", task_id, f"sửa {', '.join(sorted(changes))}"
        )
    return _back(task.doc_id, task_id, f"nv-{task_id}")


@router.post("/nhiem-vu/{task_id}/an")
def hide_task(
    task_id: str,
    session: FormSession,
    store: StoreDep,
    index: IndexDep,
    accounts: AccountsDep,
    hidden: Annotated[str, Form()] = "1",
) -> Response:
    task = _task(store, task_id, session)
    flag = hidden == "1"
    store.update_task(task_id, who=session.user.username, not_a_task=flag)
    accounts.audit(
        session.user.username,
        "cập nhật nhiệm vụ",
        task_id,
        "không phải nhiệm vụ" if flag else "khôi phục",
    )
    project(store, index, Put(task.doc_id))
    return _back(task.doc_id, task_id, f"nv-{task_id}")


@router.post("/nhiem-vu/{task_id}/doan")
def set_span(
    task_id: str,
    session: FormSession,
    store: StoreDep,
    accounts: AccountsDep,
    text_start: Annotated[int, Form(ge=0)],
    text_end: Annotated[int, Form(ge=0)],
) -> Response:
    """The text a person selected becomes the task's own span."""
    task = _task(store, task_id, session)
    store.update_task(
        task_id, who=session.user.username, corrections={"text": (text_start, text_end)}
    )
    accounts.audit(session.user.username, "cập nhật nhiệm vụ", task_id, "sửa đoạn văn bản")
    return _back(task.doc_id, task_id, f"nv-{task_id}")


@router.post("/van-ban/{doc_id}/nhiem-vu")
def add_task(
    doc_id: str,
    session: FormSession,
    store: StoreDep,
    index: IndexDep,
    accounts: AccountsDep,
    text_start: Annotated[int, Form(ge=0)],
    text_end: Annotated[int, Form(ge=0)],
    lead: Annotated[str, Form(max_length=2000)] = "",
    support: Annotated[str, Form(max_length=4000)] = "",
    due: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    _require_editor(session)
    visible_stored(store, doc_id, session.user)
    task = store.add_task(
        doc_id,
        session.user.username,
        text_start=text_start,
        text_end=text_end,
        lead=_names(lead),
        support=_names(support),
        due=due or None,
    )
    accounts.audit(session.user.username, "thêm nhiệm vụ", task.id, doc_id)
    project(store, index, Put(doc_id))
    return _back(doc_id, task.id, f"nv-{task.id}")


@router.post("/van-ban/{doc_id}/sua")
def correct_document(
    doc_id: str,
    session: FormSession,
    store: StoreDep,
    index: IndexDep,
    accounts: AccountsDep,
    version: Annotated[str, Form()] = "",
    doc_type: Annotated[str, Form(max_length=200)] = "",
    number: Annotated[str, Form(max_length=200)] = "",
    issuer: Annotated[str, Form(max_length=500)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    subject: Annotated[str, Form(max_length=4000)] = "",
    signer: Annotated[str, Form(max_length=200)] = "",
    urgency: Annotated[str, Form(max_length=40)] = "",
    security: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    _require_editor(session)
    stored = visible_stored(store, doc_id, session.user)
    typed = dict(zip(HEADER_FORM, (doc_type, number, issuer, date, subject, signer, urgency,
                                   security), strict=True))  # fmt: skip
    current = {f: getattr(stored.document, f, None) for f in HEADER_FORM} | {
        "signer": stored.signer
    }
    changes = {
        f: (v.strip() or None) for f, v in typed.items() if (v.strip() or None) != current[f]
    }
    if changes:
        try:
            store.correct_document(doc_id, session.user.username, changes, version or None)
        except TaskConflictError as e:
            raise HTTPException(
                409, "Văn bản vừa được người khác sửa; hãy tải lại trang rồi sửa lại."
            ) from e
        accounts.audit(session.user.username, "sửa thể thức", doc_id, ", ".join(sorted(changes)))
        project(store, index, Put(doc_id))
    return _back(doc_id, "the-thuc")


@router.post("/van-ban/{doc_id}/da-kiem-tra")
def mark_reviewed(
    doc_id: str,
    session: FormSession,
    store: StoreDep,
    accounts: AccountsDep,
    reviewed: Annotated[str, Form()] = "1",
    next: Annotated[str, Form()] = "",
) -> Response:
    _require_editor(session)
    visible_stored(store, doc_id, session.user)
    store.mark_reviewed(doc_id, session.user.username, reviewed == "1")
    accounts.audit(
        session.user.username,
        "đã kiểm tra" if reviewed == "1" else "bỏ dấu đã kiểm tra",
        doc_id,
    )
    if next:
        return RedirectResponse(with_param(local_url(next), "da_luu", doc_id), 303)
    return _back(doc_id, "kiem-tra")


@router.get("/can-kiem-tra")
def review_queue(
    request: Request,
    session: PageSession,
    store: StoreDep,
    canh_bao: str = "",
    trang: Annotated[int, Query(ge=1, le=100_000)] = 1,
    da_luu: str = "",
) -> Response:
    """Documents nobody has marked "đã kiểm tra", the doubtful first."""
    flagged = canh_bao == "1"
    queue = store.review_queue(
        clearance=session.user.clearance,
        flagged_only=flagged,
        limit=QUEUE_PAGE,
        offset=(trang - 1) * QUEUE_PAGE,
    )
    last = max(1, -(-queue.total // QUEUE_PAGE))
    base = "/can-kiem-tra" + ("?canh_bao=1" if flagged else "")
    return render(
        request,
        "review.html",
        session,
        nav="can-kiem-tra",
        queue=queue,
        flagged_only=flagged,
        current=trang,
        pages=page_numbers(trang, last),
        page_url=lambda p: with_param(base, "trang", str(p)),
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        saved=da_luu,
    )


@router.post("/van-ban/{doc_id}/theo-doi")
def set_tracked(
    doc_id: str,
    session: FormSession,
    store: StoreDep,
    accounts: AccountsDep,
    tracked: Annotated[str, Form()] = "1",
    next: Annotated[str, Form()] = "",
) -> Response:
    _require_editor(session)
    visible_stored(store, doc_id, session.user)
    choice = {"1": True, "0": False}.get(tracked)  # anything else: back to the rule
    store.set_tracked(doc_id, session.user.username, choice)
    accounts.audit(session.user.username, "theo dõi văn bản", doc_id, str(choice))
    if next:
        return RedirectResponse(local_url(next), 303)
    return _back(doc_id, "theo-doi")
