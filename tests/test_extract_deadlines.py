from datetime import date

import pytest

from extractors.deadlines import find_deadline, find_period, find_recurrence

ISSUED = date(2025, 8, 20)
BASE = 1000  # offsets are shifted by base: the sentence sits inside a document


# (sentence, the deadline phrase as printed (the found phrase ends with it), due)
DUE = [
    ("Tổng kết, đánh giá kết quả thực hiện, hoàn thành chậm nhất trong quý III/2023.",
     "chậm nhất trong quý III/2023", date(2023, 9, 30)),
    ("Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh trong tháng 10/2025.",
     "trong tháng 10/2025", date(2025, 10, 31)),
    ("Phấn đấu trước năm 2030, 100% xã đạt chuẩn nông thôn mới nâng cao.",
     "trước năm 2030", date(2029, 12, 31)),
    ("Phấn đấu đến năm 2025 có 100% xã, thị trấn bố trí Công an chính quy.",
     "đến năm 2025", date(2025, 12, 31)),
    ("Báo cáo kết quả về Ban Thường vụ Đảng ủy trước ngày 15/9/2025.",
     "trước ngày 15/9/2025", date(2025, 9, 15)),
    ("Gửi báo cáo về Sở Tài chính chậm nhất ngày 15/9/2025 để tổng hợp.",
     "chậm nhất ngày 15/9/2025", date(2025, 9, 15)),
    ("Các đơn vị xây dựng kế hoạch triển khai trong 30 ngày kể từ ngày ký.",
     "trong 30 ngày kể từ ngày ký", date(2025, 9, 19)),
    ("Sơ kết việc thực hiện trong 6 tháng đầu năm 2025.",
     "6 tháng đầu năm 2025", date(2025, 6, 30)),
    ("Thời gian thực hiện: năm 2026.",
     "năm 2026", date(2026, 12, 31)),
    ("Ban hành quy chế phối hợp, hoàn thành trước ngày 30 tháng 6 năm 2026.",
     "trước ngày 30 tháng 6 năm 2026", date(2026, 6, 30)),
    ("Tổ chức sơ kết 05 năm thực hiện Nghị quyết trong quý II năm 2026.",
     "trong quý II năm 2026", date(2026, 6, 30)),
    ("Trình Ủy ban nhân dân tỉnh phê duyệt chậm nhất trong tháng 10 năm 2025.",
     "chậm nhất trong tháng 10 năm 2025", date(2025, 10, 31)),
    ("Rà soát, hoàn thành xong trước ngày 15-9-2025.",
     "trước ngày 15-9-2025", date(2025, 9, 15)),
    ("Hoàn thành việc kê khai tài sản trong tháng 02/2024.",  # a leap February
     "trong tháng 02/2024", date(2024, 2, 29)),
    ("Báo cáo kết quả chậm nhất sau 10 ngày kể từ ngày ký văn bản này.",
     "chậm nhất sau 10 ngày kể từ ngày ký", date(2025, 8, 30)),
    # a date without a year: the year of issue, or the next when the day has passed
    ("Các xã gửi báo cáo về Sở Nội vụ trước ngày 20/12 để tổng hợp.",
     "trước ngày 20/12", date(2025, 12, 20)),
    ("Hoàn thành việc rà soát trước ngày 15 tháng 01 để trình Ủy ban nhân dân tỉnh.",
     "trước ngày 15 tháng 01", date(2026, 1, 15)),
    # working days skip the weekend (20/8/2025 is a Wednesday)
    ("Trả lời bằng văn bản trong 05 ngày làm việc kể từ ngày ký.",
     "trong 05 ngày làm việc kể từ ngày ký", date(2025, 8, 27)),
    ("Sở Tài chính thẩm định trong thời hạn 03 tháng.",
     "trong thời hạn 03 tháng", date(2025, 11, 20)),
    ("Tổng kết, báo cáo kết quả trong quí II năm 2026.",  # the old spelling of quý
     "trong quí II năm 2026", date(2026, 6, 30)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "due"), DUE)
def test_deadlines_forms_and_due_dates(text, phrase, due):
    found = find_deadline(text, base=BASE, issued=ISSUED)
    assert found is not None
    assert text[found.start - BASE : found.end - BASE] == found.text
    assert found.text.endswith(phrase)
    assert found.due == due


