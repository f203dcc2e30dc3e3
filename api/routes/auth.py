from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from api.deps import SettingsDep
from api.schemas import (
    AuditOut,
    CalendarTokenOut,
    PasswordChange,
    Problem,
    TokenInfoOut,
    TokenOut,
    TokenRequest,
    UserIn,
    UserOut,
    UserUpdate,
)
from api.security import AccountsDep, AdminDep, UserDep
from api.throttle import LoginThrottle

router = APIRouter(tags=["tài khoản"])


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses={
        401: {"model": Problem},
        429: {"model": Problem, "description": "quá nhiều lần sai"},
    },
    summary="Đổi tài khoản và mật khẩu lấy mã truy cập API (hết hạn sau DIRECTIVES_TOKEN_DAYS ngày)",
)
def issue_token(request: TokenRequest, accounts: AccountsDep, http: Request) -> TokenOut:
    throttle: LoginThrottle = http.app.state.throttle
    address = http.client.host if http.client else "?"
    try:
        throttle.check(request.username, address)
    except HTTPException:
        accounts.audit(request.username, "đăng nhập bị tạm chặn", None, f"API, {address}")
        raise
    user = accounts.authenticate(request.username, request.password)
    if user is None:
        throttle.failed(request.username, address)
        accounts.audit(request.username, "đăng nhập thất bại", None, "API")
        raise HTTPException(401, "Sai tài khoản hoặc mật khẩu")
    token = accounts.issue_token(user.username, request.name)
    accounts.audit(user.username, "cấp mã truy cập", None, request.name)
    return TokenOut(token=token, username=user.username)


@router.get("/me", response_model=UserOut, summary="Tài khoản đang dùng")
def me(user: UserDep) -> UserOut:
    return UserOut.of(user)


@router.get("/me/tokens", response_model=list[TokenInfoOut], summary="Mã truy cập của mình")
def my_tokens(user: UserDep, accounts: AccountsDep) -> list[TokenInfoOut]:
    return [TokenInfoOut(**asdict(t)) for t in accounts.tokens(user.username)]


@router.delete(
    "/me/tokens/{token_id}",
    status_code=204,
    responses={404: {"model": Problem}},
    summary="Thu hồi một mã truy cập của mình",
)
def revoke_my_token(token_id: str, user: UserDep, accounts: AccountsDep) -> None:
    if not accounts.revoke_token(user.username, token_id):
        raise HTTPException(404, f"Không có mã truy cập {token_id}")
    accounts.audit(user.username, "thu hồi mã truy cập", token_id)


@router.post(
    "/me/calendar-token",
    response_model=CalendarTokenOut,
    summary="Mã chỉ để đọc lịch hạn nhiệm vụ (/calendar.ics?token=…), không dùng được cho API",
)
def calendar_token(
    user: UserDep, accounts: AccountsDep, settings: SettingsDep, name: str = "lịch"
) -> CalendarTokenOut:
    token = accounts.issue_token(user.username, name[:100], kind="calendar")
    accounts.audit(user.username, "cấp mã lịch", None, name[:100])
    return CalendarTokenOut(
        token=token, url=f"{settings.base_url.rstrip('/')}/calendar.ics?token={token}"
    )


@router.put(
    "/me/password",
    status_code=204,
    responses={403: {"model": Problem}},
    summary="Đổi mật khẩu của mình (mọi mã truy cập và phiên đăng nhập của mình kết thúc)",
)
def change_password(change: PasswordChange, user: UserDep, accounts: AccountsDep) -> None:
    if accounts.authenticate(user.username, change.current_password) is None:
        raise HTTPException(403, "Mật khẩu hiện tại không đúng")
    accounts.set_password(user.username, change.new_password)
    accounts.audit(user.username, "đổi mật khẩu", user.username)


@router.get("/users", response_model=list[UserOut], summary="Danh sách người dùng (quản trị)")
def list_users(accounts: AccountsDep, admin: AdminDep) -> list[UserOut]:
    return [UserOut.of(u) for u in accounts.users()]


@router.post(
    "/users",
    response_model=UserOut,
    status_code=201,
    responses={400: {"model": Problem}},
    summary="Thêm người dùng (quản trị)",
)
def add_user(new: UserIn, accounts: AccountsDep, admin: AdminDep) -> UserOut:
    user = accounts.add_user(
        new.username,
        new.password,
        new.role,
        new.clearance,
        new.display_name,  # type: ignore[arg-type]
    )
    accounts.audit(
        admin.username, "tạo tài khoản", user.username, f"{user.role}, mức mật {user.clearance}"
    )
    return UserOut.of(user)


@router.patch(
    "/users/{username}",
    response_model=UserOut | None,
    responses={400: {"model": Problem}},
    summary="Đổi vai trò, mức mật, tên; khóa (active=false) hay mở khóa tài khoản (quản trị); "
    "đổi vai trò, mức mật hoặc khóa thì mọi mã truy cập và phiên của người đó kết thúc",
)
def update_user(
    username: str, change: UserUpdate, accounts: AccountsDep, admin: AdminDep
) -> UserOut | None:
    user = accounts.update_user(
        username,
        role=change.role,  # type: ignore[arg-type]
        clearance=change.clearance,
        active=change.active,
        display_name=change.display_name,
    )
    accounts.audit(
        admin.username,
        "sửa tài khoản",
        username,
        ", ".join(f"{k}={v}" for k, v in change.model_dump(exclude_none=True).items()),
    )
    if user is None:
        return None
    return UserOut.of(user)


@router.get(
    "/users/{username}/tokens",
    response_model=list[TokenInfoOut],
    summary="Mã truy cập của một người dùng (quản trị)",
)
def user_tokens(username: str, accounts: AccountsDep, admin: AdminDep) -> list[TokenInfoOut]:
    return [TokenInfoOut(**asdict(t)) for t in accounts.tokens(username)]


@router.delete(
    "/users/{username}/tokens/{token_id}",
    status_code=204,
    responses={404: {"model": Problem}},
    summary="Thu hồi một mã truy cập của người dùng (quản trị)",
)
def revoke_user_token(username: str, token_id: str, accounts: AccountsDep, admin: AdminDep) -> None:
    if not accounts.revoke_token(username, token_id):
        raise HTTPException(404, f"Không có mã truy cập {token_id}")
    accounts.audit(admin.username, "thu hồi mã truy cập", token_id, username)


@router.get(
    "/audit", response_model=list[AuditOut], summary="Nhật ký: ai thay đổi, tải gì (quản trị)"
)
def audit(
    accounts: AccountsDep, admin: AdminDep, limit: Annotated[int, Query(ge=1, le=5000)] = 200
) -> list[AuditOut]:
    return [
        AuditOut(at=e.at, who=e.who, action=e.action, target=e.target, detail=e.detail)
        for e in accounts.audit_log(limit)
    ]
