"""OCR speed and accuracy, and the reading speed of a mixed folder.

1. Pages rendered from a known text (tests/known_text.py: a DOCX we write, converted to PDF
   by LibreOffice, rasterized by pypdfium2): OCR seconds per page and character error
   rate against the known text, at 300 dpi and at a coarser 150 dpi.
2. Real scans (corpus/hard): OCR seconds per page and tesseract's mean word confidence.
3. A mixed folder (default corpus/dev: text PDFs, scans, DOCX, .doc, text files) read with
   read_document, OCR included: pages per second, and how each file was read.

Usage: python bench/ocr.py [FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directives.errors import DocumentError  # noqa: E402
from readers import read_document  # noqa: E402
from readers.ocr import DPI, check_tesseract, ocr_image  # noqa: E402
from readers.pdf import read_pdf  # noqa: E402
from tests import known_text  # noqa: E402


def known_pages() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        pdf = known_text.known_pdf(Path(workdir))
    for dpi in (DPI, 150):
        images = known_text.rasterize(pdf, dpi=dpi)
        seconds = 0.0
        errors = chars = 0.0
        for number, image in enumerate(images, start=1):
            start = time.perf_counter()
            page = ocr_image(image)
            seconds += time.perf_counter() - start
            reference = known_text.page_text(number)
            length = len(" ".join(reference.split()))
            errors += known_text.cer(reference, page.text) * length
            chars += length
        print(
            f"known text, {dpi} dpi: {len(images)} pages, {seconds / len(images):.2f} s/page, "
            f"CER {errors / chars:.2%} ({errors:.0f} errors in {chars:.0f} characters)"
        )


def real_scans() -> None:
    for path in sorted((ROOT / "corpus" / "hard").glob("*.pdf")):
        start = time.perf_counter()
        document = read_pdf(path.read_bytes(), ocr=True)
        seconds = time.perf_counter() - start
        reading = document.reading
        pages = len(reading.ocr_pages)
        confidence = sum(reading.ocr_confidence) / max(1, pages)
        print(
            f"{path.name}: {pages}/{reading.pages} pages OCR'd, "
            f"{seconds / max(1, pages):.2f} s/page, mean confidence {confidence:.1f}"
        )


def mixed_folder(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    pages = ocr_pages = 0
    methods: Counter[str] = Counter()
    failed: list[str] = []
    start = time.perf_counter()
    for path in files:
        try:
            document = read_document(path)
        except DocumentError as e:
            failed.append(f"{path.name} ({type(e).__name__})")
            continue
        pages += document.reading.pages
        ocr_pages += len(document.reading.ocr_pages)
        methods[f"{document.reading.format}:{document.reading.method}"] += 1
    seconds = time.perf_counter() - start
    print(
        f"mixed folder {folder.name}: {len(files)} files, {pages} pages ({ocr_pages} by OCR) "
        f"in {seconds:.1f} s: {pages / seconds:.2f} pages/s"
    )
    for method, count in sorted(methods.items()):
        print(f"  {count:3d} × {method}")
    for name in failed:
        print(f"  failed: {name}")


def main() -> None:
    print(f"tesseract {check_tesseract()}, model vie, OMP_THREAD_LIMIT=1")
    known_pages()
    real_scans()
    mixed_folder(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "dev")


if __name__ == "__main__":
    main()
