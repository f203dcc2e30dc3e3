"""Corrections become evaluation data: a document staff marked "đã kiểm tra" as a gold
file in shared/GOLD_FORMAT.md, built from its current, corrected state in the store.

What the office confirmed is the gold: the header as corrected (or as read, where nobody
changed it), the live tasks with their corrected bodies, dates and spans, the tasks
people added; tasks marked "không phải nhiệm vụ" and tasks no longer in the document are
left out. `directives eval` then measures the extractor on the office's own documents.
"""

from __future__ import annotations

import re
from typing import Any

from store.models import StoredDocument
from store.tracking import TaskRecord

SNIPPET_WORDS = 12  # GOLD_FORMAT asks for five or more consecutive words of the task


def _value(field: Any) -> Any:
    return field.get("value") if isinstance(field, dict) else field


def snippet(text: str) -> str:
    """The task's first words, enough to pick it out (GOLD_FORMAT `snippet`)."""
    return " ".join(text.split()[:SNIPPET_WORDS])


def gold_record(stored: StoredDocument, tasks: list[TaskRecord]) -> dict[str, Any]:
    document = stored.document
    header = document.meta.get("header") or {}
    signer = header.get("signer") or {}
    return {
        "doc_type": document.doc_type,
        "number": document.number,
        "issuer": document.issuer,
        "issuer_parent": document.issuer_parent,
        "place": document.place,
        "date": document.date,
        "subject": document.subject,
        "signer": {
            "name": stored.signer,
            "title": _value(signer.get("title")),
            "authority": _value(signer.get("authority")),
        },
        "urgency": document.urgency,
        "security": document.security,
        "recipients": [_value(r) for r in header.get("recipients") or []],
        "citations": [
            {"doc_type": c.doc_type, "number": c.number, "date": c.date, "issuer": c.issuer}
            for c in document.citations
        ],
        "tasks": [
            {
                "snippet": snippet(t.text),
                "lead": [b.written for b in t.lead],
                "support": [b.written for b in t.support],
                "due": t.due,
                "due_text": t.due_text,
                "recurrence": list(t.recurrence),
                "report_to": t.report_to,
            }
            for t in sorted(tasks, key=lambda t: (t.start, t.ordinal))
            if not t.gone and not t.not_a_task
        ],
        "reviewed": {"by": stored.reviewed_by, "at": stored.reviewed_at, "id": document.id},
    }


def stem_for(filename: str, doc_id: str, taken: set[str]) -> str:
    """A file stem for the pair (document, gold file): the primary file's own stem, made
    safe; the document id is added when two documents share a name."""
    base = re.sub(r"[^\w.-]+", "_", filename.rsplit(".", 1)[0]).strip("._") or "van-ban"
    stem = base if base not in taken else f"{base}-{doc_id}"
    taken.add(stem)
    return stem
