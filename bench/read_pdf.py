"""Text-PDF reading speed, pages per second, next to pdftotext on the same files.

Usage: python bench/read_pdf.py [PDF or folder ...]   (default: corpus/samples, plus the
text-layer PDFs of ../shared/corpus/real when that folder is present)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readers.dispatch import read_bytes  # noqa: E402
from readers.pdf import count_pages, read_pdf  # noqa: E402

ROUNDS = 5


def _pdfs(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [
        ROOT / "corpus" / "samples",
        ROOT.parent / "shared" / "corpus" / "real",
    ]
    found: dict[str, Path] = {}
    for root in roots:
        for path in sorted(root.rglob("*.pdf")) if root.is_dir() else [root]:
            try:
                read_pdf(path.read_bytes(), layout=False)
            except ValueError:
                continue  # image-only scans have no text layer to time
            found.setdefault(path.name, path)
    return list(found.values())


def _rate(pages: int, fn) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        fn()
    return pages * ROUNDS / (time.perf_counter() - start)


def main() -> None:
    files = _pdfs(sys.argv[1:])
    blobs = [(p, p.read_bytes()) for p in files]
    pages = sum(count_pages(b) for _, b in blobs)
    print(f"{len(files)} text PDFs, {pages} pages, {ROUNDS} rounds")
    results = {
        "directives read_document (pypdfium2 + pdfplumber layout on first/last page, normalized)": _rate(
            pages, lambda: [read_bytes(b, p) for p, b in blobs]
        ),
        "pypdfium2 text only (our fast path, no layout)": _rate(
            pages, lambda: [read_pdf(b, layout=False) for _, b in blobs]
        ),
    }
    if shutil.which("pdftotext"):
        results["pdftotext (poppler, one process per file)"] = _rate(
            pages,
            lambda: [
                subprocess.run(["pdftotext", "-q", str(p), "-"], capture_output=True, check=True)
                for p, _ in blobs
            ],
        )
    else:
        print("pdftotext not found (apt-get install poppler-utils): skipped")
    width = max(map(len, results))
    for name, rate in results.items():
        print(f"{name:<{width}}  {rate:8.1f} pages/s")


if __name__ == "__main__":
    main()
