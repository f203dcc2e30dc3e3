"""What the index stores and returns; built from a reading and an extraction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from extractors.export import review_record
from extractors.fold import fold
from extractors.records import Body, Extraction, Field, Header, Task

# The header fields a document carries, as IndexedDocument names them
HEADER_FIELDS = (
    "doc_type",
    "number",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "subject",
    "urgency",
    "security",
)


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    id: str  # first 16 hex digits of the SHA-256 of the original bytes
    sha256: str
    filename: str
    text: str
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: str | None = None  # ISO, or "2025-11" / "2025" when the day is blank
    subject: str | None = None
    urgency: str | None = None
    security: str | None = None
    ingested_at: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # header, pages, reading, versions
    citations: tuple[CitedNumber, ...] = ()
    tasks: tuple[TaskDraft, ...] = ()

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(frozen=True, slots=True)
class NamedBody:
    """A body on a task: ``name`` canonical, ``written`` as in the text (expanded)."""

    name: str
    written: str

    @property
    def key(self) -> str:
        return body_key(self.name)


@dataclass(frozen=True, slots=True)
class CitedNumber:
    """A document this one cites; ``number`` is the normalized key ("12-NQ/TW")."""

    number: str
    text: str
    start: int
    end: int
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class TaskDraft:
    """A task as extracted, before the index gives it an identity and a status."""

    text: str
    start: int
    end: int
    lead: tuple[NamedBody, ...] = ()
    support: tuple[NamedBody, ...] = ()
    due: str | None = None  # ISO date
    due_text: str | None = None
    recurrence: tuple[str, ...] = ()
    report_to: str | None = None


SECURITY_LEVELS = {"mat": 1, "toi mat": 2, "tuyet mat": 3}


def security_level(mark: str | None) -> int:
    """0 for an unclassified document, 1 Mật, 2 Tối mật, 3 Tuyệt mật."""
    return SECURITY_LEVELS.get(fold(mark), 0) if mark else 0


def body_key(name: str) -> str:
    """The folded form bodies are looked up by: "Ủy ban nhân dân tỉnh" -> "uy ban nhan dan tinh"."""
    return fold(name)


def number_key(number: str) -> str:
    """One spelling per số/ký hiệu for joining citations: "12-nq/tw " -> "12-NQ/TW"."""
    return fold("".join(number.split())).upper()


def _value(f: Field | None) -> str | None:
    return f.value if f and f.value else None


def header_dict(header: Header) -> dict[str, Any]:
    """The header as JSON-ready data, offsets included."""
    return asdict(header)


def _named(bodies: tuple[Body, ...]) -> tuple[NamedBody, ...]:
    return tuple(NamedBody(b.name, b.written or b.name) for b in bodies)


def task_draft(task: Task) -> TaskDraft:
    deadline = task.deadline
    return TaskDraft(
        text=task.text,
        start=task.start,
        end=task.end,
        lead=_named(task.lead),
        support=_named(task.support),
        due=deadline.due.isoformat() if deadline and deadline.due else None,
        due_text=deadline.text if deadline else None,
        recurrence=task.recurrence,
        report_to=(task.report_to.written or task.report_to.name) if task.report_to else None,
    )


def build_document(
    *,
    sha256: str,
    filename: str,
    text: str,
    extraction: Extraction,
    pages: list[dict[str, int]],
    reading: dict[str, Any],
    now: datetime,
) -> IndexedDocument:
    h = extraction.header
    return IndexedDocument(
        id=sha256[:16],
        sha256=sha256,
        filename=filename,
        text=text,
        doc_type=_value(h.doc_type),
        number=_value(h.number),
        issuer=_value(h.issuer),
        issuer_parent=_value(h.issuer_parent),
        place=_value(h.place),
        date=_value(h.date),
        subject=_value(h.subject),
        urgency=_value(h.urgency),
        security=_value(h.security),
        ingested_at=now.isoformat(timespec="seconds"),
        meta={
            "header": header_dict(h),
            "pages": pages,
            "reading": reading,
            "extractors": list(extraction.versions),
            "needs_review": [review_record(r) for r in extraction.reviews],
        },
        citations=tuple(
            CitedNumber(
                number=c.number,
                text=c.text,
                start=c.start,
                end=c.end,
                doc_type=c.doc_type,
                date=c.date.isoformat() if c.date else None,
                issuer=c.issuer,
            )
            for c in extraction.citations
        ),
        tasks=tuple(task_draft(t) for t in extraction.tasks),
    )


@dataclass(frozen=True, slots=True)
class Rendition:
    """A file that carries a document: the signed PDF, a scan of it, the DOCX."""

    sha256: str
    filename: str
    reading: dict[str, Any]
    added_at: str
    primary: bool  # the one the extraction was read from


@dataclass(frozen=True, slots=True)
class HeaderCorrection:
    """A header field a person set; ``machine``: what the newest extraction reads there."""

    field: str
    who: str
    at: str
    machine: str | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as the store holds it: the effective reading (corrections applied)
    and what people decided about it."""

    document: IndexedDocument
    lineage: str
    state: str  # "current", or "replaced" by a newer version of its file
    replaced_by: str | None
    version: int
    signer: str | None
    renditions: tuple[Rendition, ...]
    corrections: tuple[HeaderCorrection, ...]
    reviewed_by: str | None
    reviewed_at: str | None
    tracked: bool
    tracked_by_person: bool | None  # None: decided by the tracking rule
