"""The one settings object, read from the environment (prefix DIRECTIVES_)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable; read at the edges (CLI, API start-up) and handed down."""

    model_config = SettingsConfigDict(env_prefix="DIRECTIVES_", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="index, stored originals, logs")
    elasticsearch_url: str | None = Field(None, description="unset: embedded SQLite index")
    database_url: str | None = Field(
        None,
        description="the store (system of record) on PostgreSQL, e.g. "
        "postgresql://user:password@host/directives; unset: <data>/store.sqlite3",
    )
    own_bodies: str = Field(
        "",
        description="the office's own bodies and their aliases, separated by ';' "
        "(Sở Tài chính; STC): documents naming one of them on a task are followed",
    )
    track_years: int = Field(
        2,
        description="documents dated more than this many years before they arrive are not "
        "followed (no reminders, never overdue on the board); 0: no limit",
    )
    max_file_bytes: int = Field(100 * 1024 * 1024, description="larger files are refused")
    max_pages: int = Field(2000, description="PDFs with more pages are refused")
    max_unpacked_bytes: int = Field(
        512 * 1024 * 1024, description="DOCX whose parts would expand beyond this are refused"
    )

    token_days: int = Field(90, description="API and calendar tokens end after this many days")
    secure_cookies: bool = Field(
        False, description="mark the session cookie Secure (set when served over HTTPS)"
    )
    base_url: str = Field(
        "http://127.0.0.1:8000", description="where staff open the web interface; used in links"
    )

    smtp_host: str = Field("localhost", description="mail server for reminder digests")
    smtp_port: int = Field(25)
    smtp_user: str | None = Field(None)
    smtp_password: str | None = Field(None)
    smtp_starttls: bool = Field(False)
    mail_from: str = Field("nhac-viec@localhost", description="From: of reminder digests")
    remind_days_before: str = Field("7,3,1", description="days before a due date to remind")
    remind_on_the_day: bool = Field(True)
    remind_overdue_every: int = Field(7, description="days between reminders while overdue")
    inbox_dir: Path | None = Field(None, description="ingest-inbox polls this folder")
    inbox_interval_seconds: int = Field(300, description="how often ingest-inbox polls")
    inbox_settle_seconds: float = Field(
        5.0,
        description="a file in the inbox is taken only when its size and time stay the same "
        "this long (still being copied otherwise); names ending .part, .tmp… are skipped",
    )
    timezone: str = Field("Asia/Ho_Chi_Minh")

    def today(self) -> date:
        """Today where the office is (DIRECTIVES_TIMEZONE), not where the server's clock is."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    def now(self) -> datetime:
        return datetime.now(ZoneInfo(self.timezone))

    @property
    def store_url(self) -> str:
        """The store: PostgreSQL when DIRECTIVES_DATABASE_URL is set, else a SQLite file."""
        return self.database_url or f"sqlite:///{self.data_dir / 'store.sqlite3'}"

    @property
    def own_body_names(self) -> tuple[str, ...]:
        """The office's own bodies and aliases (DIRECTIVES_OWN_BODIES, ';'-separated)."""
        return tuple(n.strip() for n in self.own_bodies.split(";") if n.strip())

    @property
    def contacts_path(self) -> Path:
        """The contacts directory staff edit: bodies -> email addresses and webhooks."""
        return self.data_dir / "contacts.toml"

    @property
    def legacy_outbox_path(self) -> Path:
        """Where versions before the store kept the reminder log (imported by migrate)."""
        return self.data_dir / "reminders.sqlite3"

    @property
    def inbox(self) -> Path:
        return self.inbox_dir or self.data_dir / "inbox"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def legacy_accounts_path(self) -> Path:
        """Where versions before the store kept the accounts (imported by migrate)."""
        return self.data_dir / "accounts.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def index_path(self) -> Path:
        return self.data_dir / "index.sqlite3"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def quarantine_dir(self) -> Path:
        """Originals that failed to ingest, each beside a ``<name>.reason.json``."""
        return self.data_dir / "quarantine"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


def load_settings() -> Settings:
    return Settings()
