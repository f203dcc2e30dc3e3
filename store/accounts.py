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
from typing import Any, Literal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from directives.errors import DirectivesError
from store.engine import IMMEDIATE, create_store_engine, redacted
from store.migrate import check
from store.schema import audit, sessions, tokens, users

Role = Literal["viewer", "editor", "admin"]
TokenKind = Literal["api", "calendar"]  # calendar: read-only, /calendar.ics only
TOKEN_DAYS = 90  # DIRECTIVES_TOKEN_DAYS' default
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
class TokenInfo:
    """An issued token as its owner and admins see it: never the token itself."""

    id: str
    username: str
    name: str
    kind: TokenKind
    created_at: str
    expires_at: str | None


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

    def __init__(
        self, engine: Engine, *, owns_engine: bool = False, token_days: int = TOKEN_DAYS
    ) -> None:
        self._engine = engine
        self._owns_engine = owns_engine
        self.token_days = token_days
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
        """A new password; every token and web session of the user ends."""
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
            _end_access(db, username)

    def update_user(
        self,
        username: str,
        *,
        role: Role | None = None,
        clearance: int | None = None,
        active: bool | None = None,
        display_name: str | None = None,
    ) -> User | None:
        """An admin's change; a new role or clearance, or disabling, ends every token and
        session of the user. The user as now (None once disabled)."""
        if role is not None and role not in ROLES:
            raise AccountError(f"vai trò không hợp lệ: {role}; chọn {', '.join(ROLES)}")
        if clearance is not None and not 0 <= clearance <= 3:
            raise AccountError("mức được xem tài liệu mật phải từ 0 đến 3")
        values = {
            k: v
            for k, v in (
                ("role", role),
                ("clearance", clearance),
                ("active", active),
                ("display_name", display_name),
            )
            if v is not None
        }
        with self._write() as db, db.begin():
            row = db.execute(sa.select(users).where(users.c.username == username)).first()
            if row is None:
                raise AccountError(f"không có người dùng {username}")
            if values:
                db.execute(sa.update(users).where(users.c.username == username).values(**values))
            if (
                (role is not None and role != row.role)
                or (clearance is not None and clearance != row.clearance)
                or active is False
            ):
                _end_access(db, username)
        return self.user(username)

    # -- API tokens and web sessions -------------------------------------------------

    def issue_token(
        self, username: str, name: str, kind: TokenKind = "api", days: int | None = None
    ) -> str:
        """A new token for ``username``, ending after ``days`` (the configured lifetime by
        default); shown once, only its digest is kept."""
        if self.user(username) is None:
            raise AccountError(f"không có người dùng {username}")
        token = ("dvc_" if kind == "calendar" else "dvt_") + secrets.token_urlsafe(32)
        now = _now()
        ends = now + timedelta(days=self.token_days if days is None else days)
        with self._write() as db, db.begin():
            db.execute(
                sa.insert(tokens).values(
                    digest=_digest(token),
                    id=secrets.token_hex(8),
                    username=username,
                    name=name,
                    kind=kind,
                    created_at=_stamp(now),
                    expires_at=_stamp(ends),
                )
            )
        return token

    def user_for_token(self, token: str, kind: TokenKind = "api") -> User | None:
        """The user of a token of ``kind`` that has not expired or been revoked."""
        with self._engine.connect() as db:
            row = db.execute(
                sa.select(tokens.c.username, tokens.c.kind, tokens.c.expires_at).where(
                    tokens.c.digest == _digest(token)
                )
            ).first()
        if row is None or row.kind != kind or (row.expires_at and row.expires_at < _stamp()):
            return None
        return self.user(row.username)

    def tokens(self, username: str) -> list[TokenInfo]:
        with self._engine.connect() as db:
            rows = db.execute(
                sa.select(
                    tokens.c.id,
                    tokens.c.username,
                    tokens.c.name,
                    tokens.c.kind,
                    tokens.c.created_at,
                    tokens.c.expires_at,
                )  # fmt: skip
                .where(tokens.c.username == username)
                .order_by(tokens.c.created_at, tokens.c.id)
            ).all()
        return [TokenInfo(*r) for r in rows]

    def revoke_token(self, username: str, token_id: str) -> bool:
        """End one token of ``username``; whether there was one."""
        with self._write() as db, db.begin():
            return bool(
                db.execute(
                    sa.delete(tokens).where(tokens.c.username == username, tokens.c.id == token_id)
                ).rowcount
            )

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


def _end_access(db: Any, username: str) -> None:
    """Every token and web session of ``username`` ends."""
    db.execute(sa.delete(tokens).where(tokens.c.username == username))
    db.execute(sa.delete(sessions).where(sessions.c.username == username))
