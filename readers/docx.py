"""DOCX: paragraphs and tables in reading order; header tables read column by column."""

from __future__ import annotations

import io
import re

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from readers.document import ReadDocument, Reading, assemble

# A table holding one of these is the header block (left: issuer and number; right:
# national title and place/date): read it column by column, as a person does.
_HEADER_LANDMARKS = re.compile(r"CỘNG\s+H[OÒ]\s*[AÀ]|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập", re.I)
_RECIPIENTS = re.compile(r"Kính\s+gửi", re.I)


def read_docx(data: bytes) -> ReadDocument:
    document = docx.Document(io.BytesIO(data))
    pages: list[list[str]] = [[]]
    for block in _blocks(document):
        if block is None:
            pages.append([])
        else:
            pages[-1].append(block)
    texts = ["\n".join(lines) for lines in pages]
    return assemble(texts, Reading("docx", "docx", None, len(texts)))


def _blocks(document: DocxDocument):
    """Yield text blocks in body order; ``None`` marks an explicit page break."""
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            if _has_page_break(element):
                yield None
            yield paragraph.text
        elif element.tag == qn("w:tbl"):
            yield from _table_lines(Table(element, document))


def _has_page_break(element) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br")))


def _table_lines(table: Table) -> list[str]:
    rows = [_unique_cells(row.cells) for row in table.rows]
    if not any(_HEADER_LANDMARKS.search(_cell_text(c)) for row in rows for c in row):
        return ["   ".join(_cell_text(c) for c in row if _cell_text(c)) for row in rows]
    # The header block: rows up to "Kính gửi" column by column, the rest row by row.
    cut = next(
        (i for i, row in enumerate(rows) if any(_RECIPIENTS.search(_cell_text(c)) for c in row)),
        len(rows),
    )
    lines: list[str] = []
    width = max((len(row) for row in rows[:cut]), default=0)
    for column in range(width):
        for row in rows[:cut]:
            if column < len(row) and _cell_text(row[column]):
                lines.append(_cell_text(row[column]))
    for row in rows[cut:]:
        lines.append("\n".join(_cell_text(c) for c in row if _cell_text(c)))
    return lines


def _unique_cells(cells: list[_Cell]) -> list[_Cell]:
    """Merged cells come back once per grid column; keep each once."""
    seen: set[int] = set()
    unique = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


def _cell_text(cell: _Cell) -> str:
    parts = [p.text for p in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(_table_lines(nested))
    return "\n".join(parts).strip()
