from datetime import date

import pytest

from extractors.citations import extract_citations


def _offsets_hold(text, citations):
    for c in citations:
        assert text[c.start : c.end] == c.text, c


# (sentence, number key, doc_type, date, issuer): the way directives cite other documents.
CITED = [
    (
        "Thực hiện Nghị quyết số 12-NQ/TW ngày 16/3/2022 của Bộ Chính trị về tiếp tục đẩy "
        "mạnh xây dựng lực lượng Công an nhân dân thật sự trong sạch, vững mạnh.",
        "12-NQ/TW", "Nghị quyết", date(2022, 3, 16), "Bộ Chính trị",
    ),
    (
        "Căn cứ Nghị định số 42/2021/NĐ-CP ngày 31 tháng 3 năm 2021 của Chính phủ quy định "
        "việc xây dựng, hoàn thiện tổ chức bộ máy;",
        "42/2021/NĐ-CP", "Nghị định", date(2021, 3, 31), "Chính phủ",
    ),
    (
        "Thực hiện Công văn số 1468/UBND-VX ngày 05/6/2025 của UBND tỉnh về việc tăng cường "
        "công tác phòng, chống dịch bệnh mùa mưa.",
        "1468/UBND-VX", "Công văn", date(2025, 6, 5), "Ủy ban nhân dân tỉnh",
    ),
    (  # OCR spacing inside the number: the key has no spaces
        "Triển khai Công văn số 2449 -CV/ĐU ngày 10/3/2026 của Đảng ủy tỉnh về việc thực "
        "hiện Chương trình hành động.",
        "2449-CV/ĐU", "Công văn", date(2026, 3, 10), "Đảng ủy tỉnh",
    ),
    (
        "Quán triệt Nghị quyết số 03-NQ/ĐUCA ngày 16 tháng 3 năm 2022 của Đảng ủy Công an "
        "tỉnh về xây dựng Công an xã vững mạnh.",
        "03-NQ/ĐUCA", "Nghị quyết", date(2022, 3, 16), "Đảng ủy Công an tỉnh",
    ),
    (  # a comma between the number and its date
        "Thực hiện Kết luận số 75-KL/TW, ngày 10/10/2024 của Ban Bí thư về tiếp tục thực hiện "
        "Chỉ thị số 05-CT/TW.",
        "75-KL/TW", "Kết luận", date(2024, 10, 10), "Ban Bí thư",
    ),
    (
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 02/3/2012 của Thủ tướng Chính phủ về việc chấn "
        "chỉnh công tác quản lý.",
        "07/CT-TTg", "Chỉ thị", date(2012, 3, 2), "Thủ tướng Chính phủ",
    ),
    (  # the printed type word wins over the code: QĐ in a Party number is also a Quy định
        "Theo Quy định số 66-QĐ/TW ngày 06/02/2017 của Ban Chấp hành Trung ương về thể loại, "
        "thẩm quyền ban hành văn bản của Đảng.",
        "66-QĐ/TW", "Quy định", date(2017, 2, 6), "Ban Chấp hành Trung ương",
    ),
    (
        "Căn cứ Luật số 42/2024/QH15 ngày 29/6/2024 của Quốc hội;",
        "42/2024/QH15", "Luật", date(2024, 6, 29), "Quốc hội",
    ),
    (  # "Văn bản" names no type: the code has none either, so a Công văn
        "Thực hiện Văn bản số 474/BCA-H02 ngày 01/3/2024 của Bộ Công an về việc bố trí trụ "
        "sở làm việc cho Công an xã.",
        "474/BCA-H02", "Công văn", date(2024, 3, 1), "Bộ Công an",
    ),
    (
        "Thực hiện Quyết định số 1234/QĐ-UBND ngày 16 tháng 3 năm 2022 của Chủ tịch UBND "
        "tỉnh về việc phê duyệt Đề án.",
        "1234/QĐ-UBND", "Quyết định", date(2022, 3, 16), "Chủ tịch Ủy ban nhân dân tỉnh",
    ),
    (  # spaced dash from typing; no issuer stated
        "Căn cứ Kế hoạch số 12 - KH/ĐU ngày 5/1/2026, Ban Thường vụ Đảng ủy xã triển khai "
        "như sau:",
        "12-KH/ĐU", "Kế hoạch", date(2026, 1, 5), None,
    ),
    (  # the type from the code when "Văn bản" is the only word before it
        "Đề nghị các chi bộ nghiên cứu Văn bản số 35-HD/BTCTW để thực hiện.",
        "35-HD/BTCTW", "Hướng dẫn", None, None,
    ),
    (  # an impossible day (OCR or typing): the number is kept, the date is not invented
        "Căn cứ Quyết định số 968/QĐ-UBND ngày 30/02/2024 của UBND tỉnh về việc phê duyệt "
        "danh mục.",
        "968/QĐ-UBND", "Quyết định", None, "Ủy ban nhân dân tỉnh",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "doc_type", "issued", "issuer"), CITED)
