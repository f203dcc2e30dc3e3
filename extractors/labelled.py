"""Labelled lines under a plan's item: "Đơn vị chủ trì: …", "Phối hợp: …", "Thời gian: …".

Plans (Kế hoạch) often list each activity followed by who leads it, who supports it and
when it is due, as labelled lines rather than in the activity's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from extractors.bodies import body_phrase, make_body
from extractors.deadlines import find_period
from extractors.records import Body, Task

LABEL = re.compile(
    r"^(?P<name>(?:Đơn\s+vị|Cơ\s+quan|Bộ\s+phận|Người)?\s*(?:chủ\s+trì|phối\s+hợp|phụ\s+trách)"
    r"(?:\s+thực\s+hiện)?|(?:Đơn\s+vị|Cơ\s+quan|Bộ\s+phận)\s+thực\s+hiện|Thời\s+gian(?:\s+hoàn\s+thành|\s+thực\s+hiện)?|Thời\s+hạn|Tiến\s+độ|"
    r"Kết\s+quả(?:\s+đầu\s+ra)?|Sản\s+phẩm(?:\s+đầu\s+ra)?)"
    r"\s*:\s*",
    re.I,
)
_HONORIFIC = re.compile(r"^(?P<group>các\s+)?(?:đồng\s+chí|đ/c)\s+", re.I)


def _holder(piece: str, offset: int) -> Body | None:
    """One holder as written, honorifics dropped ("Các đ/c Phó chủ tịch" -> "Các Phó chủ
    tịch"); ``offset`` is where ``piece`` starts."""
    stripped = piece.strip().rstrip(".")
    if not stripped:
        return None
    start = offset + len(piece) - len(piece.lstrip())
    honorific = _HONORIFIC.match(stripped)
    if honorific:
        stripped = ("Các " if honorific.group("group") else "") + stripped[honorific.end() :]
    return make_body(stripped, start, start + len(piece.strip()))


def _entries(value: str, base: int) -> list[Body]:
    """Comma-separated holders of a labelled line."""
    bodies, at = [], 0
    for piece in re.split(r"[,;]", value):
        start = value.index(piece, at)
        at = start + len(piece)
        body = _holder(piece, base + start)
        if body is not None:
            bodies.append(body)
    return bodies


# "Cơ quan thực hiện: Sở Nội vụ, các sở, ban, ngành …": who carries the activity out
_DOER = re.compile(r"^(?:đơn\s+vị|cơ\s+quan|bộ\s+phận)\s+thực\s+hiện$")


def opens_group(name: str) -> bool:
    """A "chủ trì"/"phụ trách"/"cơ quan thực hiện" line names the lead of the activities
    above it."""
    name = name.lower()
    return "chủ trì" in name or "phụ trách" in name or bool(_DOER.match(name))


def apply_label(task: Task, name: str, value: str, base: int, issued: date | None) -> Task:
    """``task`` with what one labelled line says about it."""
    name = name.lower()
    if _DOER.match(name):
        # the bodies the value starts with: "Sở Nội vụ chủ trì tham mưu …", "Sở Nội vụ,
        # các sở, ban, ngành Thành phố trong phạm vi …"
        bodies = tuple(body_phrase(value, base))
        return replace(task, lead=bodies) if bodies else task
    if opens_group(name):
        # the lead is the whole holder: "Phó chủ tịch Thường trực, phụ trách lĩnh vực …"
        lead = _holder(value.split(";")[0], base)
        return replace(task, lead=(lead,)) if lead else task
    if "phối hợp" in name:
        support = tuple(_entries(value, base))
        return replace(task, support=support) if support else task
    if task.deadline is not None or name.startswith(("kết", "sản")):
        return task  # "Kết quả: Dự thảo Hướng dẫn…" names the output, not a date
    deadline = find_period(value, base, issued)
    return replace(task, deadline=deadline) if deadline else task
