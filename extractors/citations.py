"""citations.v2: other documents cited by number, each under one normalized key.

"Nghị quyết số 12-NQ/TW ngày 16/3/2022 của Bộ Chính trị" -> Citation("12-NQ/TW",
doc_type "Nghị quyết", date 2022-03-16, issuer "Bộ Chính trị"). The key is the số/ký hiệu
with spaces removed, so "12 -NQ/TW" (OCR) and "12-NQ/TW" are the same document. A
form's code ("Mẫu số 01/HĐBC-QH") is not a document; a number may break at a line end
after its hyphen.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.bodies import body_phrase
from extractors.patterns import DOC_TYPES, TYPE_CODES
from extractors.records import Citation

NAME = "citations.v2"

_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?:\.[A-ZĐ][A-Za-zĐđ0-9&]*)*"  # "QĐ-CT.UB", "TC.CCVC"
# Party style "12-NQ/TW", "03-NQ/ĐUCA"; State style "42/2021/NĐ-CP", "1468/UBND-VX",
# "1658/NQ-UBTVQH15". Spaces around the separators come from OCR and typing.
# A hyphen may end a line: "186/KH-" + "UBND".
_DASH = r"\s?-(?:[ \t]*\n[ \t]*|\s?)"
NUMBER = re.compile(
    r"(?<![\w/:.-])(?P<num>\d{1,5}(?:\s?/\s?\d{4})?"
    r"(?:" + _DASH + _CODE + r"(?:\s?/\s?" + _CODE + r")+"
    r"|\s?/\s?" + _CODE + r"(?:" + _DASH + _CODE + r")*))(?![\w])"
)
# A form's code is not a document: "theo Mẫu số 01/HĐBC-QH", "Biểu mẫu 02/BB".
_FORM_BEFORE = re.compile(r"(?<!\w)(?:biểu\s+)?mẫu\s*(?:số\s*)?:?\s*$", re.I)
_TYPE_WORDS = "|".join(sorted((*DOC_TYPES, "Văn bản", "Công văn"), key=len, reverse=True))
_TYPE_BEFORE = re.compile(
    r"(?P<type>" + _TYPE_WORDS + r")(?:\s+liên\s+tịch)?\s+(?:số\s*:?\s*)?$",
    re.I,
)
_AMBIGUOUS_CODES = frozenset({"Quyết định"})  # "QĐ" names both Quyết định and Quy định
_TYPE_WORD = re.compile(r"(?<!\w)(?:" + _TYPE_WORDS + r")(?!\w)", re.I)
_SO_BEFORE = re.compile(r"số\s*:?\s*$", re.I)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:\(?\s*)?(?:ban hành\s+)?ngày\s+(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*"
    r"(?P<m>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(?P<y>\d{4})"
)
_OF = re.compile(r"^\s*,?\s*(?:của|do)\s+")
_PLAIN_TYPES = {t.lower(): t for t in (*DOC_TYPES, "Công văn")}


def _type_of(before: str, number: str) -> str:
    """The type the number's code names ("123-TB/TU" -> Thông báo, even after "Thông báo
    kết luận"), else the nearest type word before it ("Luật Tổ chức … số 72/2025/QH15"),
    else Công văn."""
    coded = _coded_type(number)
    if coded and coded not in _AMBIGUOUS_CODES:
        return coded
    words = list(_TYPE_WORD.finditer(before[-120:]))
    if words and _SO_BEFORE.search(before):
        between = before[-120:][words[-1].end() :]
        if not re.search(r"[,;.()]", between[:-8]) and len(between.split()) <= 10:
            return _PLAIN_TYPES.get(words[-1].group(0).lower(), "Công văn")
    match = _TYPE_BEFORE.search(before[-80:])
    if match:
        return _PLAIN_TYPES.get(match.group("type").lower(), "Công văn")
    if coded:  # "QĐ" alone: a Party "24-QĐ/TW" is a Quy định, a State "18/QĐ-TTg" a Quyết định
        return "Quy định" if re.match(r"\d+-", number) else "Quyết định"
    return "Công văn"


def _coded_type(number: str) -> str | None:
    """ "12-NQ/TW" -> Nghị quyết; "07/CT-TTg" -> Chỉ thị; "474/BCA-H02" -> None."""
    party = re.match(r"\d+-(\w+)/", number)
    if party:
        return TYPE_CODES.get(party.group(1))
    parts = re.sub(r"^\d+(?:/\d{4})?/", "", number).split("-")
    return TYPE_CODES.get(parts[0]) if len(parts) > 1 else None


def _date(match: re.Match[str] | None) -> date | None:
    if not match:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def normalize_number(text: str) -> str:
    """The one key of a số/ký hiệu: spaces removed ("2449 -CV/ĐU" -> "2449-CV/ĐU")."""
    return re.sub(r"\s+", "", text)


def _issuer(after: str) -> str | None:
    """The body after "của"/"do", read with the body grammar so that it stops before the
    predicate ("của Quốc hội sửa đổi…" -> "Quốc hội")."""
    match = _OF.match(after)
    if not match:
        return None
    bodies = body_phrase(after[match.end() :])
    if not bodies:
        return None
    return bodies[0].written


def extract_citations(text: str, own_number: str | None = None) -> tuple[Citation, ...]:
    """Every number-cited document, once per key, in order of first mention; the first
    mention that states a date or issuer supplies them."""
    own = normalize_number(own_number) if own_number else None
    found: dict[str, Citation] = {}
    for match in NUMBER.finditer(text):
        raw = match.group("num")
        key = normalize_number(raw)
        if key == own or not re.search(r"[A-ZĐ]{2}", key):
            continue
        before = text[max(0, match.start() - 120) : match.start()]
        if not (_SO_BEFORE.search(before) or _TYPE_BEFORE.search(before[-80:]) or "/" in key):
            continue
        if _FORM_BEFORE.search(before):
            continue
        after = text[match.end() : match.end() + 200]
        date_match = _DATE_AFTER.match(after)
        rest = after[date_match.end() :] if date_match else after
        citation = Citation(
            number=key,
            text=raw,
            start=match.start("num"),
            end=match.end("num"),
            doc_type=_type_of(before, key),
            date=_date(date_match),
            issuer=_issuer(rest),
        )
        previous = found.get(key)
        if previous is None:
            found[key] = citation
        elif (previous.date is None and citation.date) or (
            previous.issuer is None and citation.issuer
        ):
            found[key] = Citation(
                previous.number,
                previous.text,
                previous.start,
                previous.end,
                previous.doc_type,
                previous.date or citation.date,
                previous.issuer or citation.issuer,
            )
    return tuple(found.values())
