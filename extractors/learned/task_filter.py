"""A logistic-regression filter over the rules' task candidates: an assignment ("Giao Sở
Tài chính chủ trì…") scores high; a goal, background, meeting procedure or a form's line
("Ký, ghi rõ họ tên", "Mẫu số 01") scores low.

The model is plain data (``task_filter.v1.json``: a bias, one weight per feature name,
the threshold chosen by cross-validation); scoring needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.learned.features import Token, trigger_before
from extractors.records import Task

NAME = "task_filter.v1"

# Annexes hold forms and specimens, not assignments (GOLD_FORMAT.md).
_ANNEX = re.compile(r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục)\b", re.M)
_DOTS = re.compile(r"…|\.{3,}")
_PLACEHOLDER = re.compile(r"\(\d{1,2}\)|\(\*+\)")
_FORM = re.compile(r"ký,?\s+ghi\s+rõ|mẫu\s+số|họ\s+và\s+tên|ghi\s+chú", re.I)
_MARKER = re.compile(r"^\s*(?:[-+•*]|\d+(?:\.\d+)*\.?|[a-zđ]\)|\(\d+\)|[IVX]+\.)\s", re.I)
_CUES = {
    "giao": re.compile(r"\bgiao\b", re.I),
    "đề_nghị": re.compile(r"\bđề\s+nghị\b", re.I),
    "yêu_cầu": re.compile(r"\byêu\s+cầu\b", re.I),
    "chủ_trì": re.compile(r"\bchủ\s+trì\b", re.I),
    "trách_nhiệm": re.compile(r"\b(?:có\s+)?trách\s+nhiệm\b", re.I),
    "phối_hợp": re.compile(r"\bphối\s+hợp\b", re.I),
    "past": re.compile(r"\b(?:đã|đang|được)\b", re.I),
    "percent": re.compile(r"\d\s*%"),
    "quote": re.compile(r"[“”\"]"),
    "question": re.compile(r"\?"),
}


@dataclass(frozen=True, slots=True)
class Context:
    """What a task's features need from its document."""

    text: str
    doc_type: str | None
    annex_start: int  # offset of the first "Phụ lục" heading, or len(text)


def context(text: str, doc_type: str | None) -> Context:
    m = _ANNEX.search(text)
    return Context(text, doc_type, m.start() if m else len(text))


def _bucket(value: float, edges: Sequence[float]) -> int:
    return sum(value >= e for e in edges)


def task_features(
    task: Task, toks: list[Token], ctx: Context, index: int, count: int
) -> dict[str, float]:
    """Binary features of one rule task: its lead's source, position, first words and
    their POS, deadline, length, form marks, annex."""
    f: dict[str, float] = {"bias": 1.0}
    text = task.text
    own = [b for b in task.lead if task.start <= b.start < task.end]
    src = "none" if not task.lead else "own" if own else "inherited"
    f[f"src={src}"] = 1
    f[f"nlead={min(len(task.lead), 3)}"] = 1
    if task.lead:
        f[f"lead0={task.lead[0].name.split()[0].lower()}"] = 1
        if own:
            f[f"lead_at={_bucket(own[0].start - task.start, (1, 12, 40, 120))}"] = 1
    f["deadline"] = float(task.deadline is not None)
    f["recurrence"] = float(bool(task.recurrence))
    f["support"] = float(bool(task.support))
    f["report_to"] = float(task.report_to is not None)
    words = len(text.split())
    f[f"len={_bucket(words, (8, 15, 30, 60, 120))}"] = 1
    f[f"end={text.rstrip()[-1:] or '-'}"] = 1
    f["marker"] = float(bool(_MARKER.match(text)))
    f["upper_start"] = float(text.lstrip()[:1].isupper())
    f["dots"] = float(bool(_DOTS.search(text)))
    f["placeholder"] = float(bool(_PLACEHOLDER.search(text)))
    f["form"] = float(bool(_FORM.search(text)))
    f["annex"] = float(task.start >= ctx.annex_start)
    f[f"where={_bucket(task.start / max(len(ctx.text), 1), (0.2, 0.4, 0.6, 0.8, 0.95))}"] = 1
    f[f"rank={_bucket(index, (1, 3, 10, 30))}"] = 1
    f[f"count={_bucket(count, (3, 10, 30, 60))}"] = 1
    f[f"doc_type={ctx.doc_type or '-'}"] = 1
    before = ctx.text[max(0, task.start - 200) : task.start].rstrip()
    f[f"prev_end={before[-1:] or '-'}"] = 1
    f["prev_form"] = float(bool(_FORM.search(before) or _DOTS.search(before[-60:])))
    for name, pattern in _CUES.items():
        if pattern.search(text):
            f[f"cue={name}"] = 1
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(len(letters), 1)
    f[f"upper={_bucket(upper, (0.1, 0.3, 0.6))}"] = 1
    content = [t for t in toks if t.pos not in ("CH", "M")]
    for i, t in enumerate(content[:3]):
        f[f"pos{i}={t.pos}"] = 1
        f[f"w{i}={t.lower}"] = 1
    if len(content) >= 2:
        f[f"pos01={content[0].pos}|{content[1].pos}"] = 1
    words_lower = [t.lower for t in toks]
    for i, w in enumerate(words_lower):
        if trigger := trigger_before(words_lower, i):
            f[f"trig={trigger}"] = 1
        f[f"bow={w}"] = 1
    return f


@dataclass(frozen=True, slots=True)
class TaskFilter:
    weights: dict[str, float]
    threshold: float

    def score(self, features: dict[str, float]) -> float:
        """The probability that the candidate is a gold task."""
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self) -> str:
        data = {"name": NAME, "threshold": self.threshold, "weights": self.weights}
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> TaskFilter:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"])
