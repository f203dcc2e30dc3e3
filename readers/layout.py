"""Two-column blocks of a PDF page (header, signature) read column by column.

pypdfium2 reads a page line by line across the page, so the header's left column
("ỦY BAN NHÂN DÂN / TỈNH NINH BÌNH / Số: …") and right column ("CỘNG HÒA … / Độc lập …
/ Ninh Bình, ngày …") come out interleaved. pdfplumber's word boxes let us find the
gap between the columns; it is ~75x slower, so it is used on the first and last page only.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

# A horizontal gap this wide (in points) inside a line separates two columns; ordinary
# word spacing is 2-5 pt, justified body text rarely exceeds 12 pt.
COLUMN_GAP = 24.0
LINE_TOLERANCE = 3.0


@dataclass(frozen=True, slots=True)
class Segment:
    x0: float
    x1: float
    text: str


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _segments(line: list[dict]) -> list[Segment]:
    segments: list[list[dict]] = [[line[0]]]
    for previous, word in zip(line, line[1:], strict=False):
        if word["x0"] - previous["x1"] > COLUMN_GAP:
            segments.append([word])
        else:
            segments[-1].append(word)
    return [Segment(s[0]["x0"], s[-1]["x1"], " ".join(w["text"] for w in s)) for s in segments]


def columns_text(words: list[dict]) -> str:
    """Page text with each run of two-column lines read left column first."""
    lines = [_segments(line) for line in _lines(words)]
    splits = [(line[0].x1 + line[1].x0) / 2 for line in lines if len(line) == 2]
    if not splits:
        return "\n".join(" ".join(s.text for s in line) for line in lines)
    split = median(splits)
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        sides = _sides(line, split)
        if sides is None:  # a full-width line ends the two-column run
            out.extend(left + right)
            left, right = [], []
            out.append(" ".join(s.text for s in line))
        else:
            if sides[0]:
                left.append(sides[0])
            if sides[1]:
                right.append(sides[1])
    out.extend(left + right)
    return "\n".join(out)


def _sides(line: list[Segment], split: float) -> tuple[str, str] | None:
    left = [s.text for s in line if s.x1 <= split]
    right = [s.text for s in line if s.x0 >= split]
    if len(left) + len(right) != len(line):
        return None
    return " ".join(left), " ".join(right)
