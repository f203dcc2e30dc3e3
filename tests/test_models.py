"""The trained models (models/) on real dev documents: deterministic training, shipped
files that load, the filter's decisions and the tagger's extension of a cut-off name.

The filter and tagger checks use the shipped models, trained on the whole dev split, so
they are in-sample: they pin behaviour; bench/models_cv.py measures it out of sample.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.learned import DATA, FILTER_FILE, TAGGER_FILE, shipped
from extractors.learned.body_tagger import BodyTagger, fix_lead, sentence_features
from extractors.learned.features import tokens
from extractors.learned.task_filter import TaskFilter, context, task_features
from extractors.pipeline import extract, extract_rules
from models.train import THRESHOLDS, Document, train
from readers import read_bytes
from readers.dispatch import Limits

ROOT = Path(__file__).resolve().parent.parent
DEV, GOLD = ROOT / "corpus/dev", ROOT / "corpus/gold"
# text and Word files only: read in milliseconds, no OCR
QUICK = (
    "cv-226-CV-DU-VuDuong-2026.txt",
    "cv-2449-CV-DU-LaoCai-2026.txt",
    "kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt",
    "qd-383-QD-TW-2025-phong-luu-tru-dang.txt",
    "nq-1658-NQ-UBTVQH15-2025-sap-xep-xa-BacNinh.txt",
    "kh-2242-KH-SCT-LaoCai-2026.docx",
    "cv-UBND-KT-LaoCai-2026-bao-ve-khoang-san.docx",
)


@cache
def _text(name: str) -> str:
    path = DEV / name
    return read_bytes(path.read_bytes(), path, Limits()).text


def _document(name: str) -> Document:
    gold = json.loads((GOLD / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    return Document(Path(name).stem, _text(name), gold)


def _scored(name: str, first_words: str):
    """The rule task starting with ``first_words``, its words and the shipped filter's score."""
    body, extraction = extract_rules(_text(name))
    f = shipped().task_filter
    assert isinstance(f, TaskFilter)
    doc_type = extraction.header.doc_type.value if extraction.header.doc_type else None
    ctx = context(body, doc_type)
    for i, task in enumerate(extraction.tasks):
        if task.text.startswith(first_words):
            toks = tokens(task.text, task.start)
            return task, toks, f.score(task_features(task, toks, ctx, i, len(extraction.tasks)))
    raise AssertionError(f"no rule task starts with {first_words!r} in {name}")


@pytest.mark.slow
def test_models_training_is_deterministic(tmp_path):
    docs = [_document(n) for n in QUICK]
    a, b = tmp_path / "a", tmp_path / "b"
    train(docs, a)
    train(docs, b)
    assert (a / FILTER_FILE).read_bytes() == (b / FILTER_FILE).read_bytes()
    # underthesea_core writes its features in hash order, so the CRF file's bytes differ
    # between runs (weights to ~1e-12): the same model is the same tags on every sentence
    first, second = BodyTagger(a / TAGGER_FILE), BodyTagger(b / TAGGER_FILE)
    for doc in docs:
        _, extraction = extract_rules(doc.text)
        for task in extraction.tasks:
            feats = sentence_features(tokens(task.text, task.start), task.lead, task.support)
            assert first.tag(feats) == second.tag(feats), task.text


def test_models_shipped_files_load_and_score():
    f = TaskFilter.load(DATA / FILTER_FILE)
    assert f.threshold in THRESHOLDS
    assert len(f.weights) > 100
    assert 0.0 < f.score({"bias": 1.0, "src=own": 1.0}) < 1.0
    assert shipped().task_filter == f
    tagger = BodyTagger(DATA / TAGGER_FILE)
    toks = tokens("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng triển khai thực hiện.")
    labels = tagger.tag(sentence_features(toks))
    assert len(labels) == len(toks) and set(labels) <= {"O", "B-L", "I-L", "B-S", "I-S"}
    assert "B-L" in labels


def test_models_filter_drops_a_remark_reported_in_an_article():
    # a press article's reported words ("Bộ trưởng … cũng lưu ý việc cần …") read as a task
    name = "bv-KonTum-bo-truong-lam-viec.txt"
    task, _, score = _scored(name, "Bộ trưởng Tô Lâm cũng lưu ý")
    assert score < shipped().task_filter.threshold  # type: ignore[union-attr]
    assert not any(t.start == task.start for t in extract(_text(name)).tasks)


def test_models_filter_keeps_an_assignment():
    name = "qd-991-QD-UBND-BinhPhuoc-2008-vni.doc"
    task, _, score = _scored(name, "Giao Sở Nông nghiệp & Phát triển nông thôn chủ trì")
    assert score >= shipped().task_filter.threshold  # type: ignore[union-attr]
    extraction = extract(_text(name))
    assert any(t.start == task.start for t in extraction.tasks)
    assert extraction.versions[-len(shipped().names) :] == shipped().names


def test_models_tagger_extends_a_cut_off_body():
    # the word lists stop at "Ban Quản lý các khu chế xuất"; the name runs on (qd-256)
    task, toks, _ = _scored(
        "qd-256-QD-UB-CanTho-2004-tcvn3.doc", "Ban Quản lý các khu chế xuất và công nghiệp"
    )
    assert [b.written for b in task.lead] == ["Ban Quản lý các khu chế xuất"]
    fixed = fix_lead(task, toks, BodyTagger(DATA / TAGGER_FILE))
    assert [b.written for b in fixed.lead] == ["Ban Quản lý các khu chế xuất và công nghiệp"]
    body = fixed.lead[0]
    assert task.text[body.start - task.start : body.end - task.start] == body.text


def test_models_rules_only_eval_and_train_refuse_the_test_split(tmp_path):
    import subprocess
    import sys

    from evaluation.run import SPLITS, evaluate

    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    for name in ("bv-KonTum-bo-truong-lam-viec.txt",):
        (docs / name).write_bytes((DEV / name).read_bytes())
        stem = Path(name).stem
        (gold / f"{stem}.json").write_bytes((GOLD / f"{stem}.json").read_bytes())
    rules = evaluate(docs, gold, models=False).overall["tasks"]
    both = evaluate(docs, gold).overall["tasks"]
    assert rules["predicted"] > both["predicted"]  # the filter dropped rule candidates
    test_docs, _ = SPLITS["test"]
    done = subprocess.run(
        [sys.executable, "-m", "cli", "train", "--docs", str(test_docs)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "refusing to train on a test split" in done.stderr
