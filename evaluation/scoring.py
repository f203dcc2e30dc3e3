"""Score predicted records against gold annotations (shared/GOLD_FORMAT.md "Scoring").

Pure functions over gold-shaped dicts. Every figure is kept as counts per document so
that the overall figures are micro-averages (sums of counts) and a regression can be
traced to the document that caused it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz import fuzz

from extractors.normalize import normalize_text

# Fields scored by accuracy; a dotted name reads inside the signer.
ACCURACY_FIELDS = (
    "doc_type",
    "number",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "signer.name",
    "signer.title",
    "signer.authority",
    "urgency",
    "security",
)
_PUNCTUATION = string.punctuation + "“”‘’–—…•·«»"
MISSING = object()


def fold(value: object) -> str:
    """NFC, lower case, one tone placement, single spaces, no edge punctuation."""
    text = normalize_text(unicodedata.normalize("NFC", str(value)))
    text = re.sub(r"\s+", " ", text.lower())
    return text.strip(_PUNCTUATION + " ")


def _get(record: Mapping[str, Any], name: str) -> object:
    """The value of ``name`` ("signer.name" reads inside signer); MISSING if absent."""
    head, _, tail = name.partition(".")
    if head not in record:
        return MISSING
    value = record[head]
    if not tail:
        return value
    if value is None:
        return None
    return value.get(tail, MISSING) if isinstance(value, Mapping) else MISSING


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall, F1; all 1.0 when there was nothing to find and nothing found."""
    if tp + fp + fn == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r)}


def _set_counts(predicted: Iterable[object], gold: Iterable[object]) -> tuple[int, int, int]:
    p = {fold(x) for x in predicted if x}
    g = {fold(x) for x in gold if x}
    return len(p & g), len(p - g), len(g - p)


def _words(text: str) -> list[str]:
    """Whitespace tokens without edge punctuation ("rượu," -> "rượu"; "60-nq/tw" stays)."""
    words = (w.strip(_PUNCTUATION) for w in fold(text).split())
    return [w for w in words if w]


def token_f1(predicted: str, gold: str) -> float:
    """Token-level F1 of folded words (punctuation is not part of a word)."""
    p, g = _words(predicted), _words(gold)
    common = sum(min(p.count(w), g.count(w)) for w in set(g))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def task_matches(predicted_text: str, snippet: str) -> bool:
    text, piece = fold(predicted_text), fold(snippet)
    if piece and piece in text:
        return True
    return bool(piece) and fuzz.partial_ratio(piece, text) >= 85


def match_tasks(
    predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching in document order: (gold index, predicted index)."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and task_matches(str(p.get("text") or ""), str(g["snippet"])):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def score_document(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, Any]:
    """Counts for one document; fields absent from the gold are not scored."""
    counts: dict[str, Any] = {}
    for name in ACCURACY_FIELDS:
        g = _get(gold, name)
        if g is MISSING:
            continue
        p = _get(predicted, name)
        p = None if p is MISSING else p
        if g is None:
            counts[name] = {"correct": 0, "n": 0, "spurious": int(p not in (None, ""))}
        else:
            ok = p is not None and fold(p) == fold(g)
            counts[name] = {"correct": int(ok), "n": 1, "spurious": 0}
    if "subject" in gold:
        g, p = gold["subject"], predicted.get("subject")
        if g is None:
            counts["subject"] = {"correct": 0, "n": 0, "spurious": int(bool(p))}
        else:
            ok = bool(p) and token_f1(str(p), str(g)) >= 0.8
            counts["subject"] = {"correct": int(ok), "n": 1, "spurious": 0}
    if "recipients" in gold:
        tp, fp, fn = _set_counts(predicted.get("recipients") or [], gold["recipients"] or [])
        counts["recipients"] = {"tp": tp, "fp": fp, "fn": fn}
    if "citations" in gold:
        counts["citations"] = _citation_counts(
            predicted.get("citations") or [], gold["citations"] or []
        )
    if "tasks" in gold:
        counts["tasks"] = _task_counts(predicted.get("tasks") or [], gold["tasks"] or [])
    return counts


def _citation_counts(predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]) -> dict:
    by_number = {fold(c["number"]): c for c in predicted if c.get("number")}
    gold_by_number = {fold(c["number"]): c for c in gold if c.get("number")}
    tp = len(by_number.keys() & gold_by_number.keys())
    dated = [k for k in by_number.keys() & gold_by_number.keys() if gold_by_number[k].get("date")]
    dates_ok = sum(
        fold(by_number[k].get("date") or "") == fold(gold_by_number[k]["date"]) for k in dated
    )
    return {
        "tp": tp,
        "fp": len(by_number.keys() - gold_by_number.keys()),
        "fn": len(gold_by_number.keys() - by_number.keys()),
        "dates_correct": dates_ok,
        "dates_n": len(dated),
    }


