"""deadlines.v1: deadline phrases, their due dates, and recurring duties.

Forms (GOLD_FORMAT): "quý III/2023" -> 2023-09-30; "trong tháng 10/2025" -> 2025-10-31;
"năm 2025", "đến năm 2025" -> 2025-12-31; "trước năm 2030" -> 2029-12-31; "trước ngày
15/9/2025", "chậm nhất ngày 15/9/2025" -> 2025-09-15; "trong 30 ngày kể từ ngày ký" ->
date of issue + 30 days; "6 tháng đầu năm 2025" -> 2025-06-30.
A date is a deadline only after a deadline word ("trước", "chậm nhất", "hoàn thành",
"xong", "trong", "đến", "hạn", "thời gian:"): "Chỉ thị số 20-CT/TU, ngày 10/10/2024" is not.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from extractors.records import Deadline

NAME = "deadlines.v1"

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TRIGGER = (
    r"(?:(?:chậm\s+nhất|muộn\s+nhất|hoàn\s+thành|xong|báo\s+cáo|gửi|trình|nộp)\s+)?"
    r"(?:(?:trước|trong|đến|vào|trong\s+thời\s+hạn|thời\s+hạn|hạn|chậm\s+nhất|muộn\s+nhất|"
    r"hoàn\s+thành|xong)\s+)"
)
_DAY = r"ngày\s+(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(?P<y>\d{4})"
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "relative",
        re.compile(
            r"(?:trong\s+(?:thời\s+hạn\s+)?|chậm\s+nhất\s+(?:sau\s+)?|sau\s+)(?P<n>\d{1,3})\s+ngày"
            r"(?:\s+làm\s+việc)?\s*,?\s*(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)",
            re.I,
        ),
    ),
    (
        "day",
        re.compile(
            _TRIGGER + r"(?:(?:ngày|hạn)\s+)?" + _DAY.replace("ngày\\s+", "(?:ngày\\s+)?", 1), re.I
        ),
    ),
    (
        "first_months",
        re.compile(r"(?P<n>0?6|0?9|0?3)\s+tháng\s+đầu\s+năm\s+(?P<y>\d{4})", re.I),
    ),
    (
        "quarter",
        re.compile(
            r"(?:" + _TRIGGER + r")?quý\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|năm|-)\s*(?P<y>\d{4})",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            r"(?:" + _TRIGGER + r"|thời\s+(?:gian|hạn)(?:\s+hoàn\s+thành|\s+thực\s+hiện)?\s*:\s*)"
            r"(?:tháng\s+)(?P<m>\d{1,2})\s*(?:/|năm|-)\s*(?P<y>\d{4})",
            re.I,
        ),
    ),
    ("before_year", re.compile(r"trước\s+năm\s+(?P<y>\d{4})", re.I)),
    (
        "year",
        re.compile(
            r"(?:(?:trong|đến(?:\s+hết)?|hoàn\s+thành\s+(?:trong\s+)?|xong\s+(?:trong\s+)?)\s*năm|"
            r"^\s*năm|thời\s+gian(?:\s+thực\s+hiện|\s+hoàn\s+thành)?\s*:\s*(?:năm)?)"
            r"\s+(?P<y>\d{4})(?!\s*[-–]\s*\d{4})(?!\s+và)",
            re.I | re.M,
        ),
    ),
)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _due(kind: str, m: re.Match[str], issued: date | None) -> date | None:
    g = m.groupdict()
    try:
        if kind == "relative":
            return issued + timedelta(days=int(g["n"])) if issued else None
        if kind == "day":
            return date(int(g["y"]), int(g["m"]), int(g["d"]))
        if kind == "first_months":
            return _last_day(int(g["y"]), int(g["n"]))
        if kind == "quarter":
            return _last_day(int(g["y"]), 3 * _ROMAN[g["q"].upper()])
        if kind == "month":
            return _last_day(int(g["y"]), int(g["m"]))
        if kind == "before_year":
            return date(int(g["y"]) - 1, 12, 31)
        if kind == "year":
            return date(int(g["y"]), 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def find_deadline(text: str, base: int = 0, issued: date | None = None) -> Deadline | None:
    """The first deadline phrase in ``text`` (offsets shifted by ``base``)."""
    best: tuple[int, Deadline] | None = None
    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            due = _due(kind, m, issued)
            if due is None and kind != "relative":
                continue
            phrase = m.group(0).strip()
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            found = Deadline(phrase, base + start, base + start + len(phrase), due)
            if best is None or start < best[0]:
                best = (start, found)
            break
    return best[1] if best else None


_BARE_PERIOD = re.compile(r"(?i)\b(tháng|quý|ngày|năm)\b")


def find_period(text: str, base: int = 0, issued: date | None = None) -> Deadline | None:
    """A deadline in a plan's time column or "Thời gian:" line, where the period may
    stand bare ("Quý I/2025", "Tháng 11/2025"): read as "trong quý I/2025"; the whole
    value is then the deadline's text."""
    found = find_deadline(text, base, issued)
    if found is not None:
        return found
    found = find_deadline(_BARE_PERIOD.sub(r"trong \1", text, count=1), base, issued)
    if found is None:
        return None
    return Deadline(text.strip().rstrip("."), base, base + len(text.rstrip()), found.due)


