"""Opening the store: a SQLite file by default, PostgreSQL when a URL says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

IMMEDIATE = "directives_immediate"  # execution option: a SQLite write takes its lock at BEGIN


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def normalized_url(url: str) -> str:
    """``postgresql://…`` and ``postgres://…`` use psycopg 3, the driver installed here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)


def create_store_engine(url: str) -> Engine:
    url = normalized_url(url)
    if url.startswith("sqlite"):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_transactions(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_transactions(engine: Engine) -> None:
    """pysqlite's own transaction handling off; SQLAlchemy's BEGIN on. Writes say
    BEGIN IMMEDIATE, so two writers queue at the start instead of failing at commit.
    WAL lets readers go on while one writes; with synchronous=FULL a commit survives a
    crash and a power cut: what people decided, and every reminder marked sent."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a commit survives a power cut
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
