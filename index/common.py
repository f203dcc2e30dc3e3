"""What both backends share: the document fields stored as they are, the range a partial
date covers, and which indexed documents a citation points at."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence

from extractors.fold import fold
from index.base import DocRef
from store.models import HEADER_FIELDS

# IndexedDocument's plain fields, stored as they are (text, meta, citations, tasks aside)
DOCUMENT_FIELDS = ("id", "sha256", "filename", *HEADER_FIELDS, "ingested_at")


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """A partial date covers a range: "2025-11" -> ("2025-11-01", "2025-11-30"),
    "2024-02" -> ("2024-02-01", "2024-02-29"), "2025" -> ("2025-01-01", "2025-12-31")."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return value, value
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if len(parts) == 2 and 1 <= month <= 12:
        return f"{value}-01", f"{value}-{monthrange(year, month)[1]:02d}"
    return value, value


def same_issuer(a: str, b: str) -> bool:
    """Whether two issuers name one body, one inside the other, accents aside:
    "UBND tỉnh Lào Cai" and "ubnd tinh lao cai"."""
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa


def resolve_citation(docs: Sequence[DocRef], issuer: str | None) -> tuple[DocRef, ...]:
    """The indexed documents a citation points at; the issuer decides between namesakes."""
    if issuer and len(docs) > 1:
        named = [d for d in docs if d.issuer and same_issuer(issuer, d.issuer)]
        return tuple(named or docs)
    return tuple(docs)
