"""header.v1: document metadata from the header block of Party and State layouts.

Party (Quy định 66-QĐ/TW): "ĐẢNG BỘ TỈNH … / ĐẢNG ỦY XÃ …  |  ĐẢNG CỘNG SẢN VIỆT NAM",
"Số 226-CV/ĐU", "Vũ Dương, ngày 11 tháng 6 năm 2026". State (Nghị định 30/2020/NĐ-CP):
"ỦY BAN NHÂN DÂN / TỈNH …  |  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
Hạnh phúc", "Số: 1468/UBND-VX", "V/v …". Works on column-ordered text (readers put a
two-column header left column first) and on layout text with wide gaps between columns.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date

from extractors.bodies import HEADS
from extractors.content import content_end
from extractors.fold import fold
from extractors.forms import form_spans
from extractors.issuers import is_unit, unit_with_body
from extractors.lines import Segment, is_upper, mask, segments
from extractors.names import running_case, title_case
from extractors.patterns import (
    DOC_TYPES,
    MOTTO,
    NATIONAL_TITLE,
    NUMBER,
    PARTY_TITLE,
    PLACE_DATE,
    SECURITY,
    TYPE_CODES,
    UNIT_WORDS,
    URGENCY,
)
from extractors.records import Field, Header
from extractors.self_named import self_named_issuer
from extractors.signature import extract_recipients, extract_signer

NAME = "header.v7"
HEAD_CHARS = 3000  # the header block sits in the first page's top; generous for OCR noise

_TYPE_BY_FOLD = {fold(t): t for t in DOC_TYPES}
_SEPARATOR = re.compile(r"^[\s*_\-–—=.·•]+$")
_SUBJECT_LEAD = re.compile(r"^(?:V/v|V/V|v/v|Về\s+việc|VỀ\s+VIỆC|về\s+việc)\s*:?\s*")
_ABOUT = re.compile(r"^(?:về|VỀ|Về)\s+", re.I)
_FIRST_LINE_BODY = re.compile(r"^(?:Căn cứ|Kính gửi|[IVX]+[.\-]\s|\d+[.)]\s|Điều \d)")
_BODY_OPENER = re.compile(
    r"^(?:Căn cứ|Thực hiện|Ngày \d|Trong |Thời gian qua|Kính gửi|Để |Sau khi|Theo |Xét |"
    r"Hội nghị|Vừa qua|Nhằm|Hiện nay|Tiếp theo|Qua |[IVX]+[.\-]\s|\d+[.)]\s|Điều \d|Chương [IVX\d])"
)


def _document_start(text: str) -> int:
    """Where the document's own header block starts: 0, unless a web page puts its own
    matter (a metadata table, a summary) before the printed header, which then starts
    at the lines just above the first national or Party title in capitals."""
    head = text[:HEAD_CHARS]
    if any(rx.search(head) for rx in (NATIONAL_TITLE, PARTY_TITLE, MOTTO)):
        return 0
    window = text[: content_end(text)][:_FAR_CHARS]
    titles = [m for rx in (NATIONAL_TITLE, PARTY_TITLE) for m in rx.finditer(window)]
    upper = sorted(m.start() for m in titles if is_upper(m.group()))
    if not upper:
        return 0
    start = text.rfind("\n", 0, upper[0]) + 1
    for _ in range(_ISSUER_LINES):
        above = text.rfind("\n", 0, max(start - 1, 0)) + 1
        line = text[above : max(start - 1, above)].strip()
        if line.endswith((".", ":", ";")) or len(line.split()) > 12:
            break  # the page's prose above the header
        start = above
        if above == 0:
            break
    return start


_FAR_CHARS = 40000  # how far into a web page its printed header may start
_ISSUER_LINES = 6  # lines above the national title that may hold the issuer


def extract_header(text: str) -> Header:
    """Extract type, number, issuer, place, date, subject, marks, recipients and signer."""
    begin = _document_start(text)
    head = mask(text[: begin + HEAD_CHARS], [(0, begin)])
    # Only the first of each: "ĐẢNG CỘNG SẢN VIỆT NAM" can recur in the title (qd-383).
    found = (rx.search(head) for rx in (NATIONAL_TITLE, PARTY_TITLE, MOTTO))
    landmarks = [m.span() for m in found if m]
    masked = mask(head, landmarks)
    number_match = NUMBER.search(masked)
    if number_match:
        masked = mask(masked, [number_match.span()])
    date_match = PLACE_DATE.search(masked)
    if date_match:
        masked = mask(masked, [date_match.span()])
    segs = [s for s in segments(masked) if not _SEPARATOR.match(s.text)]

    number = _number(number_match)
    title, title_index = _title(segs, after=_end(number_match, date_match))
    subject = _subject(segs, title_index)
    if subject is not None and _conclusion(title, segs, title_index):
        # "THÔNG BÁO KẾT LUẬN / CỦA ĐỒNG CHÍ TỔNG BÍ THƯ …": the conclusions are the subject
        value = f"kết luận {subject.value[:1].lower()}{subject.value[1:]}"
        subject = Field(value, subject.text, subject.start, subject.end)
    stop = min(
        [m.start() for m in (number_match,) if m]
        + [s.start for s in segs if _SUBJECT_LEAD.match(s.text)]
        + ([segs[title_index].start] if title_index is not None else [])
        + [s.start for s in segs if _BODY_OPENER.match(s.text)][:1]
        + [len(head)]
    )
    issuer, parent = _issuer(segs, stop, printed=bool(landmarks) or number is not None)
    if subject and issuer is None:
        issuer, subject = _issuer_in_title(subject, segs)
    if issuer is None:
        issuer = self_named_issuer(text, stop, content_end(text))
    has_header = bool(landmarks) or number is not None
    recipients = extract_recipients(text)
    return Header(
        doc_type=_doc_type(title, number, subject, segs, has_header, bool(recipients)),
        number=number,
        issuer=issuer,
        issuer_parent=parent,
        place=_place(date_match),
        date=_date(date_match),
        subject=subject,
        # a form's own "Nơi nhận" and signature blanks are not the document's
        signer=extract_signer(mask(text, form_spans(text))),
        urgency=_mark(segs, URGENCY),
        security=_mark(segs, SECURITY),
        recipients=recipients,
    )


def _end(*matches: re.Match[str] | None) -> int:
    return max((m.end() for m in matches if m), default=0)


def _number(match: re.Match[str] | None) -> Field | None:
    if not match:
        return None
    raw = match.group("num")
    value = re.sub(r"\s+", "", raw).rstrip(".,;:")
    if not re.search(r"[A-Za-zĐđ]", value) and not value.isdigit():
        return None
    return Field(_repair_code(value), raw, match.start("num"), match.end("num"))


def _repair_code(number: str) -> str:
    """OCR doubles a letter under a stamp ("1050/QĐĐ-SCT"): when the type code is unknown
    and collapsing a doubled letter makes it a known one, use that."""
    code = _type_code(number)
    if not code or code in TYPE_CODES:
        return number
    single = re.sub(r"(\w)\1", r"\1", code)
    if single in TYPE_CODES:
        return number.replace(code, single, 1)
    return number


def _title(segs: list[Segment], after: int) -> tuple[Field | None, int | None]:
    """The type name printed as a title ("NGHỊ QUYẾT", "KẾ HOẠCH") below the number; a
    "THÔNG BÁO KẾT LUẬN" is a Thông báo whose trích yếu starts with "kết luận"."""
    for i, seg in enumerate(segs):
        text = _CONCLUSION.sub("", seg.text)
        doc_type = _TYPE_BY_FOLD.get(fold(text.strip(" :.")))
        if doc_type and is_upper(seg.text) and (seg.start >= after or i > 2):
            return Field(doc_type, text.rstrip(), seg.start, seg.start + len(text.rstrip())), i
    return None, None


_CONCLUSION = re.compile(r"(?<=^THÔNG BÁO)\s+KẾT\s+LUẬN\s*$")


def _conclusion(title: Field | None, segs: list[Segment], title_index: int | None) -> bool:
    return (
        title is not None
        and title_index is not None
        and _CONCLUSION.search(segs[title_index].text) is not None
    )


_RUNS_ON = re.compile(r"(?:,|\s(?:và|của|về|với|tại|trên|cho|đối\s+với))\s*$", re.I)
_CABLES = re.compile(r"\bđiện\s*:\s*$")
_ADDRESSEES = re.compile(r"[.;]?\s*Kính\s+gửi\s*:", re.I)


def _subject(segs: list[Segment], title_index: int | None) -> Field | None:
    """The trích yếu: after "V/v" in công văn, else the lines below the type title."""
    start_index = next((i for i, s in enumerate(segs) if _SUBJECT_LEAD.match(s.text)), None)
    if start_index is not None:
        first = segs[start_index]
        lead = _SUBJECT_LEAD.match(first.text)
        assert lead is not None
        parts = [first.text[lead.end() :]]
        start = first.start + lead.end()
    elif title_index is not None and title_index + 1 < len(segs):
        start_index = title_index + 1
        first = segs[start_index]
        if first.line - segs[title_index].line > 2 or _FIRST_LINE_BODY.match(first.text):
            return None
        parts = [_ABOUT.sub("", first.text)]
        start = first.start + len(first.text) - len(parts[0])
        if fold(first.text) in ("ve", "ve viec"):  # "VỀ" alone on its line (qd-383)
            parts, start = [], first.end
    else:
        return None
    end = first.end
    previous = first
    for seg in segs[start_index + 1 : start_index + 8]:
        if seg.line - previous.line != 1 or _BODY_OPENER.match(seg.text) or _ends_block(seg):
            break
        if _CABLES.search(seg.text):
            break  # a Công điện's "BỘ XÂY DỰNG điện:" opens its addressees
        if _stamp_or_noise(seg.text) or (
            parts and is_upper(seg.text) and not is_upper(parts[-1] or "a")
        ):
            break  # a receiving stamp or OCR noise beside the subject (scans)
        # a line cut after a comma or a linking word goes on, whatever comes next
        runs_on = bool(parts) and _RUNS_ON.search(parts[-1] or "") is not None
        if _body_line(seg.text) and not runs_on:
            break
        parts.append(seg.text)
        end, previous = seg.end, seg
    value = re.sub(r"\s+", " ", " ".join(parts))
    value = _ADDRESSEES.split(value, maxsplit=1)[0].strip(" .;:")  # OCR joined "Kính gửi:"
    # "HỘI NGHỊ LẦN THỨ BA BAN CHẤP HÀNH TRUNG ƯƠNG … về bảo vệ môi trường": the
    # conference line above the subject is part of the title, not the trích yếu.
    about = value.find(" về ")
    if about > 12 and is_upper(value[:about]) and not is_upper(value):
        value = value[about + len(" về ") :]
    if is_upper(value):
        value = title_case(value)
    return Field(value, value, start, end) if value else None


# Words a trích yếu's continuation line may start with in capitals: names of bodies,
# documents and places. Any other capitalised word opens a sentence of the body.
_NAME_HEADS = frozenset(
    [
        "ủy",
        "ban",
        "bộ",
        "sở",
        "ban",
        "đảng",
        "nhà",
        "nước",
        "quốc",
        "hội",
        "chính",
        "phủ",
        "thủ",
        "trung",
        "ương",
        "tỉnh",
        "thành",
        "huyện",
        "xã",
        "phường",
        "mặt",
        "trận",
        "công",
        "an",
        "quân",
        "nghị",
        "chỉ",
        "quyết",
        "kết",
        "luận",
        "thông",
        "kế",
        "hoạch",
        "chương",
        "trình",
        "đề",
        "án",
        "dự",
        "hội",
        "đồng",
        "đoàn",
        "tổng",
        "cục",
        "văn",
        "phòng",
        "việt",
        "nam",
        "tòa",
        "viện",
        "kiểm",
        "sát",
    ]
)


def _body_line(text: str) -> bool:
    """A full line of the body that OCR put right under the subject, with no blank line
    between: it starts a sentence ("Cơn bão số 3 …", ct-11-CT-UBND-QuangNgai-2024-scan.pdf)
    or lists with a colon ("… quan, đơn vị: Văn phòng …", tb-660-TB-UBND-QuangNgai-2024-scan.pdf)."""
    if len(text) < 50:
        return False
    first = text.split(" ", 1)[0]
    opens = first[:1].isupper() and not is_upper(first) and first.lower() not in _NAME_HEADS
    return opens or ": " in text


def _stamp_or_noise(text: str) -> bool:
    """OCR of a stamp or handwriting: table bars, symbols, digits glued to letters."""
    if re.search(r"[|#@†⁄]", text):
        return True
    words = text.split()
    odd = [w for w in words if re.search(r"\d", w) and re.search(r"[^\W\d_]", w)]
    return bool(words) and len(odd) / len(words) > 0.3


def _ends_block(seg: Segment) -> bool:
    return bool(NUMBER.match(seg.text) or PLACE_DATE.search(seg.text)) or (
        is_upper(seg.text) and len(seg.text) < 60 and fold(seg.text) in _TYPE_BY_FOLD
    )


def _issuer(
    segs: list[Segment], stop: int, *, printed: bool = True
) -> tuple[Field | None, Field | None]:
    """The lowest header line naming a body, and the line above it (its parent body).

    A line that starts with no head word continues the name above it ("HỘI ĐỒNG BẦU CỬ /
    QUỐC GIA", "ỦY BAN MTTQ VIỆT NAM / PHƯỜNG …"); a unit on the lowest line is named
    with its body ("Ban Tổ chức Thành ủy"). A legacy font whose capitals decode in lower
    case leaves no capital line: the lines that start with a body's head word are read.
    """
    lines = _header_lines(segs, stop, is_upper) or (
        # lower-case lines only in a printed header (a national title or a number): in
        # an article, a headline that starts "Bộ trưởng …" names no issuer
        _header_lines(segs, stop, _starts_body) if printed else []
    )
    if not lines:
        return None, None
    issuer = lines[-1]
    parent = lines[-2] if len(lines) > 1 and lines[-2].line == issuer.line - 1 else None
    field = _body(issuer)
    if parent is not None and is_unit(field.value):
        named = unit_with_body(field.value, _body(parent).value)
        field = Field(named, f"{parent.text}\n{issuer.text}", parent.start, issuer.end)
    return field, _body(parent) if parent else None


def _header_lines(segs: list[Segment], stop: int, kind: Callable[[str], bool]) -> list[Segment]:
    """The header lines of one kind, a name's continuation lines joined to it. A
    continuation follows on the next line, or after one blank line when nothing stands
    between (web captures put a blank line between the lines of a name)."""
    lines: list[Segment] = []
    last_at = -2  # index in segs of the last header line
    for at, seg in enumerate(segs):
        if seg.start >= stop:
            break
        if not kind(seg.text) or URGENCY.fullmatch(seg.text) or SECURITY.fullmatch(seg.text):
            continue
        gap = seg.line - lines[-1].line if lines else -1
        near = gap in (0, 1) or (gap == 2 and at == last_at + 1)
        if near and _NAME_PART.fullmatch(seg.text) and _continues(seg.text, lines[-1].text):
            last = lines[-1]
            lines[-1] = Segment(f"{last.text} {seg.text}", last.start, seg.end, seg.line)
        elif (
            _WORDS.search(seg.text) or _LONE_HEAD.fullmatch(fold(seg.text)) is not None
        ) and not _NOT_IN_NAMES.search(seg.text):
            # "BAN / CHẤP HÀNH TRUNG ƯƠNG": a head word alone, its name on the next line
            # not "XV80", "***" (a code or a rule) nor OCR noise ("Den i: : _¬ chỉ thị")
            lines.append(seg)
        else:
            continue
        last_at = at
    return lines


def _starts_body(text: str) -> bool:
    """A header line in lower case that names a body: it starts with a head ("ủy ban
    nhân dân", "sở") and holds no digits."""
    folded = fold(text)
    if len(folded.split()) > 12 or re.search(r"\d", folded):
        return False
    return _starts_head(folded) or any(folded.startswith(fold(u) + " ") for u in UNIT_WORDS)


# A body's name has at least two words of letters ("BỘ NỘI VỤ", "ĐẢNG ỦY XÃ").
_WORDS = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}")
_OF_BODY = re.compile(r"^(?:của|CỦA)\s+")
_LONE_HEAD = re.compile(r"ban|bo|so|cuc|uy|hoi|tong|van|vien|dang")  # folded
_NOT_IN_NAMES = re.compile(r"[:;_¬|#@†⁄=<>\[\]{}]")
# What may go on with a name on the next line: words of letters ("PHỦ", "QUỐC GIA").
_NAME_PART = re.compile(r"[^\W\d_]{2,}(?:[\s,&\-–]+[^\W\d_]+)*")


def _issuer_in_title(subject: Field, segs: list[Segment]) -> tuple[Field | None, Field]:
    """ "NGHỊ QUYẾT / CỦA BAN THƯỜNG VỤ TỈNH ỦY / về …": the issuer is in the title."""
    first = next(
        (s for s in segs if s.start <= subject.start < s.end or s.start == subject.start), None
    )
    if first is None or not _OF_BODY.match(first.text) or not is_upper(first.text):
        return None, subject
    body_text = _OF_BODY.sub("", first.text)
    body = Field(running_case(body_text), body_text, first.end - len(body_text), first.end)
    rest = (
        subject.value[len(first.text) :].strip()
        if subject.value.lower().startswith(first.text.lower())
        else subject.value
    )
    rest = _ABOUT.sub("", rest)
    return body, Field(rest, rest, first.end + 1, subject.end)


def _continues(text: str, above: str = "") -> bool:
    """A header line that goes on with the name above: a level and place ("TỈNH LÀO
    CAI"), words that start no body ("QUỐC GIA", "VIỆT NAM"), or the end of a name the
    line above begins ("ỦY BAN THƯỜNG VỤ / QUỐC HỘI")."""
    folded = fold(text)
    if above:
        words = fold(above).split()
        joined = [*words, *folded.split()]
        if any(len(h) > len(words) and tuple(joined[: len(h)]) == h for h in _HEAD_WORDS):
            return True
    if _starts_head(folded):
        return False
    if any(folded.startswith(fold(unit) + " ") or folded == fold(unit) for unit in UNIT_WORDS):
        return True
    first = folded.split(" ", 1)[0]
    return bool(first) and first not in _NOT_NAMES


def _starts_head(folded: str) -> bool:
    words = folded.replace(",", " ").split()
    return any(tuple(words[: len(h)]) == h for h in _HEAD_WORDS)


# The heads that begin a body's name (folded words), and first words of header lines that
# are no name at all.
_HEAD_WORDS = [
    tuple(fold(h).split())
    for h in (*HEADS, "học viện", "bệnh viện", "tòa án", "viện kiểm sát", "kiểm toán")
    if h not in ("tỉnh", "thành phố", "huyện", "quận", "xã", "phường")
]
_NOT_NAMES = frozenset({"so", "ngay", "v/v", "ve"})


def _body(seg: Segment) -> Field:
    return Field(running_case(seg.text), seg.text, seg.start, seg.end)


def _doc_type(
    title: Field | None,
    number: Field | None,
    subject: Field | None,
    segs: list[Segment],
    has_header: bool,
    addressed: bool = False,
) -> Field | None:
    if title:
        return title
    if number:
        code = _type_code(number.value)
        if code in TYPE_CODES:
            return Field(TYPE_CODES[code], number.text, number.start, number.end)
    lead = next((s for s in segs if _SUBJECT_LEAD.match(s.text)), None)
    if lead and lead.text[:3].lower() == "v/v":
        return Field("Công văn", lead.text[:3], lead.start, lead.start + 3)
    if not has_header:
        # a letter kept without its header still says whom it is sent to ("Kính gửi:")
        return Field("Công văn", "", 0, 0) if addressed else Field("Bài viết", "", 0, 0)
    return None


def _type_code(number: str) -> str | None:
    """ "226-CV/ĐU" -> "CV"; "07/CT-TTg" -> "CT"; "42/2021/NĐ-CP" -> "NĐ"."""
    party = re.match(r"^[\d.]*-([^/]+)/", number)
    if party:
        return party.group(1)
    state = re.search(r"/([^/\-]+)-[^/]*$", number)
    return state.group(1) if state else None


def _place(match: re.Match[str] | None) -> Field | None:
    if not match:
        return None
    raw = match.group("place")
    value = raw.strip(" *_")
    start = match.start("place") + raw.index(value)
    return Field(value, value, start, start + len(value))


_OCR_DIGITS = str.maketrans("OoUlI|", "000111")


def _date(match: re.Match[str] | None) -> Field | None:
    if not match:
        return None
    year, month, day = (match.group(k) for k in ("year", "month", "day"))
    value = year
    if month and 1 <= int(month) <= 12:
        value = f"{year}-{int(month):02d}"
        if day:
            with contextlib.suppress(ValueError):
                value = date(int(year), int(month), int(day.translate(_OCR_DIGITS))).isoformat()
    return Field(value, match.group(0), match.start("place"), match.end())


def _mark(segs: list[Segment], pattern: re.Pattern[str]) -> Field | None:
    for seg in segs[:40]:
        if pattern.fullmatch(seg.text.strip(" .*")):
            return Field(
                running_case(seg.text.strip(" .*")).capitalize(), seg.text, seg.start, seg.end
            )
    return None
