"""Header fields read through OCR noise that tesseract makes on scans."""

import pytest

from extractors.header import extract_header

HEADER = """UBND TĨNH LÀO CAI
SỞ CÔNG THƯƠNG
Số:1050 /QĐĐ-SCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày {day} tháng 3 năm 2026
QUYẾT ĐỊNH
Kiểm tra việc chấp hành pháp luật về vật liệu nổ công nghiệp
"""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("06", "2026-03-06"),
        ("U6_", "2026-03-06"),
        ("O6", "2026-03-06"),
        ("l5", "2026-03-15"),
        ("", "2026-03"),
    ],
)
def test_ocr_day_digits(day, expected):
    header = extract_header(HEADER.format(day=day))
    assert header.date is not None and header.date.value == expected
    assert header.place is not None and header.place.value == "Lào Cai"


def test_ocr_doubled_code_letter_and_unit_word():
    header = extract_header(HEADER.format(day="06"))
    assert header.number is not None and header.number.value == "1050/QĐ-SCT"
    assert header.issuer_parent is not None
    assert header.issuer_parent.value == "Ủy ban nhân dân tỉnh Lào Cai"
    assert header.doc_type is not None and header.doc_type.value == "Quyết định"
