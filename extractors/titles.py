"""Signers' titles: the closed list of positions that sign Party and State documents.

Used to read a title that OCR garbled ("PHO CHANH VAN PHONG" without its marks, "LONG BÌ
THỨ" for "TỔNG BÍ THƯ") or merged into the "Nơi nhận" column's lines. A title printed
cleanly is read as printed (extractors.signature); this list only repairs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rapidfuzz.distance import Levenshtein

TITLES = (
    "Tổng Bí thư",
    "Bí thư",
    "Phó Bí thư",
    "Phó Bí thư Thường trực",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Phó Chủ tịch Thường trực",
    "Chủ tịch nước",
    "Phó Chủ tịch nước",
    "Chủ tịch Quốc hội",
    "Phó Chủ tịch Quốc hội",
    "Thủ tướng",
    "Phó Thủ tướng",
    "Phó Thủ tướng Thường trực",
    "Bộ trưởng",
    "Thứ trưởng",
    "Thứ trưởng Thường trực",
    "Chủ nhiệm",
    "Phó Chủ nhiệm",
    "Phó Chủ nhiệm Thường trực",
    "Tổng Thư ký",
    "Giám đốc",
    "Phó Giám đốc",
    "Tổng Giám đốc",
    "Phó Tổng Giám đốc",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Phó Trưởng ban Thường trực",
    "Trưởng Tiểu ban",
    "Tổng cục trưởng",
    "Phó Tổng cục trưởng",
    "Cục trưởng",
    "Phó Cục trưởng",
    "Vụ trưởng",
    "Phó Vụ trưởng",
    "Chi cục trưởng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chánh Thanh tra",
    "Phó Chánh Thanh tra",
    "Tổng Thanh tra",
    "Chánh án",
    "Phó Chánh án",
    "Viện trưởng",
    "Phó Viện trưởng",
    "Thống đốc",
    "Phó Thống đốc",
    "Tổng Kiểm toán",
    "Tư lệnh",
    "Chính ủy",
    "Chỉ huy trưởng",
    "Trưởng Công an",
    "Phó Trưởng Công an",
    "Hiệu trưởng",
    "Tổng Biên tập",
    "Trưởng đoàn",
)

# One token of a title line: letters of one case run, with edge junk dropped ("==ss„LONG").
_TOKEN = re.compile(r"[^\W\d_]+")


def bare(text: str) -> str:
    """Lower case, no marks, đ as d, letters only: "PHÓ CHỦ TỊCH" -> "phochutich"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


@cache
def _by_bare() -> dict[str, str]:
    return {bare(t): t for t in TITLES}


def _upper_tail(token: str) -> str:
    """The capital letters that end a token: OCR glues specks to the first word."""
    start = len(token)
    while start > 0 and token[start - 1].isupper():
        start -= 1
    return token[start:]


def repair_title(line: str) -> str | None:
    """The title a capitalised run of ``line`` spells, allowing one OCR error in a title of
    eight letters or more: "- Các ban đảng ==ss„LONG BÌ THỨ" -> "Tổng Bí thư"; "PHO CHANH
    VAN PHONG" -> "Phó Chánh Văn phòng"; None when no run is a title."""
    run: list[str] = []  # the capitalised run that ends the line
    for token in reversed(_TOKEN.findall(line)):
        tail = _upper_tail(token)
        if not tail:
            break
        run.insert(0, tail)
        if tail != token:
            break
    titles = _by_bare()
    best: tuple[int, int, str] | None = None  # (letters, -distance, title)
    for start in range(len(run)):
        for end in range(len(run), start, -1):
            letters = bare("".join(run[start:end]))
            if letters in titles:
                candidate = (len(letters), 0, titles[letters])
            elif len(letters) >= 8:
                near = [(Levenshtein.distance(letters, b), t) for b, t in titles.items()]
                distance, title = min(near)
                if distance > 1:
                    continue
                candidate = (len(letters), -distance, title)
            else:
                continue
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else None
