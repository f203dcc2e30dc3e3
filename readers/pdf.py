"""Text-layer PDF: pypdfium2 for speed, pdfplumber for the two-column first/last page."""

from __future__ import annotations

import io
import logging
import re

import pdfplumber
import pypdfium2 as pdfium

from readers.document import ReadDocument, Reading, assemble
from readers.layout import columns_text

log = logging.getLogger(__name__)

# Fewer printable characters than this per page on average: no usable text layer.
MIN_CHARS_PER_PAGE = 40


# A column landmark with other text before it on the same line: pdfium has merged the
# header's (or the signature block's) two columns into one line (cv-706-UBND-VP7-NinhBinh-2024.pdf).
_MERGED_COLUMNS = re.compile(
    r"^[^\n]*\S[^\n]*?\s(?:CỘNG\s+H[OÒ]A\s+XÃ|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập\s*-|"
    r"[A-ZĐ][\w ]{1,30},\s+ngày\b|T/?M\.?\s|KT\.\s|TL\.\s)",
    re.M,
)


def _interleaved(text: str) -> bool:
    return bool(_MERGED_COLUMNS.search(text[:600]) or _MERGED_COLUMNS.search(text[-600:]))


class PdfOpenError(ValueError):
    """pdfium could not open the file (corrupt, truncated or password-protected)."""


class PdfNoText(ValueError):
    """The PDF has no usable text layer (an image-only scan)."""


def count_pages(data: bytes) -> int:
    return len(_open(data))


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise PdfOpenError(str(e)) from e


class PdfTooLong(ValueError):
    """More pages than the configured limit."""


def read_pdf(data: bytes, *, layout: bool = True, max_pages: int | None = None) -> ReadDocument:
    pdf = _open(data)
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise PdfTooLong(f"{len(pdf)} pages, more than the limit of {max_pages}")
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    printable = sum(len(t.strip()) for t in texts)
    if printable < MIN_CHARS_PER_PAGE * max(1, len(texts)) / 4:
        raise PdfNoText(f"{len(texts)} page(s), {printable} characters of text")
    method = "text-layer"
    edges = [i for i in sorted({0, len(texts) - 1}) if _interleaved(texts[i])]
    if layout and edges:
        try:
            with pdfplumber.open(io.BytesIO(data)) as doc:
                for i in edges:
                    words = doc.pages[i].extract_words(keep_blank_chars=False)
                    if words:
                        texts[i] = columns_text(words)
            method = "text-layer+layout"
        except Exception as e:  # pdfminer raises many types; the pdfium text stands
            log.warning("pdfplumber layout failed, keeping pdfium text: %s", e)
    return assemble(texts, Reading("pdf", method, None, len(texts)))
