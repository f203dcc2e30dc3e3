"""What the index stores and returns; built from a reading and an extraction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from extractors.records import Extraction, Field, Header


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

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


def _value(f: Field | None) -> str | None:
    return f.value if f and f.value else None


def header_dict(header: Header) -> dict[str, Any]:
    """The header as JSON-ready data, offsets included."""
    return asdict(header)


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
        },
    )
