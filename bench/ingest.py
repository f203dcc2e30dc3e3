"""End-to-end ingest of text PDFs on one core: pages per second, reading to index.

The PDFs of the given folders that are read from their text layer (default: corpus/dev
and corpus/test; scans and broken-font PDFs the reader sends to OCR are left out, they
measure OCR, see bench/ocr.py) are copied to a temporary folder and
ingested by `directives ingest --prefect never` into a fresh data folder, in a child
process pinned to one core. Printed: files, pages, seconds and pages per second per core,
for the whole run and for reading and extracting alone (the same path in this process,
trained models included), so the cost of the index writes shows as the difference.
Usage: python bench/ingest.py [FOLDER ...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.pipeline import extract_reading  # noqa: E402
from readers import read_bytes  # noqa: E402
from readers.dispatch import Limits  # noqa: E402


def _text_pdfs(folders: list[Path]) -> tuple[list[tuple[Path, int]], list[str]]:
    """The PDFs read from their text layer alone, and the names of those the reader
    sends to OCR (a broken font's garbled layer): those measure OCR, not reading."""
    found, ocr = [], []
    for folder in folders:
        for path in sorted(folder.glob("*.pdf")):
            pdf = pdfium.PdfDocument(str(path))
            try:
                pages = len(pdf)
                chars = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(pages))
            finally:
                pdf.close()
            if chars < 200 * pages:  # no text layer to speak of: a scan
                continue
            if read_bytes(path.read_bytes(), path, Limits()).reading.ocr_pages:
                ocr.append(path.name)
            else:
                found.append((path, pages))
    return found, ocr


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT / "corpus/dev", ROOT / "corpus/test"]
    files, ocr = _text_pdfs(folders)
    pages = sum(n for _, n in files)
    with tempfile.TemporaryDirectory() as tmp:
        inbox, data = Path(tmp) / "in", Path(tmp) / "data"
        inbox.mkdir()
        for path, _ in files:
            shutil.copy(path, inbox / path.name)
        env = {**os.environ, "DIRECTIVES_DATA_DIR": str(data)}
        cli = [sys.executable, "-m", "cli", "ingest", "--prefect", "never", str(inbox)]
        started = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", *cli], env=env, check=True, capture_output=True)
        whole = time.perf_counter() - started
    os.sched_setaffinity(0, {0})
    started = time.perf_counter()
    documents = [read_bytes(path.read_bytes(), path, Limits()) for path, _ in files]
    reading = time.perf_counter() - started
    extract_reading(documents[0])  # load underthesea and the models once, as a server does
    timed = {}
    for models in (False, True):
        started = time.perf_counter()
        for document in documents:
            extract_reading(document, models=models)
        timed[models] = time.perf_counter() - started
    print(f"{len(files)} text PDFs, {pages} pages ({len(ocr)} more left out: read by OCR)")
    rows = [
        ("ingest (read, extract, index; process start and model loading included)", whole),
        ("reading alone", reading),
        ("extraction alone, rules", timed[False]),
        ("extraction alone, rules + trained models", timed[True]),
    ]
    for label, seconds in rows:
        print(f"{label:74} {seconds:6.1f} s {pages / seconds:7.1f} pages/s on one core")


if __name__ == "__main__":
    main()
