"""OCR with the real tesseract (vie): scans, broken text layers, images, failures."""

import io
from functools import cache

import pypdfium2 as pdfium
import pytest
from PIL import Image

from directives.errors import CorruptFileError, NoTextError, OcrError, OcrUnavailableError
from readers import read_bytes, read_document
from readers.dispatch import Limits
from readers.document import ReadDocument
from readers.ocr import check_tesseract
from readers.quality import text_stats
from tests import known_text
from tests.conftest import ROOT

HARD = ROOT / "corpus" / "hard"
LANDMARK = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

pytestmark = pytest.mark.ocr


@cache
def _read(name: str) -> ReadDocument:
    return read_document(HARD / name)


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("cv-464-TTg-CDS-2026-scan.pdf", 3),  # image only
        ("qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf", 4),  # broken font map
        ("qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf", 1),  # English OCR layer
    ],
)
def test_ocr_hard_pdfs_read_to_vietnamese(name, pages):
    document = _read(name)
    reading = document.reading
    assert reading.method == "ocr"
    assert reading.ocr_pages == tuple(range(1, pages + 1))
    assert len(reading.ocr_confidence) == pages
    assert all(85 <= c <= 100 for c in reading.ocr_confidence), reading.ocr_confidence
    assert LANDMARK in document.text
    stats = text_stats(document.text)
    assert stats.words > 250 * pages // 2
    assert stats.ratio >= 0.95, stats


def test_ocr_scan_header_columns_read_one_after_the_other():
    # tesseract puts "THỦ TƯỚNG CHÍNH PHỦ" and "CỘNG HÒA …" on one line; the column pass
    # on its word boxes reads the left column first (cv-464-TTg-CDS-2026-scan.pdf).
    lines = _read("cv-464-TTg-CDS-2026-scan.pdf").text.split("\n")
    assert "THỦ TƯỚNG CHÍNH PHỦ" in lines
    assert LANDMARK in lines
    assert lines.index("THỦ TƯỚNG CHÍNH PHỦ") < lines.index(LANDMARK)


@pytest.fixture(scope="module")
def known(tmp_path_factory) -> tuple[bytes, list[Image.Image]]:
    if known_text.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    pdf = known_text.known_pdf(tmp_path_factory.mktemp("known"))
    return pdf, known_text.rasterize(pdf)


def _encode(images: list[Image.Image], fmt: str) -> bytes:
    out = io.BytesIO()
    images[0].save(out, format=fmt, dpi=(300, 300), save_all=True, append_images=images[1:])
    return out.getvalue()


def test_ocr_png_reads_back_known_text(known):
    _, images = known
    document = read_bytes(_encode(images[:1], "PNG"), "trang-1.png")
    assert document.reading.format == "image"
    assert document.reading.ocr_pages == (1,)
    assert known_text.cer(known_text.page_text(1), document.text) < 0.01
    assert LANDMARK in document.text


def test_ocr_multipage_tiff_reads_every_page(known):
    _, images = known
    document = read_bytes(_encode(images, "TIFF"), "chi-thi.tiff")
    assert document.reading.pages == len(document.pages) == 2
    assert document.reading.ocr_pages == (1, 2)
    for page, number in zip(document.pages, (1, 2), strict=True):
        text = document.text[page.start : page.end]
        assert known_text.cer(known_text.page_text(number), text) < 0.01, text


def test_ocr_only_pages_without_text_are_ocrd(known):
    """A text page and a scanned page in one PDF: OCR runs on the scan only."""
    text_pdf, images = known
    scan = io.BytesIO()
    images[1].save(scan, format="PDF", resolution=300)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scan.getvalue()))
    out = io.BytesIO()
    mixed.save(out)
    document = read_bytes(out.getvalue(), "mixed.pdf")
    assert document.reading.ocr_pages == (2,)
    assert document.reading.method.endswith("+ocr")
    assert document.reading.method.startswith("text-layer")
    second = document.text[document.pages[1].start : document.pages[1].end]
    assert known_text.cer(known_text.page_text(2), second) < 0.01