@pytest.mark.parametrize(
    "text",
    [
        # a cited document's date is not a deadline
        "Căn cứ Chỉ thị số 20-CT/TU, ngày 10/10/2024 của Ban Thường vụ Tỉnh ủy.",
        "Ngày 15/9/2025, Sở Tài chính tổ chức hội nghị tập huấn cho các địa phương.",
        # a period of the past, a recurring day, an impossible date
        "Giai đoạn 2021 - 2025, tỉnh đã đạt nhiều kết quả quan trọng.",
        "Định kỳ 06 tháng, 01 năm báo cáo kết quả về Ban Thường vụ Tỉnh ủy.",
        "Các đơn vị gửi báo cáo trước ngày 15 hằng tháng.",
        "Gửi hồ sơ về Sở Nội vụ trước ngày 31/02/2025.",
    ],
)
def test_deadlines_none_where_no_deadline(text):
    assert find_deadline(text, issued=ISSUED) is None


def test_deadlines_relative_without_issue_date_has_no_due():
    text = "Ban hành kế hoạch trong 30 ngày kể từ ngày ký."
    found = find_deadline(text)
    assert found is not None and found.due is None
    assert text[found.start : found.end] == found.text == "trong 30 ngày kể từ ngày ký"


def test_deadlines_the_first_phrase_wins():
    text = "Trình Ủy ban nhân dân tỉnh trước ngày 31/12/2025; tổ chức sơ kết trong quý IV/2026."
    found = find_deadline(text, issued=ISSUED)
    assert found is not None
    assert (found.text, found.due) == ("trước ngày 31/12/2025", date(2025, 12, 31))
    assert text[found.start : found.end] == found.text


RECURRING = [
    ("Định kỳ 06 tháng, 01 năm báo cáo kết quả về Ban Thường vụ Tỉnh ủy.",
     {"semiannual", "annual"}),
    ("Hằng quý báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.", {"quarterly"}),
    ("Các đơn vị báo cáo tiến độ trước ngày 15 hằng tháng.", {"monthly"}),
    ("Hằng năm, tổ chức sơ kết, đánh giá kết quả thực hiện Chỉ thị.", {"annual"}),
    ("Duy trì chế độ giao ban định kỳ hằng tuần.", {"weekly"}),
    ("Báo cáo định kỳ 6 tháng và hằng năm về Sở Nội vụ.", {"semiannual", "annual"}),
    ("Định kỳ 3 tháng báo cáo kết quả về Thường trực Tỉnh ủy.", {"quarterly"}),
    ("Báo cáo nhanh tình hình mưa lũ trước 16 giờ hằng ngày.", {"daily"}),
    # "6 tháng đầu năm" is a period, "05 năm" a one-off review, "06 tháng" a duration
    ("Hoàn thành trong 6 tháng đầu năm 2025.", set()),
    ("Tổ chức sơ kết 05 năm thực hiện Nghị quyết.", set()),
    ("Triển khai thí điểm trong 06 tháng, kể từ ngày ký.", set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), RECURRING)
def test_deadlines_recurrence(text, expected):
    found = find_recurrence(text)
    assert set(found) == expected
    assert len(found) == len(set(found))


def test_deadlines_from_an_event_the_text_cannot_date():
    text = "Trả lời trong 10 ngày làm việc kể từ ngày nhận được văn bản."
    found = find_deadline(text, issued=ISSUED)
    assert found is not None and found.due is None
    assert found.text.startswith("trong 10 ngày làm việc kể từ ngày nhận được")


def test_deadlines_a_dated_phrase_wins_over_an_undated_one():
    text = "Trả lời trong 10 ngày kể từ ngày nhận được văn bản, chậm nhất ngày 30/9/2025."
    found = find_deadline(text, issued=ISSUED)
    assert found is not None and found.due == date(2025, 9, 30)


@pytest.mark.parametrize(
    ("value", "due"),
    [
        ("Quý I/2026", date(2026, 3, 31)),
        ("Tháng 11/2025", date(2025, 11, 30)),
        ("30/9/2025", date(2025, 9, 30)),  # a bare date in a time column
        ("ngày Tháng 11/2025", date(2025, 11, 30)),
        ("Quý IV/2025 và Quý I/2026", date(2026, 3, 31)),  # due at the last period
        ("Từ tháng 01 đến ngày bầu cử 15/3/2026", date(2026, 3, 15)),
        ("Dự kiến tháng 11/2025 (sau khi tỉnh ban hành Hướng dẫn)", date(2025, 11, 30)),
        ("trong quý II năm 2026", date(2026, 6, 30)),  # not the year inside it
        ("Thường xuyên", None),
        ("Năm 2025 và các năm tiếp theo", None),
        ("Sau ngày bầu cử 15/3/2026", None),  # after, not by
    ],
)
def test_deadlines_time_column_values(value, due):
    found = find_period(value, base=BASE, issued=ISSUED)
    assert (found.due if found else None) == due
    if found is not None:
        assert found.text == value.strip().rstrip(".")
