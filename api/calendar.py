"""Tasks as an iCalendar feed (RFC 5545): one all-day event per due date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from store.tracking import STATUS_LABELS, TaskRecord


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def tasks_calendar(tasks: Iterable[TaskRecord], name: str, base_url: str, now: datetime) -> str:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//directives//han nhiem vu//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for t in tasks:
        if not t.due:
            continue
        day = date.fromisoformat(t.due)
        lead = ", ".join(b.written for b in t.lead) or "chưa rõ đơn vị"
        summary = f"[{STATUS_LABELS[t.status]}] {lead}: {' '.join(t.text.split())[:120]}"
        where = " ".join(x for x in (t.doc_type, t.doc_number) if x)
        description = (
            f"{' '.join(t.text.split())}\n{where}\n{base_url}/van-ban/{t.doc_id}#task-{t.id}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{t.id}@directives",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{base_url}/van-ban/{t.doc_id}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
