"""`directives eval` on the dev and test splits and the committed floors.

Rules and models are written against the dev split (corpus/dev + corpus/gold); the test
split (corpus/test + corpus/test-gold, made by scripts/split_corpus.py) is only measured.
The eval runs the ingest path end to end (reading, OCR, legacy decoding, extraction), so
each split is computed once per session. The floors are what quality may not fall below:
the measured figure rounded down; TARGETS are issue 14's targets on the test split, kept
beside the test floors so that the gap stays visible.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.run import SPLITS, evaluate, pair_files
from evaluation.scoring import fold, match_tasks, score_document, summarize

ROOT = Path(__file__).resolve().parent.parent
DOCS, GOLD = SPLITS["dev"]
TEST_DOCS, TEST_GOLD = SPLITS["test"]

# Issue 14's targets, on the test split.
TARGETS = {
    "number": 0.90,
    "issuer": 0.92,
    "date": 0.90,
    "citations.f1": 0.90,
    "tasks.f1": 0.80,
    "tasks.lead_exact": 0.75,
}
# Measured on the test split (56 documents, 1,093 gold tasks), rounded down; the shipped
# models never saw it.
TEST_FLOORS = {
    "doc_type": 0.94,
    "number": 0.83,
    "issuer": 0.72,
    "place": 0.96,
    "date": 0.83,
    "signer.name": 0.85,
    "signer.title": 0.86,
    "signer.authority": 0.82,
    "subject": 0.78,
    "recipients.f1": 0.85,
    "citations.f1": 0.94,
    "citations.date_accuracy": 0.94,
    "tasks.f1": 0.76,
    "tasks.lead_exact": 0.74,
    "tasks.due_accuracy": 0.82,
    "tasks.recurrence_accuracy": 0.98,
    "tasks.support_f1": 0.64,
}
# Measured on the dev split (67 documents, 959 gold tasks), rounded down. The task
# figures are in-sample: the shipped models are trained on dev (bench/models_cv.py gives
# their cross-validated figures).
FLOORS = {
    "doc_type": 0.97,
    "number": 0.83,
    "issuer": 0.95,
    "issuer_parent": 0.92,
    "place": 0.95,
    "date": 0.87,
    "signer.name": 0.82,
    "signer.title": 0.93,
    "signer.authority": 0.89,
    "subject": 0.89,
    # one document with a mark (cv-299: a red "HỎA TỐC" stamp, readers/stamps.py)
    "urgency": 0.99,
    "recipients.f1": 0.89,
    "citations.f1": 0.96,
    "citations.date_accuracy": 0.97,
    "tasks.f1": 0.90,
    "tasks.lead_exact": 0.83,
    "tasks.due_accuracy": 0.97,
    "tasks.recurrence_accuracy": 0.99,
    "tasks.support_f1": 0.80,
}


@pytest.fixture(scope="session")
def result():
    return evaluate(DOCS, GOLD)


@pytest.fixture(scope="session")
def held_out():
    return evaluate(TEST_DOCS, TEST_GOLD)


def _figure(overall: dict, key: str) -> float:
    name, _, sub = (
        key.partition(".")
        if key.startswith(("tasks.", "citations.", "recipients."))
        else (key, "", "")
    )
    figures = overall[name]
    return figures[sub or "accuracy"]


def test_eval_covers_the_dev_gold(result):
    assert len(result.documents) >= 24
    assert not result.errors, result.errors  # every gold document is read (OCR, .doc, TCVN3)
    kinds = {p.suffix for p in DOCS.iterdir()}
    assert {".pdf", ".docx", ".doc", ".txt"} <= kinds


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_eval_floor(result, key):
    value = _figure(result.overall, key)
    assert value >= FLOORS[key], (
        f"{key} = {value:.3f}, floor {FLOORS[key]} (target {TARGETS.get(key)})"
    )


@pytest.mark.parametrize("key", sorted(TEST_FLOORS))
def test_eval_floor_on_the_test_split(held_out, key):
    value = _figure(held_out.overall, key)
    assert value >= TEST_FLOORS[key], (
        f"test {key} = {value:.3f}, floor {TEST_FLOORS[key]} (target {TARGETS.get(key)})"
    )


def test_eval_splits_share_no_document():
    dev = {p.stem for p in DOCS.iterdir()} | {p.stem for p in GOLD.glob("*.json")}
    test = {p.stem for p in TEST_DOCS.iterdir()} | {p.stem for p in TEST_GOLD.glob("*.json")}
    assert dev.isdisjoint(test)
    assert len(list(TEST_GOLD.glob("*.json"))) >= 0.3 * (
        len(list(TEST_GOLD.glob("*.json"))) + len(list(GOLD.glob("*.json")))
    )


@pytest.mark.parametrize("key", ["urgency", "security"])
def test_eval_no_mark_made_up(result, key):
    # a red seal read as a stamp would give a document a mark it does not carry
    assert result.overall[key]["spurious"] == 0


def test_every_target_has_a_test_floor():
    # the gap to each target stays visible; a floor at or above its target holds a met one
    assert set(TARGETS) <= set(TEST_FLOORS)


def test_eval_json_layout(result):
    data = result.as_json()
    assert set(data) >= {"overall", "documents", "seconds"}
    for name in ("doc_type", "number", "issuer", "date", "signer.name", "urgency", "security"):
        assert set(data["overall"][name]) == {"accuracy", "n", "spurious"}
    assert set(data["overall"]["citations"]) >= {"precision", "recall", "f1", "date_accuracy"}
    assert set(data["overall"]["tasks"]) >= {
        "precision",
        "recall",
        "f1",
        "lead_f1",
        "lead_exact",
        "support_f1",
        "due_accuracy",
        "recurrence_accuracy",
    }
    stem = "cv-226-CV-DU-VuDuong-2026"
    assert data["documents"][stem]["tasks"]["f1"] > 0.9


def test_eval_cli_writes_json_and_reports_missing_documents(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    stem = "cv-226-CV-DU-VuDuong-2026"
    (docs / f"{stem}.txt").write_bytes((DOCS / f"{stem}.txt").read_bytes())
    (gold / f"{stem}.json").write_bytes((GOLD / f"{stem}.json").read_bytes())
    (gold / "khong-co-van-ban.json").write_text('{"doc_type": "Công văn"}', encoding="utf-8")
    (docs / "khong-co-gold.txt").write_text("Văn bản không có gold.", encoding="utf-8")
    out = tmp_path / "scores.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "eval",
            "--docs",
            str(docs),
            "--gold",
            str(gold),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "tasks" in done.stdout and "khong-co-van-ban" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data["documents"]) == [stem]  # a document without gold is skipped
    assert "khong-co-van-ban" in data["errors"]  # a gold file without its document is an error
    assert data["overall"]["doc_type"]["accuracy"] == 1.0


def test_pairing_by_stem(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.txt").write_text("x")
    gold = tmp_path / "g"
    gold.mkdir()
    (gold / "a.json").write_text("{}")
    (gold / "c.json").write_text("{}")
    pairs, errors = pair_files(tmp_path, gold)
    assert [p[0] for p in pairs] == ["a"] and list(errors) == ["c"]


def test_unreadable_document_scores_as_all_missing(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "hong.pdf").write_bytes(b"%PDF-1.7\n truncated")
    (gold / "hong.json").write_text(
        json.dumps(
            {
                "doc_type": "Công văn",
                "number": "1/UBND",
                "tasks": [
                    {
                        "snippet": "Giao Sở Tài chính chủ trì thực hiện",
                        "lead": ["Sở Tài chính"],
                        "support": [],
                        "due": None,
                        "recurrence": [],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = evaluate(docs, gold)
    assert "hong" in result.errors
    assert result.overall["doc_type"]["accuracy"] == 0.0
    assert result.overall["tasks"]["recall"] == 0.0


def test_scoring_matches_gold_rules():
    gold = {
        "doc_type": "Công văn",
        "issuer_parent": None,
        "subject": "đẩy mạnh xây dựng lực lượng Công an xã",
        "tasks": [
            {
                "snippet": "rà soát thực trạng trụ sở",
                "lead": ["Chi bộ Công an xã"],
                "support": [],
                "due": None,
                "recurrence": [],
            }
        ],
    }
    predicted = {
        "doc_type": "CÔNG VĂN",
        "issuer_parent": "Đảng bộ tỉnh",
        "subject": "V/v đẩy mạnh xây dựng lực lượng Công an xã",
        "tasks": [
            {
                "text": "Phối hợp rà soát thực trạng trụ sở, cơ sở vật chất",
                "lead": ["chi bộ công an xã"],
                "support": [],
                "due": None,
                "recurrence": [],
            }
        ],
    }
    figures = summarize(score_document(predicted, gold))
    assert figures["doc_type"]["accuracy"] == 1.0
    assert figures["issuer_parent"] == {"accuracy": None, "n": 0, "spurious": 1}
    assert figures["subject"]["accuracy"] == 1.0
    assert figures["tasks"]["f1"] == 1.0 and figures["tasks"]["lead_exact"] == 1.0
    assert fold("  Uỷ ban, ") == "ủy ban"
    assert match_tasks([{"text": "a"}], [{"snippet": "rà soát thực trạng trụ sở"}]) == []
