"""body_tagger.v1: a CRF over underthesea words of a task sentence that marks its lead (L)
and support (S) bodies in BIO: "Giao Ủy ban bầu cử xã chủ trì" -> O B-L I-L I-L O.

The rules' own spans are features (``rule=L``, and ``rule=part`` where a rule body ends
inside a word), so the model learns where the word lists stop too early ("Ủy ban bầu"
for "Ủy ban bầu cử"). Trained by models/body_tagger.py from the dev gold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from extractors.bodies import make_body, same_body
from extractors.learned.features import Token, word_features
from extractors.records import Body, Task

NAME = "body_tagger.v1"


@dataclass(frozen=True, slots=True)
class Span:
    label: str  # "L" or "S"
    first: int  # token indices, inclusive
    last: int


def sentence_features(
    toks: Sequence[Token], lead: Sequence[Body] = (), support: Sequence[Body] = ()
) -> list[list[str]]:
    """Each word's features, with how the rules' bodies cover it."""
    out = []
    toks = list(toks)
    for i, t in enumerate(toks):
        feats = word_features(toks, i)
        role = "O"
        for tag, bodies in (("L", lead), ("S", support)):
            for b in bodies:
                if b.start < t.end and t.start < b.end:
                    role = tag
                    if t.end > b.end:
                        feats.append("rule=part")  # the rule's name stops inside this word
                    if t.start == b.start:
                        feats.append(f"rule=B-{tag}")
        feats.append(f"rule={role}")
        out.append(feats)
    return out


def spans(labels: Sequence[str]) -> list[Span]:
    """Spans from BIO labels; an I- without its B- opens a span."""
    out: list[Span] = []
    for i, label in enumerate(labels):
        if label == "O":
            continue
        kind, tag = label.split("-", 1)
        if kind == "I" and out and out[-1].label == tag and out[-1].last == i - 1:
            out[-1] = Span(tag, out[-1].first, i)
        else:
            out.append(Span(tag, i, i))
    return out


class BodyTagger:
    def __init__(self, path: Path) -> None:
        from underthesea_core import CRFTagger

        self._tagger = CRFTagger()
        self._tagger.load(str(path))

    def tag(self, features: list[list[str]]) -> list[str]:
        return list(self._tagger.tag(features)) if features else []


def fix_lead(task: Task, toks: list[Token], tagger: BodyTagger) -> Task:
    """Extend the task's own lead bodies to the tagger's span that starts with them; give a
    task without a lead the tagger's lead spans."""
    labels = tagger.tag(sentence_features(toks, task.lead, task.support))
    found = [
        (toks[s.first].start, toks[s.last].end)
        for s in spans(labels)
        if s.label == "L" and toks[s.last].end > toks[s.first].start
    ]
    if not found:
        return task
    if not task.lead:
        return replace(task, lead=_unique(tuple(_body(task, a, b) for a, b in found)))
    lead: list[Body] = []
    for body in task.lead:
        for a, b in found:
            if task.start <= body.start and a <= body.start < b and b != body.end:
                # the same name, longer ("Ủy ban bầu" -> "Ủy ban bầu cử xã") or shorter
                # ("Văn phòng Trung ương Đảng hướng dẫn" -> "Văn phòng Trung ương Đảng")
                body = _body(task, body.start, b)
                break
        lead.append(body)
    return replace(task, lead=_unique(tuple(lead)))


def _body(task: Task, start: int, end: int) -> Body:
    return make_body(task.text[start - task.start : end - task.start], start, end)


def _unique(bodies: tuple[Body, ...]) -> tuple[Body, ...]:
    out: list[Body] = []
    for b in bodies:
        if not any(same_body(b.name, o.name) for o in out):
            out.append(b)
    return tuple(out)
