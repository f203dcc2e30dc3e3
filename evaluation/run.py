"""`directives eval`: run the ingest reading and extraction over a folder and score it
against gold annotations (shared/GOLD_FORMAT.md).

The annotated corpus has two splits: `dev` (rules and models are written and tuned
against it) and `test` (only measured). With no folders named, eval scores both.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from directives.errors import DocumentError
from evaluation.scoring import add_counts, score_document, summarize
from extractors.export import to_record
from extractors.records import Extraction
from flows.pipeline import extract_reading
from readers import read_bytes
from readers.dispatch import SUPPORTED_SUFFIXES, Limits
from readers.document import Handwritten, Page, ReadDocument, Reading

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# split name -> (documents, gold)
SPLITS = {
    "dev": (CORPUS / "dev", CORPUS / "gold"),
    "test": (CORPUS / "test", CORPUS / "test-gold"),
}


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


@cache
def _readers_digest() -> str:
    """A digest of the reading code: a cached reading is stale when any reader changed."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for source in sorted([*(root / "readers").rglob("*.py"), root / "extractors/normalize.py"]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _reading(raw: dict[str, Any]) -> Reading:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    fields["handwritten"] = tuple(Handwritten(**h) for h in raw.get("handwritten", ()))
    return Reading(**fields)


def read_cached(data: bytes, path: Path, limits: Limits, cache_dir: Path | None) -> ReadDocument:
    """Read a document, or reuse the reading of the same bytes by the same reader code."""
    if cache_dir is None:
        return read_bytes(data, path, limits)
    key = f"{hashlib.sha256(data).hexdigest()}-{_readers_digest()}.json"
    cached = cache_dir / key
    if cached.is_file():
        raw = json.loads(cached.read_text(encoding="utf-8"))
        return ReadDocument(
            raw["text"],
            tuple(Page(*p) for p in raw["pages"]),
            _reading(raw["reading"]),
        )
    document = read_bytes(data, path, limits)
    cache_dir.mkdir(parents=True, exist_ok=True)
    raw = {
        "text": document.text,
        "pages": [[p.number, p.start, p.end] for p in document.pages],
        "reading": document.reading.as_dict(),
    }
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    tmp.replace(cached)
    return document


def read_and_extract_cached(
    path: Path, limits: Limits, cache_dir: Path | None = None, *, models: bool = True
) -> tuple[ReadDocument, Extraction]:
    """The ingest path's reading and extraction, with an optional reading cache."""
    document = read_cached(path.read_bytes(), path, limits, cache_dir)
    return document, extract_reading(document, models=models)


def evaluate(
    docs: Path,
    gold: Path,
    limits: Limits | None = None,
    cache_dir: Path | None = None,
    *,
    models: bool = True,
) -> EvalResult:
    """Score the extraction of every document with gold; ``models=False``: rules alone."""
    limits = limits or Limits()
    started = time.perf_counter()
    pairs, errors = pair_files(docs, gold)
    total: dict[str, Any] = {}
    documents: dict[str, dict[str, Any]] = {}
    for stem, doc_path, gold_path in pairs:
        expected = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            _, extraction = read_and_extract_cached(doc_path, limits, cache_dir, models=models)
            predicted = to_record(extraction)
        except DocumentError as e:
            errors[stem] = e.reason
            predicted = {}
        counts = score_document(predicted, expected)
        add_counts(total, counts)
        documents[stem] = summarize(counts)
    return EvalResult(summarize(total), documents, errors, time.perf_counter() - started)


def _cells(figures: dict[str, Any]) -> tuple[str, str]:
    """(score, detail) of one field's figures."""
    if "accuracy" in figures:
        accuracy = figures["accuracy"]
        shown = f"{accuracy:>6.3f}" if accuracy is not None else "     —"
        return shown, f"n={figures['n']} spurious={figures['spurious']}"
    detail = " ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
        for k, v in figures.items()
        if k != "f1"
    )
    return f"{figures['f1']:>6.3f}", detail


def format_table(result: EvalResult) -> str:
    """The overall figures as a plain table, then the documents that failed to read."""
    rows = ["field                 score   detail"]
    for name, figures in result.overall.items():
        score, detail = _cells(figures)
        rows.append(f"{name:<20} {score}   {detail}")
    for stem, reason in result.errors.items():
        rows.append(f"error {stem}: {reason}")
    rows.append(f"{len(result.documents)} documents in {result.seconds:.1f} s")
    return "\n".join(rows)


def format_splits(results: dict[str, EvalResult]) -> str:
    """Several splits side by side: one score column per split, the last split's detail."""
    names = list(results)
    rows = [
        "field               " + "".join(f"{n:>8}" for n in names) + "   detail (" + names[-1] + ")"
    ]
    for field_name in results[names[-1]].overall:
        scores = [_cells(results[n].overall[field_name])[0] for n in names]
        detail = _cells(results[names[-1]].overall[field_name])[1]
        rows.append(f"{field_name:<20}" + "".join(f"{s:>8}" for s in scores) + f"   {detail}")
    for n in names:
        for stem, reason in results[n].errors.items():
            rows.append(f"error {n}/{stem}: {reason}")
        rows.append(f"{n}: {len(results[n].documents)} documents in {results[n].seconds:.1f} s")
    return "\n".join(rows)
