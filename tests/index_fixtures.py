"""Documents for the index contract tests.

``sample_documents`` are the real sample corpus (corpus/samples), read and extracted by
the same path as ingest. ``make_document`` builds a small document by hand for the cases
the samples do not hold (two versions of one file, a classified document, a citation
between two documents); its text is made of real sentences from those samples.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from flows.pipeline import read_and_extract
from readers.dispatch import Limits
from store.models import CitedNumber, IndexedDocument, NamedBody, TaskDraft, build_document
from tests.conftest import SAMPLES


def read_samples() -> list[tuple[Path, IndexedDocument]]:
    out = []
    for path in sorted(SAMPLES.iterdir()):
        data = path.read_bytes()
        read, extraction = read_and_extract(data, path, Limits())
        document = build_document(
            sha256=hashlib.sha256(data).hexdigest(),
            filename=path.name,
            text=read.text,
            extraction=extraction,
            pages=[{"number": p.number, "start": p.start, "end": p.end} for p in read.pages],
            reading=read.reading.as_dict(),
            now=datetime(2026, 12, 1, tzinfo=UTC),
        )
        out.append((path, document))
    return out


def body(name: str) -> NamedBody:
    return NamedBody(name, name)


def task(
    text: str,
    lead: tuple[str, ...] = (),
    support: tuple[str, ...] = (),
    due: str | None = None,
    recurrence: tuple[str, ...] = (),
) -> TaskDraft:
    return TaskDraft(
        text=text,
        start=0,
        end=len(text),
        lead=tuple(body(b) for b in lead),
        support=tuple(body(b) for b in support),
        due=due,
        due_text=f"trước ngày {due}" if due else None,
        recurrence=recurrence,
    )


def make_document(
    text: str,
    *,
    number: str | None = None,
    doc_type: str | None = "Công văn",
    issuer: str | None = "Ủy ban nhân dân tỉnh Lào Cai",
    date: str | None = "2026-09-15",
    subject: str | None = None,
    urgency: str | None = None,
    security: str | None = None,
    tasks: tuple[TaskDraft, ...] = (),
    citations: tuple[str, ...] = (),
    salt: str = "",
) -> IndexedDocument:
    sha = hashlib.sha256(f"{text}|{number}|{salt}".encode()).hexdigest()
    return IndexedDocument(
        id=sha[:16],
        sha256=sha,
        filename=f"{sha[:8]}.txt",
        text=text,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        date=date,
        subject=subject,
        urgency=urgency,
        security=security,
        ingested_at="2026-12-01T00:00:00+00:00",
        meta={"header": {}, "pages": [], "reading": {}, "extractors": []},
        citations=tuple(
            CitedNumber(number=c, text=f"số {c}", start=0, end=len(c)) for c in citations
        ),
        tasks=tasks,
    )