_RECURRENCE = (
    ("daily", re.compile(r"\b(?:hằng|hàng|mỗi)\s+ngày\b|định\s+kỳ\s+(?:0?1\s+)?ngày", re.I)),
    ("weekly", re.compile(r"\b(?:hằng|hàng|mỗi)\s+tuần\b|định\s+kỳ\s+(?:0?1\s+)?tuần", re.I)),
    (
        "monthly",
        re.compile(
            r"\b(?:hằng|hàng|mỗi)\s+tháng\b|định\s+kỳ\s+(?:0?1\s+)?tháng(?!\s*,?\s*\d)|"
            r"định\s+kỳ\s+(?:0?1\s+)?tháng\b",
            re.I,
        ),
    ),
    (
        "quarterly",
        re.compile(
            r"\b(?:hằng|hàng|mỗi)\s+quý\b|định\s+kỳ\s+(?:0?3\s+tháng|quý)|"
            r"\b(?:hằng|hàng)\s+(?:tuần|tháng),\s*quý\b",
            re.I,
        ),
    ),
    (
        "semiannual",
        re.compile(
            r"(?:định\s+kỳ\s+|hằng\s+|hàng\s+|mỗi\s+)?0?6\s+tháng(?!\s+đầu)(?!\s+cuối)", re.I
        ),
    ),
    (
        "annual",
        re.compile(
            r"\b(?:hằng|hàng|mỗi)\s+năm\b|định\s+kỳ\s+(?:0?1\s+)?năm|(?<=,)\s*0?1\s+năm|"
            r"(?:sơ\s+kết|tổng\s+kết)\s+(?:0?1\s+)?năm\b|\bcuối\s+năm\s+báo\s+cáo|"
            r"\b(?:hằng|hàng)\s+(?:tuần|tháng|quý)(?:,\s*(?:tháng|quý))*(?:,|\s+và)\s*năm\b",
            re.I,
        ),
    ),
)
_SEMIANNUAL_CONTEXT = re.compile(r"định\s+kỳ|hằng|hàng|mỗi|báo\s+cáo|sơ\s+kết", re.I)


def find_recurrence(text: str) -> tuple[str, ...]:
    """Recurring duties named in ``text``: "định kỳ 06 tháng, 01 năm báo cáo" ->
    ("semiannual", "annual")."""
    found = []
    for name, pattern in _RECURRENCE:
        for m in pattern.finditer(text):
            if name == "semiannual":
                window = text[max(0, m.start() - 40) : m.end() + 40]
                if not _SEMIANNUAL_CONTEXT.search(window) or re.match(
                    r"\s*0?6\s+tháng\s+(?:đầu|cuối)", m.group(0)
                ):
                    continue
            found.append(name)
            break
    return tuple(found)
