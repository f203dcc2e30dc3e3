"""The web pages: Vietnamese, server-rendered, over the same index as the JSON API.

Thin like the API routes: the session, then the index, then a template. Every page needs
a web session (the cookie set at /dang-nhap); every form POST carries the session's CSRF
token in a hidden field. Errors on pages become HTML pages (``PageRoute``), not JSON.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from api.deps import IndexDep, SettingsDep, StoreDep, visible_document, visible_stored
from api.routes.documents import upload_document
from api.security import SESSION_COOKIE, AccountsDep, session_of
from api.web_display import (
    CLEARANCE_LABELS,
    RECURRENCE_LABELS,
    header_rows,
    highlighted,
    local_url,
    page_numbers,
    reading_label,
    review_rows,
    vn_date,
    vn_time,
    with_param,
)
from directives import __version__
from directives.errors import (
    DirectivesError,
    InvalidCorrectionError,
    InvalidStatusError,
    NotFoundError,
    TaskConflictError,
    TaskNotFoundError,
)
from index.base import FACETS, SearchQuery
from readers.dispatch import SUPPORTED_SUFFIXES
from store.accounts import ROLE_LABELS, SESSION_DAYS, Session
from store.models import security_level
from store.tracking import STATUS_LABELS, TaskQuery, check_status

HERE = Path(__file__).parent
FIELD_LABELS = {  # what staff call the fields a correction names
    "doc_type": "loại văn bản",
    "number": "số, ký hiệu",
    "issuer": "cơ quan ban hành",
    "issuer_parent": "cơ quan cấp trên",
    "place": "địa danh",
    "date": "ngày",
    "subject": "trích yếu",
    "signer": "người ký",
    "urgency": "độ khẩn",
    "security": "độ mật",
    "text": "đoạn văn bản",
    "lead": "đơn vị chủ trì",
    "support": "đơn vị phối hợp",
    "due": "hạn",
    "recurrence": "định kỳ",
    "report_to": "nơi nhận báo cáo",
}
STATIC_DIR = HERE / "static"
LOGIN_COOKIE = "directives_login"  # double-submit token of the login form (no session yet)
PAGE_SIZE = 20
BOARD_SECTION_SIZE = 100
PAGE_HEADERS = {
    # no inline script anywhere: the CSRF token reaches upload.js through a form field
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",  # pages may show classified documents
}


class LoginRequired(Exception):
    """No web session: the page answers with a redirect to the login form."""

    def __init__(self, target: str) -> None:
        self.target = target


class PageRoute(APIRoute):
    """Errors on pages become a Vietnamese HTML page or a login redirect, not JSON."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired as e:
                return RedirectResponse("/dang-nhap?" + urlencode({"next": e.target}), 303)
            except HTTPException as e:
                return error_page(request, e.status_code, str(e.detail))
            except RequestValidationError:
                return error_page(request, 400, "Địa chỉ hoặc biểu mẫu không hợp lệ.")
            except TaskNotFoundError:
                return error_page(request, 404, "Không có nhiệm vụ này.")
            except (InvalidStatusError, InvalidCorrectionError) as e:
                return error_page(request, 422, str(e))
            except NotFoundError as e:
                return error_page(request, 404, str(e))
            except DirectivesError as e:
                return error_page(request, 503, f"Hệ thống đang gặp lỗi: {e}")

        return page


router = APIRouter(include_in_schema=False, route_class=PageRoute)
templates = Jinja2Templates(directory=HERE / "templates")


templates.env.filters.update(
    ngay=vn_date,
    luc=vn_time,
    trang_thai=lambda code: STATUS_LABELS.get(code, code),
    dinh_ky=lambda codes: ", ".join(RECURRENCE_LABELS.get(c, c) for c in codes),
    ten=lambda bodies: "; ".join(b.name for b in bodies),
    hoa_dau=lambda s: s[:1].upper() + s[1:] if s else "",  # subjects are stored lowercased
    cach_doc=reading_label,
)
templates.env.globals.update(
    FIELD_LABELS=FIELD_LABELS,
    RECURRENCE_LABELS=RECURRENCE_LABELS,
    version=__version__,
    STATUS_LABELS=STATUS_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    CLEARANCE_LABELS=CLEARANCE_LABELS,
)


