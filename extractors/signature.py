"""The recipients ("Kính gửi") and the signature block (authority, title, name)."""

from __future__ import annotations

import re

from extractors.authority import repair_authority
from extractors.lines import Segment, is_upper, segments
from extractors.names import running_case
from extractors.patterns import DISTRIBUTION
from extractors.records import Field, Signer
from extractors.titles import bare, repair_title

TAIL_CHARS = 1500

_AUTHORITY = re.compile(r"^(T/M|K/T|T/L|TM\s?\.?|KT\s?\.?|TL\s?\.?|TUQ\s?\.?|Q\.)\s*(.*)$", re.I)
# An authority line merged into the "Nơi nhận" column's line by OCR: "Nơi nhận: T/M BAN …".
_AUTHORITY_IN_LINE = re.compile(
    r"(?:^|\s)((?:T/M|K/T|T/L|TM\s?\.|KT\s?\.|TL\s?\.|TUQ\s?\.)\s*[A-ZĐ][^\n]*)$"
)
# A person's name: 2-6 capitalised words, no digits or punctuation ("Trương Quang Đông").
_NAME = re.compile(
    r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*\s+){1,5}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*$"
)
_TITLE = re.compile(r"^[^\W\d][^:;()\d]*$")  # no bullet, colon or list punctuation
_ANNEX = re.compile(r"^.{0,5}(?:Phụ\s+lục|PHỤ\s+LỤC)\b", re.M)
# "Kính gửi:", or a Công điện's "THỦ TƯỚNG CHÍNH PHỦ điện:" before its addressees
_RECIPIENTS = re.compile(r"Kính\s+gửi\s*:?|^[^\n]{3,60}\sđiện\s*:", re.I | re.M)
_BULLET = re.compile(r"^\s*[-+•–]\s*")
_END_PUNCT = " ,;.:"


_RESIDUE = "*\\|_#"  # markdown and table residue around signature lines
_LOOKBACK = 16


def _clean(seg: Segment) -> Segment | None:
    text = seg.text.strip(_RESIDUE + " ")
    if not text or set(text) <= set("-+=:|*_ "):
        return None
    lead = seg.text.index(text)
    return Segment(text, seg.start + lead, seg.start + lead + len(text), seg.line)


def _column(text: str, seg: Segment) -> int:
    return seg.start - (text.rfind("\n", 0, seg.start) + 1)


def extract_signer(text: str) -> Signer | None:
    """The signer at the end: "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Đinh Thị Hồng Minh".

    Works on layout text too, where the signature column sits beside the "Nơi nhận" list:
    lines above the name count only when they are in the name's column. Where no clean
    title line stands above the name (OCR under a seal, columns merged into one line), the
    title is read from the list of signers' titles (extractors.titles).
    """
    signer = _signer_by_columns(text)
    if signer is not None and signer.title is not None:
        return signer
    return _signer_by_titles(text, signer.name if signer else None) or signer


def _signature_area(text: str) -> tuple[int, int]:
    """Where the signature block is: around the last "Nơi nhận", up to an annex."""
    distribution = list(DISTRIBUTION.finditer(text))
    if not distribution:
        return max(0, len(text) - TAIL_CHARS), len(text)
    end = distribution[-1].end()
    stop = min(len(text), end + TAIL_CHARS)
    annex = _ANNEX.search(text, end, stop)  # a name in an annex's table is not the signer
    return max(0, distribution[-1].start() - 600), annex.start() if annex else stop


def _signer_by_titles(text: str, name: Field | None) -> Signer | None:
    """The last line above the name (or in the signature area) that ends in a signer's
    title, and an authority line ("KT. CHÁNH VĂN PHÒNG") up to three lines above it."""
    base, stop = _signature_area(text)
    if name is not None:
        stop = name.start
    lines: list[tuple[int, str]] = []  # (offset, line)
    offset = base
    for line in text[base:stop].split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    if name is not None:  # the title closest above the name
        order: range = range(len(lines) - 1, -1, -1)
    else:  # the first title from the "Nơi nhận" line on, not one in an annex
        at = next((i for i, (_, line) in enumerate(lines) if DISTRIBUTION.search(line)), 0)
        order = range(max(0, at - 2), len(lines))
    for i in order:
        start, line = lines[i]
        if _AUTHORITY_IN_LINE.search(line):
            continue
        title = repair_title(line)
        if title is None:
            continue
        raw = line.rstrip()
        title_field = Field(title, raw, start, start + len(raw))
        authority = None
        for above_start, above in reversed(lines[max(0, i - 3) : i]):
            match = _AUTHORITY_IN_LINE.search(above.rstrip())
            if match:
                at = above_start + match.start(1)
                authority = _authority(Segment(match.group(1), at, at + len(match.group(1)), 0))
                break
        return Signer(name, title_field, authority)
    return None


