from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.schemas import (
    AuditOut,
    PasswordChange,
    Problem,
    TokenOut,
    TokenRequest,
    UserIn,
    UserOut,
)
from api.security import AccountsDep, AdminDep, UserDep

router = APIRouter(tags=["tài khoản"])


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses={401: {"model": Problem}},
    summary="Đổi tài khoản và mật khẩu lấy mã truy cập API",
)
def issue_token(request: TokenRequest, accounts: AccountsDep) -> TokenOut:
    user = accounts.authenticate(request.username, request.password)
    if user is None:
        accounts.audit(request.username, "đăng nhập thất bại", None, "API")
        raise HTTPException(401, "Sai tài khoản hoặc mật khẩu")
    token = accounts.issue_token(user.username, request.name)
    accounts.audit(user.username, "cấp mã truy cập", None, request.name)
    return TokenOut(token=token, username=user.username)


@router.get("/me", response_model=UserOut, summary="Tài khoản đang dùng")
def me(user: UserDep) -> UserOut:
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        clearance=user.clearance,
    )


@router.put(
    "/me/password",
    status_code=204,
    responses={403: {"model": Problem}},
    summary="Đổi mật khẩu của mình (các phiên đăng nhập web khác kết thúc)",
)
def change_password(change: PasswordChange, user: UserDep, accounts: AccountsDep) -> None:
    if accounts.authenticate(user.username, change.current_password) is None:
        raise HTTPException(403, "Mật khẩu hiện tại không đúng")
    accounts.set_password(user.username, change.new_password)
    accounts.audit(user.username, "đổi mật khẩu", user.username)


@router.get("/users", response_model=list[UserOut], summary="Danh sách người dùng (quản trị)")
def list_users(accounts: AccountsDep, admin: AdminDep) -> list[UserOut]:
    return [
        UserOut(
            username=u.username, display_name=u.display_name, role=u.role, clearance=u.clearance
        )
        for u in accounts.users()
    ]


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
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        clearance=user.clearance,
    )


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