def _task_counts(predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]) -> dict:
    pairs = match_tasks(predicted, gold)
    c = {
        "tp": len(pairs),
        "fp": len(predicted) - len(pairs),
        "fn": len(gold) - len(pairs),
        "matched": len(pairs),
        "lead_tp": 0,
        "lead_fp": 0,
        "lead_fn": 0,
        "lead_exact": 0,
        "support_tp": 0,
        "support_fp": 0,
        "support_fn": 0,
        "due_correct": 0,
        "recurrence_correct": 0,
    }
    for gi, pi in pairs:
        g, p = gold[gi], predicted[pi]
        tp, fp, fn = _set_counts(p.get("lead") or [], g.get("lead") or [])
        c["lead_tp"], c["lead_fp"], c["lead_fn"] = (
            c["lead_tp"] + tp,
            c["lead_fp"] + fp,
            c["lead_fn"] + fn,
        )
        c["lead_exact"] += int(fp == 0 and fn == 0)
        tp, fp, fn = _set_counts(p.get("support") or [], g.get("support") or [])
        c["support_tp"] += tp
        c["support_fp"] += fp
        c["support_fn"] += fn
        c["due_correct"] += int((p.get("due") or None) == (g.get("due") or None))
        same = {fold(x) for x in p.get("recurrence") or []} == {
            fold(x) for x in g.get("recurrence") or []
        }
        c["recurrence_correct"] += int(same)
    return c


def summarize(counts: Mapping[str, Any]) -> dict[str, Any]:
    """Turn summed counts into the figures of the eval JSON."""
    out: dict[str, Any] = {}
    for name in (*ACCURACY_FIELDS, "subject"):
        if name in counts:
            c = counts[name]
            accuracy = _ratio(c["correct"], c["n"]) if c["n"] else None  # nothing to score
            out[name] = {"accuracy": accuracy, "n": c["n"], "spurious": c["spurious"]}
    if "recipients" in counts:
        c = counts["recipients"]
        out["recipients"] = prf(c["tp"], c["fp"], c["fn"])
    if "citations" in counts:
        c = counts["citations"]
        out["citations"] = {
            **prf(c["tp"], c["fp"], c["fn"]),
            "date_accuracy": _ratio(c["dates_correct"], c["dates_n"]) if c["dates_n"] else 1.0,
            "n": c["tp"] + c["fn"],
        }
    if "tasks" in counts:
        c = counts["tasks"]
        m = c["matched"]
        out["tasks"] = {
            **prf(c["tp"], c["fp"], c["fn"]),
            "lead_f1": prf(c["lead_tp"], c["lead_fp"], c["lead_fn"])["f1"],
            "lead_exact": _ratio(c["lead_exact"], m) if m else 1.0,
            "support_f1": prf(c["support_tp"], c["support_fp"], c["support_fn"])["f1"],
            "due_accuracy": _ratio(c["due_correct"], m) if m else 1.0,
            "recurrence_accuracy": _ratio(c["recurrence_correct"], m) if m else 1.0,
            "n": c["tp"] + c["fn"],
            "predicted": c["tp"] + c["fp"],
        }
    return out


def add_counts(total: dict[str, Any], counts: Mapping[str, Any]) -> None:
    """Sum one document's counts into ``total`` (in place)."""
    for name, c in counts.items():
        bucket = total.setdefault(name, dict.fromkeys(c, 0))
        for key, value in c.items():
            bucket[key] = bucket.get(key, 0) + value
