"""`directives eval`: run the ingest reading and extraction over a folder and score it
against gold annotations (shared/GOLD_FORMAT.md)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directives.errors import DocumentError
from directives.scoring import add_counts, score_document, summarize
from extractors.export import to_record
from flows.pipeline import read_and_extract
from readers.dispatch import SUPPORTED_SUFFIXES, Limits


@dataclass
class EvalResult:
    overall: dict[str, Any]
    documents: dict[str, dict[str, Any]]
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"overall": self.overall, "documents": self.documents}
        if self.errors:
            out["errors"] = self.errors
        out["seconds"] = round(self.seconds, 2)
        return out


def pair_files(docs: Path, gold: Path) -> tuple[list[tuple[str, Path, Path]], dict[str, str]]:
    """(stem, document, gold file) for every gold file; a gold file without its document
    is an error; a document without gold is skipped."""
    documents = {
        p.stem: p
        for p in sorted(docs.iterdir())
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
    }
    pairs, errors = [], {}
    for gold_file in sorted(gold.glob("*.json")):
        stem = gold_file.stem
        if stem in documents:
            pairs.append((stem, documents[stem], gold_file))
        else:
            errors[stem] = f"no document named {stem}.* in {docs}"
    return pairs, errors


def evaluate(docs: Path, gold: Path, limits: Limits | None = None) -> EvalResult:
    limits = limits or Limits()
    started = time.perf_counter()
    pairs, errors = pair_files(docs, gold)
    total: dict[str, Any] = {}
    documents: dict[str, dict[str, Any]] = {}
    for stem, doc_path, gold_path in pairs:
        expected = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            _, extraction = read_and_extract(doc_path.read_bytes(), doc_path, limits)
            predicted = to_record(extraction)
        except DocumentError as e:
            errors[stem] = e.reason
            predicted = {}
        counts = score_document(predicted, expected)
        add_counts(total, counts)
        documents[stem] = summarize(counts)
    return EvalResult(summarize(total), documents, errors, time.perf_counter() - started)


def format_table(result: EvalResult) -> str:
    """The overall figures as a plain table, then the documents that failed to read."""
    rows = ["field                 score   detail"]
    for name, figures in result.overall.items():
        if "accuracy" in figures:
            accuracy = figures["accuracy"]
            shown = f"{accuracy:>6.3f}" if accuracy is not None else "     —"
            rows.append(f"{name:<20} {shown}   n={figures['n']} spurious={figures['spurious']}")
        else:
            main = figures["f1"]
            detail = " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                for k, v in figures.items()
                if k != "f1"
            )
            rows.append(f"{name:<20} {main:>6.3f}   {detail}")
    for stem, reason in result.errors.items():
        rows.append(f"error {stem}: {reason}")
    rows.append(f"{len(result.documents)} documents in {result.seconds:.1f} s")
    return "\n".join(rows)