# -- sessions, CSRF, rendering -----------------------------------------------------------


def _page_session(request: Request, accounts: AccountsDep) -> Session:
    session = session_of(request, accounts)
    if session is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target if request.method == "GET" else "/")
    return session


PageSession = Annotated[Session, Depends(_page_session)]


def _form_session(session: PageSession, csrf: Annotated[str, Form()] = "") -> Session:
    """The session of a form POST, whose hidden csrf field must match the session's."""
    if not secrets.compare_digest(csrf.encode(), session.csrf.encode()):
        raise HTTPException(403, "Phiên làm việc không khớp; hãy tải lại trang rồi thử lại.")
    return session


FormSession = Annotated[Session, Depends(_form_session)]


def _require_editor(session: Session) -> None:
    if not session.user.can("editor"):
        raise HTTPException(
            403, f"Tài khoản {session.user.username} chỉ được xem, không được cập nhật."
        )


def render(
    request: Request, name: str, session: Session | None, status: int = 200, **context: Any
) -> Response:
    context |= {"user": session.user if session else None, "csrf": session.csrf if session else ""}
    return templates.TemplateResponse(
        request, name, context, status_code=status, headers=PAGE_HEADERS
    )


def error_page(request: Request, status: int, message: str) -> Response:
    session = session_of(request, request.app.state.accounts)
    return render(request, "error.html", session, status, status_code=status, message=message)


# -- login and logout --------------------------------------------------------------------


def _login_page(
    request: Request, next_url: str, error: str | None = None, status: int = 200, username=""
) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16)
    response = render(
        request,
        "login.html",
        None,
        status,
        next=next_url,
        login_csrf=token,
        error=error,
        username=username,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.secure_cookies,
    )
    return response


@router.get("/dang-nhap")
def login_form(request: Request, accounts: AccountsDep, next: str = "/") -> Response:
    if session_of(request, accounts) is not None:
        return RedirectResponse(local_url(next), 303)
    return _login_page(request, local_url(next))


