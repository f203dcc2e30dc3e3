"""Read any supported file into a ReadDocument, or raise a named DocumentError."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from directives.errors import (
    CorruptFileError,
    DocumentError,
    EmptyFileError,
    EncodingError,
    NoTextError,
    OcrError,
    OcrUnavailableError,
    TooLargeError,
    UnsupportedFormatError,
)
from readers.doc import read_doc
from readers.document import ReadDocument
from readers.docx import read_docx
from readers.image import ImageNoText, ImageTooLong, read_image
from readers.ocr import DEFAULT_TIMEOUT, ImageUnreadable, OcrFailed, OcrUnavailable
from readers.pdf import PdfNoText, PdfOpenError, PdfTooLong, read_pdf
from readers.sniff import sniff
from readers.text import UndecodableText, read_text

# Files a folder walk picks up; legacy .doc is picked up so that the report says why it
# was not read instead of skipping it silently. Images are read by OCR.
SUPPORTED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".txt", ".text", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)

_UNSUPPORTED = {
    "html": "this is an HTML page, not a document",
    "zip": "a ZIP archive that is not a DOCX document",
    "rtf": "RTF documents are not supported",
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    ocr_timeout: float = DEFAULT_TIMEOUT  # seconds for one page


def read_document(path: Path, limits: Limits = Limits()) -> ReadDocument:
    """Read the file at ``path``; every failure names the file and the reason."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DocumentError(path, f"cannot open: {e.strerror or e}") from e
    if size > limits.max_bytes:
        raise TooLargeError(path, f"{size} bytes, more than the limit of {limits.max_bytes}")
    return read_bytes(path.read_bytes(), path, limits)


def read_bytes(data: bytes, path: Path | str, limits: Limits = Limits()) -> ReadDocument:
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    kind = sniff(data)
    if kind in _UNSUPPORTED:
        raise UnsupportedFormatError(path, _UNSUPPORTED[kind])
    try:
        if kind == "pdf":
            document = read_pdf(
                data, max_pages=limits.max_pages, ocr=True, ocr_timeout=limits.ocr_timeout
            )
        elif kind == "image":
            document = read_image(data, max_pages=limits.max_pages, ocr_timeout=limits.ocr_timeout)
        elif kind == "docx":
            document = read_docx(data)
        elif kind == "doc":
            document = read_doc(data, path)
        else:
            document = read_text(data)
    except (PdfTooLong, ImageTooLong) as e:
        raise TooLargeError(path, str(e)) from e
    except PdfOpenError as e:
        raise CorruptFileError(
            path, f"the PDF cannot be opened (corrupt, truncated or protected): {e}"
        ) from e
    except PdfNoText as e:
        raise NoTextError(path, f"the PDF has no readable text: {e}") from e
    except ImageNoText as e:
        raise NoTextError(path, f"the image has no text that OCR could read: {e}") from e
    except ImageUnreadable as e:
        raise CorruptFileError(path, f"the image cannot be decoded: {e}") from e
    except OcrUnavailable as e:
        raise OcrUnavailableError(path, f"this file needs OCR, but {e}") from e
    except OcrFailed as e:
        raise OcrError(path, str(e)) from e
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        if isinstance(e, UndecodableText):
            raise EncodingError(path, f"not readable as text: {e}") from e
        raise CorruptFileError(path, f"the {kind.upper()} file is damaged: {e}") from e
    if not document.text.strip():
        raise NoTextError(path, "no text could be read from the file")
    return document
