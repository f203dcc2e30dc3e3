"""Users, API tokens, web sessions and the audit log, in the store (SQLite or PostgreSQL).

Passwords are hashed with Argon2id (argon2-cffi). API tokens and session ids are random
(``secrets``) and only their SHA-256 is stored, so a copy of this file gives nobody a
way in. Roles: viewer (reads), editor (also changes tasks, uploads), admin (also manages
users). Clearance is the highest security mark a user may see: 0 none, 1 Mật,
2 Tối mật, 3 Tuyệt mật.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from directives.errors import DirectivesError
from store.engine import IMMEDIATE, create_store_engine, redacted
from store.migrate import check
from store.schema import audit, sessions, tokens, users

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": "xem", "editor": "cập nhật", "admin": "quản trị"}
SESSION_DAYS = 7


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


def _stamp(moment: datetime | None = None) -> str:
    return (moment or _now()).isoformat(timespec="seconds")


_USER = (users.c.username, users.c.display_name, users.c.role, users.c.clearance)


class AccountStore:
    """Accounts on the store's engine; safe to share between threads."""

    def __init__(self, engine: Engine, *, owns_engine: bool = False) -> None:
        self._engine = engine
        self._owns_engine = owns_engine
        self._hasher = PasswordHasher()

    @classmethod
    def at(cls, url: str) -> AccountStore:
        """The accounts of the store at ``url`` (migrated), on an engine of their own."""
        engine = create_store_engine(url)
        check(engine, redacted(url))
        return cls(engine, owns_engine=True)

    def _write(self):
        return self._engine.connect().execution_options(**{IMMEDIATE: True})

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
        hashed = self._hasher.hash(password)
        try:
            with self._write() as db, db.begin():
                db.execute(
                    sa.insert(users).values(
                        username=username,
                        display_name=display_name or username,
                        password_hash=hashed,
                        role=role,
                        clearance=clearance,
                        created_at=_stamp(),
                    )
                )
        except sa.exc.IntegrityError as e:
            raise AccountError(f"người dùng {username} đã có") from e
        return User(username, display_name or username, role, clearance)

    def user(self, username: str) -> User | None:
        with self._engine.connect() as db:
            row = db.execute(
                sa.select(*_USER).where(users.c.username == username, users.c.active == sa.true())
            ).first()
        return User(*row) if row else None

    def users(self) -> list[User]:
        with self._engine.connect() as db:
            rows = db.execute(
                sa.select(*_USER).where(users.c.active == sa.true()).order_by(users.c.username)
            ).all()
        return [User(*r) for r in rows]

    def has_users(self) -> bool:
        with self._engine.connect() as db:
            return db.execute(sa.select(users.c.username).limit(1)).first() is not None

    def authenticate(self, username: str, password: str) -> User | None:
        with self._engine.connect() as db:
            stored = db.execute(
                sa.select(users.c.password_hash).where(
                    users.c.username == username, users.c.active == sa.true()
                )
            ).scalar_one_or_none()
        if stored is None:
            self._hasher.hash(password)  # same time whether or not the user exists
            return None
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if self._hasher.check_needs_rehash(stored):
            with self._write() as db, db.begin():
                db.execute(
                    sa.update(users)
                    .where(users.c.username == username)
                    .values(password_hash=self._hasher.hash(password))
                )
        return self.user(username)

    def set_password(self, username: str, password: str) -> None:
        """A new password; the user's web sessions end (tokens stay: revoke them apart)."""
        if len(password) < 8:
            raise AccountError("mật khẩu phải có ít nhất 8 ký tự")
        hashed = self._hasher.hash(password)
        with self._write() as db, db.begin():
            changed = db.execute(
                sa.update(users)
                .where(users.c.username == username, users.c.active == sa.true())
                .values(password_hash=hashed)
            ).rowcount
            if not changed:
                raise AccountError(f"không có người dùng {username}")
            db.execute(sa.delete(sessions).where(sessions.c.username == username))

    # -- API tokens and web sessions -------------------------------------------------

    def issue_token(self, username: str, name: str) -> str:
        """A new API token for ``username``; shown once, only its digest is kept."""
        if self.user(username) is None:
            raise AccountError(f"không có người dùng {username}")
        token = "dvt_" + secrets.token_urlsafe(32)
        with self._write() as db, db.begin():
            db.execute(
                sa.insert(tokens).values(
                    digest=_digest(token), username=username, name=name, created_at=_stamp()
                )
            )
        return token

    def user_for_token(self, token: str) -> User | None:
        with self._engine.connect() as db:
            username = db.execute(
                sa.select(tokens.c.username).where(tokens.c.digest == _digest(token))
            ).scalar_one_or_none()
        return self.user(username) if username else None

    def open_session(self, username: str) -> tuple[str, str]:
        """(session id for the cookie, CSRF token for the forms)."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
        expires = _stamp(_now() + timedelta(days=SESSION_DAYS))
        with self._write() as db, db.begin():
            db.execute(
                sa.insert(sessions).values(
                    digest=_digest(session), username=username, csrf=csrf, expires_at=expires
                )
            )
        return session, csrf

    def session(self, session_id: str) -> Session | None:
        with self._engine.connect() as db:
            row = db.execute(
                sa.select(sessions.c.username, sessions.c.csrf, sessions.c.expires_at).where(
                    sessions.c.digest == _digest(session_id)
                )
            ).first()
        if row is None or row.expires_at < _stamp():
            return None
        user = self.user(row.username)
        return Session(user, row.csrf) if user else None

    def close_session(self, session_id: str) -> None:
        with self._write() as db, db.begin():
            db.execute(sa.delete(sessions).where(sessions.c.digest == _digest(session_id)))

    # -- audit -----------------------------------------------------------------------

    def audit(
        self, who: str, action: str, target: str | None = None, detail: str | None = None
    ) -> None:
        with self._write() as db, db.begin():
            db.execute(
                sa.insert(audit).values(
                    at=_stamp(), who=who, action=action, target=target, detail=detail
                )
            )

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        with self._engine.connect() as db:
            rows = db.execute(
                sa.select(audit.c.at, audit.c.who, audit.c.action, audit.c.target, audit.c.detail)
                .order_by(audit.c.seq.desc())
                .limit(limit)
            ).all()
        return [AuditEntry(*r) for r in rows]

    def close(self) -> None:
        """Release the engine when it is the accounts' own (``at``); else the store's."""
        if self._owns_engine:
            self._engine.dispose()
