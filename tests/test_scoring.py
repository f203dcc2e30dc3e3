"""The scoring rules of shared/GOLD_FORMAT.md, pinned on small gold-shaped records."""

import unicodedata

import pytest
from rapidfuzz import fuzz

from evaluation.scoring import (
    add_counts,
    fold,
    match_tasks,
    score_document,
    summarize,
    token_f1,
)


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("  Uỷ ban nhân dân  tỉnh Khánh Hoà. ", "ủy ban nhân dân tỉnh khánh hòa"),
        ("ĐẢNG ỦY XÃ VŨ DƯƠNG", "đảng ủy xã vũ dương"),
        ("“Ban Thường vụ Tỉnh ủy”", "ban thường vụ tỉnh ủy"),
        ("- Các sở, ban, ngành;", "các sở, ban, ngành"),
        ("Ủy ban\nnhân dân   xã", "ủy ban nhân dân xã"),
        (unicodedata.normalize("NFD", "Hội đồng nhân dân"), "hội đồng nhân dân"),
    ],
)
def test_scoring_fold(value, folded):
    assert fold(value) == folded


def test_scoring_fold_keeps_diacritics():
    assert fold("Đảng ủy") != fold("Dang uy")
    assert fold("226-CV/ĐU") != fold("226-CV/DU")


# (predicted subject, gold subject, a match: token F1 of folded words >= 0.8)
SUBJECTS = [
    ("tuyển chọn và gọi công dân nhập ngũ năm 2025",
     "tuyển chọn và gọi công dân nhập ngũ năm 2025", True),
    ("V/v tuyển chọn và gọi công dân nhập ngũ năm 2025",
     "tuyển chọn và gọi công dân nhập ngũ năm 2025", True),
    ("về tuyển chọn và gọi công dân nhập ngũ",
     "tuyển chọn và gọi công dân nhập ngũ năm 2025", True),
    ("bảo vệ môi trường rừng", "bảo vệ môi trường biển", True),  # exactly 0.8
    ("triển khai thực hiện Nghị quyết số 60-NQ/TW",
     "triển khai thực hiện Kết luận số 60-NQ/TW", False),  # 0.75
    ("tuyển chọn công dân", "tuyển chọn và gọi công dân nhập ngũ năm 2025", False),
]  # fmt: skip


@pytest.mark.parametrize(("predicted", "gold", "match"), SUBJECTS)
def test_scoring_subject_token_f1_at_least_0_8(predicted, gold, match):
    assert (token_f1(predicted, gold) >= 0.8) is match
    counts = score_document({"subject": predicted}, {"subject": gold})
    assert counts["subject"] == {"correct": int(match), "n": 1, "spurious": 0}


# (field, predicted record, gold record, counts): accuracy over non-null gold, and
# separately the values predicted where the gold is null
ACCURACY = [
    ("doc_type", {"doc_type": "CÔNG VĂN"}, {"doc_type": "Công văn"},
     {"correct": 1, "n": 1, "spurious": 0}),
    ("issuer", {"issuer": "Đảng uỷ xã Vũ Dương."}, {"issuer": "Đảng ủy xã Vũ Dương"},
     {"correct": 1, "n": 1, "spurious": 0}),
    ("number", {"number": "226-CV/DU"}, {"number": "226-CV/ĐU"},
     {"correct": 0, "n": 1, "spurious": 0}),
    ("number", {}, {"number": "1468/UBND-VX"}, {"correct": 0, "n": 1, "spurious": 0}),
    ("date", {"date": "2026-06"}, {"date": "2026-06-11"}, {"correct": 0, "n": 1, "spurious": 0}),
    ("urgency", {"urgency": "Khẩn"}, {"urgency": None}, {"correct": 0, "n": 0, "spurious": 1}),
    ("signer.name", {"signer": {"name": "Trương Quang Đông"}},
     {"signer": {"name": "Trương Quang Đông", "title": "Phó Bí thư Thường trực"}},
     {"correct": 1, "n": 1, "spurious": 0}),
    ("signer.title", {"signer": None}, {"signer": {"name": "Nguyễn Văn An", "title": None}},
     {"correct": 0, "n": 0, "spurious": 0}),
]  # fmt: skip


@pytest.mark.parametrize(("field", "predicted", "gold", "counts"), ACCURACY)
def test_scoring_accuracy_fields(field, predicted, gold, counts):
    assert score_document(predicted, gold)[field] == counts


def test_scoring_fields_absent_from_gold_are_not_scored():
    predicted = {
        "doc_type": "Công văn",
        "number": "226-CV/ĐU",
        "urgency": "Khẩn",
        "signer": {"name": "Trương Quang Đông", "title": "Phó Bí thư"},
        "subject": "đẩy mạnh xây dựng lực lượng Công an xã",
        "recipients": ["Chi bộ Công an xã"],
        "citations": [{"number": "12-NQ/TW"}],
        "tasks": [{"text": "Giao Sở Tài chính chủ trì rà soát các dự án đầu tư công."}],
    }
    assert score_document(predicted, {"number": "226-CV/ĐU"}) == {
        "number": {"correct": 1, "n": 1, "spurious": 0}
    }
    assert score_document(predicted, {}) == {}


