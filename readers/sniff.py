"""Tell a file's real type from its first bytes, whatever its extension says."""

from __future__ import annotations

import io
import zipfile

PDF, DOCX, DOC, TEXT = "pdf", "docx", "doc", "text"
ENCRYPTED = "encrypted-office"
# A password-protected .docx (or .xlsx, .pptx) is not a ZIP: Office encrypts the package
# and stores it as this stream of a Compound File, the container of the old .doc format
# ([MS-OFFCRYPTO] 2.3.4.4). Directory names are UTF-16LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def sniff(data: bytes) -> str:
    """Return "pdf", "docx", "doc", "encrypted-office", "zip", "html", "image", "rtf" or
    "text"."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ENCRYPTED if _ENCRYPTED_PACKAGE in data else DOC
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    return TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
