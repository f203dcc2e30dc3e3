"""learned.v1: the trained models applied after the rules.

The task filter drops rule candidates that read like goals, background, meeting
procedure or form lines; the body tagger extends a lead name the word lists cut short
("Ủy ban bầu" -> "Ủy ban bầu cử xã"), trims one that runs on, and names a lead where
the rules found none. Both read underthesea's words and POS tags of the task texts only,
not of the whole document. The models are data files in ``data/``, trained from the dev
gold by ``directives train`` (models/); a missing file leaves that model off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from extractors.learned import body_tagger, task_filter
from extractors.learned.body_tagger import BodyTagger, fix_lead
from extractors.learned.features import Token, tokens
from extractors.learned.task_filter import TaskFilter, context, task_features
from extractors.records import Extraction, Task
from extractors.review import flag_uncertain_tasks

NAME = "learned.v1"
# A kept task scored this close to the filter's threshold is flagged for review.
UNSURE = 0.1
DATA = Path(__file__).resolve().parent / "data"
FILTER_FILE = f"{task_filter.NAME}.json"
TAGGER_FILE = f"{body_tagger.NAME}.crf"


@dataclass(frozen=True)
class Models:
    task_filter: TaskFilter | None
    body_tagger: BodyTagger | None

    @property
    def names(self) -> tuple[str, ...]:
        """Version names of the models in use, for the extraction's versions."""
        return (
            (NAME,)
            + (task_filter.NAME,) * bool(self.task_filter)
            + (body_tagger.NAME,) * bool(self.body_tagger)
        )


@cache
def shipped() -> Models:
    """The shipped model files, loaded once per process."""
    filter_path, tagger_path = DATA / FILTER_FILE, DATA / TAGGER_FILE
    return Models(
        TaskFilter.load(filter_path) if filter_path.exists() else None,
        BodyTagger(tagger_path) if tagger_path.exists() else None,
    )


def apply_models(
    text: str,
    extraction: Extraction,
    models: Models,
    *,
    toks: list[list[Token]] | None = None,
) -> Extraction:
    """Drop the rule tasks the filter scores below its threshold, then let the tagger fix
    the leads of those kept. ``text`` is the masked content text the task offsets point
    into; ``toks``: the tasks' words when the caller has them already."""
    if not extraction.tasks or (models.task_filter is None and models.body_tagger is None):
        return extraction
    doc_type = extraction.header.doc_type.value if extraction.header.doc_type else None
    ctx = context(text, doc_type)
    count = len(extraction.tasks)
    kept: list[Task] = []
    scores: list[float] = []
    f = models.task_filter
    for i, task in enumerate(extraction.tasks):
        words = toks[i] if toks is not None else tokens(task.text, task.start)
        score = f.score(task_features(task, words, ctx, i, count)) if f is not None else 1.0
        if f is not None and score < f.threshold:
            continue
        if models.body_tagger is not None:
            task = fix_lead(task, words, models.body_tagger)
        kept.append(task)
        scores.append(score)
    extraction = replace(extraction, tasks=tuple(kept))
    if f is None:
        return extraction
    return flag_uncertain_tasks(extraction, scores, f.threshold, UNSURE)
