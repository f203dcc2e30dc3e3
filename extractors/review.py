"""review.v1: what a person should check before trusting the extraction, and why.

The flags never change a value; they say which values are unsure: a header field that
could not be read (or only in part), an issuer inferred from the text or not named like
any body, a task without a lead, a task the model was unsure of, and from the reading a
number or day written by hand, or a scan read at low OCR confidence. Reasons are in
Vietnamese: staff see them next to the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from extractors.bodies import body_phrase
from extractors.records import Extraction, Field, Header, Review, Task

NAME = "review.v1"
# A first page OCR'd below this mean word confidence (0-100) makes its header unsure.
LOW_OCR = 70.0
# Handwriting read at this confidence or more is not flagged (wrong readings came at up
# to 89 on the dev scans).
SURE_HAND = 95.0


@dataclass(frozen=True, slots=True)
class HandReading:
    """A handwritten blank of a scan's header as the reader left it (readers.blanks)."""

    kind: str  # "number" or "day"
    digits: str  # "" when the ink there was not read
    confidence: float


def flag_text(extraction: Extraction, content_start: int) -> Extraction:
    """Flags that the text alone justifies: header fields and tasks."""
    flags = [*_header_flags(extraction.header, content_start)]
    for i, task in enumerate(extraction.tasks):
        flags += _task_flags(i, task)
    return _add(extraction, flags)


def flag_reading(
    extraction: Extraction,
    handwritten: Iterable[HandReading],
    first_page_ocr: float | None,
) -> Extraction:
    """Flags from how the file was read: handwriting, and a poorly read scan."""
    flags: list[Review] = []
    h = extraction.header
    seen: set[str] = set()
    for hand in handwritten:  # the topmost blank of each kind is the header's
        if hand.kind in seen:
            continue
        seen.add(hand.kind)
        if hand.digits and hand.confidence >= SURE_HAND:
            continue
        field = "number" if hand.kind == "number" else "date"
        where = h.number if hand.kind == "number" else h.date
        what = "Số văn bản" if hand.kind == "number" else "Ngày ban hành"
        if not hand.digits:
            reason = f"{what} viết tay trên bản quét, máy không đọc được: cần nhập từ bản giấy"
        else:
            reason = (
                f"{what} viết tay trên bản quét, máy đọc là “{hand.digits}” "
                f"(độ tin cậy {hand.confidence:.0f}%): cần đối chiếu bản giấy"
            )
        flags.append(_review(field, reason, where))
    # the handwriting says more than the text's "could not read the number"
    handwriting = {f.field for f in flags}
    extraction = replace(
        extraction, reviews=tuple(r for r in extraction.reviews if r.field not in handwriting)
    )
    if first_page_ocr is not None and first_page_ocr < LOW_OCR:
        reason = (
            f"Trang đầu là bản quét chất lượng thấp (độ tin cậy nhận dạng "
            f"{first_page_ocr:.0f}%): cần kiểm tra lại"
        )
        for name in ("issuer", "subject"):
            if getattr(h, name) is not None:
                flags.append(_review(name, reason, getattr(h, name)))
    return _add(extraction, flags)


def flag_uncertain_tasks(
    extraction: Extraction, scores: Sequence[float], threshold: float, margin: float
) -> Extraction:
    """A kept task whose model score lies within ``margin`` of the threshold."""
    flags = [
        _review(
            f"tasks[{i}]",
            f"Máy không chắc đây là một nhiệm vụ (điểm {score:.2f}, ngưỡng {threshold:.2f})",
            task,
        )
        for i, (task, score) in enumerate(zip(extraction.tasks, scores, strict=True))
        if abs(score - threshold) < margin
    ]
    return _add(extraction, flags)


def _header_flags(h: Header, content_start: int) -> list[Review]:
    flags: list[Review] = []
    has_header = h.number is not None or h.date is not None or h.place is not None
    if has_header and h.number is None:
        flags.append(Review("number", "Không đọc được số, ký hiệu văn bản"))
    elif h.number is not None and not h.number.value[:1].isdigit():
        flags.append(_review("number", "Số văn bản để trống hoặc không đọc được phần số", h.number))
    if h.date is None and has_header:
        flags.append(Review("date", "Không đọc được ngày ban hành"))
    elif h.date is not None and len(h.date.value) < 10:
        flags.append(
            _review("date", f"Ngày ban hành chỉ đọc được một phần ({h.date.value})", h.date)
        )
    if h.issuer is None:
        flags.append(Review("issuer", "Không xác định được cơ quan ban hành"))
    elif h.issuer.start >= content_start > 0:
        flags.append(
            _review(
                "issuer",
                "Văn bản không có phần đầu: cơ quan ban hành được suy ra từ nội dung",
                h.issuer,
            )
        )
    elif not _named_like_a_body(h.issuer.value):
        flags.append(
            _review("issuer", "Tên cơ quan ban hành không giống tên một cơ quan, đơn vị", h.issuer)
        )
    if h.subject is None and has_header:
        flags.append(Review("subject", "Không đọc được trích yếu"))
    return flags


def _task_flags(i: int, task: Task) -> list[Review]:
    if not task.lead:
        return [_review(f"tasks[{i}].lead", "Chưa xác định được đơn vị chủ trì", task)]
    return []


def _named_like_a_body(name: str) -> bool:
    """Whether the whole name reads as one body ("Bộ Công an", not "Kế hoạch")."""
    bodies = body_phrase(name)
    return len(bodies) == 1 and bodies[0].end >= len(name.rstrip(" .")) - 1


def _review(field: str, reason: str, where: Field | Task | None) -> Review:
    if where is None:
        return Review(field, reason)
    return Review(field, reason, where.start, where.end)


def _add(extraction: Extraction, flags: Sequence[Review]) -> Extraction:
    if not flags:
        return extraction
    return replace(extraction, reviews=(*extraction.reviews, *flags))
