"""Body names as written in running text: "ĐẢNG ỦY XÃ VŨ DƯƠNG" -> "Đảng ủy xã Vũ Dương"."""

from __future__ import annotations

import re

from extractors.lines import is_upper
from extractors.patterns import ABBREVIATIONS, PROPER_TERMS

# After these, the rest of the name is a place name and keeps capitals.
_PLACE_UNITS = (
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "thị ủy",
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
)
_ABBREVIATION = re.compile(
    r"(?<![\w.&/-])("
    + "|".join(map(re.escape, sorted(ABBREVIATIONS, key=len, reverse=True)))
    + r")(?![\w&/-])"
)
_TERMS = re.compile(
    r"(?<!\w)("
    + "|".join(map(re.escape, sorted(PROPER_TERMS, key=len, reverse=True)))
    + r")(?!\w)",
    re.I,
)
_NAMED_HEAD = re.compile(r"^((?:bộ|sở|cục|tổng cục|vụ|ban|phòng|chi cục) )(\w)")
_CANONICAL_TERMS = {t.lower(): t for t in PROPER_TERMS}
_UNIT = re.compile(r"(?<!\w)(" + "|".join(_PLACE_UNITS) + r")\s+(?!ủy\b)(?=\w)", re.I)


_JOINED = re.compile(r"(?<=[A-ZĐ])\s*&\s*(?=[A-ZĐ]{2,}\b)")


def expand_abbreviations(text: str) -> str:
    """ "UBND tỉnh" -> "Ủy ban nhân dân tỉnh"."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


# Tesseract's usual misreadings of unit words in header lines ("UBND TĨNH LÀO CAI").
_OCR_UNITS = re.compile(r"\b(TĨNH|TINH|HUYÊN|HUYẸN)\b(?=\s+[A-ZĐÂĂÊÔƠƯ])")
_OCR_UNIT_FIXES = {"TĨNH": "TỈNH", "TINH": "TỈNH", "HUYÊN": "HUYỆN", "HUYẸN": "HUYỆN"}


def running_case(text: str, *, expand: bool = True) -> str:
    """Turn an all-capitals header line into the casing of running text; with ``expand``
    off, abbreviations stay as printed ("TM. UBND THÀNH PHỐ CẦN THƠ" -> "UBND thành phố
    Cần Thơ")."""
    text = _OCR_UNITS.sub(lambda m: _OCR_UNIT_FIXES[m.group(1)], text)
    text = _JOINED.sub(" và ", text)  # "HĐND&UBND": two bodies' abbreviations joined
    upper = is_upper(text)
    text = re.sub(r"\s+", " ", expand_abbreviations(text) if expand else text).strip(" .,;:*-")
    if not text:
        return text
    lowered = (text.lower() if expand else _lower_keeping_abbreviations(text)) if upper else text
    lowered = _TERMS.sub(lambda m: _CANONICAL_TERMS[m.group(1).lower()], lowered)
    if upper:
        # "BỘ XÂY DỰNG" -> "Bộ Xây dựng", "SỞ TÀI CHÍNH" -> "Sở Tài chính": the name after
        # a ministry-style head starts with a capital
        lowered = _NAMED_HEAD.sub(lambda m: m.group(1) + m.group(2).upper(), lowered)
    match = _UNIT.search(lowered)
    if match:
        head, place = lowered[: match.end()], lowered[match.end() :]
        lowered = head + " ".join(w[:1].upper() + w[1:] for w in place.split(" "))
    return lowered[:1].upper() + lowered[1:]


def _lower_keeping_abbreviations(text: str) -> str:
    """Lower case, except abbreviations ("UBND") left in the text."""
    out, at = [], 0
    for match in _ABBREVIATION.finditer(text):
        out += [text[at : match.start()].lower(), match.group(0)]
        at = match.end()
    return "".join(out) + text[at:].lower()


_ROMAN_AFTER = re.compile(r"\b(khóa|lần thứ|phần|chương|mục) ([ivxl]+)\b")


def title_case(text: str) -> str:
    """An all-capitals title in the casing of running text, for a trích yếu printed in
    capitals: "HỘI NGHỊ LẦN THỨ 11 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII" ->
    "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII"."""
    lowered = text.lower()
    lowered = _TERMS.sub(lambda m: _CANONICAL_TERMS[m.group(1).lower()], lowered)
    lowered = _ROMAN_AFTER.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", lowered)
    # "ban Chấp hành" -> "Ban Chấp hành": a head word before a name that is capitalised
    lowered = re.sub(
        r"\b(ban|bộ|sở) (?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])", lambda m: m.group(1).title() + " ", lowered
    )
    return lowered[:1].upper() + lowered[1:]
