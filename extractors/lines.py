"""Lines and column segments of a text, with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_GAP = re.compile(r" {3,}")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str  # stripped
    start: int  # offset of text[0] in the document
    end: int
    line: int  # index of the line it sits on


def segments(text: str, base: int = 0) -> list[Segment]:
    """Split ``text`` into lines, and lines into columns at runs of 3+ spaces."""
    out: list[Segment] = []
    offset = base
    for number, line in enumerate(text.split("\n")):
        position = 0
        for part in _GAP.split(line):
            at = line.index(part, position) if part else position
            stripped = part.strip()
            if stripped:
                lead = len(part) - len(part.lstrip())
                out.append(
                    Segment(
                        stripped, offset + at + lead, offset + at + lead + len(stripped), number
                    )
                )
            position = at + len(part)
        offset += len(line) + 1
    return out


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out ``spans`` with spaces (newlines kept) so offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def is_upper(text: str) -> bool:
    """Mostly capital letters: a header line ("ỦY BAN NHÂN DÂN"), not running text."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
