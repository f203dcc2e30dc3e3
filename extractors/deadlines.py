"""deadlines.v2: deadline phrases, their due dates, and recurring duties.

Forms (GOLD_FORMAT): "quý III/2023" -> 2023-09-30; "trong tháng 10/2025" -> 2025-10-31;
"năm 2025", "đến năm 2025" -> 2025-12-31; "trước năm 2030" -> 2029-12-31; "trước ngày
15/9/2025", "chậm nhất ngày 15/9/2025" -> 2025-09-15; "trong 30 ngày kể từ ngày ký" ->
date of issue + 30 days; "6 tháng đầu năm 2025" -> 2025-06-30.
Also: a date without a year ("trước ngày 20/12") in the year of issue (the next year when
that day has passed); working days ("10 ngày làm việc kể từ ngày ký") skip weekends; a
period counted from an event the text cannot date ("kể từ ngày nhận được văn bản") is a
deadline phrase without a date.
A date is a deadline only after a deadline word ("trước", "chậm nhất", "hoàn thành",
"xong", "trong", "đến", "hạn", "thời gian:"): "Chỉ thị số 20-CT/TU, ngày 10/10/2024" is not.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from extractors.records import Deadline

NAME = "deadlines.v2"

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TRIGGER = (
    r"(?:(?:chậm\s+nhất|muộn\s+nhất|hoàn\s+thành|xong|báo\s+cáo|gửi|trình|nộp)\s+)?"
    r"(?:(?:trước|trong|đến|vào|trong\s+thời\s+hạn|thời\s+hạn|hạn(?:\s+cuối)?|chậm\s+nhất|"
    r"muộn\s+nhất|hoàn\s+thành|xong)\s+)"
)
_SEP = r"\s*(?:/|-|\.|\s+tháng\s+)\s*"
_DAY = r"ngày\s+(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(?P<y>\d{4})"
# "ngày 20/12", "ngày 15 tháng 12": no year, not followed by one
_YEARLESS = (
    r"ngày\s+(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})(?!\d)(?!\s*(?:/|-|\.)\s*\d)"
    r"(?!\s+năm\s+\d)"
)
_QUARTER = r"qu[ýí]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|năm|-)\s*(?P<y>\d{4})"
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "relative",
        re.compile(
            r"(?:trong\s+(?:thời\s+hạn\s+|vòng\s+)?|chậm\s+nhất\s+(?:sau\s+)?|sau\s+)"
            r"(?P<n>\d{1,3})(?:\s*\([^)]{1,12}\))?\s+(?P<unit>ngày|tháng|năm)(?P<work>\s+làm\s+việc)?"
            r"\s*,?\s*(?:kể\s+)?từ\s+(?:ngày\s+)?(?P<anchor>ký|ban\s+hành|\S+(?:\s+\S+){0,3})",
            re.I,
        ),
    ),
    (
        "span",
        re.compile(
            r"trong\s+(?:thời\s+hạn|vòng)\s+(?P<n>\d{1,2})(?:\s*\([^)]{1,12}\))?\s+"
            r"(?P<unit>tháng|năm)\b(?!\s+(?:qua|tới|trước|gần|đầu|cuối))",
            re.I,
        ),
    ),
    (
        "day",
        re.compile(
            _TRIGGER + r"(?:(?:ngày|hạn)\s+)?" + _DAY.replace("ngày\\s+", "(?:ngày\\s+)?", 1), re.I
        ),
    ),
    ("yearless", re.compile(_TRIGGER + _YEARLESS, re.I)),
    (
        "first_months",
        re.compile(r"(?P<n>0?6|0?9|0?3)\s+tháng\s+đầu\s+năm\s+(?P<y>\d{4})", re.I),
    ),
    ("quarter", re.compile(r"(?:" + _TRIGGER + r")?" + _QUARTER, re.I)),
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
            r"^\s*năm|thời\s+gian(?:\s+thực\s+hiện|\s+hoàn\s+thành)?\s*:\s*(?:năm)?|"
            r"đến(?:\s+hết)?(?=\s+(?:19|20)\d\d\b))"
            r"\s+(?P<y>\d{4})(?![/\d])(?!\s*[-–]\s*\d{4})(?!\s+và)",
            re.I | re.M,
        ),
    ),
)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _after(issued: date, n: int, unit: str, working: bool) -> date:
    unit = unit.lower()
    if unit == "năm":
        return _shift_months(issued, 12 * n)
    if unit == "tháng":
        return _shift_months(issued, n)
    if not working:
        return issued + timedelta(days=n)
    day = issued
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _shift_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _due(kind: str, m: re.Match[str], issued: date | None) -> date | None:
    g = m.groupdict()
    try:
        if kind == "relative":
            anchor = re.sub(r"\s+", " ", g["anchor"].lower())
            if issued is None or anchor not in ("ký", "ban hành"):
                return None  # "kể từ ngày nhận được văn bản": no date the text can give
            return _after(issued, int(g["n"]), g["unit"], bool(g["work"]))
        if kind == "span":
            return _after(issued, int(g["n"]), g["unit"], False) if issued else None
        if kind == "day":
            return date(int(g["y"]), int(g["m"]), int(g["d"]))
        if kind == "yearless":
            if issued is None:
                return None
            due = date(issued.year, int(g["m"]), int(g["d"]))
            return due if due >= issued else date(issued.year + 1, due.month, due.day)
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
    best: tuple[bool, int, Deadline] | None = None
    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            due = _due(kind, m, issued)
            if due is None and kind != "relative":
                continue
            phrase = m.group(0).strip()
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            found = (
                due is None,
                start,
                Deadline(phrase, base + start, base + start + len(phrase), due),
            )
            if best is None or found[:2] < best[:2]:
                best = found  # a dated phrase before one the text cannot date
            break
    return best[2] if best else None


_BARE_PERIOD = re.compile(r"(?i)\b(tháng|qu[ýí]|ngày|năm)\b")
_BARE_DATE = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}(?:/\d{4})?)(?![\d/])")


def find_period(text: str, base: int = 0, issued: date | None = None) -> Deadline | None:
    """A deadline in a plan's time column or "Thời gian:" line, where the period may
    stand bare ("Quý I/2025", "Tháng 11/2025", "30/9/2025"): read as "trong quý I/2025".
    When the value names several periods ("Quý IV/2025 và Quý I/2026", "Từ tháng 01 đến
    ngày 15/3/2026"), the work is due at the last. The whole value is the deadline's text."""
    for read in (text, *_readings(text)):
        dues = [d.due for d in _all_deadlines(read, issued) if d.due is not None]
        if dues:
            value = text.strip().rstrip(".")
            start = base + len(text) - len(text.lstrip())
            return Deadline(value, start, start + len(value), max(dues))
    return find_deadline(text, base, issued)


def _readings(text: str) -> list[str]:
    """The value with "trong" before one bare period or date at a time."""
    out = []
    for m in _BARE_PERIOD.finditer(text):
        out.append(f"{text[: m.start()]}trong {text[m.start() :]}")
    for m in _BARE_DATE.finditer(text):
        if re.search(r"\bsau\b", text[max(0, m.start() - 25) : m.start()], re.I):
            continue  # "Sau ngày bầu cử 15/3/2026": after, not by
        out.append(f"{text[: m.start()]}trong ngày {text[m.start() :]}")
    return out


def _all_deadlines(text: str, issued: date | None) -> list[Deadline]:
    """Every dated deadline phrase in ``text``, none inside another ("năm 2026" inside
    "quý II năm 2026")."""
    found = []
    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            due = _due(kind, m, issued)
            if due is not None:
                found.append(Deadline(m.group(0).strip(), m.start(), m.end(), due))
    return [d for d in found if not any(_inside(d, o) for o in found)]


def _inside(d: Deadline, o: Deadline) -> bool:
    """``d`` is a shorter phrase within ``o``."""
    return o.start <= d.start and d.end <= o.end and o.end - o.start > d.end - d.start


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
