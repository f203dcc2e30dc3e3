"""Read any supported file into a ReadDocument, or raise a named DocumentError."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from directives.errors import (
    CorruptFileError,
    DocumentError,
    EmptyFileError,
    EncodingError,
    NoTextError,
    OcrError,
    OcrUnavailableError,
    PasswordProtectedError,
    TooLargeError,
    UnsupportedFormatError,
    ZipBombError,
)
from readers.archive import ArchiveBomb, check_archive
from readers.doc import read_doc
from readers.document import ReadDocument
from readers.docx import read_docx
from readers.image import ImageNoText, ImageTooLong, read_image
from readers.ocr import DEFAULT_TIMEOUT, ImageUnreadable, OcrFailed, OcrUnavailable
from readers.pdf import (
    PdfEncrypted,
    PdfNoText,
    PdfOpenError,
    PdfTooLong,
    PdfTruncated,
    read_pdf,
)
from readers.quality import language
from readers.sniff import ENCRYPTED, sniff
from readers.text import UndecodableText, read_text

# Files a folder walk picks up; legacy .doc is picked up so that the report says why it
# was not read instead of skipping it silently. Images are read by OCR.
SUPPORTED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".txt", ".text", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)

_UNSUPPORTED = {
    "html": "an HTML page (a saved web page or a download's error page), not a document",
    "zip": "a ZIP archive that is not a DOCX document",
    "rtf": "RTF documents are not supported",
}
# What each extension promises, to say so when the content is something else.
_PROMISED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".txt": "text",
    ".text": "text",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), "image"),
}
_PASSWORD_OFFICE = (
    "a password-protected Office document (its content is encrypted): remove the password "
    "in Word (File > Info > Protect Document) and ingest it again"
)

_ZEROS = "the file holds only zero bytes (an interrupted download or copy?)"


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    ocr_timeout: float = DEFAULT_TIMEOUT  # seconds for one page
    max_unpacked_bytes: int = 512 * 1024 * 1024  # a DOCX's parts, unpacked


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
    if not data.strip() or not data.strip(b"\0"):
        raise EmptyFileError(path, "the file is empty" if not data.strip() else _ZEROS)
    kind = sniff(data)
    suffix = Path(path).suffix.lower()
    promised = _PROMISED.get(suffix)
    named = f"named {suffix} but " if promised and promised != kind else ""
    if kind == ENCRYPTED:
        raise PasswordProtectedError(path, _PASSWORD_OFFICE)
    try:
        if kind in ("docx", "zip"):  # before anything unpacks it
            check_archive(data, max_unpacked=limits.max_unpacked_bytes)
        if kind in _UNSUPPORTED:
            raise UnsupportedFormatError(path, named + _UNSUPPORTED[kind])
        document = _read(kind, data, path, limits)
    except (PdfTooLong, ImageTooLong) as e:
        raise TooLargeError(path, str(e)) from e
    except PdfEncrypted as e:
        raise PasswordProtectedError(
            path, f"the PDF is password-protected: {e}; remove the password and ingest it again"
        ) from e
    except PdfTruncated as e:
        raise CorruptFileError(path, f"the PDF cannot be opened: {e}") from e
    except PdfOpenError as e:
        raise CorruptFileError(path, f"the PDF cannot be opened (corrupt or damaged): {e}") from e
    except ArchiveBomb as e:
        raise ZipBombError(path, f"refused as a possible ZIP bomb: {e}") from e
    except PdfNoText as e:
        raise NoTextError(path, f"the PDF has no readable text: {e}") from e
    except ImageNoText as e:
        raise NoTextError(path, f"the image has no text that OCR could read: {e}") from e
    except ImageUnreadable as e:
        raise CorruptFileError(path, f"{named}the image cannot be decoded: {e}") from e
    except OcrUnavailable as e:
        raise OcrUnavailableError(path, f"this file needs OCR, but {e}") from e
    except OcrFailed as e:
        raise OcrError(path, str(e)) from e
    except UndecodableText as e:
        if named:  # random bytes named .pdf: not what it says, and not text either
            raise CorruptFileError(
                path, f"{named}it is not a {promised.upper()} file, nor text: {e}"
            ) from e
        raise EncodingError(path, f"not readable as text: {e}") from e
    except zipfile.BadZipFile as e:
        archive = "DOCX (a ZIP archive)" if suffix == ".docx" else "ZIP archive"
        raise CorruptFileError(path, f"the {archive} is damaged or truncated: {e}") from e
    except (KeyError, ValueError, etree.LxmlError) as e:
        raise CorruptFileError(path, f"the {kind.upper()} file is damaged: {e}") from e
    if not document.text.strip():
        raise NoTextError(path, "no text could be read from the file")
    notes = document.reading.notes
    if named:
        notes = (*notes, f"named {suffix}, read as {kind.upper()}")
    return replace(
        document,
        reading=replace(document.reading, language=language(document.text), notes=notes),
    )


def _read(kind: str, data: bytes, path: Path | str, limits: Limits) -> ReadDocument:
    if kind == "pdf":
        return read_pdf(data, max_pages=limits.max_pages, ocr=True, ocr_timeout=limits.ocr_timeout)
    if kind == "image":
        return read_image(data, max_pages=limits.max_pages, ocr_timeout=limits.ocr_timeout)
    if kind == "docx":
        return read_docx(data)
    if kind == "doc":
        return read_doc(data, path)
    return read_text(data)
