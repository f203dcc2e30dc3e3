"""Urgency and security marks stamped in red ink (readers.stamps)."""

import pytest
from PIL import Image, ImageDraw

from extractors.header import extract_header
from readers.ocr import ocr_image
from readers.pdf import ocr_text
from readers.stamps import find_marks, match_mark, put_marks, read_words
from tests.scans import first_page

RED = (200, 30, 40)


@pytest.mark.parametrize(
    ("reading", "mark"),
    [
        ("HỎA TỐC", "HỎA TỐC"),
        ("HOẢ TỐC", "HỎA TỐC"),
        ("HOA TÔC", "HỎA TỐC"),  # marks misread
        ("HỎA TỐO", "HỎA TỐC"),  # one letter misread
        ("THƯỢNG KHẨN", "THƯỢNG KHẨN"),
        ("THUỢNG KHAN.", "THƯỢNG KHẨN"),
        ("KHẨN", "KHẨN"),
        ("MẬT", "MẬT"),
        ("TỐI MẬT", "TỐI MẬT"),
        ("TUYÊT MẤT", "TUYỆT MẬT"),
        ("ỦY BAN NHÂN DÂN", None),  # a seal's ring
        ("MẶT TRẬN", None),  # "Mặt trận Tổ quốc" on a seal: not "MẬT"
        ("NHÂN", None),  # one letter from "KHẨN" is too far for a short word
        ("KHAI", None),
        ("KHẨN TRƯƠNG", None),
        ("2352", None),
        ("", None),
    ],
)
def test_stamps_reading_matched_to_a_mark(reading, mark):
    assert match_mark(reading) == mark


def _never(image: Image.Image) -> tuple[str, float]:
    raise AssertionError("a round seal is not read")


def test_stamps_a_round_seal_is_not_read():
    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    draw.ellipse((300, 200, 800, 700), outline=RED, width=14)
    draw.ellipse((400, 300, 700, 600), outline=RED, width=6)
    draw.text((450, 420), "UY BAN NHAN DAN", fill=RED, font_size=30)
    assert find_marks(page, _never) == []


def test_stamps_a_page_without_colour_is_not_searched():
    assert find_marks(Image.new("L", (2480, 3508), 255), _never) == []


def test_stamps_mark_put_as_the_first_line():
    data = {
        "text": ["ỦY", "BAN"],
        "conf": [90, 91],
        "left": [300, 380],
        "top": [200, 200],
        "width": [60, 80],
        "height": [40, 40],
        "block_num": [1, 1],
        "par_num": [1, 1],
        "line_num": [1, 1],
        "word_num": [1, 2],
        "level": [5, 5],
        "page_num": [1, 1],
    }
    out = put_marks(data, [("HỎA TỐC", 93.5)])
    assert out["text"] == ["HỎA", "TỐC", "ỦY", "BAN"]
    assert out["block_num"][:2] == [-1, -1] and out["conf"][:2] == [93.5, 93.5]
    assert put_marks(data, []) == data


@pytest.mark.ocr
def test_stamps_slanted_red_hoa_toc_read_on_a_real_scan():
    # cv-299-UBND-TTHC-QuangNgai-2025-scan.pdf: an arrow-shaped "HỎA TỐC" turned 40°
    page = first_page("cv-299-UBND-TTHC-QuangNgai-2025-scan.pdf")
    [(mark, confidence)] = find_marks(page, read_words(30))
    assert mark == "HỎA TỐC" and confidence > 80
    # as the PDF reader hands it on: the header's columns one after the other
    header = extract_header(ocr_text(ocr_image(page, first=True)))
    assert header.urgency is not None and header.urgency.value == "Hỏa tốc"
    assert header.security is None
    assert header.issuer is not None and header.issuer.value == "Ủy ban nhân dân tỉnh Quảng Ngãi"


@pytest.mark.ocr
@pytest.mark.parametrize(
    "name",
    [
        # red seals over the signature on the first page, no mark
        "cv-575-UBND-KTTH-QuangNgai-2025-scan.pdf",
        "bc-23-BC-UBND-QuangNgai-2025-scan.pdf",
    ],
)
def test_stamps_no_mark_made_up_from_a_red_seal(name):
    # the whole page, so that the seal is in the searched part
    assert find_marks(first_page(name), read_words(30), share=1.0) == []
