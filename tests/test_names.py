"""Abbreviations in body names expanded as running text writes them (GOLD_FORMAT)."""

import pytest

from extractors.bodies import body_phrase
from extractors.names import expand_abbreviations, running_case


@pytest.mark.parametrize(
    ("written", "expanded"),
    [
        ("UBND tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("HĐND xã", "Hội đồng nhân dân xã"),
        ("Ủy ban MTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("UBMTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
        ("các tổ chức CT-XH xã", "các tổ chức chính trị - xã hội xã"),
        ("BTV TU", "Ban Thường vụ Tỉnh ủy"),
        ("BTV ĐU xã", "Ban Thường vụ Đảng ủy xã"),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("VPUB tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("UBKT Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"),
        # inside a số/ký hiệu an abbreviation is a code, not a name
        ("Chỉ thị 20-CT/TU", "Chỉ thị 20-CT/TU"),
        ("Công văn 226-CV/ĐU", "Công văn 226-CV/ĐU"),
        ("1468/UBND-VX", "1468/UBND-VX"),
    ],
)
def test_expand_abbreviations(written, expanded):
    assert expand_abbreviations(written) == expanded


@pytest.mark.parametrize(
    ("line", "running"),
    [
        ("ĐẢNG ỦY XÃ VŨ DƯƠNG", "Đảng ủy xã Vũ Dương"),
        ("UBND TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
        ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ],
)
def test_running_case_of_header_lines(line, running):
    assert running_case(line) == running


def test_body_with_abbreviated_sector_keeps_offsets_and_canonical_name():
    text = "Giao Sở NN&MT chủ trì, phối hợp với UBND các xã thực hiện."
    start = text.index("Sở")
    (body,) = body_phrase(text[start:], start)
    assert text[body.start : body.end] == body.text == "Sở NN&MT"
    assert body.written == body.name == "Sở Nông nghiệp và Môi trường"


@pytest.mark.parametrize(
    ("ocr", "running"),
    [
        ("UBND TĨNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("ỦY BAN NHÂN DÂN HUYÊN BÌNH SƠN", "Ủy ban nhân dân huyện Bình Sơn"),
    ],
)
def test_running_case_repairs_ocr_unit_words(ocr, running):
    assert running_case(ocr) == running


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (
            "HỘI NGHỊ LẦN THỨ 11 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
            "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII",
        ),
        (
            "VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC PHÒNG, CHỐNG THAM NHŨNG",
            "Về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tham nhũng",
        ),
        (
            "XÂY DỰNG LỰC LƯỢNG CÔNG AN XÃ VỮNG MẠNH, NGĂN NGỪA VI PHẠM",
            "Xây dựng lực lượng Công an xã vững mạnh, ngăn ngừa vi phạm",
        ),
    ],
)
def test_names_title_case_of_a_capitalised_subject(printed, expected):
    from extractors.names import title_case

    assert title_case(printed) == expected
