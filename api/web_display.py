"""What the web pages show, as pure functions: Vietnamese dates and labels, header rows,
the document text with its tasks highlighted, page numbers and local links."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from store.models import IndexedDocument
from store.tracking import TaskRecord

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_date(value: str | None) -> str:
    """ "2026-06-11" -> "11/06/2026"; "2026-11" -> "11/2026"; "2026" stays."""
    return "/".join(reversed(value[:10].split("-"))) if value else ""


def vn_time(value: str | None) -> str:
    """An ISO timestamp as Vietnam time: "2026-12-02T05:00:00+00:00" -> "02/12/2026 12:00"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TIME)
    return moment.strftime("%d/%m/%Y %H:%M")


RECURRENCE_LABELS = {
    "daily": "hằng ngày",
    "weekly": "hằng tuần",
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "semiannual": "6 tháng",
    "annual": "hằng năm",
}
CLEARANCE_LABELS = ("không xem tài liệu mật", "Mật", "Tối mật", "Tuyệt mật")
READING_METHODS = {
    "text-layer": "đọc lớp chữ của PDF",
    "text-layer+layout": "đọc lớp chữ của PDF, dựng lại bố cục",
    "ocr": "nhận dạng chữ (OCR) từ ảnh quét",
    "docx": "đọc tệp Word (DOCX)",
    "doc-libreoffice": "chuyển tệp Word cũ (DOC) bằng LibreOffice",
    "plain-text": "đọc văn bản thuần",
}


def reading_label(reading: dict[str, Any] | None) -> str:
    """How the file was read, for a clerk: "PDF, đọc lớp chữ của PDF, 3 trang"."""
    if not reading:
        return ""
    method = reading.get("method") or ""
    parts = [READING_METHODS.get(method) or f"{reading.get('format') or ''} {method}".strip()]
    if reading.get("pages", 1) > 1:
        parts.append(f"{reading['pages']} trang")
    if reading.get("encoding"):
        parts.append(f"mã {reading['encoding']}")
    if reading.get("decoder"):
        parts.append(f"giải mã phông {str(reading['decoder']).upper()}")
    if reading.get("ocr_pages") and method != "ocr":
        parts.append("OCR trang " + ", ".join(str(p) for p in reading["ocr_pages"]))
    if reading.get("ocr_confidence"):
        mean = sum(reading["ocr_confidence"]) / len(reading["ocr_confidence"])
        parts.append(f"độ tin cậy OCR {mean:.0f}%")
    if reading.get("language") not in (None, "vi"):
        parts.append("không phải tiếng Việt: chưa trích xuất nhiệm vụ")
    return ", ".join(p for p in parts + list(reading.get("notes") or []) if p)


def header_value(document: IndexedDocument, name: str) -> str | None:
    field = (document.meta.get("header") or {}).get(name)
    return field.get("value") if isinstance(field, dict) else None


def header_rows(document: IndexedDocument) -> list[tuple[str, Any]]:
    """The thể thức of a document as (label, value) rows; value None when not printed."""
    header = document.meta.get("header") or {}
    signer = header.get("signer") or {}
    signed = [(signer.get(k) or {}).get("value") for k in ("authority", "title", "name")]
    issuer = document.issuer
    if issuer and document.issuer_parent:
        issuer = f"{issuer} ({document.issuer_parent})"
    return [
        ("Loại văn bản", document.doc_type),
        ("Số, ký hiệu", document.number),
        ("Cơ quan ban hành", issuer),
        ("Nơi ban hành", document.place),
        ("Ngày ban hành", vn_date(document.date) or None),
        ("Người ký", ", ".join(s for s in signed if s) or None),
        ("Độ khẩn", document.urgency),
        ("Độ mật", document.security),
        ("Nơi nhận", [r["value"] for r in header.get("recipients") or [] if r.get("value")]),
    ]


