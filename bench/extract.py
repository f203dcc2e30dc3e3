"""Extraction speed after reading: pages and characters per second on one core.

Every document of the folders is read once (OCR and decoding included, not timed); then
`extractors.pipeline.extract` runs over all the texts for several rounds in this one
process, and the best round is reported, with the slowest documents.

Usage: python bench/extract.py [folder ...]   (default: corpus/dev and corpus/samples)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directives.errors import DocumentError  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from readers.dispatch import SUPPORTED_SUFFIXES, read_document  # noqa: E402

ROUNDS = 5
PAGE_CHARS = 2_500  # a printed A4 page of a directive holds about 2,000-3,000 characters


def main(args: list[str]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    folders = [Path(a) for a in args] or [ROOT / "corpus" / "dev", ROOT / "corpus" / "samples"]
    texts: dict[str, tuple[str, int]] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.name in texts:
                continue
            try:
                document = read_document(path)
            except DocumentError as e:
                print(f"skipped {path.name}: {e.reason}")
                continue
            texts[path.name] = (document.text, len(document.pages))
    pages = sum(n for _, n in texts.values())
    chars = sum(len(t) for t, _ in texts.values())
    extract(next(iter(texts.values()))[0])  # warm imports and compiled patterns
    best = float("inf")
    per_doc: dict[str, float] = {}
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for name, (text, _) in texts.items():
            t0 = time.perf_counter()
            extract(text)
            per_doc[name] = min(per_doc.get(name, float("inf")), time.perf_counter() - t0)
        best = min(best, time.perf_counter() - started)
    print(
        f"extraction (one core, best of {ROUNDS}): {len(texts)} documents, {pages} pages, {chars:,} characters"
    )
    standard = chars / PAGE_CHARS
    print(f"  {pages / best:,.1f} pages/s (DOCX and text files count as one page each)")
    print(f"  {standard / best:,.1f} standard pages/s ({PAGE_CHARS:,} characters a page)")
    print(f"  {chars / best:,.0f} characters/s   {best * 1000:.0f} ms in all")
    slowest = sorted(per_doc.items(), key=lambda kv: kv[1], reverse=True)[:3]
    for name, seconds in slowest:
        print(f"  slowest: {name}  {seconds * 1000:.1f} ms ({texts[name][1]} pages)")


if __name__ == "__main__":
    main(sys.argv[1:])