def test_scoring_recipients_set_prf_micro_averaged():
    total: dict = {}
    add_counts(
        total,
        score_document(
            {"recipients": ["- Chi bộ Công an xã;", "Văn phòng Đảng ủy"]},
            {"recipients": ["Chi bộ Công an xã", "Ủy ban nhân dân xã"]},
        ),
    )  # tp 1, fp 1, fn 1
    add_counts(
        total,
        score_document(
            {"recipients": ["Các sở, ban, ngành", "UBND các huyện", "Công an tỉnh"]},
            {"recipients": ["các sở, ban, ngành", "UBND các huyện", "Công an tỉnh"]},
        ),
    )  # tp 3
    assert total["recipients"] == {"tp": 4, "fp": 1, "fn": 1}
    figures = summarize(total)["recipients"]
    assert figures["precision"] == pytest.approx(0.8)  # 4/5, not the mean of 0.5 and 1.0
    assert figures["recall"] == pytest.approx(0.8)
    assert figures["f1"] == pytest.approx(0.8)


def test_scoring_citations_on_folded_number_and_dated_matches():
    gold = {
        "citations": [
            {"doc_type": "Nghị quyết", "number": "12-NQ/TW", "date": "2022-03-16"},
            {"doc_type": "Nghị quyết", "number": "03-NQ/ĐUCA", "date": None},
            {"doc_type": "Chỉ thị", "number": "16/CT-TTg", "date": "2020-03-31"},
            {"doc_type": "Công văn", "number": "474/BCA-H02", "date": "2024-03-01"},
        ]
    }
    predicted = {
        "citations": [
            {"number": "12-nq/tw", "date": "2022-03-16"},
            {"number": "03-NQ/ĐUCA", "date": "2026-04-06"},  # gold date null: not scored
            {"number": "16/CT-TTg", "date": "2020-03-13"},
            {"number": "51-NQ/TW", "date": "2019-09-05"},  # not in the gold
        ]
    }
    counts = score_document(predicted, gold)["citations"]
    assert counts == {"tp": 3, "fp": 1, "fn": 1, "dates_correct": 1, "dates_n": 2}
    figures = summarize({"citations": counts})["citations"]
    assert (figures["precision"], figures["recall"]) == (0.75, 0.75)
    assert figures["date_accuracy"] == 0.5


