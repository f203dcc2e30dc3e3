"""The authority line's words read against the genre's vocabulary (extractors.authority)."""

import pytest

from extractors.authority import repair_authority
from extractors.normalize import normalize_text
from extractors.signature import extract_signer
from tests.conftest import ROOT

DEV = ROOT / "corpus" / "dev"


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt: "T/M BAN CHẮÁP HÀNH TRUNG ƯƠNG"
        ("Ban chắáp hành Trung ương", "Ban Chấp hành Trung ương"),
        ("Ban thường vu", "Ban Thường vụ"),
        ("Ban Thưởng vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
        ("Chu tịch", "Chủ tịch"),
        ("Chánh Văn phong", "Chánh Văn phòng"),
        ("Giám đôc", "Giám đốc"),
        ("Ủy ban nhân dan tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("Bộ Chính tri", "Bộ Chính trị"),
        # spelled right: as printed
        ("Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương"),
        ("Ủy ban Thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Ban Thường trực", "Ban Thường trực"),
        ("Tiểu ban", "Tiểu ban"),
        ("Thủ tướng", "Thủ tướng"),
        ("Chính phủ", "Chính phủ"),
        # abbreviations and the place after a unit word stay as printed
        ("UBND thành phố Cần Thơ", "UBND thành phố Cần Thơ"),
        ("Hội đồng nhân dân xã Tân Lập", "Hội đồng nhân dân xã Tân Lập"),
        ("Đảng ủy xã Vũ Dương", "Đảng ủy xã Vũ Dương"),
        # not close enough to a known word: as printed
        ("Ban Tuyên giáo", "Ban Tuyên giáo"),
        ("", ""),
    ],
)
def test_authority_known_words_spelled_right(line, repaired):
    assert repair_authority(line) == repaired


def test_authority_line_read_by_ocr_in_the_signature():
    # the authority merged into "Nơi nhận"'s line, its letters garbled by OCR
    text = normalize_text((DEV / "kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt").read_text("utf-8"))
    signer = extract_signer(text)
    assert signer is not None and signer.authority is not None
    assert signer.authority.value == "T/M Ban Chấp hành Trung ương"
