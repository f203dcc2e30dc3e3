"""Which reminders are due on a given day: pure rules, no I/O.

A task with a due date is reminded ``days_before`` it (default 7, 3 and 1 days), on the
day, and every ``overdue_every`` days after it until it is done. A recurring duty
("định kỳ 06 tháng, 01 năm báo cáo", "hằng quý", "trước ngày 15 hằng tháng") gets its
next occurrence computed and is reminded the same way before each one.

Each reminder has a key — (task, rule, occurrence date) — that the reminder log stores,
so the same reminder is never planned twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from extractors.recurrence import anchor, next_date
from store.tracking import DONE, TaskRecord


@dataclass(frozen=True, slots=True)
class Rules:
    days_before: tuple[int, ...] = (7, 3, 1)
    on_the_day: bool = True
    overdue_every: int = 7  # days between reminders of an overdue task; 0: never


@dataclass(frozen=True, slots=True)
class Reminder:
    task_id: str
    rule: str  # "before-7", "on-day", "overdue", "before-3/recurring"
    occurrence: date  # the due date this reminder is about
    task: TaskRecord = field(compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.task_id}|{self.rule}|{self.occurrence.isoformat()}"


def next_occurrence(task: TaskRecord, today: date) -> date | None:
    """The next due date (today or later) of a recurring duty, or None
    (extractors/recurrence.py: the period and the day)."""
    found = anchor(task.text, task.recurrence)
    return next_date(*found, today) if found else None


def plan(tasks: Iterable[TaskRecord], today: date, rules: Rules = Rules()) -> list[Reminder]:
    """Every reminder due ``today`` for ``tasks`` (done and gone tasks get none)."""
    out: list[Reminder] = []
    for task in tasks:
        if task.status == DONE or task.gone:
            continue
        if task.recurrence:
            occurrence = next_occurrence(task, today)
            if occurrence is not None:
                out += _before(task, occurrence, today, rules, "/recurring")
            continue
        if not task.due:
            continue
        due = date.fromisoformat(task.due)
        out += _before(task, due, today, rules, "")
        late = (today - due).days
        if late > 0 and rules.overdue_every and late % rules.overdue_every == 0:
            out.append(Reminder(task.id, f"overdue-{late}", due, task))
    return out


def _before(task: TaskRecord, due: date, today: date, rules: Rules, suffix: str) -> list[Reminder]:
    left = (due - today).days
    if left == 0 and rules.on_the_day:
        return [Reminder(task.id, f"on-day{suffix}", due, task)]
    if left in rules.days_before:
        return [Reminder(task.id, f"before-{left}{suffix}", due, task)]
    return []
