import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import underthesea

from readers.quality import SYLLABLES, is_syllable, page_usable, text_stats, vietnamese_ratio
from readers.syllables import generate_syllables, key
from tests.conftest import ROOT

HARD = ROOT / "corpus" / "hard"
UNDERTHESEA_WORDS = Path(underthesea.__file__).parent / "corpus" / "data"


def test_quality_shipped_syllables_match_the_generator():
    shipped = SYLLABLES.read_text(encoding="utf-8").split("\n")
    assert shipped[-1] == ""  # one syllable a line, newline-terminated
    assert shipped[:-1] == generate_syllables()


def _dictionary_syllables(name: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in (UNDERTHESEA_WORDS / name).read_text(encoding="utf-8").splitlines():
        for part in re.split(r"[\s\-]+", unicodedata.normalize("NFC", line.strip().lower())):
            if re.fullmatch(r"[^\W\d_]+", part):
                counts[part] += 1
    return counts


def test_quality_syllables_cover_underthesea_dictionary():
    """Viet11K (underthesea's common-word list): only English words and typos are missing."""
    counts = _dictionary_syllables("Viet11K.txt")
    generated = {key(s) for s in generate_syllables()}
    missing = {w: n for w, n in counts.items() if key(w) not in generated}
    assert sum(missing.values()) / sum(counts.values()) < 0.001, sorted(missing)
    assert len(missing) <= 15, sorted(missing)


@pytest.mark.parametrize(
    "word",
    ["quốc", "Nguyễn", "khuỷu", "giữa", "gì", "giếng", "yêu", "hoà", "hòa", "ủy", "uỷ",
     "kỹ", "kĩ", "quý", "quí", "thuở", "ĐẢNG", "Ngãi", "oái", "Đắk", "Lắk", "Kon"],
)  # fmt: skip
def test_quality_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["céng", "chÝnh", "hßa", "cz", "vit", "ngía", "ka", "ghá", "qoa", "the1", "Cá»™ng", "Luát"],
)
def test_quality_invalid_syllables(word):
    assert not is_syllable(word)


VIETNAMESE = {
    "body": (
        "Để khắc phục những tồn tại, hạn chế nêu trên, Chủ tịch Ủy ban nhân dân tỉnh yêu "
        "cầu Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các huyện thực hiện "
        "tốt các nhiệm vụ sau đây."
    ),
    "header with codes": (
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\nSố: 968/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nNinh Bình, ngày 04 tháng 11 năm 2024\n"
        "Căn cứ Luật số 42/2024/QH15 ngày 29/6/2024; Nghị định số 08/2016/NĐ-CP; HĐND, UBND."
    ),
    "old tone placement": "Uỷ ban nhân dân tỉnh Khánh Hoà thực hiện quy hoạch, khoẻ mạnh, thuỷ lợi",
    "signature page": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐặng Văn Minh",
    "page number": "- 3 -",
    "table of numbers": "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23",
    "ocr noise": (
        "Triển khai Kết luận số 18-KL/TW ngày 02 tháng. 4 năm 2026 của Ban Chấp hành "
        "Trung ương Đảng khóa XIV về Kế hoạch phát triển kinh tế - xã hội, tài chính "
        "quốc g1a và vay, trả nợ công, ““2 con số”, | — ..."
    ),
}

