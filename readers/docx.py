"""DOCX: paragraphs and tables in reading order; header tables read column by column.

Runs in a legacy Vietnamese font (.VnTime, .VnTimeH, VNI-Times) are decoded by their font
name, the font found as Word finds it: the run, its character style, the paragraph style
and its bases, the document defaults.
"""

from __future__ import annotations

import io
import re

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from readers.document import ReadDocument, Reading, assemble
from readers.legacy import decode_legacy, decode_runs, joined_names
from readers.tables import is_plan_header, join_lines, pipe_row

# A table holding one of these is the header block (left: issuer and number; right:
# national title and place/date): read it column by column, as a person does.
_HEADER_LANDMARKS = re.compile(r"CỘNG\s+H[OÒ]\s*[AÀ]|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập", re.I)
_RECIPIENTS = re.compile(r"Kính\s+gửi", re.I)


def read_docx(data: bytes) -> ReadDocument:
    document = docx.Document(io.BytesIO(data))
    fonts = _Fonts(document)
    pages: list[list[str]] = [[]]
    for block in _blocks(document, fonts):
        if block is None:
            pages.append([])
        else:
            pages[-1].append(block)
    notes = _notes(document, fonts)
    if notes:  # footnotes cite documents too ("¹ Nghị quyết số 88/NQ-CP ngày …")
        pages[-1].extend([NOTES_HEADING, *notes])
    texts = []
    for lines in pages:
        # Legacy text in a font not named as legacy (a .VnTime document re-set in Arial).
        text, decoder = decode_legacy("\n".join(lines))
        texts.append(text)
        fonts.decoders.append(decoder)
    reading = Reading("docx", "docx", None, len(texts), decoder=joined_names(fonts.decoders))
    return assemble(texts, reading)


NOTES_HEADING = "Chú thích:"
_NOTE_KINDS = ("/footnotes", "/endnotes")


def _notes(document: DocxDocument, fonts: _Fonts) -> list[str]:
    """Footnote and endnote paragraphs, numbered as printed ("[1] …")."""
    lines = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(_NOTE_KINDS):
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iterchildren(f"{_W}footnote", f"{_W}endnote"):
            if int(note.get(qn("w:id"), "0")) <= 0:
                continue  # the separator and continuation notes
            text = " ".join(
                t for t in (fonts.paragraph_text(p) for p in note.iterfind(f"{_W}p")) if t.strip()
            )
            if text.strip():
                lines.append(f"[{note.get(qn('w:id'))}] {text.strip()}")
    return lines


def _blocks(document: DocxDocument, fonts: _Fonts):
    """Yield text blocks in body order; ``None`` marks an explicit page break."""
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            if _has_page_break(element):
                yield None
            yield fonts.paragraph_text(element)
        elif element.tag == qn("w:tbl"):
            yield from _table_lines(Table(element, document), fonts)


def _has_page_break(element) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br")))


def _table_lines(table: Table, fonts: _Fonts) -> list[str]:
    rows = [_unique_cells(row.cells) for row in table.rows]
    texts = {id(c._tc): _cell_text(c, fonts) for row in rows for c in row}

    def _cell_text_of(cell: _Cell) -> str:
        return texts[id(cell._tc)]

    if not any(_HEADER_LANDMARKS.search(_cell_text_of(c)) for row in rows for c in row):
        grid = [_grid_cells(row.cells, texts) for row in table.rows]
        if any(is_plan_header(cells) for cells in grid[:3]):
            return [pipe_row(cells) for cells in grid if any(cells)]
        return ["   ".join(_cell_text_of(c) for c in row if _cell_text_of(c)) for row in rows]
    # The header block: rows up to "Kính gửi" column by column, the rest row by row.
    cut = next(
        (i for i, row in enumerate(rows) if any(_RECIPIENTS.search(_cell_text_of(c)) for c in row)),
        len(rows),
    )
    lines: list[str] = []
    width = max((len(row) for row in rows[:cut]), default=0)
    for column in range(width):
        for row in rows[:cut]:
            if column < len(row) and _cell_text_of(row[column]):
                lines.append(_cell_text_of(row[column]))
    for row in rows[cut:]:
        lines.append("\n".join(_cell_text_of(c) for c in row if _cell_text_of(c)))
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


