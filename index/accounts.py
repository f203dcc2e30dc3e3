"""Users, API tokens, web sessions and the audit log: one small SQLite file.

Passwords are hashed with Argon2id (argon2-cffi). API tokens and session ids are random
(``secrets``) and only their SHA-256 is stored, so a copy of this file gives nobody a
way in. Roles: viewer (reads), editor (also changes tasks, uploads), admin (also manages
users). Clearance is the highest security mark a user may see: 0 none, 1 Mật,
2 Tối mật, 3 Tuyệt mật.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from directives.errors import DirectivesError
from index.sqlite_files import connect

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": "xem", "editor": "cập nhật", "admin": "quản trị"}
SESSION_DAYS = 7

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    clearance INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    digest TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username),
    csrf TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
"""


class AccountError(DirectivesError):
    """A user or token operation that cannot be done (unknown user, bad role…)."""


@dataclass(frozen=True, slots=True)
class User:
    username: str
    display_name: str
    role: Role
    clearance: int

    def can(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: str
    who: str
    action: str
    target: str | None
    detail: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class AccountStore:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._db = connect(self.path)
        self._db.executescript(_SCHEMA)
        self._hasher = PasswordHasher()
        self._lock = threading.RLock()

    # -- users -----------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        role: Role,
        clearance: int = 0,
        display_name: str | None = None,
    ) -> User:
        if role not in ROLES:
            raise AccountError(f"vai trò không hợp lệ: {role}; chọn {', '.join(ROLES)}")
        if not 0 <= clearance <= 3:
            raise AccountError("mức được xem tài liệu mật phải từ 0 đến 3")
        if len(password) < 8:
            raise AccountError("mật khẩu phải có ít nhất 8 ký tự")
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO users (username, display_name, password_hash, role, clearance, "
                    "created_at) VALUES (?,?,?,?,?,?)",
                    (
                        username,
                        display_name or username,
                        self._hasher.hash(password),
                        role,
                        clearance,
                        _now().isoformat(timespec="seconds"),
                    ),
                )
            except sqlite3.IntegrityError as e:
                raise AccountError(f"người dùng {username} đã có") from e
        return User(username, display_name or username, role, clearance)

    def user(self, username: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                "SELECT username, display_name, role, clearance FROM users "
                "WHERE username=? AND active=1",
                (username,),
            ).fetchone()
        return User(*row) if row else None

    def users(self) -> list[User]:
        with self._lock:
            rows = self._db.execute(
                "SELECT username, display_name, role, clearance FROM users WHERE active=1 "
                "ORDER BY username"
            ).fetchall()
        return [User(*r) for r in rows]

    def has_users(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def authenticate(self, username: str, password: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                "SELECT password_hash FROM users WHERE username=? AND active=1", (username,)
            ).fetchone()
        if row is None:
            self._hasher.hash(password)  # same time whether or not the user exists
            return None
        try:
            self._hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        if self._hasher.check_needs_rehash(row[0]):
            with self._lock:
                self._db.execute(
                    "UPDATE users SET password_hash=? WHERE username=?",
                    (self._hasher.hash(password), username),
                )
        return self.user(username)

    def set_password(self, username: str, password: str) -> None:
        """A new password; the user's web sessions end (tokens stay: revoke them apart)."""
        if len(password) < 8:
            raise AccountError("mật khẩu phải có ít nhất 8 ký tự")
        with self._lock:
            changed = self._db.execute(
                "UPDATE users SET password_hash=? WHERE username=? AND active=1",
                (self._hasher.hash(password), username),
            ).rowcount
            if not changed:
                raise AccountError(f"không có người dùng {username}")
            self._db.execute("DELETE FROM sessions WHERE username=?", (username,))

    # -- API tokens and web sessions -------------------------------------------------

    def issue_token(self, username: str, name: str) -> str:
        """A new API token for ``username``; shown once, only its digest is kept."""
        if self.user(username) is None:
            raise AccountError(f"không có người dùng {username}")
        token = "dvt_" + secrets.token_urlsafe(32)
        with self._lock:
            self._db.execute(
                "INSERT INTO tokens (digest, username, name, created_at) VALUES (?,?,?,?)",
                (_digest(token), username, name, _now().isoformat(timespec="seconds")),
            )
        return token

    def user_for_token(self, token: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                "SELECT username FROM tokens WHERE digest=?", (_digest(token),)
            ).fetchone()
        return self.user(row[0]) if row else None

    def open_session(self, username: str) -> tuple[str, str]:
        """(session id for the cookie, CSRF token for the forms)."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
        expires = (_now() + timedelta(days=SESSION_DAYS)).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (digest, username, csrf, expires_at) VALUES (?,?,?,?)",
                (_digest(session), username, csrf, expires),
            )
        return session, csrf

    def session(self, session_id: str) -> Session | None:
        with self._lock:
            row = self._db.execute(
                "SELECT username, csrf, expires_at FROM sessions WHERE digest=?",
                (_digest(session_id),),
            ).fetchone()
        if row is None or row[2] < _now().isoformat(timespec="seconds"):
            return None
        user = self.user(row[0])
        return Session(user, row[1]) if user else None

    def close_session(self, session_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE digest=?", (_digest(session_id),))

    # -- audit -----------------------------------------------------------------------

    def audit(
        self, who: str, action: str, target: str | None = None, detail: str | None = None
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO audit (at, who, action, target, detail) VALUES (?,?,?,?,?)",
                (_now().isoformat(timespec="seconds"), who, action, target, detail),
            )

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT at, who, action, target, detail FROM audit ORDER BY seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [AuditEntry(*r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
