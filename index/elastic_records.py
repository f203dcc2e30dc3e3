"""Records in, records out: the index's records as Elasticsearch sources, and the answers
of Elasticsearch as the index's records (index/base.py, index/tracking.py)."""

from __future__ import annotations

import html
import json
from typing import Any

from extractors.fold import fold
from index.base import FACETS, CitationLink, DocRef, FacetCount, SearchHit
from index.common import DOCUMENT_FIELDS, date_bounds, resolve_citation, same_issuer
from index.elastic_queries import MARK_CLOSE, MARK_OPEN
from index.lookup import number_tokens
from index.snippets import snippet
from store.models import (
    CitedNumber,
    IndexedDocument,
    number_key,
    security_level,
)

OPENING = 300  # characters of text kept for the snippet when browsing, as in SQLite
COLUMNS = (*DOCUMENT_FIELDS, "text")
HIT_FIELDS = ["id", "doc_type", "number", "issuer", "date", "subject", "urgency", "security"]


def document_source(d: IndexedDocument, added: int) -> dict[str, Any]:
    """A document as stored: its fields and the keys search, filters and joins use."""
    date_lo, date_hi = date_bounds(d.date)
    return {
        **{c: getattr(d, c) for c in COLUMNS},
        "opening": d.text[:OPENING],
        "year": d.year,
        "date_lo": date_lo,
        "date_hi": date_hi,
        "urgency_key": d.urgency.lower() if d.urgency else None,
        "security_key": d.security.lower() if d.security else None,
        "security_level": security_level(d.security),
        "doc_type_key": fold(d.doc_type) if d.doc_type else None,
        "issuer_key": fold(d.issuer) if d.issuer else None,
        "number_key": number_key(d.number) if d.number else None,
        "numkey": number_tokens(d.number, d.doc_type),
        "task_count": len(d.tasks),
        "has_tasks": bool(d.tasks),
        "added": added,
        # JSON as stored by the SQLite backend: whatever is not JSON becomes a string
        "meta": json.loads(json.dumps(d.meta, ensure_ascii=False, default=str)),
        "citations": [
            {
                "number": c.number,
                "number_key": number_key(c.number),
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "doc_type": c.doc_type,
                "date": c.date,
                "issuer": c.issuer,
            }
            for c in d.citations
        ],
        "cited_keys": sorted({number_key(c.number) for c in d.citations}),
    }


def indexed_document(s: dict[str, Any]) -> IndexedDocument:
    """A stored document's source as the IndexedDocument it was made from (no tasks)."""
    fields: dict[str, Any] = {c: s.get(c) for c in COLUMNS}
    return IndexedDocument(
        **fields,
        meta=s.get("meta") or {},
        citations=tuple(
            CitedNumber(
                number=c["number"],
                text=c["text"],
                start=c["start"],
                end=c["end"],
                doc_type=c.get("doc_type"),
                date=c.get("date"),
                issuer=c.get("issuer"),
            )
            for c in s.get("citations") or []
        ),
    )


def search_hit(h: dict[str, Any], terms: tuple[tuple[str, bool], ...]) -> SearchHit:
    """A hit; its snippet is Elasticsearch's highlight of the text, else the text's opening
    (browsing, or words found only in the number, subject or issuer)."""
    s = h["_source"]
    marked = (h.get("highlight") or {}).get("text")
    if marked:
        text = html.escape(" ".join(marked[0].split()))
        text = text.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    else:
        text = snippet(s.get("opening") or "", terms)
    return SearchHit(
        s["id"],
        s.get("doc_type"),
        s.get("number"),
        s.get("issuer"),
        s.get("date"),
        s.get("subject"),
        text,
        float(h.get("_score") or 0.0),
        urgency=s.get("urgency"),
        security=s.get("security"),
        tasks=s.get("task_count") or 0,
    )


def facets(aggregations: dict[str, Any]) -> dict[str, tuple[FacetCount, ...]]:
    """The terms aggregations as facets, most frequent first, then by value."""
    out = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        counts = [(str(b.get("key_as_string", b["key"])), int(b["doc_count"])) for b in buckets]
        counts.sort(key=lambda vc: (-vc[1], vc[0]))
        out[name] = tuple(FacetCount(v, c) for v, c in counts)
    return out


def doc_ref(s: dict[str, Any]) -> DocRef:
    return DocRef(
        s["id"],
        s.get("doc_type"),
        s.get("number"),
        s.get("issuer"),
        s.get("date"),
        s.get("subject"),
    )


def citations_out(
    cited: list[dict[str, Any]], found: list[dict[str, Any]]
) -> tuple[CitationLink, ...]:
    """A document's ``cited`` citations (stored), each with the ``found`` documents (hits,
    newest first) carrying its number; the issuer decides between namesakes."""
    refs: dict[str, list[DocRef]] = {c["number_key"]: [] for c in cited}
    for h in found:
        refs[h["_source"]["number_key"]].append(doc_ref(h["_source"]))
    return tuple(
        CitationLink(
            c["number"],
            c.get("doc_type"),
            c.get("date"),
            c.get("issuer"),
            c["text"],
            resolve_citation(refs[c["number_key"]], c.get("issuer")),
        )
        for c in cited
    )


def citations_in(
    citing: list[dict[str, Any]], key: str, issuer: str | None
) -> tuple[CitationLink, ...]:
    """The citations of the number ``key`` in the ``citing`` documents (hits, newest
    first), skipping those that name an issuer other than the cited document's."""
    links = []
    for h in citing:
        for c in h["_source"]["citations"]:
            if c["number_key"] != key:
                continue
            named = c.get("issuer")
            if named and issuer and not same_issuer(named, issuer):
                continue  # another body's document with the same number
            ref = (doc_ref(h["_source"]),)
            links.append(
                CitationLink(c["number"], c.get("doc_type"), c.get("date"), named, c["text"], ref)
            )
    return tuple(links)
