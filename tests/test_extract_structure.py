import re

import pytest

from extractors.structure import paragraphs


def _words(text):
    return re.sub(r"\s+", " ", text).strip()


def _offsets_hold(text, found):
    """Offsets cover the paragraph after its marker; its lines are joined with spaces."""
    for p in found:
        assert _words(text[p.start : p.end]) == _words(p.text), p
        assert text[p.start : p.end].startswith(p.text.split(" ")[0]), p


# (one printed line, marker, level): the outline of Party and State directives
MARKED = [
    ("I. MỤC ĐÍCH, YÊU CẦU", "I.", 1.0),
    ("Chương II. Nhiệm vụ và quyền hạn", "Chương II.", 1.0),
    ("Điều 5- Trách nhiệm của Sở Nội vụ", "Điều 5-", 1.5),
    ("A. Nhiệm vụ chung", "A.", 1.2),
    ("Điều 5. Trách nhiệm của Sở Nội vụ", "Điều 5.", 1.5),
    ("1. Đối với Chi bộ Công an xã:", "1.", 2.0),
    ("1.1. Rà soát quy hoạch cán bộ lãnh đạo, quản lý.", "1.1.", 3.0),
    ("2.3.1. Rà soát, sắp xếp trụ sở Công an xã.", "2.3.1.", 4.0),
    ("a) Bám sát nội dung Nghị quyết số 12-NQ/TW;", "a)", 5.0),
    ("đ) Hằng quý báo cáo kết quả thực hiện.", "đ)", 5.0),
    ("- Tăng cường công tác tuyên truyền.", "-", 6.0),
    ("+ Tổ chức hội nghị quán triệt.", "+", 7.0),
    ("Ban Thường vụ Đảng ủy xã yêu cầu:", "", None),
    ("2025 là năm về đích của nhiệm kỳ.", "", None),
]


@pytest.mark.parametrize(("line", "marker", "level"), MARKED)
def test_structure_markers_and_levels(line, marker, level):
    text = "Căn cứ tình hình thực tế.\n" + line
    found = paragraphs(text)
    _offsets_hold(text, found)
    assert len(found) == 2
    assert (found[1].marker, found[1].level) == (marker, level)
    assert found[1].text == line[len(marker) :].strip()


def test_structure_wrapped_lines_join_into_one_paragraph():
    text = (
        "Đối với Chi bộ Công an xã:\n"
        "- Quán triệt đầy đủ nội dung Công văn\n"
        "đến toàn thể đảng viên trong Chi bộ.\n"
        "- Xây dựng kế hoạch cụ thể, hoàn thành trước ngày 15/9/2025."
    )
    found = paragraphs(text)
    _offsets_hold(text, found)
    assert [(p.marker, _words(p.text)) for p in found] == [
        ("", "Đối với Chi bộ Công an xã:"),
        ("-", "Quán triệt đầy đủ nội dung Công văn đến toàn thể đảng viên trong Chi bộ."),
        ("-", "Xây dựng kế hoạch cụ thể, hoàn thành trước ngày 15/9/2025."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a page break inside a sentence: the lower-case line runs on
            "2. Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát\n\ncác dự án "
            "đầu tư công trên địa bàn tỉnh.",
            ["Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát các dự án đầu tư "
             "công trên địa bàn tỉnh."],
        ),
        (  # a blank line before a capital starts a new paragraph
            "Các cơ quan, đơn vị khẩn trương triển khai\n\nỦy ban nhân dân tỉnh yêu cầu "
            "thực hiện nghiêm.",
            ["Các cơ quan, đơn vị khẩn trương triển khai",
             "Ủy ban nhân dân tỉnh yêu cầu thực hiện nghiêm."],
        ),
        (  # a finished sentence before a capital starts a new paragraph
            "Sở Y tế hướng dẫn thực hiện.\nSở Giáo dục và Đào tạo chỉ đạo các trường học.",
            ["Sở Y tế hướng dẫn thực hiện.", "Sở Giáo dục và Đào tạo chỉ đạo các trường học."],
        ),
        (  # an unfinished line before a proper noun runs on
            "Thực hiện Nghị quyết số 12-NQ/TW ngày 16/3/2022 của\nBộ Chính trị về đẩy mạnh "
            "xây dựng lực lượng Công an nhân dân.",
            ["Thực hiện Nghị quyết số 12-NQ/TW ngày 16/3/2022 của Bộ Chính trị về đẩy mạnh "
             "xây dựng lực lượng Công an nhân dân."],
        ),
    ],
)  # fmt: skip
def test_structure_paragraph_breaks(text, expected):
    found = paragraphs(text)
    _offsets_hold(text, found)
    assert [_words(p.text) for p in found] == expected


def test_structure_chapter_marker_on_its_own_line_takes_the_title():
    text = "Chương III\nĐẶT TÊN DOANH NGHIỆP\nĐiều 7. Tên doanh nghiệp"
    found = paragraphs(text)
    _offsets_hold(text, found)
    assert [(p.marker, p.level, p.text) for p in found] == [
        ("Chương III", 1.0, "ĐẶT TÊN DOANH NGHIỆP"),
        ("Điều 7.", 1.5, "Tên doanh nghiệp"),
    ]


def test_structure_page_number_does_not_break_the_paragraph():
    text = (
        "a) Tiếp tục tập trung lãnh đạo, chỉ đạo để cùng\n\n2\n\n"
        "chung tay xóa nhà tạm, nhà dột nát.\nb) Khẩn trương hoàn thành phê duyệt."
    )
    found = paragraphs(text)
    assert [(p.marker, _words(p.text)) for p in found] == [
        ("a)", "Tiếp tục tập trung lãnh đạo, chỉ đạo để cùng 2 chung tay xóa nhà tạm, "
               "nhà dột nát."),
        ("b)", "Khẩn trương hoàn thành phê duyệt."),
    ]  # fmt: skip


def test_structure_reads_only_the_given_range():
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Nâng cao nhận thức của cán bộ, đảng viên.\n"
        "II. NHIỆM VỤ\n"
        "1. Tăng cường công tác tuyên truyền.\n"
        "2. Kiểm tra, giám sát việc thực hiện.\n"
        "Nơi nhận:\n"
        "- Như trên;"
    )
    start, end = text.index("II."), text.index("Nơi nhận")
    found = paragraphs(text, start, end)
    _offsets_hold(text, found)
    assert [(p.marker, p.level, p.text) for p in found] == [
        ("II.", 1.0, "NHIỆM VỤ"),
        ("1.", 2.0, "Tăng cường công tác tuyên truyền."),
        ("2.", 2.0, "Kiểm tra, giám sát việc thực hiện."),
    ]
    assert all(start <= p.start and p.end <= end for p in found)


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_structure_no_paragraphs_in_blank_text(text):
    assert paragraphs(text) == []
