import io
import unicodedata
import zipfile

import pytest
from PIL import Image

from directives.errors import (
    CorruptFileError,
    EmptyFileError,
    EncodingError,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
)
from readers import read_bytes, read_document
from readers.dispatch import Limits
from readers.text import read_text
from tests.conftest import SAMPLES, VU_DUONG

PDF = SAMPLES / "cv-706-UBND-VP7-NinhBinh-2024.pdf"
DOCX = SAMPLES / "ct-07-CT-TTg-2012-khu-kinh-te-kcn-ccn.docx"


def test_readers_pdf_signed_page_keeps_stamped_number_and_columns():
    # cv-706 is e-signed: its number and day sit in signature fields, which pdfium's text
    # page leaves out ("Số: /UBND-VP7"); the page is read with the fields in place and
    # the header's two columns side by side, separated by a column gap.
    document = read_document(PDF)
    assert document.reading.format == "pdf"
    assert document.reading.method == "text-layer+layout"
    lines = [line.strip() for line in document.text.split("\n")]
    assert lines[0] == "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Số:706 /UBND-VP7   Ninh Bình, ngày 04 tháng 11 năm 2024" in lines
    assert "\r" not in document.text


def test_readers_pdf_without_layout_keeps_pdfium_text():
    from readers.pdf import read_pdf

    document = read_pdf(PDF.read_bytes(), layout=False)
    assert document.reading.method == "text-layer"
    assert "Số: /UBND-VP7" in document.text  # the signature fields are not in pdfium's text


def test_readers_pdf_pages_and_offsets():
    document = read_document(SAMPLES / "nd-55-2023-ND-CP-signed.pdf")
    assert document.reading.pages == len(document.pages) == 7
    for before, after in zip(document.pages, document.pages[1:], strict=False):
        assert before.end < after.start
    offset = document.text.index("Điều 1.")
    assert document.page_at(offset) == 1
    assert document.page_at(len(document.text) - 1) == 7


def test_readers_docx_header_table_read_by_column():
    document = read_document(DOCX)
    assert document.reading.format == "docx"
    head = document.text[:300]
    assert head.index("THỦ TƯỚNG CHÍNH PHỦ") < head.index("Số: 07/CT-TTg") < head.index("CỘNG HÒA")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letter, then a combining tone mark."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + "".join(c for c in decomposed if c in _TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_readers_text_encodings_detected(encoding):
    original = VU_DUONG.read_text(encoding="utf-8")
    data = _windows_1258(original) if encoding == "cp1258" else original.encode(encoding)
    document = read_bytes(data, "cv.txt")
    assert "ĐẢNG ỦY XÃ VŨ DƯƠNG" in document.text
    assert "Số 226-CV/ĐU" in document.text
    assert document.reading.encoding == {"utf-8-sig": "utf-8", "cp1258": "windows-1258"}.get(
        encoding, encoding
    )


def test_readers_markdown_residue_removed():
    document = read_document(SAMPLES / "nq-60-NQ-TW-2025-hoi-nghi-tw11.txt")
    assert "**" not in document.text and "\\-" not in document.text
    assert "NGHỊ QUYẾT" in document.text
    # bold written with underscores goes too ("__Nơi nhận__:"); a rule of them is no bold
    text = read_text("__Nơi nhận__:\n- Như trên;\nmã_số__khác__\n".encode()).text
    assert "Nơi nhận:" in text and "mã_số__khác__" in text


def test_readers_real_type_from_content_not_extension(tmp_path):
    disguised = tmp_path / "cong-van.pdf"
    disguised.write_bytes(DOCX.read_bytes())
    assert read_document(disguised).reading.format == "docx"


def _image_pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, format="PDF")
    return out.getvalue()


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.pdf", b"", EmptyFileError, "empty"),
        ("blank.txt", b"  \n\n ", EmptyFileError, "empty"),
        ("truncated.pdf", PDF.read_bytes()[:600], CorruptFileError, "cannot be opened"),
        ("scan.pdf", _image_pdf(), NoTextError, "no text layer"),
        (
            "page.pdf",
            b"<!DOCTYPE html><html><body>404</body></html>",
            UnsupportedFormatError,
            "HTML",
        ),
        ("archive.docx", _zip_without_word(), UnsupportedFormatError, "ZIP"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 200, CorruptFileError, "ZIP"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            UnsupportedFormatError,
            ".doc",
        ),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, CorruptFileError, "image"),
        ("binary.txt", bytes(range(0, 32)) * 50, EncodingError, "not readable"),
    ],
)
def test_readers_bad_input_named_error(tmp_path, name, data, error, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert name in str(caught.value)
    assert reason in caught.value.reason


def test_readers_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Công văn " * 1000, encoding="utf-8")
    with pytest.raises(TooLargeError, match="big.txt"):
        read_document(path, Limits(max_bytes=1000))
