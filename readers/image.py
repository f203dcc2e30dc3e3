"""Image files (PNG, JPEG, GIF, one- or multi-page TIFF): every frame is a page read by OCR."""

from __future__ import annotations

from readers.document import ReadDocument, Reading, assemble
from readers.ocr import DEFAULT_TIMEOUT, count_frames, image_pages, ocr_image
from readers.pdf import ocr_text


class ImageNoText(ValueError):
    """OCR found no text in the image."""


class ImageTooLong(ValueError):
    """More frames than the page limit."""


def read_image(
    data: bytes, *, max_pages: int | None = None, ocr_timeout: float = DEFAULT_TIMEOUT
) -> ReadDocument:
    """OCR each frame of an image file with tesseract's Vietnamese model."""
    frames = count_frames(data)
    if max_pages is not None and frames > max_pages:  # before any page is OCR'd
        raise ImageTooLong(f"{frames} pages (frames), more than the limit of {max_pages}")
    pages = [
        ocr_image(frame, timeout=ocr_timeout, first=n == 0)
        for n, frame in enumerate(image_pages(data))
    ]
    if not any(p.words for p in pages):
        raise ImageNoText(f"{len(pages)} page(s), tesseract found no words")
    return assemble(
        [ocr_text(p) for p in pages],
        Reading(
            "image",
            "ocr",
            None,
            len(pages),
            ocr_pages=tuple(range(1, len(pages) + 1)),
            ocr_confidence=tuple(p.confidence for p in pages),
            handwritten=tuple(h for p in pages for h in p.handwritten),
        ),
    )
