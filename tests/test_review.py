"""Needs-review flags (extractors/review.py): values a person should check, with the
reason, in the extraction JSON and the API; on real documents."""

from __future__ import annotations

from functools import cache

import pytest

from extractors.export import to_record
from extractors.pipeline import extract
from extractors.records import Extraction, Header
from extractors.review import HandReading, flag_reading, flag_text
from flows.pipeline import extract_reading
from readers import read_document
from readers.document import ReadDocument
from tests.conftest import ROOT

DEV = ROOT / "corpus" / "dev"


@cache
def _read(name: str) -> ReadDocument:
    return read_document(DEV / name)


def _flags(extraction: Extraction) -> dict[str, str]:
    return {r.field: r.reason for r in extraction.reviews}


@pytest.mark.ocr
def test_review_an_unreadable_handwritten_number_is_flagged_not_guessed():
    # the số "01" is written by hand; the pen reads as "27" at 41 %: left unread
    document = _read("ct-01-CT-UBND-QuangNgai-2021-scan-lowres.pdf")
    [number] = [h for h in document.reading.handwritten if h.kind == "number"]
    assert number.digits == "" and number.confidence < 50
    extraction = extract_reading(document)
    value = extraction.header.number.value if extraction.header.number else ""
    assert not any(c.isdigit() for c in value.split("/")[0])  # no digits guessed
    flags = _flags(extraction)
    assert "viết tay" in flags["number"] and "không đọc được" in flags["number"]
    assert "needs_review" in to_record(extraction)
    assert any(r["field"] == "number" for r in to_record(extraction)["needs_review"])


@pytest.mark.ocr
def test_review_a_handwritten_number_read_with_confidence_is_not_flagged():
    document = _read("tb-660-TB-UBND-QuangNgai-2024-scan.pdf")
    extraction = extract_reading(document)
    assert extraction.header.number.value == "660/TB-UBND"
    assert "number" not in _flags(extraction)


def test_review_handwriting_read_below_sure_is_flagged_with_its_reading():
    extraction = extract(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 44/CT-UBND\n"
        "Quảng Ngãi, ngày 11 tháng 9 năm 2024\nCHỈ THỊ\nVề việc phòng chống bão\n"
    )
    flagged = flag_reading(extraction, [HandReading("number", "44", 89.0)], None)
    assert "“44”" in _flags(flagged)["number"] and "89%" in _flags(flagged)["number"]
    assert flagged.header.number == extraction.header.number  # flags never change values


def test_review_low_ocr_confidence_flags_the_header():
    extraction = extract("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 5/CT-UBND\nCHỈ THỊ\nVề việc x\n")
    flags = _flags(flag_reading(extraction, [], 55.0))
    assert "55%" in flags["issuer"]


def test_review_header_fields_that_could_not_be_read():
    flags = _flags(
        extract(
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố:     /KH-UBND\nQuảng Ngãi, ngày   tháng 02 năm 2025\nKẾ HOẠCH\nVề việc x\n"
        )
    )
    assert "number" in flags and "date" in flags and "một phần" in flags["date"]
    assert "issuer" not in flags


def test_review_an_issuer_inferred_from_the_text_is_flagged():
    extraction = extract(_read("tb-VPCP-2025-ketluan-TTg-mua-lu-NamTrungBo-web-noheader.txt").text)
    assert extraction.header.issuer.value == "Văn phòng Chính phủ"
    assert "suy ra từ nội dung" in _flags(extraction)["issuer"]


def test_review_a_well_read_text_document_has_no_header_flags():
    extraction = extract(_read("kh-165-KH-UBND-CanTho-2025-cong-tac-dan-so-web.txt").text)
    assert not {"number", "date", "issuer", "subject"} & set(_flags(extraction))


def test_review_tasks_without_a_lead_are_flagged_on_their_record():
    extraction = extract(_read("cv-226-CV-DU-VuDuong-2026.txt").text)
    record = to_record(extraction)
    for i, (task, rec) in enumerate(zip(extraction.tasks, record["tasks"], strict=True)):
        assert bool(rec["needs_review"]) == any(
            r.field.startswith(f"tasks[{i}]") for r in extraction.reviews
        )
        if not task.lead:
            assert "Chưa xác định được đơn vị chủ trì" in rec["needs_review"]


def test_review_flag_text_on_an_empty_header_names_the_missing_issuer():
    flags = _flags(flag_text(Extraction(header=Header()), 0))
    assert flags == {"issuer": "Không xác định được cơ quan ban hành"}
