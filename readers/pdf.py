"""PDF: pypdfium2's text layer where it is usable Vietnamese, OCR for the pages where not.

Per page: the text layer if readers.quality accepts it; else the layer decoded from a
legacy encoding (TCVN3, VNI) if that makes it Vietnamese; else the page rendered at 300
dpi and read by tesseract. pdfplumber (about 75x slower) re-reads only the first and last
text-layer pages, and only when their header or signature columns came out merged.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, replace

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from readers.document import ReadDocument, Reading, assemble
from readers.layout import columns_text
from readers.legacy import decode_legacy
from readers.ocr import DEFAULT_TIMEOUT, DPI, OcrPage, ocr_image
from readers.pdf_tables import read_tables, table_pages
from readers.poppler import has_widgets, pdftotext_page
from readers.quality import (
    IMAGE_PAGE,
    MIN_CHARS_ON_IMAGE,
    MIN_WORDS,
    foreign,
    page_usable,
    text_stats,
)

log = logging.getLogger(__name__)

# A column landmark with other text before it on the same line: pdfium has merged the
# header's (or the signature block's) two columns into one line (cv-706-UBND-VP7-NinhBinh-2024.pdf).
_MERGED_COLUMNS = re.compile(
    r"^[^\n]*\S[^\n]*?\s(?:CỘNG\s+H[OÒ]A\s+XÃ|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập\s*-|"
    r"[A-ZĐ][\w ]{1,30},\s+ngày\b|T/?M\.?\s|KT\.\s|TL\.\s)",
    re.M,
)


def interleaved(text: str) -> bool:
    """True when a header or signature block's two columns share lines."""
    return bool(_MERGED_COLUMNS.search(text[:600]) or _MERGED_COLUMNS.search(text[-600:]))


class PdfOpenError(ValueError):
    """pdfium could not open the file (corrupt, truncated or password-protected)."""


class PdfEncrypted(PdfOpenError):
    """The PDF needs a password to open (a user password is set)."""


class PdfTruncated(PdfOpenError):
    """The file stops before the PDF's end-of-file marker."""


class PdfNoText(ValueError):
    """The PDF has no usable text, from its text layer or (when enabled) from OCR."""


class PdfTooLong(ValueError):
    """More pages than the configured limit."""


@dataclass(frozen=True, slots=True)
class PageText:
    text: str
    source: str  # "text-layer", "legacy" or "ocr"
    decoder: str | None = None
    ocr: OcrPage | None = None


def count_pages(data: bytes) -> int:
    return len(_open(data))


def _open(data: bytes) -> pdfium.PdfDocument:
    # pdfium rebuilds a PDF cut short from what is left and opens it, with pages or text
    # missing: a file whose last bytes hold no %%EOF is refused instead (every corpus PDF
    # ends with one; a few bytes of padding may follow it).
    if b"%%EOF" not in data.rstrip(b"\0 \t\r\n")[-4096:]:
        raise PdfTruncated("it is truncated (it ends without the %%EOF marker)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise PdfEncrypted(
                "a user password is needed to open it"
                if e.err_code == pdfium_c.FPDF_ERR_PASSWORD
                else "it is encrypted for certain readers only (certificate or DRM)"
            ) from e
        raise PdfOpenError(str(e)) from e


def encrypted(pdf: pdfium.PdfDocument) -> bool:
    """True for an encrypted PDF (opened here only when its user password is empty)."""
    return pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) >= 0


def ocr_text(page: OcrPage) -> str:
    """OCR text, its header/signature columns read one after the other when merged."""
    if page.boxes and interleaved(page.text):
        return columns_text(page.word_dicts())
    return page.text


