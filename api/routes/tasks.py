from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Response
from fastapi.responses import PlainTextResponse

from api.calendar import tasks_calendar
from api.deps import IndexDep, SettingsDep, StoreDep, TodayDep
from api.schemas import Problem, TaskEventOut, TaskOut, TaskPageOut, TaskUpdate
from api.security import AccountsDep, EditorDep, UserDep
from flows.pipeline import project
from store.accounts import User
from store.documents import Put
from store.models import security_level
from store.store import Store
from store.tracking import TaskQuery, TaskRecord, check_status

router = APIRouter(tags=["nhiệm vụ"])
StatusParam = Literal["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"]


def _task_or_404(store: Store, task_id: str, user: User) -> TaskRecord:
    task = store.task(task_id)
    if task is None or (task.security and security_level(task.security) > user.clearance):
        raise HTTPException(404, f"Không có nhiệm vụ mã {task_id}")
    return task


@router.get(
    "/tasks", response_model=TaskPageOut, summary="Tìm nhiệm vụ: theo đơn vị, hạn, trạng thái"
)
def list_tasks(
    today: TodayDep,
    store: StoreDep,
    settings: SettingsDep,
    user: UserDep,
    body: Annotated[
        str | None,
        Query(description="đơn vị; viết tắt được: UBND tỉnh, CA tỉnh", examples=["UBND tỉnh"]),
    ] = None,
    role: Annotated[
        Literal["any", "lead", "support"], Query(description="chủ trì / phối hợp")
    ] = "any",
    status: StatusParam | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    overdue: Annotated[bool | None, Query(description="chỉ nhiệm vụ quá hạn")] = None,
    due_within_days: Annotated[
        int | None, Query(ge=0, le=3660, description="đến hạn trong N ngày tới")
    ] = None,
    recurring: Annotated[bool | None, Query(description="nhiệm vụ định kỳ")] = None,
    doc_id: str | None = None,
    include_gone: bool = False,
    include_hidden: Annotated[
        bool, Query(description="cả nhiệm vụ đã đánh dấu không phải nhiệm vụ")
    ] = False,
    tracked: Annotated[
        bool, Query(description="chỉ văn bản đang theo dõi (bảng theo dõi, nhắc hạn)")
    ] = False,
    mine: Annotated[
        bool, Query(description="việc của đơn vị tôi: giao cho DIRECTIVES_OWN_BODIES")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TaskPageOut:
    if mine and not settings.own_body_names:
        raise HTTPException(
            422,
            "Chưa khai báo đơn vị của văn phòng (DIRECTIVES_OWN_BODIES), nên không lọc "
            "được việc của đơn vị tôi",
        )
    page = store.tasks(
        TaskQuery(
            body=body,
            role=role,
            doc_id=doc_id,
            status=status,
            due_from=due_from.isoformat() if due_from else None,
            due_to=due_to.isoformat() if due_to else None,
            overdue=overdue,
            due_within_days=due_within_days,
            recurring=recurring,
            include_gone=include_gone,
            include_hidden=include_hidden,
            tracked_only=tracked,
            bodies=settings.own_body_names if mine else (),
            today=today,
            clearance=user.clearance,
            limit=limit,
            offset=offset,
        )
    )
    return TaskPageOut(total=page.total, tasks=[TaskOut.from_index(t, today) for t in page.tasks])


@router.get(
    "/tasks/{task_id}",
    response_model=TaskOut,
    responses={404: {"model": Problem}},
    summary="Một nhiệm vụ (ETag = phiên bản, dùng cho If-Match khi cập nhật)",
)
def get_task(
    task_id: str, store: StoreDep, user: UserDep, response: Response, today: TodayDep
) -> TaskOut:
    task = _task_or_404(store, task_id, user)
    response.headers["ETag"] = f'"{task.version}"'
    return TaskOut.from_index(task, today)


@router.patch(
    "/tasks/{task_id}",
    response_model=TaskOut,
    responses={
        404: {"model": Problem},
        412: {"model": Problem, "description": "nhiệm vụ đã được người khác cập nhật"},
        422: {"model": Problem, "description": "giá trị sửa không hợp lệ"},
        428: {"model": Problem, "description": "thiếu If-Match"},
    },
    summary="Cập nhật trạng thái, ghi chú; sửa đơn vị, hạn, đoạn văn bản; ẩn / khôi phục",
)
def update_task(
    task_id: str,
    update: TaskUpdate,
    store: StoreDep,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    response: Response,
    today: TodayDep,
    if_match: Annotated[
        str | None, Header(description='ETag của nhiệm vụ khi đọc, ví dụ "3"')
    ] = None,
) -> TaskOut:
    task = _task_or_404(store, task_id, user)
    if if_match is None:
        raise HTTPException(428, "Cần header If-Match với ETag đã đọc (GET /tasks/{id})")
    status = check_status(update.status) if update.status else None
    corrections = update.corrections()
    updated = store.update_task(
        task_id,
        who=user.username,
        status=status,
        note=update.note,
        corrections=corrections,
        not_a_task=update.not_a_task,
        if_version=if_match.strip('W/"'),
    )
    detail = ", ".join(
        x
        for x in (
            f"{task.status} → {status}" if status and status != task.status else "",
            "ghi chú" if update.note else "",
            f"sửa {', '.join(sorted(corrections))}" if corrections else "",
            {True: "không phải nhiệm vụ", False: "khôi phục", None: ""}[update.not_a_task],
        )
        if x
    )
    accounts.audit(user.username, "cập nhật nhiệm vụ", task_id, detail or None)
    if update.not_a_task is not None:
        project(store, index, Put(task.doc_id))  # the document's task count changed
    response.headers["ETag"] = f'"{updated.version}"'
    return TaskOut.from_index(updated, today)


@router.delete(
    "/tasks/{task_id}",
    response_model=TaskOut,
    responses={404: {"model": Problem}},
    summary="Đánh dấu không phải nhiệm vụ (ẩn, giữ lại; khôi phục bằng PATCH not_a_task=false)",
)
def hide_task(
    task_id: str,
    store: StoreDep,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    today: TodayDep,
) -> TaskOut:
    task = _task_or_404(store, task_id, user)
    updated = store.update_task(task_id, who=user.username, not_a_task=True)
    accounts.audit(user.username, "cập nhật nhiệm vụ", task_id, "không phải nhiệm vụ")
    project(store, index, Put(task.doc_id))
    return TaskOut.from_index(updated, today)


@router.get(
    "/tasks/{task_id}/history",
    response_model=list[TaskEventOut],
    responses={404: {"model": Problem}},
    summary="Lịch sử thay đổi của nhiệm vụ",
)
def task_history(task_id: str, store: StoreDep, user: UserDep) -> list[TaskEventOut]:
    _task_or_404(store, task_id, user)
    return [
        TaskEventOut(
            at=e.at, who=e.who, action=e.action, old=e.old, new=e.new, note=e.note, field=e.field
        )
        for e in store.task_history(task_id)
    ]


@router.get(
    "/calendar.ics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="Lịch hạn nhiệm vụ (iCalendar), cho mọi đơn vị hoặc một đơn vị",
)
def calendar(
    store: StoreDep,
    user: UserDep,
    settings: SettingsDep,
    body: Annotated[str | None, Query(description="đơn vị; bỏ trống: mọi nhiệm vụ")] = None,
) -> PlainTextResponse:
    page = store.tasks(
        TaskQuery(
            body=body,
            clearance=user.clearance,
            due_from="1900-01-01",
            tracked_only=True,
            limit=100_000,
        )
    )
    name = f"Hạn nhiệm vụ — {body}" if body else "Hạn nhiệm vụ"
    text = tasks_calendar(page.tasks, name, settings.base_url, settings.now())
    return PlainTextResponse(text, media_type="text/calendar; charset=utf-8")


@router.get(
    "/reminders/upcoming",
    response_model=TaskPageOut,
    summary="Nhiệm vụ sắp đến hạn (chưa hoàn thành) trong N ngày tới",
)
def upcoming(
    today: TodayDep,
    store: StoreDep,
    user: UserDep,
    days: Annotated[int, Query(ge=0, le=366)] = 7,
    body: str | None = None,
) -> TaskPageOut:
    page = store.tasks(
        TaskQuery(
            body=body,
            due_within_days=days,
            tracked_only=True,
            today=today,
            clearance=user.clearance,
            limit=500,
        )
    )
    return TaskPageOut(total=page.total, tasks=[TaskOut.from_index(t, today) for t in page.tasks])