def _signer_by_columns(text: str) -> Signer | None:
    distribution = list(DISTRIBUTION.finditer(text))
    base, stop = _signature_area(text)
    segs = [c for c in (_clean(s) for s in segments(text[base:stop], base)) if c]
    order = range(len(segs) - 1, 0, -1)
    if distribution:  # the first name after the title, not a name in an annex table
        after = [i for i, s in enumerate(segs) if s.start >= distribution[-1].start()]
        order = range(after[0] if after else 1, len(segs))
    for i in order:
        name = segs[i]
        if not _NAME.match(name.text) or is_upper(name.text):
            continue
        right = _column(text, name) >= 20
        above = [
            s
            for s in reversed(segs[max(0, i - _LOOKBACK) : i])
            if is_upper(s.text)
            and _TITLE.match(s.text.replace("/", ""))
            and not _BULLET.match(s.text)
            and sum(c.isalpha() for c in s.text) >= 4
            and (not right or _column(text, s) >= 10)
        ]
        if not above or above[0].line < name.line - 12:
            continue
        first = above[0]
        if _AUTHORITY.match(first.text):
            # "T/M BỘ CHÍNH / TRỊ": an authority line wrapped before the name
            first = _unwrapped(first, segs[:i])
            return Signer(
                Field(name.text, name.text, name.start, name.end), None, _authority(first)
            )
        authority = next(
            (s for s in above[1:4] if _AUTHORITY.match(s.text) and s.line >= first.line - 8),
            _authority_right_above(segs, first),
        )
        if authority is not None:  # "K/T CHÁNH / VĂN PHÒNG" above the title
            authority = _unwrapped(authority, [s for s in segs[:i] if s.start < first.start])
        return Signer(
            Field(name.text, name.text, name.start, name.end),
            Field(_title_value(first.text), first.text, first.start, first.end),
            _authority(authority) if authority else None,
        )
    if distribution:
        # A scan whose title lines sit under the seal: the name alone, on its own line
        # after the distribution list, is still the signer.
        for seg in segs:
            beyond = seg.start > distribution[-1].end()
            if beyond and _NAME.match(seg.text) and not is_upper(seg.text):
                return Signer(Field(seg.text, seg.text, seg.start, seg.end), None, None)
    return None


def _unwrapped(authority: Segment, before: list[Segment]) -> Segment:
    """An authority line with the capital lines it wraps onto, up to two lines below it
    and before what comes next (the title or the name)."""
    wrapped = [
        s
        for s in before
        if s.start > authority.start
        and 0 < s.line - authority.line <= 2
        and is_upper(s.text)
        and not _AUTHORITY.match(s.text)
    ]
    if not wrapped:
        return authority
    joined = " ".join([authority.text, *(s.text for s in wrapped)])
    return Segment(joined, authority.start, wrapped[-1].end, authority.line)


def _title_value(line: str) -> str:
    """The title in running-text case; from the list of titles when the line spells one
    without its marks (OCR: "PHO CHANH VAN PHONG")."""
    known = repair_title(line)
    if known and bare(known) == bare(line):
        return known
    # "PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC" -> "Phó Chánh Văn phòng Thường trực"
    return re.sub(r"^(Phó )(\w)", lambda m: m.group(1) + m.group(2).upper(), running_case(line))


def _authority_right_above(segs: list[Segment], title: Segment) -> Segment | None:
    """An authority line on the line just above the title, whatever its column (a .doc's
    table cell indented differently from the title's: qd-256-QD-UB-CanTho-2004-tcvn3.doc)."""
    return next(
        (s for s in segs if s.line == title.line - 1 and _AUTHORITY.match(s.text)),
        None,
    )


def _authority(seg: Segment) -> Field:
    match = _AUTHORITY.match(seg.text)
    assert match is not None
    prefix = re.sub(r"\s+", "", match.group(1).upper())
    # As printed, abbreviations kept (GOLD_FORMAT: "the line above the title";
    # qd-256-QD-UB-CanTho-2004-tcvn3.doc: "TM. UBND thành phố Cần Thơ"); known words
    # that OCR garbled spelled right (kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt: "CHẮÁP HÀNH")
    value = f"{prefix} {repair_authority(running_case(match.group(2), expand=False))}".strip()
    return Field(value, seg.text, seg.start, seg.end)


def extract_recipients(text: str) -> tuple[Field, ...]:
    """The "Kính gửi" list, one entry per printed line or bullet, without bullets."""
    match = _RECIPIENTS.search(text[:5000])
    if not match:
        return ()
    entries: list[list[int]] = []  # [start, end, bulleted]
    offset = match.end()
    adjacent = True
    for line in text[offset:].split("\n")[:40]:
        line_start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            adjacent = False
            continue
        bullet = _BULLET.match(line)
        start = line_start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        end = line_start + len(line.rstrip())
        if bullet or not entries:
            entries.append([start, end, int(bool(bullet))])
        elif adjacent and entries[-1][2] and text[entries[-1][1] - 1] not in ";.":
            entries[-1][1] = end  # a bulleted entry wrapped onto the next line
        else:
            break
        adjacent = True
    out = []
    for start, end, _ in entries:
        raw = text[start:end]
        value = re.sub(r"\s+", " ", raw).strip(_END_PUNCT)
        if value:
            out.append(Field(value, raw, start, end))
    return tuple(out)
