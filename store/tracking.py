"""Task tracking records: a stored task, its status, its history, and task queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from directives.errors import InvalidStatusError
from extractors.recurrence import anchor as recurrence_anchor
from extractors.recurrence import anchors_on
from store.models import NamedBody

Status = Literal["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"]
STATUSES: tuple[Status, ...] = ("chua_thuc_hien", "dang_thuc_hien", "hoan_thanh")
STATUS_LABELS: dict[str, str] = {
    "chua_thuc_hien": "chưa thực hiện",
    "dang_thuc_hien": "đang thực hiện",
    "hoan_thanh": "hoàn thành",
}
INITIAL: Status = "chua_thuc_hien"
DONE: Status = "hoan_thanh"
SYSTEM = "hệ thống"  # who made a change that no person made (re-extraction), in history


def check_status(value: str) -> Status:
    """The status code for a code or its Vietnamese label ("hoàn thành" -> "hoan_thanh")."""
    for code, label in STATUS_LABELS.items():
        if value in (code, label):
            return code  # type: ignore[return-value]
    raise InvalidStatusError(
        f"trạng thái không hợp lệ: {value!r}; chọn một trong: {', '.join(STATUS_LABELS.values())}"
    )


def now() -> str:
    """The time of a change to a task, as stored: ISO, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A task as the index holds it: extracted content plus what staff recorded."""

    id: str  # stable across re-ingest and re-extraction
    doc_id: str
    ordinal: int  # position in its document
    text: str
    start: int
    end: int
    lead: tuple[NamedBody, ...]
    support: tuple[NamedBody, ...]
    due: str | None
    due_text: str | None
    recurrence: tuple[str, ...]
    report_to: str | None
    status: Status
    version: str  # opaque; changes on every update (ETag)
    updated_at: str | None = None
    gone: bool = False  # no longer in the latest version of its document
    doc_number: str | None = None
    doc_type: str | None = None
    doc_subject: str | None = None
    security: str | None = None
    origin: Literal["extracted", "added"] = "extracted"  # added: a person added it
    not_a_task: bool = False  # a person marked it "không phải nhiệm vụ" (hidden, kept)
    corrected: tuple[Correction, ...] = ()  # fields a person set
    tracked: bool = True  # its document is followed ("theo dõi"): board, reminders

    def overdue(self, today: date) -> bool:
        """Quá hạn: derived from the due date, never stored."""
        return self.status != DONE and self.due is not None and self.due < today.isoformat()


@dataclass(frozen=True, slots=True)
class TaskEvent:
    """One change to a task: a status move, a note, or a change made by the system."""

    task_id: str
    at: str  # ISO timestamp, UTC
    who: str
    action: Literal[
        "status", "note", "gone", "returned", "corrected", "added", "hidden", "restored"
    ]
    old: str | None = None
    new: str | None = None
    note: str | None = None
    field: str | None = None  # the corrected field: lead, support, due, recurrence…


@dataclass(frozen=True, slots=True)
class Correction:
    """A field of a task or a document that a person set. ``machine``: what the newest
    extraction reads there, when it differs from the person's value (shown, never applied)."""

    field: str
    who: str
    at: str
    machine: str | None = None


@dataclass(frozen=True, slots=True)
class TaskQuery:
    body: str | None = None  # canonical name, alias or abbreviation: "UBND tỉnh"
    bodies: tuple[str, ...] = ()  # any of these ("Việc của đơn vị tôi": the office's own)
    role: Literal["any", "lead", "support"] = "any"
    doc_id: str | None = None
    status: Status | None = None
    due_from: str | None = None  # ISO dates, inclusive
    due_to: str | None = None
    overdue: bool | None = None
    due_within_days: int | None = None  # due from today to today + N, not done
    recurring: bool | None = None
    include_gone: bool = False
    include_hidden: bool = False  # tasks marked "không phải nhiệm vụ"
    tracked_only: bool = False  # only tasks of documents the office follows
    due_on: tuple[str, ...] = ()  # any of these ISO dates (the reminder scan asks for these)
    recurring_on: tuple[str, ...] = ()  # recurring duties falling due on one of these dates
    open_only: bool = False  # not hoàn thành
    today: date | None = None  # None: the current date
    clearance: int | None = None  # tasks of documents above this security level are hidden
    limit: int = 50
    offset: int = 0

    def window(self, today: date) -> tuple[str | None, str | None]:
        """The due range this query asks for, as ISO dates."""
        low, high = self.due_from, self.due_to
        if self.due_within_days is not None:
            start, end = (
                today.isoformat(),
                (today + timedelta(days=self.due_within_days)).isoformat(),
            )
            low = max(low, start) if low else start
            high = min(high, end) if high else end
        return low, high


@dataclass(frozen=True, slots=True)
class TaskPage:
    total: int
    tasks: tuple[TaskRecord, ...]


def anchor_key(text: str, recurrence: tuple[str, ...]) -> str | None:
    """How a recurring duty is stored for lookup: "months:day" ("1:15", "6:0"), or None."""
    found = recurrence_anchor(text, recurrence)
    return f"{found[0]}:{found[1]}" if found else None


def anchor_keys(dates: tuple[str, ...]) -> list[str]:
    """The stored anchors that fall due on one of ``dates``."""
    return sorted(f"{s}:{d}" for s, d in anchors_on(date.fromisoformat(x) for x in dates))
