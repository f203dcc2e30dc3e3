"""Document-level k-fold cross-validation of the trained models on the dev gold, and
what underthesea costs per page.

For each fold the task filter and the body tagger are trained on the other folds'
documents only (the filter's threshold by a further CV inside them, as `directives
train` does) and applied to the held-out fold. Printed: tasks P/R/F1, lead exact, lead
F1 and support F1 for the rules alone and with each model. Readings are cached in /tmp
by the file's sha256 (OCR is the slow part).

    .venv/bin/python bench/models_cv.py [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluation.run import pair_files, read_cached  # noqa: E402
from evaluation.scoring import add_counts, score_document, summarize  # noqa: E402
from extractors.export import task_record  # noqa: E402
from extractors.learned import Models, apply_models  # noqa: E402
from extractors.learned.body_tagger import BodyTagger  # noqa: E402
from extractors.learned.features import tokens  # noqa: E402
from extractors.learned.task_filter import TaskFilter  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from models.train import Document, Examples, examples, folds, train_models  # noqa: E402
from readers.dispatch import Limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/readcache")


def read(path: Path) -> tuple[str, dict]:
    """The document's text and how it was read, cached as `directives eval --cache` does."""
    document = read_cached(path.read_bytes(), path, Limits(), CACHE)
    return document.text, document.reading.as_dict()


CONFIGS = ("rules", "rules+filter", "rules+tagger", "rules+both")


def applied(e: Examples, config: str, task_filter: TaskFilter, tagger: BodyTagger) -> list:
    """The task records of one document under one configuration."""
    if config == "rules":
        return [task_record(t) for t in e.extraction.tasks]
    models = Models(
        task_filter if config in ("rules+filter", "rules+both") else None,
        tagger if config in ("rules+tagger", "rules+both") else None,
    )
    out = apply_models(e.body, e.extraction, models, toks=e.toks)
    return [task_record(t) for t in out.tasks]


def score(exs: list[Examples], models: dict[int, tuple[TaskFilter, BodyTagger]]) -> dict:
    """Task figures per configuration; ``models[i]``: the models document i is scored with."""
    totals: dict[str, dict] = {c: {} for c in CONFIGS}
    for i, e in enumerate(exs):
        for name in CONFIGS:
            records = applied(e, name, *models[i])
            add_counts(totals[name], score_document({"tasks": records}, {"tasks": e.gold_tasks}))
    return {name: summarize(c)["tasks"] for name, c in totals.items()}


def trained(train: list[Examples]) -> tuple[TaskFilter, BodyTagger]:
    with tempfile.TemporaryDirectory() as tmp:
        filter_path, tagger_path = train_models(train, Path(tmp))
        return TaskFilter.load(filter_path), BodyTagger(tagger_path)


def cross_validate(exs: list[Examples], k: int) -> dict[str, dict]:
    models: dict[int, tuple[TaskFilter, BodyTagger]] = {}
    for held in folds(exs, k):
        pair = trained([e for i, e in enumerate(exs) if i not in held])
        print(f"  fold threshold {pair[0].threshold}")
        models.update({i: pair for i in held})
    return score(exs, models)


def table(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'':14} {'P':>6} {'R':>6} {'F1':>6} {'lead_ex':>8} {'lead_F1':>8} {'supp_F1':>8} {'pred':>5}"
    )
    for name, r in results.items():
        print(
            f"{name:14} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['lead_exact']:8.3f} {r['lead_f1']:8.3f} {r['support_f1']:8.3f} {r['predicted']:5d}"
        )


def load(docs_dir: Path, gold_dir: Path) -> list[tuple[str, str, dict, dict]]:
    pairs, _ = pair_files(docs_dir, gold_dir)
    out = []
    for stem, doc, gold in pairs:
        text, reading = read(doc)
        out.append((stem, text, reading, json.loads(gold.read_text(encoding="utf-8"))))
    return out


def labelled(docs: list[tuple[str, str, dict, dict]]) -> list[Examples]:
    return [examples(Document(s, t, g)) for s, t, _, g in docs if "tasks" in g]


def speed(docs: list[tuple[str, str, dict]]) -> None:
    """underthesea on text PDFs: the whole text vs the task texts only, per page."""
    pdfs = [(s, t, r) for s, t, r in docs if r["format"] == "pdf" and not r["ocr_pages"]]
    pages = sum(r["pages"] for _, _, r in pdfs)
    tokens("Khởi động underthesea.")  # load once, outside the timing
    started = time.perf_counter()
    for _, text, _ in pdfs:
        for line in text.splitlines():  # one call per line: one long call is far slower
            tokens(line)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    for _, text, _ in pdfs:
        extract(text, models=False)
    rules = time.perf_counter() - started
    started = time.perf_counter()
    for _, text, _ in pdfs:
        extract(text, models=True)
    with_models = time.perf_counter() - started
    chars = sum(len(t) for _, t, _ in pdfs)
    print(f"\ntext PDFs in the dev split: {len(pdfs)} files, {pages} pages, {chars} characters")
    print(
        f"underthesea pos_tag on every line:     {whole:.2f} s = {1000 * whole / pages:.0f} ms/page"
    )
    print(
        f"extract, rules only:                   {rules:.2f} s = {1000 * rules / pages:.0f} ms/page"
    )
    print(
        f"extract, rules + models (task texts):  {with_models:.2f} s = "
        f"{1000 * with_models / pages:.0f} ms/page (+{1000 * (with_models - rules) / pages:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--docs", type=Path, default=ROOT / "corpus/dev")
    parser.add_argument("--test", type=Path, default=ROOT / "corpus/test")
    parser.add_argument("--gold", type=Path, default=ROOT / "corpus/gold")
    parser.add_argument("--test-gold", type=Path, default=ROOT / "corpus/test-gold")
    args = parser.parse_args()
    docs = load(args.docs, args.gold)
    started = time.perf_counter()
    exs = labelled(docs)
    print(
        f"dev: {len(exs)} documents, {sum(len(e.labels) for e in exs)} rule tasks, "
        f"{sum(e.labels.count(1) for e in exs)} matched, {sum(len(e.crf_y) for e in exs)} "
        f"tagger sentences; labelled in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    results = cross_validate(exs, args.folds)
    table(f"dev, {args.folds}-fold CV by document ({time.perf_counter() - started:.1f} s)", results)
    if args.test.is_dir():
        # trained on the whole dev split, measured once on test (never tuned on it)
        tests = labelled(load(args.test, args.test_gold))
        pair = trained(exs)
        table(
            f"test: {len(tests)} documents, models trained on all of dev "
            f"(threshold {pair[0].threshold})",
            score(tests, dict.fromkeys(range(len(tests)), pair)),
        )
    speed([(s, t, r) for s, t, r, _ in docs])


if __name__ == "__main__":
    main()
