"""Run every extractor over one normalized text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from extractors import (
    bodies,
    citations,
    content,
    deadlines,
    forms,
    header,
    learned,
    lines,
    normalize,
    review,
    structure,
    tasks,
)
from extractors.records import Extraction, Header

VERSIONS = (
    normalize.NAME,
    header.NAME,
    content.NAME,
    citations.NAME,
    structure.NAME,
    bodies.NAME,
    deadlines.NAME,
    forms.NAME,
    tasks.NAME,
    review.NAME,
)


def _issued(head: Header) -> date | None:
    if head.date and len(head.date.value) == 10:
        return date.fromisoformat(head.date.value)
    return None


def _content_start(head: Header) -> int:
    """Tasks are read after the header block: past its last field that has offsets."""
    fields = [head.number, head.date, head.subject, *head.recipients]
    return max((f.end for f in fields if f is not None and f.end), default=0)


def extract(text: str, *, models: bool = True) -> Extraction:
    """All extractors, in order; pure: the same text always gives the same records.
    With ``models`` (the default) the trained models (extractors/learned) run after the
    rules and their names join the versions."""
    body, extraction = extract_rules(text)
    if models:
        shipped = learned.shipped()
        extraction = learned.apply_models(body, extraction, shipped)
        extraction = replace(extraction, versions=(*VERSIONS, *shipped.names))
    return review.flag_text(extraction, _content_start(extraction.header))


def extract_rules(text: str) -> tuple[str, Extraction]:
    """The rules alone, without review flags, and the masked content text their task
    offsets point into (what the models read and are trained on)."""
    head = header.extract_header(text)
    own = head.number.value if head.number else None
    end = content.content_end(text)
    # the distribution list and signature, and forms to fill in, are no content
    excluded = content.excluded_spans(text[:end]) + forms.form_spans(text[:end])
    body = lines.mask(text[:end], excluded)
    start = min(_content_start(head), end)
    return body, Extraction(
        header=head,
        citations=citations.extract_citations(body, own),
        tasks=tasks.extract_tasks(
            body, start, end, _issued(head), head.issuer.value if head.issuer else None
        ),
        versions=VERSIONS,
    )
