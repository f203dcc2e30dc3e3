"""Tables saved one cell a line, back to rows.

Web pages saved as text (and some HTML-to-text exports) write a table one cell at a
time: each cell's lines stand between lines that hold a lone "|", a row is "|" cell "|"
… "|", and the next row opens with its own "|". Read as prose, the columns of a plan
table run together. A block whose first row names work and who does it
(readers/tables.is_plan_header) is written back in pipe form, one row a line, like the
DOCX and PDF readers' tables; any other block is left for strip_markup.

Two bars in a row are either a row's end or an empty cell. The title row gives the
number of columns; a row ends early (a group title over merged cells, "| I | KIỆN TOÀN
… |") only where both it and the next cell open with a row number.
"""

from __future__ import annotations

import itertools
import re

from readers.tables import is_plan_header, join_lines, pipe_row

_BAR = re.compile(r"^[ \t]*\|[ \t]*$", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_INDEX_TITLE = re.compile(r"^(?:S?TT|Số\s+TT|Số\s+thứ\s+tự)\.?$", re.I)
_TITLE_CHARS = 80
_CELL_LINES = 40  # more lines between two bars is the page around the table, not a cell
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]+|[A-Z]|[a-zđ])[.)]?$")


def _cell(raw: str) -> str:
    return join_lines(raw.replace("**", "").split("\n"), paragraphs=False)


def _title_row(cells: list[str]) -> tuple[int, int] | None:
    """Where the first plan table's title row starts in a block, and its width. A title
    row may follow the last cell of another table with no bar between them (a signature
    table, then the annex's title): it starts at its "TT" cell, else after the last
    cell too long to be a title."""
    start = 0
    while start < len(cells):
        stop = next((i for i in range(start, len(cells)) if not cells[i]), len(cells))
        segment = cells[start:stop]
        first = next((i for i, c in enumerate(segment) if _INDEX_TITLE.match(c)), None)
        if first is None:
            long = [i for i, c in enumerate(segment) if len(c) > _TITLE_CHARS]
            first = long[-1] + 1 if long else 0
        if stop - start - first >= 3 and is_plan_header(segment[first:]):
            return start + first, stop - start - first
        start = stop + 1
    return None


def _rows(cells: list[str], width: int) -> list[list[str]]:
    """The rows of a block that opens with its title row of ``width`` cells."""
    rows: list[list[str]] = [cells[:width]]
    row: list[str] = []
    numbered = _INDEX_TITLE.match(cells[0]) is not None
    for i in range(width + 1, len(cells)):
        cell = cells[i]
        early = (
            not cell
            and bool(row)
            and _ROW_NUMBER.match(row[0]) is not None
            and _next_numbered(cells, i)
        )
        if len(row) == width or early:
            rows.append(row + [""] * (width - len(row)))
            row = []
            if not cell:
                continue  # the bar that closes a row and the bar that opens the next
        if not row and numbered and not _ROW_NUMBER.match(cell) and _next_numbered(cells, i):
            continue  # a page break's residue ("…………") between two rows
        row.append(cell)
    if any(row):
        rows.append(row + [""] * (width - len(row)))
    return [r for r in rows if any(r)]


def _next_numbered(cells: list[str], i: int) -> bool:
    return i + 1 < len(cells) and _ROW_NUMBER.match(cells[i + 1]) is not None


def rejoin_cell_tables(text: str) -> str:
    """``text`` with every plan table written one cell a line put back as pipe rows."""
    runs: list[list[re.Match[str]]] = []
    for bar in _BAR.finditer(text):
        gap = text[runs[-1][-1].end() : bar.start() + 1] if runs else ""
        if runs and not _BLANK_LINE.search(gap) and gap.count("\n") <= _CELL_LINES:
            runs[-1].append(bar)
        else:
            runs.append([bar])
    out: list[str] = []
    at = 0
    for bars in runs:
        if len(bars) < 4:
            continue
        cells = [_cell(text[a.end() : b.start()]) for a, b in itertools.pairwise(bars)]
        title = _title_row(cells)
        if title is None:
            continue
        first, width = title
        out.append(text[at : bars[first].start()])
        out.append("\n".join(pipe_row(r) for r in _rows(cells[first:], width)))
        at = bars[-1].end()
    out.append(text[at:])
    return "".join(out)
