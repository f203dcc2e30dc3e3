"""The default set-up: the first start creates an admin and says how to log in."""

from __future__ import annotations

import os
import secrets
import sys

from directives.settings import Settings
from store.accounts import AccountStore

ADMIN = "admin"


def ensure_admin(accounts: AccountStore, settings: Settings) -> None:
    """With no user yet, create ``admin`` with a random password, written to
    ``<data>/admin-password.txt`` (readable by the owner only) and printed once."""
    if accounts.has_users():
        return
    password = secrets.token_urlsafe(12)
    accounts.add_user(ADMIN, password, "admin", clearance=3, display_name="Quản trị hệ thống")
    accounts.audit("hệ thống", "tạo tài khoản", ADMIN, "tài khoản quản trị đầu tiên")
    target = settings.data_dir / "admin-password.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"tài khoản: {ADMIN}\nmật khẩu: {password}\n")
    print(
        f"Đã tạo tài khoản quản trị: {ADMIN} / {password}  (lưu tại {target}; hãy đổi mật khẩu)",
        file=sys.stderr,
    )
