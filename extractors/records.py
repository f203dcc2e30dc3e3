"""What extractors produce: frozen, slotted records with offsets into the normalized text.

Only the header is filled by the first extractor; citations, bodies and tasks have their
record types here so the index and API are built for them from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Field:
    """One header value: ``value`` is normalized, ``text`` is the slice as printed."""

    value: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signer:
    name: Field | None
    title: Field | None
    authority: Field | None  # "T/M Ban Thường vụ", "KT. Chủ tịch"


@dataclass(frozen=True, slots=True)
class Header:
    """Document metadata ("thể thức") as printed in the header and signature blocks."""

    doc_type: Field | None = None  # "Công văn"
    number: Field | None = None  # "226-CV/ĐU"
    issuer: Field | None = None  # "Đảng ủy xã Vũ Dương"
    issuer_parent: Field | None = None  # "Đảng bộ tỉnh Ninh Bình"
    place: Field | None = None  # "Vũ Dương"
    date: Field | None = None  # "2026-06-11", "2025-11" when the day is blank
    subject: Field | None = None  # trích yếu, without "V/v"
    signer: Signer | None = None
    urgency: Field | None = None  # "Khẩn", "Thượng khẩn", "Hỏa tốc"
    security: Field | None = None  # "Mật", "Tối mật", "Tuyệt mật"
    recipients: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Body:
    """A Party or State body as written, with its canonical name."""

    name: str  # canonical: "Ủy ban nhân dân tỉnh Quảng Ngãi"
    text: str  # as printed: "UBND tỉnh"
    start: int
    end: int
    written: str = ""  # as written, abbreviations expanded: "Ủy ban nhân dân tỉnh"


@dataclass(frozen=True, slots=True)
class Citation:
    """Another document cited by number; ``number`` is the one normalized key."""

    number: str  # "12-NQ/TW"
    text: str
    start: int
    end: int
    doc_type: str | None = None
    date: date | None = None
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    text: str  # "chậm nhất trong quý III/2023"
    start: int
    end: int
    due: date | None  # 2023-09-30


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    start: int
    end: int
    lead: tuple[Body, ...] = ()
    support: tuple[Body, ...] = ()
    deadline: Deadline | None = None
    recurrence: tuple[str, ...] = ()  # "semiannual", "annual", …
    report_to: Body | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """A value a person should check, and why (in Vietnamese, shown to staff).

    ``field`` names it as the extraction JSON does: "number", "date", "issuer",
    "subject", "tasks[3]" (is it a task?), "tasks[3].lead"."""

    field: str
    reason: str
    start: int = 0  # offsets of what the flag is about, when it has a place in the text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document, with the extractor versions that made it."""

    header: Header
    citations: tuple[Citation, ...] = ()
    tasks: tuple[Task, ...] = ()
    versions: tuple[str, ...] = ()  # ("header.v1",)
    reviews: tuple[Review, ...] = ()  # what needs a person's check (extractors.review)