GARBAGE = {
    "broken font map (qd-1050)": (
        "UBND 7ӌ1+ L¿O CAI &Ӝ1* H“A XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM\n6Ӣ C‘NG 7+ѬѪ1* ĈӝF OұS - 7ӵ do"
        " - +ҥQK ph˙c\nKiӇm tra YLӋF FKҩS h‡nh ph·p OXұW trong sӱ dөng v‡ bҧo quҧn vұt liӋu nә"
    ),
    "TCVN3 shown as Latin-1": (
        "céng hßa x· héi chñ nghÜa viÖt nam §éc lËp - Tù do - H¹nh phóc C¨n cø LuËt Tæ chøc"
        " ChÝnh phñ ngµy 25 th¸ng 12 n¨m 2001"
    ),
    "VNI shown as Latin-1": (
        "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM Ñoäc laäp - Töï do - Haïnh phuùc "
        "Caên cöù Luaät Toå chöùc chính quyeàn ñòa phöông"
    ),
    "UTF-8 read as Latin-1": (
        "Cá»™ng hÃ²a xÃ£ há»™i chá»§ nghÄ©a Viá»‡t Nam Ä á»™c láº­p Tá»± do Háº¡nh phÃºc"
    ),
    "English OCR of a scan (qd-968)": (
        "UY BAN NHAN DAN CONG HOA xA HO! CHIJ NGHIA VIT NAM TINH NINH B!NH Dc 1p — Tir do — "
        "Hinh phüc QUYET DINH Phê chun kt qua bâu chtrc viii Chü tjch Uy ban nhn dan huyn "
        "Yen Khánh, nhim k 2021-2026 Can cz' Lut Td chi'c chInh quyn djaphwo'ng"
    ),
    "without diacritics": (
        "Uy ban nhan dan tinh yeu cau Thu truong cac so, ban, nganh va Chu tich Uy ban nhan "
        "dan cac huyen, thi xa, thanh pho thuc hien tot cac nhiem vu sau day de khac phuc "
        "nhung ton tai, han che neu tren trong cong tac thi hanh an hanh chinh"
    ),
    "empty": " \n\n ",
}


@pytest.mark.parametrize("text", VIETNAMESE.values(), ids=VIETNAMESE.keys())
def test_quality_vietnamese_is_usable(text):
    verdict = page_usable(text)
    assert verdict.usable, verdict.reason


@pytest.mark.parametrize("text", GARBAGE.values(), ids=GARBAGE.keys())
def test_quality_garbage_is_not_usable(text):
    usable, reason = page_usable(text)
    assert not usable
    assert reason


def test_quality_ratio_counts_words_not_codes():
    stats = text_stats("Số: 123/QĐ-UBND ngày 19/6/2015 của UBND tỉnh, V/v 6Ӣ")
    assert stats.codes == 3  # 123/QĐ-UBND, 19/6/2015, V/v
    assert stats.abbreviations == 1  # UBND
    assert stats.junk == 1  # 6Ӣ
    assert stats.valid == 4  # Số ngày của tỉnh
    assert vietnamese_ratio("Cộng hòa xã hội chủ nghĩa Việt Nam") == 1.0


def test_quality_scan_with_a_stamp_in_its_text_layer_is_not_usable():
    stamp = "ĐẾN Số: 1234 Ngày: 05/5/2026 Chuyển:"
    assert page_usable(stamp).usable  # a short born-digital page is fine
    usable, reason = page_usable(stamp, image_cover=1.0)
    assert not usable and "image" in reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf", "not Vietnamese"),
        ("qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf", "not Vietnamese"),
        ("cv-464-TTg-CDS-2026-scan.pdf", "no text"),
    ],
)
def test_quality_real_text_layers_rejected(name, reason):
    pdf = pdfium.PdfDocument((HARD / name).read_bytes())
    try:
        verdicts = [page_usable(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()
    assert all(not v.usable and reason in v.reason for v in verdicts), verdicts


@pytest.mark.parametrize(
    "name", ["cv-706-UBND-VP7-NinhBinh-2024.pdf", "nd-55-2023-ND-CP-signed.pdf"]
)
def test_quality_real_text_layers_accepted(name):
    pdf = pdfium.PdfDocument((ROOT / "corpus" / "samples" / name).read_bytes())
    try:
        for i in range(len(pdf)):
            verdict = page_usable(pdf[i].get_textpage().get_text_range())
            assert verdict.usable and verdict.ratio > 0.97, (i + 1, verdict)
    finally:
        pdf.close()
