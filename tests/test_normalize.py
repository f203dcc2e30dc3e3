import unicodedata

import pytest

from extractors.fold import fold, fold_d, strip_accents
from extractors.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),  # old tone placement
        ("hoà bình, khoẻ mạnh, thuỷ lợi", "hòa bình, khỏe mạnh, thủy lợi"),
        ("HOÀ", "HÒA"),
        ("quý III/2023", "quý III/2023"),  # qu + y: the mark stays on y
        ("hoàn thành, khuyến khích", "hoàn thành, khuyến khích"),  # closed syllables untouched
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
        ("phát-\ntriển", "pháttriển"),
        ("kinh tế -\nxã hội", "kinh tế -\nxã hội"),
        ("a\u00a0b\u200bc", "a bc"),
        ("  một  hai \n\n\n\nba  ", "một hai\n\nba"),
    ],
)
def test_normalize_cases(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Đảng ủy xã Vũ Dương")
    assert nfd != "Đảng ủy xã Vũ Dương"
    assert normalize_text(nfd) == "Đảng ủy xã Vũ Dương"


def test_normalize_keeps_layout_columns():
    assert normalize_text("ỦY BAN NHÂN DÂN         CỘNG HÒA") == "ỦY BAN NHÂN DÂN   CỘNG HÒA"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng ủy Công an xã", "dang uy cong an xa"),
        ("Nghị  quyết\nsố 12-NQ/TW", "nghi quyet so 12-nq/tw"),
        ("HỎA TỐC", "hoa toc"),
    ],
)
def test_fold_removes_accents_and_d(text, folded):
    assert fold(text) == folded


def test_fold_d_keeps_offsets():
    text = "Đảng ủy đề nghị"
    assert len(fold_d(text)) == len(text)
    assert strip_accents(text) == "Dang uy de nghi"
