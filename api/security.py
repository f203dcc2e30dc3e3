"""Who is asking: an API token (``Authorization: Bearer …``) or a web session cookie.

Every route depends on one of these; what a user may see is bounded by their clearance,
which the routes hand to the index with every query.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from store.accounts import AccountStore, Role, Session, User

SESSION_COOKIE = "directives_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_accounts(request: Request) -> AccountStore:
    return request.app.state.accounts


AccountsDep = Annotated[AccountStore, Depends(get_accounts)]


def session_of(request: Request, accounts: AccountStore) -> Session | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    return accounts.session(cookie) if cookie else None


def optional_user(request: Request, accounts: AccountsDep) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return accounts.user_for_token(token.strip(), "api")
    feed_token = request.query_params.get("token")
    if feed_token and request.url.path == "/calendar.ics":  # calendar apps cannot send headers
        # only a calendar token, read-only and good for this feed alone (POST /me/calendar-token)
        return accounts.user_for_token(feed_token, "calendar")
    session = session_of(request, accounts)
    if session is None:
        return None
    if request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != session.csrf:
        # a page of another site cannot read the token, so it cannot act with the cookie
        raise HTTPException(403, f"Thiếu hoặc sai {CSRF_HEADER} cho phiên đăng nhập web")
    return session.user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise HTTPException(
            401,
            "Cần đăng nhập: gửi 'Authorization: Bearer <mã truy cập>' hoặc đăng nhập trên trang web",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


UserDep = Annotated[User, Depends(current_user)]


def requires(role: Role):
    def check(user: UserDep) -> User:
        if not user.can(role):
            raise HTTPException(
                403, f"Tài khoản {user.username} không có quyền này (cần vai trò {role})"
            )
        return user

    return Depends(check)


EditorDep = Annotated[User, requires("editor")]
AdminDep = Annotated[User, requires("admin")]