@router.post("/dang-nhap")
def login(
    request: Request,
    accounts: AccountsDep,
    settings: SettingsDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    login_csrf: Annotated[str, Form()] = "",
) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not secrets.compare_digest(cookie.encode(), login_csrf.encode()):
        message = "Biểu mẫu đăng nhập đã cũ hoặc trình duyệt chặn cookie; hãy thử lại."
        return _login_page(request, local_url(next), message, 403, username)
    throttle = request.app.state.throttle
    address = request.client.host if request.client else "?"
    try:
        throttle.check(username, address)
    except HTTPException as held:
        accounts.audit(username.strip() or "?", "đăng nhập bị tạm chặn", None, f"web, {address}")
        response = _login_page(request, local_url(next), str(held.detail), 429, username)
        response.headers.update(held.headers or {})
        return response
    user = accounts.authenticate(username.strip(), password)
    if user is None:
        throttle.failed(username, address)
        accounts.audit(username.strip() or "?", "đăng nhập thất bại", None, "web")
        message = "Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại (chú ý chữ hoa, chữ thường)."
        return _login_page(request, local_url(next), message, 401, username)
    session_id, _ = accounts.open_session(user.username)
    accounts.audit(user.username, "đăng nhập", None, "web")
    response = RedirectResponse(local_url(next), 303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/dang-xuat")
def logout(request: Request, session: FormSession, accounts: AccountsDep) -> Response:
    accounts.close_session(request.cookies[SESSION_COOKIE])
    accounts.audit(session.user.username, "đăng xuất", None, "web")
    response = RedirectResponse("/dang-nhap", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- search ------------------------------------------------------------------------------

FACET_LABELS = {
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "year": "Năm ban hành",
    "urgency": "Độ khẩn",
    "security": "Độ mật",
    "has_tasks": "Nhiệm vụ",
}
FACET_PARAMS = {
    "doc_type": "loai",
    "issuer": "co_quan",
    "year": "nam",
    "urgency": "do_khan",
    "security": "do_mat",
    "has_tasks": "nhiem_vu",
}
HAS_TASKS = {"true": "co", "false": "khong"}  # facet value -> URL value
HAS_TASKS_LABELS = {"co": "Có nhiệm vụ", "khong": "Không có nhiệm vụ"}


@router.get("/")
def search_page(
    request: Request,
    session: PageSession,
    index: IndexDep,
    q: str = "",
    loai: str = "",
    co_quan: str = "",
    nam: str = "",
    do_khan: str = "",
    do_mat: str = "",
    nhiem_vu: str = "",
    sap_xep: str = "",
    trang: str = "",
) -> Response:
    params = {
        "q": q.strip(),
        "loai": loai,
        "co_quan": co_quan,
        "nam": nam if nam.isdigit() else "",
        "do_khan": do_khan,
        "do_mat": do_mat,
        "nhiem_vu": nhiem_vu if nhiem_vu in ("co", "khong") else "",
        "sap_xep": "moi-nhat" if sap_xep == "moi-nhat" else "",
    }
    current = min(int(trang), 500) if trang.isdigit() and int(trang) > 0 else 1
    result = index.search(
        SearchQuery(
            q=params["q"],
            doc_type=loai or None,
            issuer=co_quan or None,
            year=int(params["nam"]) if params["nam"] else None,
            limit=PAGE_SIZE,
            offset=(current - 1) * PAGE_SIZE,
            urgency=do_khan or None,
            security=do_mat or None,
            has_tasks={"co": True, "khong": False}.get(params["nhiem_vu"]),
            sort="date" if params["sap_xep"] else "relevance",
            clearance=session.user.clearance,
        )
    )

    def url(**changes: str) -> str:
        merged = {k: v for k, v in ({**params, **changes}).items() if v}
        return "/?" + urlencode(merged) if merged else "/"

    def label(param: str, value: str) -> str:
        return HAS_TASKS_LABELS.get(value, value) if param == "nhiem_vu" else value

    facets = []
    for name in FACETS:
        param, links = FACET_PARAMS[name], []
        for f in result.facets.get(name, ()):
            value = HAS_TASKS.get(f.value, f.value) if name == "has_tasks" else f.value
            active = params[param] == value
            changed = url(**{param: "" if active else value})
            links.append((label(param, value), f.count, changed, active))
        if links:
            facets.append((FACET_LABELS[name], links))
    chips = [
        (FACET_LABELS[name], label(p, params[p]), url(**{p: ""}))
        for name, p in FACET_PARAMS.items()
        if params[p]
    ]
    last = max(1, -(-result.total // PAGE_SIZE))
    return render(
        request,
        "search.html",
        session,
        nav="tra-cuu",
        params=params,
        result=result,
        facets=facets,
        chips=chips,
        clear=url(**{p: "" for p in FACET_PARAMS.values()}),
        page_size=PAGE_SIZE,
        url=url,
        current=current,
        pages=page_numbers(current, last),
        last=last,
    )


# -- a document --------------------------------------------------------------------------


@router.get("/van-ban/{doc_id}")
def document_page(
    request: Request,
    doc_id: str,
    session: PageSession,
    store: StoreDep,
    index: IndexDep,
    da_luu: str = "",
) -> Response:
    stored = visible_stored(store, doc_id, session.user)
    document = stored.document
    page = store.tasks(
        TaskQuery(doc_id=doc_id, clearance=session.user.clearance, include_hidden=True, limit=5000)
    )
    tasks = sorted(page.tasks, key=lambda t: t.ordinal)
    return render(
        request,
        "document.html",
        session,
        nav="tra-cuu",
        document=document,
        stored=stored,
        rows=header_rows(document),
        reviews=[]
        if stored.reviewed_by
        else review_rows(
            document,
            frozenset(c.field for c in stored.corrections),
            frozenset(
                t.ordinal
                for t in tasks
                if t.origin == "extracted" and (t.corrected or t.not_a_task)
            ),
        ),
        reading=reading_label(document.meta.get("reading")),
        text=highlighted(document.text, [t for t in tasks if not t.not_a_task]),
        tasks=tasks,
        history={t.id: store.task_history(t.id) for t in tasks},
        cites=index.cites(doc_id, session.user.clearance),
        cited_by=index.cited_by(doc_id, session.user.clearance),
        today=request.app.state.settings.today(),
        here=request.url.path,
        saved=da_luu,
    )


# -- the task board ----------------------------------------------------------------------

STATUS_SLUGS = {slug.replace("_", "-"): slug for slug in STATUS_LABELS}  # "hoan-thanh" in URLs
ROLE_SLUGS = {"chu-tri": "lead", "phoi-hop": "support"}


@router.get("/nhiem-vu")
def task_board(
    request: Request,
    session: PageSession,
    store: StoreDep,
    settings: SettingsDep,
    don_vi: str = "",
    vai_tro: str = "",
    trang_thai: str = "",
    cua_toi: str = "",
    da_luu: str = "",
) -> Response:
    today = settings.today()
    mine = cua_toi == "1" and bool(settings.own_body_names)
    week_end, month_end = today + timedelta(days=6), today + timedelta(days=30)
    base = TaskQuery(
        body=don_vi.strip() or None,
        bodies=settings.own_body_names if mine else (),
        role=ROLE_SLUGS.get(vai_tro, "any"),  # type: ignore[arg-type]
        status=STATUS_SLUGS.get(trang_thai),  # type: ignore[arg-type]
        today=today,
        clearance=session.user.clearance,
        tracked_only=True,  # the board is what the office follows (store/tracking_rule.py)
        limit=BOARD_SECTION_SIZE,
    )

    def query(**changes: Any):
        return store.tasks(replace(base, **changes))

    overdue = query(overdue=True)
    week = query(due_from=today.isoformat(), due_to=week_end.isoformat())
    month = query(due_from=(week_end + timedelta(days=1)).isoformat(), due_to=month_end.isoformat())
    # "Khác": not overdue and not due in the next 30 days (later, no deadline, or done)
    rest = query(overdue=False, limit=BOARD_SECTION_SIZE + week.total + month.total)
    window = (today.isoformat(), month_end.isoformat())
    others = [t for t in rest.tasks if not (t.due and window[0] <= t.due <= window[1])]
    sections = [
        ("qua-han", "Quá hạn", overdue.total, overdue.tasks),
        ("tuan-nay", f"Đến hạn tuần này (đến {vn_date(week_end.isoformat())})", week.total,
         week.tasks),
        ("trong-thang", f"Đến hạn trong tháng (đến {vn_date(month_end.isoformat())})",
         month.total, month.tasks),
        ("khac", "Khác / không ghi hạn", rest.total - week.total - month.total,
         others[:BOARD_SECTION_SIZE]),
    ]  # fmt: skip
    filters = {"don_vi": don_vi.strip(), "vai_tro": vai_tro if vai_tro in ROLE_SLUGS else ""}
    if mine:
        filters["cua_toi"] = "1"
    slug = trang_thai if trang_thai in STATUS_SLUGS else ""
    tabs = [("", "Tất cả", query(status=None, limit=1).total)] + [
        (key, STATUS_LABELS[code], query(status=code, limit=1).total)
        for key, code in STATUS_SLUGS.items()
    ]
    return render(
        request,
        "tasks.html",
        session,
        nav="nhiem-vu",
        sections=sections,
        tabs=tabs,
        mine=mine,
        own_bodies=settings.own_body_names,
        filters=filters,
        trang_thai=slug,
        clear_url="/nhiem-vu" + (f"?trang_thai={slug}" if slug else ""),
        tab_url=lambda slug: "/nhiem-vu?" + urlencode({**filters, "trang_thai": slug}),
        today=today,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        saved=da_luu,
    )


@router.post("/nhiem-vu/{task_id}")
def update_task(
    request: Request,
    task_id: str,
    session: FormSession,
    store: StoreDep,
    accounts: AccountsDep,
    version: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    next: Annotated[str, Form()] = "/nhiem-vu",
) -> Response:
    _require_editor(session)
    task = store.task(task_id)
    if task is None or security_level(task.security) > session.user.clearance:
        raise HTTPException(404, "Không có nhiệm vụ này.")
    code = check_status(status) if status else None
    try:
        store.update_task(
            task_id,
            who=session.user.username,
            status=code,
            note=note.strip() or None,
            if_version=version or None,
        )
    except TaskConflictError:
        return render(
            request,
            "task_conflict.html",
            session,
            409,
            task=store.task(task_id),
            history=store.task_history(task_id),
            wanted_status=code,
            note=note,
            next=local_url(next),
            today=request.app.state.settings.today(),
        )
    changes = [
        f"{task.status} → {code}" if code and code != task.status else "",
        "ghi chú" if note.strip() else "",
    ]
    accounts.audit(
        session.user.username, "cập nhật nhiệm vụ", task_id, ", ".join(c for c in changes if c)
    )
    return RedirectResponse(with_param(local_url(next), "da_luu", task_id) + f"#nv-{task_id}", 303)


# -- upload ------------------------------------------------------------------------------


def _upload_page(request: Request, session: Session, settings, status: int = 200, **context):
    return render(
        request,
        "upload.html",
        session,
        status,
        nav="tai-len",
        accept=",".join(sorted(SUPPORTED_SUFFIXES)),
        max_mib=settings.max_file_bytes // (1 << 20),
        **context,
    )


def _result_context(store, doc_id: str, session: Session) -> dict[str, Any]:
    document = visible_document(store, doc_id, session.user)
    page = store.tasks(TaskQuery(doc_id=doc_id, clearance=session.user.clearance, limit=5000))
    return {"document": document, "tasks": sorted(page.tasks, key=lambda t: t.ordinal)}


@router.get("/tai-len")
def upload_form(request: Request, session: PageSession, settings: SettingsDep) -> Response:
    _require_editor(session)
    return _upload_page(request, session, settings)


@router.post("/tai-len")
async def upload(
    request: Request,
    session: FormSession,
    store: StoreDep,
    index: IndexDep,
    accounts: AccountsDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The same ingest as POST /documents, for a browser without JavaScript."""
    _require_editor(session)
    if file is None or not file.filename:
        return _upload_page(request, session, settings, 400, error="Hãy chọn một tệp.")
    try:
        result = await upload_document(file, store, index, session.user, accounts, settings)
    except HTTPException as e:
        return _upload_page(request, session, settings, e.status_code, error=str(e.detail))
    context: dict[str, Any] = {"status": result.status, "filename": result.filename}
    if result.status == "failed" or not result.id:
        return _upload_page(request, session, settings, 422, error=result.error, result=context)
    context |= _result_context(store, result.id, session)
    return _upload_page(request, session, settings, result=context)


@router.get("/tai-len/ket-qua/{doc_id}")
def upload_result(
    request: Request, doc_id: str, session: PageSession, store: StoreDep, trang_thai: str = ""
) -> Response:
    """What was extracted from an upload, as an HTML fragment that upload.js shows."""
    context = {"status": trang_thai, "filename": ""} | _result_context(store, doc_id, session)
    return render(request, "_upload_result.html", session, result=context)
