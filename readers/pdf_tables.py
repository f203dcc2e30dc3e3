"""Ruled plan tables in text PDFs, read by pdfplumber's table finder into pipe rows.

pdfplumber costs about 75 times pdfium's time a page, so it reads only the pages whose
text has a plan table's header line ("TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời
gian thực hiện") and the pages a table runs on to. The page's text above, between and
below its tables is kept as pdfplumber reads it; each table becomes one pipe row a
logical row (readers/tables.py).
"""

from __future__ import annotations

import io
import logging

import pdfplumber

from readers.tables import header_line_words, is_plan_header, join_lines, pipe_row

log = logging.getLogger(__name__)

Grid = list[list[str | None]]


def table_pages(texts: list[str], sources: list[str]) -> list[int]:
    """Text-layer pages that may hold a plan table: a header line with three or more table
    words, and the pages after it (a table runs on without repeating its header)."""
    first = next(
        (
            i
            for i, text in enumerate(texts)
            if sources[i] == "text-layer"
            and any(header_line_words(line) >= 3 for line in text.split("\n"))
        ),
        None,
    )
    if first is None:
        return []
    return [i for i in range(first, len(texts)) if sources[i] == "text-layer"]


def read_tables(data: bytes, pages: list[int], texts: list[str]) -> bool:
    """Replace the text of ``pages`` that hold plan tables (in place); False when
    pdfplumber failed and the pdfium text stands."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            header: list[int] | None = None  # the running table's column map
            for i in pages:
                page = pdf.pages[i]
                found = page.find_tables()
                if not found:
                    header = None
                    continue
                parts, top, changed = [], page.bbox[1], False
                for table in sorted(found, key=lambda t: t.bbox[1]):
                    grid = table.extract()
                    rows, header = _rows(grid, header)
                    if not rows:
                        continue
                    changed = True
                    parts.append(_crop_text(page, top, table.bbox[1]))
                    parts.extend(pipe_row(r) for r in rows)
                    top = table.bbox[3]
                if changed:
                    parts.append(_crop_text(page, top, page.bbox[3]))
                    texts[i] = "\n".join(p for p in parts if p)
        return True
    except Exception as e:  # pdfminer raises many types; the pdfium text stands
        log.warning("pdfplumber table reading failed, keeping pdfium text: %s", e)
        return False


def _crop_text(page, top: float, bottom: float) -> str:
    if bottom - top < 1:
        return ""
    x0, _, x1, _ = page.bbox
    return page.crop((x0, top, x1, bottom)).extract_text() or ""


def _rows(grid: Grid, header: list[int] | None) -> tuple[list[list[str]], list[int] | None]:
    """Logical rows of one table: the header row's merged titles spread over the columns
    they span, each data cell joined into its title's column, and rows without a first
    cell (a taller cell's continuation) joined to the row above. ``header`` maps the
    physical columns of a table running on from the previous page."""
    if not grid:
        return [], header
    width = max(len(r) for r in grid)
    grid = [list(r) + [None] * (width - len(r)) for r in grid]
    start = 0
    titles = [c or "" for c in grid[0]]
    if is_plan_header(titles):
        owner, current = [], 0
        for column, title in enumerate(grid[0]):
            if title is not None:
                current = column
            owner.append(current)
        header, start = owner, 1
    elif header is None or len(header) != width:
        return [], None  # not a plan table
    columns = sorted(set(header))
    rows: list[list[list[str]]] = []
    if start:
        rows.append([[grid[0][c] or ""] for c in columns])
    for raw in grid[start:]:
        cells: list[list[str]] = [[] for _ in columns]
        for column, value in enumerate(raw):
            if value:
                cells[columns.index(header[column])].append(value)
        if not any(cells):
            continue
        if raw[0] is None and rows and len(rows) > (1 if start else 0):
            for into, more in zip(rows[-1], cells, strict=True):
                into.extend(more)
        else:
            rows.append(cells)
    out = [
        [join_lines("\n".join(parts).split("\n"), paragraphs=False) for parts in row]
        for row in rows
    ]
    return out, header