def _grid_cells(cells: list[_Cell], texts: dict[int, str]) -> list[str]:
    """One text per grid column, a merged cell's text in its first column only; its
    paragraphs joined on one line."""
    out: list[str] = []
    previous = None
    for cell in cells:
        same = cell._tc is previous
        previous = cell._tc
        out.append("" if same else join_lines(texts[id(cell._tc)].split("\n"), paragraphs=True))
    return out


def _cell_text(cell: _Cell, fonts: _Fonts) -> str:
    parts = [fonts.paragraph_text(p._p) for p in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(_table_lines(nested, fonts))
    return "\n".join(parts).strip()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run_text(run) -> str:
    """A run's text as python-docx reads it, plus soft hyphens: LibreOffice writes TCVN3's
    0xAD, the letter ư, as ``<w:softHyphen/>`` (qd-256-QD-UB-CanTho-2004-tcvn3.doc)."""
    parts = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append("\t")
        elif tag == qn("w:br"):
            parts.append("\n" if child.get(qn("w:type"), "textWrapping") == "textWrapping" else "")
        elif tag == qn("w:cr"):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag == qn("w:softHyphen"):
            parts.append("\xad")
    return "".join(parts)


# Elements that wrap a paragraph's runs. A smart tag held the "NAM" of the national title
# (cv-UBND-KT-LaoCai-2026-bao-ve-khoang-san.docx); w:ins is tracked inserted text.
_INLINE = frozenset(
    f"{_W}{tag}"
    for tag in (
        "hyperlink",
        "smartTag",
        "ins",
        "moveTo",
        "sdt",
        "sdtContent",
        "customXml",
        "fldSimple",
        "bdo",
        "dir",
    )
)


def _runs(element):
    """The runs of a paragraph in order, including those inside inline wrappers."""
    for child in element.iterchildren():
        if child.tag == f"{_W}r":
            yield child
        elif child.tag in _INLINE:
            yield from _runs(child)


def _declared_font(element) -> str | None:
    """The Latin font an element's ``w:rPr`` (or a style's) names, if it names one."""
    fonts = element.find(f"{_W}rPr/{_W}rFonts") if element is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii"))


class _Fonts:
    """Resolves each run's font and decodes legacy-font runs; records the decoders used."""

    def __init__(self, document: DocxDocument) -> None:
        styles = document.styles.element
        self._styles = {s.get(qn("w:styleId")): s for s in styles.iterfind(f"{_W}style")}
        self._default_paragraph = next(
            (
                sid
                for sid, s in self._styles.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        self._default = _declared_font(styles.find(f"{_W}docDefaults/{_W}rPrDefault"))
        self._style_fonts: dict[str | None, str | None] = {}
        self.decoders: list[str | None] = []

    def _style_font(self, style_id: str | None) -> str | None:
        """The font a style declares or inherits through its ``w:basedOn`` chain."""
        if style_id not in self._style_fonts:
            font, current, seen = None, style_id, set()
            while current and current not in seen and font is None:
                seen.add(current)
                style = self._styles.get(current)
                if style is None:
                    break
                font = _declared_font(style)
                based = style.find(f"{_W}basedOn")
                current = based.get(qn("w:val")) if based is not None else None
            self._style_fonts[style_id] = font
        return self._style_fonts[style_id]

    def paragraph_text(self, paragraph) -> str:
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        paragraph_font = self._style_font(
            style.get(qn("w:val")) if style is not None else self._default_paragraph
        )
        runs = [(_run_text(run), self._run_font(run, paragraph_font)) for run in _runs(paragraph)]
        text, decoder = decode_runs(runs)
        self.decoders.append(decoder)
        return text

    def _run_font(self, run, paragraph_font: str | None) -> str | None:
        font = _declared_font(run)
        if font is None:
            style = run.find(f"{_W}rPr/{_W}rStyle")
            if style is not None:
                font = self._style_font(style.get(qn("w:val")))
        return font or paragraph_font or self._default