_REVIEW_LABELS = {
    "number": "Số, ký hiệu",
    "date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "subject": "Trích yếu",
}
_TASK_FIELD = re.compile(r"^tasks\[(\d+)\]")


def review_rows(
    document: IndexedDocument,
    settled_fields: frozenset[str] = frozenset(),
    settled_tasks: frozenset[int] = frozenset(),
) -> list[tuple[str, str]]:
    """The document's needs-review flags as (what, why) for staff: header fields by their
    label, tasks by their number in the list ("Nhiệm vụ 3"). Flags on a field or task a
    person has since corrected (or hidden) are settled and left out."""
    rows = []
    for flag in document.meta.get("needs_review", []):
        field = str(flag.get("field", ""))
        task = _TASK_FIELD.match(field)
        if field.split(".")[0] in settled_fields or (task and int(task.group(1)) in settled_tasks):
            continue
        label = f"Nhiệm vụ {int(task.group(1)) + 1}" if task else _REVIEW_LABELS.get(field, field)
        rows.append((label, str(flag.get("reason", ""))))
    return rows


def _marks(span: str, task: TaskRecord) -> list[tuple[int, int, str]]:
    """Where the task's bodies and deadline are written inside its own sentence."""
    wanted = [(b, "lead") for b in task.lead] + [(b, "support") for b in task.support]
    terms = {(w, kind) for body, kind in wanted for w in (body.written, body.name) if w}
    if task.due_text:
        terms.add((task.due_text, "due"))
    found: list[tuple[int, int, str]] = []
    for term, kind in sorted(terms, key=lambda t: -len(t[0])):  # longest first
        for m in re.finditer(re.escape(term), span, re.IGNORECASE):
            if all(m.end() <= s or m.start() >= e for s, e, _ in found):
                found.append((m.start(), m.end(), kind))
    return sorted(found)


MARK_TITLES = {"lead": "đơn vị chủ trì", "support": "đơn vị phối hợp", "due": "thời hạn"}


def highlighted(text: str, tasks: list[TaskRecord]) -> Markup:
    """The document text, HTML-escaped, each task wrapped in a span ``task-<id>`` by its
    offsets, with its bodies and deadline marked inside."""
    out: list[str] = []
    cursor = 0
    for number, task in sorted(enumerate(tasks, 1), key=lambda nt: nt[1].start):
        start, end = max(task.start, cursor), min(task.end, len(text))
        if start >= end:  # nested in (or overlapping) the previous task: keep its anchor
            out.append(f'<span id="task-{escape(task.id)}"></span>')
            continue
        out.append(str(escape(text[cursor:start])))
        span = text[start:end]
        inner, at = [], 0
        for s, e, kind in _marks(span, task):
            inner.append(str(escape(span[at:s])))
            inner.append(
                f'<mark class="{kind}" title="{MARK_TITLES[kind]}">{escape(span[s:e])}</mark>'
            )
            at = e
        inner.append(str(escape(span[at:])))
        out.append(
            f'<span class="task status-{escape(task.status)}" id="task-{escape(task.id)}">'
            f'<a class="task-no" href="#nv-{escape(task.id)}" title="Xem nhiệm vụ {number}">'
            f"NV{number}</a>{''.join(inner)}</span>"
        )
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


def page_numbers(current: int, last: int) -> list[int | None]:
    """Page links around ``current``; None is a gap: [1, None, 4, 5, 6, None, 12]."""
    wanted = {1, last, *range(current - 2, current + 3)}
    pages: list[int | None] = []
    for n in sorted(p for p in wanted if 1 <= p <= last):
        if pages and pages[-1] is not None and n - pages[-1] > 1:
            pages.append(None)
        pages.append(n)
    return pages


def local_url(url: str | None) -> str:
    """``url`` when it stays on this site ("/van-ban/…"), otherwise the search page."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    parts = urlsplit(url)
    return url if not parts.scheme and not parts.netloc else "/"


def with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != name] + [(name, value)]
    return f"{parts.path}?{urlencode(query)}"
