"""When a recurring duty falls due: its period and day, and the dates it falls on.

"trước ngày 15 hằng tháng" -> every month on the 15th; "hằng quý" -> 31/3, 30/6, 30/9,
31/12; "định kỳ 06 tháng, 01 năm báo cáo" -> every six months (the shortest period wins),
on 30/6 and 31/12; "ngày 20 của tháng cuối quý" -> 20/3, 20/6, 20/9, 20/12.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

NAME = "recurrence.v1"
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
# "trước ngày 15 hằng tháng", "chậm nhất ngày 20 hằng tháng"
_MONTH_DAY = re.compile(r"ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi|của\s+các|các)\s+tháng", re.I)
# "trước ngày 20 của tháng cuối quý", "ngày 15 tháng cuối quý"
_PERIOD_DAY = re.compile(r"ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+(?:quý|kỳ)", re.I)


def anchor(text: str, recurrence: Iterable[str]) -> tuple[int, int] | None:
    """(months between occurrences, day of the month or 0 for the last day), or None.

    >>> anchor("Báo cáo trước ngày 15 hằng tháng", ("monthly",))
    (1, 15)
    >>> anchor("Định kỳ 06 tháng, 01 năm báo cáo", ("semiannual", "annual"))
    (6, 0)
    """
    months = [PERIOD_MONTHS[r] for r in recurrence if r in PERIOD_MONTHS]
    if not months:
        return None
    step = min(months)
    named = (_MONTH_DAY if step == 1 else _PERIOD_DAY).search(text)
    day = int(named.group(1)) if named and 1 <= int(named.group(1)) <= 31 else 0
    return step, day


def falls_on(step: int, day: int, when: date) -> bool:
    """Whether a duty of period ``step`` on ``day`` (0: last day) falls due on ``when``."""
    if when.month % step:
        return False
    last = calendar.monthrange(when.year, when.month)[1]
    return when.day == (min(day, last) if day else last)


def next_date(step: int, day: int, today: date) -> date:
    """The first day on or after ``today`` the duty falls due."""
    for offset in range(0, 25):
        year = today.year + (today.month - 1 + offset) // 12
        month = (today.month - 1 + offset) % 12 + 1
        if month % step:
            continue
        last = calendar.monthrange(year, month)[1]
        candidate = date(year, month, min(day, last) if day else last)
        if candidate >= today:
            return candidate
    raise ValueError(f"no occurrence for every {step} months on day {day}")


def anchors_on(dates: Iterable[date]) -> set[tuple[int, int]]:
    """Every (period, day) that falls due on one of ``dates``: what a scan asks for."""
    return {
        (step, day)
        for when in dates
        for step in sorted(set(PERIOD_MONTHS.values()))
        for day in range(0, 32)
        if falls_on(step, day, when)
    }