# (predicted task text, gold snippet, a match)
TASK_TEXTS = [
    ("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát các dự án đầu tư công.",
     "phối hợp với Sở Xây dựng rà soát", True),
    ("Đề nghị Uỷ ban nhân dân xã chỉ đạo Công an xã tăng cường tuần tra.",
     "ĐỀ NGHỊ ỦY BAN NHÂN DÂN XÃ chỉ đạo", True),
    # OCR: partial_ratio of the folded texts at least 85
    ("Chủ trì, phối hợp với các cơ quan liên quan kiểm tra an toàn phòng cháy, chữa cháy tại "
     "các cơ sở kinh doanh.", "kiếm tra an toan phòng chảy, chừa cháy tai các cơ sờ", True),
    ("Tổ chức hội nghị sơ kết 05 năm thực hiện Chỉ thị số 20-CT/TU.",
     "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "snippet", "match"), TASK_TEXTS)
def test_scoring_task_match_by_snippet_or_partial_ratio(text, snippet, match):
    contained = fold(snippet) in fold(text)
    ratio = fuzz.partial_ratio(fold(snippet), fold(text))
    assert match is (contained or ratio >= 85)  # the example sits on the side it claims
    if not match:
        assert ratio < 85
    assert match_tasks([{"text": text}], [{"snippet": snippet}]) == ([(0, 0)] if match else [])


def test_scoring_task_matching_is_one_to_one():
    predicted = [
        {"text": "Chi bộ Công an xã: Tổ chức quán triệt nội dung Chỉ thị đến cán bộ, đảng viên."},
        {"text": "Chi bộ Quân sự xã: Tổ chức quán triệt nội dung Chỉ thị đến cán bộ, đảng viên."},
    ]
    gold = [{"snippet": "Tổ chức quán triệt nội dung Chỉ thị"}] * 3
    assert match_tasks(predicted, gold) == [(0, 0), (1, 1)]


def test_scoring_task_matching_is_greedy_in_document_order():
    # the first gold task takes the first predicted task it matches, even though the
    # second gold task matches only that one: greedy, not an optimal assignment
    predicted = [
        {"text": "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý các cấp."},
        {"text": "Rà soát, bổ sung quy hoạch sử dụng đất đến năm 2030."},
    ]
    gold = [
        {"snippet": "Rà soát, bổ sung quy hoạch"},
        {"snippet": "quy hoạch cán bộ lãnh đạo, quản lý"},
    ]
    assert match_tasks(predicted, gold) == [(0, 0)]
    assert match_tasks(predicted, list(reversed(gold))) == [(0, 0), (1, 1)]


def test_scoring_task_fields_over_matched_pairs():
    gold = {
        "tasks": [
            {
                "snippet": "chủ trì, phối hợp với Sở Xây dựng rà soát",
                "lead": ["Sở Tài chính"],
                "support": ["Sở Xây dựng", "Các cơ quan liên quan"],
                "due": "2025-09-15",
                "recurrence": [],
            },
            {
                "snippet": "Định kỳ 06 tháng, 01 năm báo cáo kết quả",
                "lead": ["Chi bộ Công an xã", "Văn phòng Đảng ủy"],
                "support": [],
                "due": None,
                "recurrence": ["semiannual", "annual"],
            },
            {
                "snippet": "Xây dựng quy chế phối hợp giữa các lực lượng",
                "lead": ["Công an xã"],
                "support": [],
                "due": None,
                "recurrence": [],
            },
        ]
    }
    predicted = {
        "tasks": [
            {"text": "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát các dự án.",
             "lead": ["Sở Tài chính"], "support": ["Sở Xây dựng"],
             "due": "2025-09-15", "recurrence": []},
            {"text": "Định kỳ 06 tháng, 01 năm báo cáo kết quả về Ban Thường vụ.",
             "lead": ["Chi bộ Công an xã"], "support": [],
             "due": None, "recurrence": ["annual", "semiannual"]},
            {"text": "Phấn đấu đến năm 2025, 100% xã có Công an chính quy.",  # spurious
             "lead": ["Công an xã"], "support": [], "due": "2025-12-31", "recurrence": []},
        ]
    }  # fmt: skip
    counts = score_document(predicted, gold)["tasks"]
    assert counts == {
        "tp": 2, "fp": 1, "fn": 1, "matched": 2,
        "lead_tp": 2, "lead_fp": 0, "lead_fn": 1, "lead_exact": 1,
        "support_tp": 1, "support_fp": 0, "support_fn": 1,
        "due_correct": 2, "recurrence_correct": 2,
    }  # fmt: skip
    figures = summarize({"tasks": counts})["tasks"]
    assert figures["precision"] == figures["recall"] == pytest.approx(2 / 3)
    assert figures["lead_f1"] == pytest.approx(0.8)  # P 2/2, R 2/3
    assert figures["lead_exact"] == 0.5
    assert figures["support_f1"] == pytest.approx(2 / 3)  # P 1/1, R 1/2
    assert (figures["due_accuracy"], figures["recurrence_accuracy"]) == (1.0, 1.0)
    assert (figures["n"], figures["predicted"]) == (3, 3)


@pytest.mark.parametrize(
    ("predicted_due", "gold_due", "correct"),
    [("2025-09-15", "2025-09-15", 1), (None, None, 1), ("2025-12-31", None, 0),
     (None, "2029-12-31", 0)],
)  # fmt: skip
def test_scoring_task_due_null_equals_null(predicted_due, gold_due, correct):
    text = "Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện."
    counts = score_document(
        {"tasks": [{"text": text, "lead": ["Sở Nội vụ"], "due": predicted_due}]},
        {"tasks": [{"snippet": "tổng hợp, báo cáo Ủy ban nhân dân tỉnh", "lead": ["Sở Nội vụ"],
                    "support": [], "due": gold_due, "recurrence": []}]},
    )["tasks"]  # fmt: skip
    assert (counts["matched"], counts["due_correct"]) == (1, correct)


def test_scoring_spurious_and_accuracy_summed_over_documents():
    total: dict = {}
    documents = [
        ({"doc_type": "Công văn", "urgency": "Khẩn"}, {"doc_type": "Công văn", "urgency": None}),
        ({"doc_type": "Kế hoạch", "urgency": None}, {"doc_type": "Chỉ thị", "urgency": "Hỏa tốc"}),
        ({"doc_type": "Nghị quyết", "urgency": "Mật"}, {"doc_type": "Nghị quyết", "urgency": None}),
    ]
    for predicted, gold in documents:
        add_counts(total, score_document(predicted, gold))
    assert total["doc_type"] == {"correct": 2, "n": 3, "spurious": 0}
    assert total["urgency"] == {"correct": 0, "n": 1, "spurious": 2}
    figures = summarize(total)
    assert figures["doc_type"]["accuracy"] == pytest.approx(2 / 3)
    assert (figures["urgency"]["accuracy"], figures["urgency"]["spurious"]) == (0.0, 2)


def test_scoring_nothing_to_find_and_nothing_found_is_perfect():
    counts = score_document({"tasks": [], "citations": []}, {"tasks": [], "citations": []})
    figures = summarize(counts)
    assert figures["tasks"]["f1"] == figures["citations"]["f1"] == 1.0
    counts = score_document({"tasks": [{"text": "Giao Sở Y tế chủ trì thực hiện."}]}, {"tasks": []})
    assert summarize(counts)["tasks"]["precision"] == 0.0