def test_ocr_blank_page_of_a_scan_is_neither_text_layer_nor_ocr(known):
    _, images = known
    blank = Image.new("L", images[0].size, 255)
    scan = io.BytesIO()
    images[0].save(scan, format="PDF", resolution=300, save_all=True, append_images=[blank])
    document = read_bytes(scan.getvalue(), "scan-with-blank-back.pdf")
    assert document.reading.method == "ocr"
    assert document.reading.ocr_pages == (1,)
    assert document.reading.pages == 2


def test_ocr_text_pdf_is_not_ocrd(known):
    text_pdf, _ = known
    document = read_bytes(text_pdf, "known.pdf")
    assert document.reading.ocr_pages == ()
    assert "ocr" not in document.reading.method


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "PDF"])
def test_ocr_blank_image_has_no_text(tmp_path, fmt):
    path = tmp_path / f"trang-trang.{fmt.lower()}"
    Image.new("L", (1240, 1754), 255).save(path, format=fmt, resolution=150.0)
    with pytest.raises(NoTextError) as caught:
        read_document(path)
    assert path.name in str(caught.value)
    assert "no text" in caught.value.reason or "no words" in caught.value.reason


def test_ocr_corrupt_image_named_error(tmp_path):
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 300)
    with pytest.raises(CorruptFileError, match="anh.png"):
        read_document(path)


def test_ocr_missing_tesseract_named_error(tmp_path, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "tesseract"))
    check_tesseract.cache_clear()
    try:
        with pytest.raises(OcrUnavailableError) as caught:
            read_document(HARD / "cv-464-TTg-CDS-2026-scan.pdf")
    finally:
        check_tesseract.cache_clear()
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in caught.value.reason


def test_ocr_missing_vietnamese_model_named_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a tessdata folder with no model
    check_tesseract.cache_clear()
    try:
        with pytest.raises(OcrUnavailableError) as caught:
            read_document(HARD / "qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf")
    finally:
        check_tesseract.cache_clear()
    assert "Vietnamese model" in caught.value.reason


def test_ocr_page_timeout_named_error():
    with pytest.raises(OcrError, match="longer than"):
        read_document(
            HARD / "qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf", Limits(ocr_timeout=0.05)
        )


def _stamp(page: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """The page with seal-like rings and a stroke of ``colour`` over the signer's lines,
    blended as ink is (multiplied: black print stays black beneath it)."""
    from PIL import ImageChops, ImageDraw

    image = page.convert("RGB")
    left, top, right, bottom = image.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
    band = top + int((bottom - top) * 0.75)
    ink = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(ink)
    for ring in range(0, 40, 8):  # rings, as a seal's border and letters are
        box = (left - ring, band - ring, right + ring, bottom + 60 + ring)
        draw.ellipse(box, outline=colour, width=6)
    draw.line((left, band, right, bottom), fill=colour, width=10)
    stamped = ImageChops.multiply(image, ink)
    stamped.info["dpi"] = page.info.get("dpi", (300, 300))
    return stamped


@pytest.mark.parametrize("colour", [(200, 30, 40), (30, 60, 200)], ids=["red-seal", "blue-pen"])
def test_ocr_coloured_seal_over_the_signer_is_not_read_as_text(known, colour):
    _, images = known
    stamped = _stamp(images[1], colour)
    document = read_bytes(_encode([stamped], "PNG"), "trang-2.png")
    # The title and name under the seal read as on a clean page.
    assert "PHÓ CHỦ TỊCH" in document.text
    assert "Đặng Văn Minh" in document.text
    assert known_text.cer(known_text.page_text(2), document.text) < 0.02


def test_ocr_paragraphs_left_out_by_page_layout_are_read():
    # tesseract's page segmentation leaves the first paragraph and items a)-d) of this
    # scan's first page out of its blocks; they are read again as plain blocks.
    document = _read("tb-660-TB-UBND-QuangNgai-2024-scan.pdf")
    first = document.text[document.pages[0].start : document.pages[0].end]
    for words in (
        "Ngày 24/12/2024, tại trụ sở UBND huyện Bình Sơn",
        "Tiếp tục tập trung lãnh đạo, chỉ đạo quyết liệt",
        "Thời gian qua, Ban Chỉ đạo",
    ):
        assert words in first
    assert first.count("Ngày 24/12/2024") == 1  # a band is never read twice
    assert first.index("THÔNG BÁO") < first.index("Ngày 24/12/2024") < first.index("yêu cầu:")
