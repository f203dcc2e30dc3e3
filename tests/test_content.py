"""What is the document's own content (extractors/content.py): the distribution list and
signature are not, a legal portal's chrome after a web capture is not."""

from __future__ import annotations

from extractors.content import content_end, excluded_spans
from extractors.header import extract_header
from readers import read_document
from tests.conftest import ROOT

DEV = ROOT / "corpus" / "dev"


def test_content_distribution_list_misread_by_ocr_is_excluded():
    text = (
        "Các Bộ kịp thời kiến nghị, đề xuất Chính phủ có giải pháp phù hợp./.\n\n"
        "Noi nhận: THỦ TƯỞNG\n- Ban Bí thư Trung ương Đảng;\n- Thủ tướng, các Phó Thủ tướng;\n"
    )
    [(start, end)] = excluded_spans(text)
    assert text[start:].lstrip().startswith("Noi nhận") and end == len(text)


def test_content_list_lines_in_capitals_do_not_end_the_distribution_list():
    text = read_document(
        DEV / "qd-211-2025-QD-UBND-HaiPhong-2025-quy-che-csdl-cong-chung-web.txt"
    ).text
    spans = excluded_spans(text)
    at = text.index("- Đoàn Đại biểu Quốc hội TP HP;")
    assert any(a <= at < b for a, b in spans)
    quy_che = text.index("QUY CHẾ")
    assert not any(a <= quy_che < b for a, b in spans)  # the attached Quy chế is content


def test_content_ends_where_a_legal_portal_chrome_begins():
    text = read_document(DEV / "cv-5095-SGDDT-CTTTHSSV-HaNoi-2025-o-nhiem-khong-khi-web.txt").text
    end = content_end(text)
    assert "Click trái để xem" not in text[:end] and "Click trái để xem" in text[end:]
    assert "Kính gửi" in text[:end]


def test_content_cong_dien_addressees_are_its_recipients():
    header = extract_header(read_document(DEV / "cd-217-CD-TTg-2025-mua-lu-web.txt").text)
    names = [r.value for r in header.recipients]
    assert len(names) == 3
    assert names[1].startswith("Các Bộ: Quốc phòng, Công an") and names[1].endswith("Du lịch")
    assert names[2] == "Chánh Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"


def test_content_a_sentence_starting_nơi_nhận_is_no_distribution_list():
    from extractors.patterns import DISTRIBUTION

    assert not DISTRIBUTION.search("Bước 4. Trả kết quả\nNơi nhận kết quả. Bộ phận một cửa.\n")
    assert DISTRIBUTION.search("Nơi nhận\n- Như trên;\n")
    assert DISTRIBUTION.search("Nơi nhận KT. CHỦ TỊCH\n- Như trên;\n")


def test_content_signer_is_the_documents_not_its_forms():
    text = read_document(DEV / "qd-125-2025-QD-UBND-Hue-2025-quy-trinh-mau-bieu-web.txt").text
    signer = extract_header(text).signer
    assert signer is not None and signer.name.value == "Nguyễn Thanh Bình"
    assert signer.title.value == "Phó Chủ tịch"
