"""Train the task filter and the body tagger from the DEV split's gold (corpus/dev +
corpus/gold). Deterministic: documents in name order, liblinear, weights rounded.

Labels come from the rules themselves: each rule task is matched to the gold tasks
exactly as the scorer matches them (evaluation.scoring.match_tasks); a matched task is a
positive, an unmatched one a negative. The tagger learns from matched tasks whose gold
lead is written in the task's own text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.scoring import match_tasks, score_document
from extractors.export import task_record
from extractors.learned import DATA, FILTER_FILE, TAGGER_FILE, task_filter
from extractors.learned.body_tagger import sentence_features
from extractors.learned.features import Token, tokens
from extractors.pipeline import extract_rules
from extractors.records import Extraction
from models import body_tagger

THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))  # 0.05 … 0.70
FOLDS = 5


@dataclass(frozen=True)
class Document:
    stem: str
    text: str  # the normalized text, as read at ingest
    gold: dict[str, Any]


@dataclass
class Examples:
    """One document's rule output and what the models learn from it."""

    stem: str
    body: str
    extraction: Extraction
    toks: list[list[Token]]
    rows: list[dict[str, float]]  # filter features, one per rule task
    labels: list[int]  # 1 when the rule task matches a gold task
    crf_x: list[list[list[str]]]
    crf_y: list[list[str]]
    gold_tasks: list[dict[str, Any]]


def examples(doc: Document) -> Examples:
    """Run the rules on one document and label their tasks against its gold."""
    body, extraction = extract_rules(doc.text)
    gold_tasks = list(doc.gold.get("tasks") or [])
    records = [task_record(t) for t in extraction.tasks]
    pairs = match_tasks(records, gold_tasks)
    matched = {pi: gi for gi, pi in pairs}
    doc_type = extraction.header.doc_type.value if extraction.header.doc_type else None
    ctx = task_filter.context(body, doc_type)
    ex = Examples(doc.stem, body, extraction, [], [], [], [], [], gold_tasks)
    count = len(extraction.tasks)
    for i, task in enumerate(extraction.tasks):
        toks = tokens(task.text, task.start)
        ex.toks.append(toks)
        ex.rows.append(task_filter.task_features(task, toks, ctx, i, count))
        ex.labels.append(int(i in matched))
        if i in matched:
            g = gold_tasks[matched[i]]
            y = body_tagger.labels_for(toks, g.get("lead") or [], g.get("support") or [])
            if y is not None:
                ex.crf_x.append(sentence_features(toks, task.lead, task.support))
                ex.crf_y.append(y)
    return ex


def task_counts(ex: Examples, keep: Sequence[bool]) -> dict[str, int]:
    """The scorer's task counts for the rule tasks that are kept."""
    records = [task_record(t) for t, k in zip(ex.extraction.tasks, keep, strict=True) if k]
    return score_document({"tasks": records}, {"tasks": ex.gold_tasks})["tasks"]


def folds(items: Sequence[Any], k: int) -> list[list[int]]:
    """Document-level folds: round robin over the name order (deterministic)."""
    return [list(range(i, len(items), k)) for i in range(k)]


def choose_threshold(train: Sequence[Examples], k: int = FOLDS) -> float:
    """The threshold that maximises task F1 over out-of-fold filter scores."""
    scores: dict[int, list[float]] = {}
    for held in folds(train, k):
        rest = [e for i, e in enumerate(train) if i not in held]
        model = fit_filter(rest, threshold=0.5)
        for i in held:
            scores[i] = [model.score(r) for r in train[i].rows]
    best, best_f1 = 0.5, -1.0
    for t in THRESHOLDS:
        tp = fp = fn = 0
        for i, e in enumerate(train):
            c = task_counts(e, [s >= t for s in scores[i]])
            tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def fit_filter(train: Sequence[Examples], *, threshold: float) -> task_filter.TaskFilter:
    rows = [r for e in train for r in e.rows]
    labels = [y for e in train for y in e.labels]
    return fit(rows, labels, threshold=threshold)


def fit(
    rows: list[dict[str, float]], labels: list[int], *, threshold: float, c: float = 0.5
) -> task_filter.TaskFilter:
    """L2 logistic regression (liblinear: deterministic); weights rounded for a stable file."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True, sparse=False)  # liblinear rejects int64 indices
    x = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, solver="liblinear", fit_intercept=False, max_iter=1000)
    model.fit(x, labels)
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-5
    }
    return task_filter.TaskFilter(weights, threshold)


def fit_tagger(train: Sequence[Examples], path: Path) -> None:
    x = [s for e in train for s in e.crf_x]
    y = [s for e in train for s in e.crf_y]
    body_tagger.train(x, y, path)


def train_models(train: Sequence[Examples], out: Path) -> tuple[Path, Path]:
    """Both models from labelled examples, written into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    model = fit_filter(train, threshold=choose_threshold(train))
    filter_path, tagger_path = out / FILTER_FILE, out / TAGGER_FILE
    filter_path.write_text(model.to_json(), encoding="utf-8")
    fit_tagger(train, tagger_path)
    return filter_path, tagger_path


def train(documents: Sequence[Document], out: Path = DATA) -> tuple[Path, Path]:
    """Train from documents with gold tasks (the dev split only; never corpus/test)."""
    docs = sorted((d for d in documents if "tasks" in d.gold), key=lambda d: d.stem)
    return train_models([examples(d) for d in docs], out)


def load_documents(
    pairs: Sequence[tuple[str, Path, Path]], read_text: Callable[[Path], str]
) -> list[Document]:
    """(stem, document, gold file) triples read into Documents."""
    import json

    return [
        Document(stem, read_text(doc), json.loads(gold.read_text(encoding="utf-8")))
        for stem, doc, gold in pairs
    ]