def test_citations_number_type_date_issuer(text, number, doc_type, issued, issuer):
    found = extract_citations(text)
    _offsets_hold(text, found)
    assert found[0].number == number
    assert (found[0].doc_type, found[0].date, found[0].issuer) == (doc_type, issued, issuer)


def test_citations_own_number_is_not_a_citation():
    text = (
        "Công văn số 226 -CV/ĐU này thay thế Công văn số 200-CV/ĐU ngày 02/01/2026 của Ban "
        "Thường vụ Đảng ủy xã."
    )
    found = extract_citations(text, own_number="226-CV/ĐU")
    _offsets_hold(text, found)
    assert [c.number for c in found] == ["200-CV/ĐU"]
    assert extract_citations(text, own_number="226 - CV/ĐU")[0].number == "200-CV/ĐU"
    assert [c.number for c in extract_citations(text)] == ["226-CV/ĐU", "200-CV/ĐU"]


@pytest.mark.parametrize(
    ("text", "date_", "issuer"),
    [
        (  # the second mention states the date and issuer
            "Tiếp tục thực hiện Chỉ thị số 20-CT/TU; Chỉ thị số 20-CT/TU ngày 10/10/2024 "
            "của Ban Thường vụ Tỉnh ủy về tăng cường công tác bảo vệ môi trường.",
            date(2024, 10, 10),
            "Ban Thường vụ Tỉnh ủy",
        ),
        (  # an OCR-spaced second mention is the same document
            "Chỉ thị số 20-CT/TU ngày 10/10/2024 của Ban Thường vụ Tỉnh ủy và các văn bản "
            "hướng dẫn thực hiện Chỉ thị số 20 - CT/TU",
            date(2024, 10, 10),
            "Ban Thường vụ Tỉnh ủy",
        ),
    ],
)
def test_citations_one_per_number(text, date_, issuer):
    found = extract_citations(text)
    _offsets_hold(text, found)
    assert [(c.number, c.date, c.issuer) for c in found] == [("20-CT/TU", date_, issuer)]
    assert found[0].start == text.index("20-CT/TU")  # the first mention


def test_citations_in_order_of_first_mention():
    text = (
        "Căn cứ Nghị định số 55/2023/NĐ-CP, ngày 21/7/2023 của Chính phủ; Nghị định số "
        "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; thực hiện Hướng "
        "dẫn số 35-HD/BTCTW ngày 15/12/2025 của Ban Tổ chức Trung ương và Quy định số "
        "24-QĐ/TW ngày 30/7/2021."
    )
    found = extract_citations(text)
    _offsets_hold(text, found)
    assert [(c.number, c.doc_type, c.date) for c in found] == [
        ("55/2023/NĐ-CP", "Nghị định", date(2023, 7, 21)),
        ("30/2020/NĐ-CP", "Nghị định", date(2020, 3, 5)),
        ("35-HD/BTCTW", "Hướng dẫn", date(2025, 12, 15)),
        ("24-QĐ/TW", "Quy định", date(2021, 7, 30)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2025, toàn tỉnh đạt 12/15 chỉ tiêu chủ yếu; 100% xã đạt chuẩn tiếp cận pháp luật.",
        "Ngày 16/3/2022, Bộ Chính trị ban hành Nghị quyết về xây dựng lực lượng Công an nhân dân.",
        "Theo Quyết định số 15 năm 2020, giai đoạn 2021-2025 tỉnh đã hoàn thành kế hoạch.",
    ],
)
def test_citations_numbers_that_cite_nothing(text):
    assert extract_citations(text) == ()


def test_citations_form_codes_and_standards_are_not_documents():
    text = (
        "Hồ sơ gồm Tờ khai theo Mẫu số 01/HĐBC-QH và Biên bản theo mẫu số 02/BB-UBBC. "
        "Công trình áp dụng QCVN 06:2022/BXD và TCVN 3890:2023. "
        "Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ."
    )
    assert [c.number for c in extract_citations(text)] == ["30/2020/NĐ-CP"]


def test_citations_number_broken_after_its_hyphen():
    text = "Thực hiện Kế hoạch số 186/KH-\nUBND ngày 05/3/2025 của Ủy ban nhân dân tỉnh."
    (found,) = extract_citations(text)
    assert (found.number, found.doc_type, str(found.date)) == (
        "186/KH-UBND",
        "Kế hoạch",
        "2025-03-05",
    )
