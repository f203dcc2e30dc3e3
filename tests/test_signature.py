"""The signature block on OCR text: titles repaired from the list of signers' titles,
merged columns, seals over the title, annexes after the signature."""

import pytest

from extractors.fold import fold
from extractors.signature import extract_signer
from extractors.titles import repair_title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ("PHO CHANH VAN PHONG", "Phó Chánh Văn phòng"),  # OCR dropped every mark
        ("- Các ban đảng, đảng uỷ ==ss„LONG BÌ THỨ", "Tổng Bí thư"),  # one letter wrong
        ("Nơinhận GIAM ĐỌC", "Giám đốc"),
        ("GIÁM ĐỐC SỞ", "Giám đốc"),
        ("BỘ TRƯỞNG", "Bộ trưởng"),
        ("Đ G đỢi nô hh PHÓ THỦ TƯỚNG", "Phó Thủ tướng"),
    ],
)
def test_titles_repair_title_reads_the_capitalised_run(line, title):
    assert repair_title(line) == title


@pytest.mark.parametrize(
    "line",
    [
        "Hà Thị Lê Vân",
        "- Lưu: VT, P.KTTH",
        "báo cáo Thủ tướng Chính phủ",  # running text, not a title line
        "BAN THƯỜNG VỤ",
        "LONG AN",  # short runs get no fuzzy match
    ],
)
def test_titles_repair_title_none_when_no_title(line):
    assert repair_title(line) is None


def test_signature_columns_merged_by_ocr_title_without_name():
    # kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt: the signature column shares the list's lines.
    text = (
        "7. Ban Chính sách, chiến lược Trung ương chủ trì theo dõi Kết luận.\n\n"
        "Nơi nhận: T/M BAN CHẤP HÀNH TRUNG ƯƠNG\n"
        "- Các ban đảng, đảng uỷ ==ss„LONG BÌ THỨ\n"
        "trực thuộc Trung ương;\n- Các tỉnh uỷ, thành uỷ;\n- Lưu Văn phòng Trung ương Đảng.\n"
    )
    signer = extract_signer(text)
    assert signer.name is None
    assert signer.title.value == "Tổng Bí thư"
    assert fold(signer.authority.value) == fold("T/M Ban Chấp hành Trung ương")
    assert text[signer.title.start : signer.title.end].endswith("LONG BÌ THỨ")


def test_signature_title_without_marks_beside_the_list():
    # cv-575-UBND-KTTH-QuangNgai-2025-scan.pdf read with the seal removed.
    text = (
        "tỉnh theo đúng thời gian yêu cầu./.\n\n"
        "Nơi nhận: TL. CHỦ TỊCH\n"
        "- Như trên; KT. CHÁNH VĂN PHÒNG\n"
        "Ð G đỢi nô hh PHO CHANH VAN PHONG\n\n"
        "- CT, PCT UBND tỉnh;\n- VPUB: CVP, PCVP;\n- Lưu: VT, P.KTTH.\n\n"
        "Hà Thị Lê Vân\n"
    )
    signer = extract_signer(text)
    assert signer.name.value == "Hà Thị Lê Vân"
    assert signer.title.value == "Phó Chánh Văn phòng"
    assert fold(signer.authority.value) == fold("KT. Chánh Văn phòng")


def test_signature_name_in_an_annex_is_not_the_signer():
    # qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf: the name is lost under the signature,
    # and the annex's table that follows lists places and people.
    text = (
        "Quyết định này có hiệu lực kể từ ngày ký./.\n\n"
        "Nơinhận GIAM ĐỌC\n- UBND tỉnh (để báo cáo);\n- Lưu: VT, CN.\n\n"
        "Phụ lục: DANH SÁCH CÁC ĐƠN VỊ KIỂM TRA\n"
        "2 Tổng công ty xây dựng Trường Sơn, phường Xuân Phương, thành phố\n"
        "Hà Nội\n"
    )
    signer = extract_signer(text)
    assert signer.name is None
    assert signer.title.value == "Giám đốc"


def test_signature_authority_on_the_line_above_in_another_column():
    # qd-256-QD-UB-CanTho-2004-tcvn3.doc: the authority's cell is indented less.
    text = (
        "có trách nhiệm thi hành Quyết định này./.\n"
        "   TM . UBND THÀNH PHỐ CẦN THƠ\n"
        "Nơi nhận:   CHỦ TỊCH\n"
        "- Bộ Nội vụ\n"
        "- BTV Thành ủy   (Đã ký)\n"
        "- Sở, Ban ngành TP   Võ Thanh Tòng\n"
        "- Lưu TTLT\n"
    )
    signer = extract_signer(text)
    assert signer.name.value == "Võ Thanh Tòng"
    assert signer.title.value == "Chủ tịch"
    # as printed: the abbreviation is kept, only the casing is running text's
    assert signer.authority.value == "TM. UBND thành phố Cần Thơ"
