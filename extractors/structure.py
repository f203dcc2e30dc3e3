"""structure.v1: a directive's text as numbered items and paragraphs, with levels.

PDF text arrives one printed line at a time; a new paragraph begins at an enumeration
marker ("I.", "1.", "1.1.", "a)", "-", "+", "•"), after a blank line, or after a line that
ends a sentence. Each paragraph keeps its offsets and the level of its marker, so that
tasks can inherit the body named by the heading or lead-in they sit under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = "structure.v3"

# Marker kinds and their depth in the usual outline of a directive.
_MARKERS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (1.0, re.compile(r"(?:Phần|PHẦN)\s+(?:[IVX]+|thứ\s+\w+)\b[.:]?\s*")),
    (1.0, re.compile(r"(?:Chương|CHƯƠNG)\s+[IVX\d]+\b[.:]?\s*")),
    (1.5, re.compile(r"Điều\s+\d+\s*(?:[.:]|[-–](?=\s*[A-ZĐ]))\s*")),
    (1.0, re.compile(r"[IVX]{1,5}\s*[.)/\-–]\s*(?=[A-ZĐ])")),
    (1.2, re.compile(r"[A-E]\s*[.)]\s+(?=[A-ZĐ])")),
    (4.0, re.compile(r"\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+")),
    (3.0, re.compile(r"\d{1,2}\.\d{1,2}\.?\s+")),
    (2.0, re.compile(r"\d{1,2}\s*[.)]\s+")),
    (5.0, re.compile(r"[a-zđ]\s*\)\s+")),
    (5.5, re.compile(r"\(\d{1,2}\)\s+")),
    (6.0, re.compile(r"[-–—]\s+")),
    (7.0, re.compile(r"[+•●▪*]\s+")),
)
_SENTENCE_END = re.compile(r"[.:;!?…]\s*[\"”»)]?\s*$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # the paragraph after its marker; each line break replaced by one space
    start: int  # offset of the text (after the marker) in the document
    end: int
    marker: str  # "1.", "a)", "-", "" for none
    level: float | None  # None: an unmarked paragraph


# A part or chapter marker may stand on its own line, its title on the next
# ("Chương III" / "ĐẶT TÊN DOANH NGHIỆP").
_BARE = re.compile(r"(?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:[IVX]+|\d+|thứ\s+\w+)\s*$")
# A page number printed on a line of its own.
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def _marker(line: str) -> tuple[str, float | None]:
    if _BARE.match(line):
        return line, 1.0
    for level, pattern in _MARKERS:
        m = pattern.match(line)
        if m and len(line) > m.end():
            return m.group(0), level
    return "", None


# Words a heading's line cannot end on: a body's head without its name, a linking word, a
# holder's title without its body, "số" before its number ("a) Quyết định số / 06/2021/QĐ-UBND …").
_NEEDS_MORE = frozenset(
    ["của", "và", "với", "các", "sở", "bộ", "ban", "ủy", "uỷ", "phòng", "cục", "văn", "trung"]
    + ["số", "từ", "đến", "thuộc", "tại", "cho", "về"]
    # a holder's title without the body it heads ("2. Bộ trưởng / Bộ Y tế chỉ đạo …")
    + ["trưởng", "tịch", "đốc", "chánh"]
)


_RUNS_ON = re.compile(r"^[^\s,;]+[,;]")


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Paragraphs of ``text[start:end]`` in order."""
    end = len(text) if end is None else end
    out: list[Paragraph] = []
    current: list[tuple[int, str]] = []  # (offset, stripped line)
    marker, level = "", None

    def flush() -> None:
        nonlocal current
        if current:
            first_at, _ = current[0]
            body_at = first_at + len(marker)
            last_at, last = current[-1]
            end_at = last_at + len(last)
            # Line breaks become spaces, one for one, so offsets inside the paragraph's
            # text map straight back onto the document.
            joined = text[body_at:end_at].replace("\n", " ")
            lead = len(joined) - len(joined.lstrip())  # after a marker on a line of its own
            joined, body_at = joined[lead:], body_at + lead
            if joined.strip():
                out.append(Paragraph(joined, body_at, end_at, marker.strip(), level))
        current = []

    offset = start
    previous_ended = True
    blank = False
    for raw in text[start:end].split("\n"):
        line_at = offset
        offset += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        if _PAGE_NUMBER.match(stripped):
            continue  # the page's number: the text runs on across the break
        at = line_at + (len(raw) - len(raw.lstrip()))
        new_marker, new_level = _marker(stripped)
        starts_upper = stripped[:1].isupper() or stripped[:1].isdigit() or stripped[:1] in '"“('
        # A blank line ends a paragraph unless the text runs on in lower case after an
        # unfinished sentence (a page break or a broken export inside a sentence).
        broken = blank and not (not previous_ended and stripped[:1].islower())
        blank = False
        # A numbered heading on a line of its own ("1. Sở Nội vụ", "Điều 6. Trách nhiệm của
        # Sở Tài chính") ends there when the next line starts with a capital.
        heading_line = (
            len(current) == 1
            and bool(marker)
            and len(current[0][1].split()) <= 12
            and starts_upper
            and current[0][1] != marker.strip()
            # no heading is one syllable: "Điều 3. Chánh / Văn phòng …" is a sentence
            # cut by a narrow web column
            and len(current[0][1][len(marker) :].split()) > 1
            # "Điều 17. Trách nhiệm của Sở / Nông nghiệp và Môi trường": a heading cut
            # after a head word or a linking word goes on
            and current[0][1].split()[-1].lower() not in _NEEDS_MORE
            # "… Đài Tiếng nói Việt / Nam, Thông tấn xã …": a word and a comma go on
            and not _RUNS_ON.match(stripped)
        )
        if new_marker or not current or broken or heading_line or (previous_ended and starts_upper):
            flush()
            marker, level = new_marker, new_level
        current.append((at, stripped))
        previous_ended = bool(_SENTENCE_END.search(stripped))
    flush()
    return out
