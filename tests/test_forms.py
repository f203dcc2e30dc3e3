"""Forms and templates in annexes (extractors/forms.py) yield no tasks and no citations;
on a real decision with form annexes and on the shapes the genre uses."""

from __future__ import annotations

from extractors.forms import form_spans, is_form
from extractors.pipeline import extract
from readers import read_document
from tests.conftest import ROOT

HUE = ROOT / "corpus" / "dev" / "qd-125-2025-QD-UBND-Hue-2025-quy-trinh-mau-bieu-web.txt"


def test_forms_annexed_forms_are_masked_and_the_procedure_is_not():
    text = read_document(HUE).text
    [(start, end)] = form_spans(text)
    assert text[start:end].lstrip(" *\n").startswith("Mẫu 01")
    assert "Tôi tên là" in text[start:end]  # the application form
    assert "Bước 2." not in text[start:end]  # the procedure's steps stay content
    extraction = extract(text)
    assert extraction.tasks
    assert not any(start <= t.start < end for t in extraction.tasks)
    assert not any(start <= c.start < end for c in extraction.citations)


FORM = """Mẫu số 02/HĐBC
ỦY BAN NHÂN DÂN .......(1)........
Số: ..../....
BIÊN BẢN
Đề nghị Ủy ban nhân dân xã ……………… xem xét
Họ và tên: …………………………
Địa chỉ: ……………………………
NGƯỜI LẬP
(Ký, ghi rõ họ tên)
"""


def test_forms_a_named_form_with_placeholders_is_a_form():
    assert is_form(FORM)
    text = (
        "KẾ HOẠCH\nThực hiện công tác bầu cử năm 2026\n\nI. NHIỆM VỤ\n"
        "1. Giao Sở Tài chính chủ trì rà soát kinh phí, hoàn thành trước ngày 30/6/2026.\n\n" + FORM
    )
    spans = form_spans(text)
    assert spans == [(text.index("Mẫu số 02"), len(text))]
    tasks = extract(text, models=False).tasks
    assert [t.text.split()[0] for t in tasks] == ["Giao"]


def test_forms_an_annex_of_tasks_with_dotted_cells_is_not_a_form():
    annex = (
        "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
        "TT | Nội dung | Đơn vị chủ trì | Thời gian\n"
        "1 | Rà soát quy hoạch | Sở Xây dựng | ……\n"
        "2 | Kiểm tra hồ sơ | Sở Tài chính | ……\n"
        "3 | Báo cáo kết quả | Sở Nội vụ | ……\n"
    )
    assert not is_form(annex)
    # an annex heading with blanks but no signature instruction is no form either
    assert not is_form("PHỤ LỤC\nKết quả: ………\nGhi chú: ………\nSố liệu: ………\nNguồn: ………\n")