def read_pdf(
    data: bytes,
    *,
    layout: bool = True,
    max_pages: int | None = None,
    ocr: bool = False,
    ocr_timeout: float = DEFAULT_TIMEOUT,
) -> ReadDocument:
    """Read a PDF; with ``ocr``, pages without usable text are OCR'd (``ocr_pages``)."""
    pdf = _open(data)
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise PdfTooLong(f"{len(pdf)} pages, more than the limit of {max_pages}")
        pages = [
            _read_page(pdf[i], ocr=ocr, timeout=ocr_timeout, first=i == 0) for i in range(len(pdf))
        ]
        signed = [i for i in sorted({0, len(pdf) - 1}) if has_widgets(pdf[i])]
        locked = encrypted(pdf)
    finally:
        pdf.close()
    if not any(p.text.strip() for p in pages):
        how = "OCR found no text either" if ocr else "OCR is off"
        raise PdfNoText(f"{len(pages)} page(s), no text layer and {how}")
    if not ocr and not any(p.source != "unusable" for p in pages):
        raise PdfNoText(f"{len(pages)} page(s), no usable text layer and OCR is off")
    texts = [ocr_text(p.ocr) if p.ocr else p.text for p in pages]
    layered = [i for i, p in enumerate(pages) if p.ocr is None]
    edges = (
        [i for i in sorted({layered[0], layered[-1]}) if interleaved(texts[i])] if layered else []
    )
    laid_out = layout and edges and _layout(data, edges, texts)
    tabled = table_pages(texts, [p.source for p in pages]) if layout else []
    if tabled and read_tables(data, tabled, texts):
        laid_out = True
    for i in edges if laid_out else ():
        if pages[i].source == "legacy":  # pdfplumber reads the legacy bytes again: decode them
            texts[i] = decode_legacy(texts[i])[0]
    for i in signed:  # number and day stamped into signature fields: read them in place
        if layout and pages[i].source == "text-layer":
            stamped = pdftotext_page(data, i + 1)
            if stamped and stamped.strip():
                texts[i] = stamped
                laid_out = True
    reading = _reading(pages, laid_out)
    if locked:
        reading = replace(reading, notes=("encrypted PDF, opened without a password",))
    return assemble(texts, reading)


def _read_page(page: pdfium.PdfPage, *, ocr: bool, timeout: float, first: bool) -> PageText:
    layer = page.get_textpage().get_text_range()
    # Only a thin layer can be a scan's stamp; walking the page objects costs 3 ms a page
    thin = len("".join(layer.split())) < MIN_CHARS_ON_IMAGE
    verdict = page_usable(layer, image_cover=_image_cover(page) if thin else 0.0)
    if verdict.usable:
        return PageText(layer, "text-layer")
    decoded, decoder = decode_legacy(layer)
    if decoder and page_usable(decoded).usable:
        return PageText(decoded, "legacy", decoder)
    if foreign(layer) and _image_cover(page) < IMAGE_PAGE:
        # Clean text in another language: OCR with the Vietnamese model can only spoil it.
        return PageText(layer, "text-layer")
    if not ocr:
        return PageText(layer, "unusable")
    read = ocr_image(page.render(scale=DPI / 72).to_pil(), timeout=timeout, first=first)
    kept = text_stats(layer)
    if read.words == 0 or (kept.words >= MIN_WORDS and kept.ratio > text_stats(read.text).ratio):
        # OCR did no better: a page in another language, or a blank page
        log.info("OCR no better than the text layer (%s): keeping the layer", verdict.reason)
        return PageText(layer, "text-layer")
    return PageText(read.text, "ocr", ocr=read)


def _image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page covered by its largest image (about 1.0 for a scan)."""
    width, height = page.get_size()
    area = width * height
    if area <= 0:
        return 0.0
    cover = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = image.get_bounds()
        cover = max(cover, (right - left) * (top - bottom) / area)
    return min(cover, 1.0)


def _layout(data: bytes, edges: list[int], texts: list[str]) -> bool:
    try:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            for i in edges:
                words = doc.pages[i].extract_words(keep_blank_chars=False)
                if words:
                    texts[i] = columns_text(words)
        return True
    except Exception as e:  # pdfminer raises many types; the pdfium text stands
        log.warning("pdfplumber layout failed, keeping pdfium text: %s", e)
        return False


def _reading(pages: list[PageText], laid_out: bool) -> Reading:
    ocr_pages = tuple(n for n, p in enumerate(pages, start=1) if p.ocr)
    confidences = tuple(p.ocr.confidence for p in pages if p.ocr)
    parts = []
    if any(p.text.strip() for p in pages if not p.ocr):  # blank pages count as neither
        parts.append("text-layer+layout" if laid_out else "text-layer")
    if ocr_pages:
        parts.append("ocr")
    decoders = sorted({p.decoder for p in pages if p.decoder})
    return Reading(
        "pdf",
        "+".join(parts),
        None,
        len(pages),
        decoder="+".join(decoders) or None,
        ocr_pages=ocr_pages,
        ocr_confidence=confidences,
        handwritten=tuple(h for p in pages if p.ocr for h in p.ocr.handwritten),
    )
