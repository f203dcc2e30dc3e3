"""Tables as text: one row a line, cells between pipes ("| 1 | Rà soát … | Sở Xây dựng |").

A plan table (nội dung / đơn vị chủ trì / phối hợp / thời gian) carries its tasks in its
columns: read as running text, the row's cells run together and the lead of one row
reads as the start of the next. The readers keep a table's rows and columns in the
pipe form that markdown captures of such documents already use, so the extractors read
every format's tables one way (extractors/tables.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Column titles of the tables whose rows are tasks, or lists of work and who does it.
_TABLE_WORDS = re.compile(
    r"chủ\s+trì|phối\s+hợp|thực\s+hiện|thời\s+(?:gian|hạn)|tiến\s+độ|nội\s+dung|"
    r"nhiệm\s+vụ|công\s+việc|trách\s+nhiệm|phụ\s+trách|sản\s+phẩm|hoàn\s+thành",
    re.I,
)
_MARKER = re.compile(r"^\s*(?:[-–—+•]\s+)")


def is_plan_header(cells: Sequence[str]) -> bool:
    """True for a header row naming work and who does it: two or more table words in two
    or more cells ("Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian")."""
    hits = sum(1 for c in cells if c and len(c) < 80 and _TABLE_WORDS.search(c))
    return hits >= 2


def header_line_words(line: str) -> int:
    """How many table words a text line holds (a PDF's header row read as one line)."""
    return len(_TABLE_WORDS.findall(line))


def join_lines(lines: Iterable[str], *, paragraphs: bool) -> str:
    """One cell's lines as one line. Paragraphs (DOCX) are separate entries: joined with
    "; " unless the first ends a clause; wrapped lines (PDF) run on with a space, except
    before a bullet, which starts an entry of its own."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split()).replace("|", "/")
        if not line:
            continue
        if not out:
            out = line
        elif paragraphs or _MARKER.match(line):
            out += (" " if out.endswith((".", ";", ":", ",")) else "; ") + line
        else:
            out += " " + line
    return out


def pipe_row(cells: Sequence[str]) -> str:
    """A row in pipe form; empty cells are kept so that columns stay aligned."""
    return "| " + " | ".join(c or "" for c in cells) + " |"
