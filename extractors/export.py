"""An Extraction as a plain, gold-shaped record (shared/GOLD_FORMAT.md field names).

The eval command scores this shape; the API returns it as a document's extraction JSON.
"""

from __future__ import annotations

from typing import Any

from extractors.records import Body, Extraction, Field, Review, Task


def _value(field: Field | None) -> str | None:
    return field.value if field else None


def _body(body: Body | None) -> str | None:
    return body.written if body else None


def review_record(review: Review) -> dict[str, Any]:
    return {
        "field": review.field,
        "reason": review.reason,
        "start": review.start,
        "end": review.end,
    }


def task_record(task: Task, reviews: tuple[Review, ...] = ()) -> dict[str, Any]:
    return {
        "text": task.text,
        "start": task.start,
        "end": task.end,
        "lead": [b.written for b in task.lead],
        "lead_canonical": [b.name for b in task.lead],
        "support": [b.written for b in task.support],
        "support_canonical": [b.name for b in task.support],
        "due": task.deadline.due.isoformat() if task.deadline and task.deadline.due else None,
        "due_text": task.deadline.text if task.deadline else None,
        "recurrence": list(task.recurrence),
        "report_to": _body(task.report_to),
        "needs_review": [r.reason for r in reviews],
    }


def to_record(extraction: Extraction) -> dict[str, Any]:
    h = extraction.header
    signer = h.signer
    return {
        "doc_type": _value(h.doc_type),
        "number": _value(h.number),
        "issuer": _value(h.issuer),
        "issuer_parent": _value(h.issuer_parent),
        "place": _value(h.place),
        "date": _value(h.date),
        "subject": _value(h.subject),
        "signer": {
            "name": _value(signer.name) if signer else None,
            "title": _value(signer.title) if signer else None,
            "authority": _value(signer.authority) if signer else None,
        },
        "urgency": _value(h.urgency),
        "security": _value(h.security),
        "recipients": [r.value for r in h.recipients],
        "citations": [
            {
                "doc_type": c.doc_type,
                "number": c.number,
                "date": c.date.isoformat() if c.date else None,
                "issuer": c.issuer,
            }
            for c in extraction.citations
        ],
        "tasks": [
            task_record(t, _of_task(extraction.reviews, i)) for i, t in enumerate(extraction.tasks)
        ],
        "needs_review": [review_record(r) for r in extraction.reviews],
        "versions": list(extraction.versions),
    }


def _of_task(reviews: tuple[Review, ...], i: int) -> tuple[Review, ...]:
    """The flags on task ``i``: "tasks[i]" and its parts ("tasks[i].lead")."""
    key = f"tasks[{i}]"
    return tuple(r for r in reviews if r.field == key or r.field.startswith(key + "."))
