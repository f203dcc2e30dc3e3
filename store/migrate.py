"""Alembic migrations of the store, applied by `directives migrate` (and by `serve` at
start, with a message) — never silently by whichever process opens the store first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from directives.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def pending(engine: Engine) -> list[str]:
    """Revisions not yet applied, oldest first."""
    now = current(engine)
    script = ScriptDirectory(str(MIGRATIONS))
    steps = [r.revision for r in script.iterate_revisions(head(), now)]
    return list(reversed(steps))


def upgrade(engine: Engine) -> list[str]:
    """Apply every pending migration; the revisions applied, oldest first."""
    steps = pending(engine)
    if steps:
        command.upgrade(_config(engine), "head")
    return steps


def check(engine: Engine, where: str) -> None:
    """Raise a StoreError saying what to run when the store is not at the code's layout."""
    now = current(engine)
    if now == head():
        return
    if now is None:
        raise StoreError(
            f"kho dữ liệu {where} chưa được khởi tạo: chạy `directives migrate` "
            "(the store has no tables yet: run `directives migrate`)"
        )
    known = {r.revision for r in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if now not in known:
        raise StoreError(
            f"kho dữ liệu {where} ở phiên bản {now}, mới hơn phần mềm này ({head()}): "
            "hãy cập nhật phần mềm (the store was migrated by a newer version)"
        )
    raise StoreError(
        f"kho dữ liệu {where} ở phiên bản {now}, cần {head()}: chạy `directives migrate` "
        "(the store needs a migration: run `directives migrate`)"
    )
