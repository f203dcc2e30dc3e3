from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Response
from fastapi.responses import PlainTextResponse

from api.calendar import tasks_calendar
from api.deps import IndexDep, SettingsDep
from api.schemas import Problem, TaskEventOut, TaskOut, TaskPageOut, TaskUpdate
from api.security import AccountsDep, EditorDep, UserDep
from index.accounts import User
from index.base import Index
from store.models import security_level
from store.tracking import TaskQuery, TaskRecord, check_status

router = APIRouter(tags=["nhiệm vụ"])
StatusParam = Literal["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"]


def _task_or_404(index: Index, task_id: str, user: User) -> TaskRecord:
    task = index.task(task_id)
    if task is None or (task.security and security_level(task.security) > user.clearance):
        raise HTTPException(404, f"Không có nhiệm vụ mã {task_id}")
    return task


@router.get(
    "/tasks", response_model=TaskPageOut, summary="Tìm nhiệm vụ: theo đơn vị, hạn, trạng thái"
)
def list_tasks(
    index: IndexDep,
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
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TaskPageOut:
    today = date.today()
    page = index.tasks(
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
def get_task(task_id: str, index: IndexDep, user: UserDep, response: Response) -> TaskOut:
    task = _task_or_404(index, task_id, user)
    response.headers["ETag"] = f'"{task.version}"'
    return TaskOut.from_index(task, date.today())


@router.patch(
    "/tasks/{task_id}",
    response_model=TaskOut,
    responses={
        404: {"model": Problem},
        412: {"model": Problem, "description": "nhiệm vụ đã được người khác cập nhật"},
        428: {"model": Problem, "description": "thiếu If-Match"},
    },
    summary="Cập nhật trạng thái và/hoặc thêm ghi chú",
)
def update_task(
    task_id: str,
    update: TaskUpdate,
    index: IndexDep,
    user: EditorDep,
    accounts: AccountsDep,
    response: Response,
    if_match: Annotated[
        str | None, Header(description='ETag của nhiệm vụ khi đọc, ví dụ "3"')
    ] = None,
) -> TaskOut:
    task = _task_or_404(index, task_id, user)
    if if_match is None:
        raise HTTPException(428, "Cần header If-Match với ETag đã đọc (GET /tasks/{id})")
    status = check_status(update.status) if update.status else None
    updated = index.update_task(
        task_id,
        who=user.username,
        status=status,
        note=update.note,
        if_version=if_match.strip('W/"'),
    )
    detail = ", ".join(
        x
        for x in (
            f"{task.status} → {status}" if status and status != task.status else "",
            "ghi chú" if update.note else "",
        )
        if x
    )
    accounts.audit(user.username, "cập nhật nhiệm vụ", task_id, detail or None)
    response.headers["ETag"] = f'"{updated.version}"'
    return TaskOut.from_index(updated, date.today())


@router.get(
    "/tasks/{task_id}/history",
    response_model=list[TaskEventOut],
    responses={404: {"model": Problem}},
    summary="Lịch sử thay đổi của nhiệm vụ",
)
def task_history(task_id: str, index: IndexDep, user: UserDep) -> list[TaskEventOut]:
    _task_or_404(index, task_id, user)
    return [
        TaskEventOut(at=e.at, who=e.who, action=e.action, old=e.old, new=e.new, note=e.note)
        for e in index.task_history(task_id)
    ]


@router.get(
    "/calendar.ics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="Lịch hạn nhiệm vụ (iCalendar), cho mọi đơn vị hoặc một đơn vị",
)
def calendar(
    index: IndexDep,
    user: UserDep,
    settings: SettingsDep,
    body: Annotated[str | None, Query(description="đơn vị; bỏ trống: mọi nhiệm vụ")] = None,
) -> PlainTextResponse:
    page = index.tasks(
        TaskQuery(body=body, clearance=user.clearance, due_from="1900-01-01", limit=100_000)
    )
    name = f"Hạn nhiệm vụ — {body}" if body else "Hạn nhiệm vụ"
    text = tasks_calendar(page.tasks, name, settings.base_url, datetime.now())
    return PlainTextResponse(text, media_type="text/calendar; charset=utf-8")


@router.get(
    "/reminders/upcoming",
    response_model=TaskPageOut,
    summary="Nhiệm vụ sắp đến hạn (chưa hoàn thành) trong N ngày tới",
)
def upcoming(
    index: IndexDep,
    user: UserDep,
    days: Annotated[int, Query(ge=0, le=366)] = 7,
    body: str | None = None,
) -> TaskPageOut:
    today = date.today()
    page = index.tasks(
        TaskQuery(body=body, due_within_days=days, today=today, clearance=user.clearance, limit=500)
    )
    return TaskPageOut(total=page.total, tasks=[TaskOut.from_index(t, today) for t in page.tasks])
