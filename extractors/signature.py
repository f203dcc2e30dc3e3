"""The recipients ("Kính gửi") and the signature block (authority, title, name)."""

from __future__ import annotations

import re

from extractors.lines import is_upper, segments
from extractors.names import running_case
from extractors.records import Field, Signer

TAIL_CHARS = 1500

_AUTHORITY = re.compile(r"^(T/M|TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.)\s*(.*)$", re.I)
# A person's name: 2-6 capitalised words, no digits or punctuation ("Trương Quang Đông").
_NAME = re.compile(
    r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*\s+){1,5}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*$"
)
_TITLE = re.compile(r"^[^\W\d][^:;()\d]*$")  # no bullet, colon or list punctuation
_RECIPIENTS = re.compile(r"Kính\s+gửi\s*:?", re.I)
_BULLET = re.compile(r"^\s*[-+•–]\s*")
_END_PUNCT = " ,;.:"


def extract_signer(text: str) -> Signer | None:
    """The signer at the end: "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Đinh Thị Hồng Minh"."""
    base = max(0, len(text) - TAIL_CHARS)
    segs = segments(text[base:], base)
    for i in range(len(segs) - 1, 0, -1):
        name = segs[i]
        if not _NAME.match(name.text) or is_upper(name.text):
            continue
        title = next(
            (
                s
                for s in reversed(segs[max(0, i - 4) : i])
                if is_upper(s.text) and _TITLE.match(s.text)
            ),
            None,
        )
        if title is None:
            continue
        if _AUTHORITY.match(title.text):
            # "KT. CHỦ TỊCH" with no separate title line: the line is the title.
            continue
        above = [s for s in segs[max(0, i - 6) : segs.index(title)] if _AUTHORITY.match(s.text)]
        authority = _authority(above[-1]) if above else None
        return Signer(
            Field(name.text, name.text, name.start, name.end),
            Field(running_case(title.text), title.text, title.start, title.end),
            authority,
        )
    return None


def _authority(seg) -> Field:
    match = _AUTHORITY.match(seg.text)
    assert match is not None
    prefix = match.group(1).upper()
    prefix = {"TM": "T/M", "TM.": "T/M"}.get(prefix, prefix)
    value = f"{prefix} {running_case(match.group(2))}".strip()
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
        elif adjacent and entries[-1][2] and text[entries[-1][1] - 1] not in ",;.":
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
