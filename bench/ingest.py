"""End-to-end ingest of text PDFs on one core: pages per second, reading to index.

The text-layer PDFs of the given folders (default: corpus/dev and corpus/test; scans are
left out, they measure OCR, see bench/ocr.py) are copied to a temporary folder and
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


def _text_pdfs(folders: list[Path]) -> list[tuple[Path, int]]:
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.pdf")):
            if "scan" in path.stem:
                continue
            pdf = pdfium.PdfDocument(str(path))
            try:
                pages = len(pdf)
                chars = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(pages))
            finally:
                pdf.close()
            if chars > 200 * pages:  # a text layer on every page, on average
                found.append((path, pages))
    return found


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT / "corpus/dev", ROOT / "corpus/test"]
    files = _text_pdfs(folders)
    pages = sum(n for _, n in files)
    with tempfile.TemporaryDirectory() as tmp:
        inbox, data = Path(tmp) / "in", Path(tmp) / "data"
        inbox.mkdir()
        for path, _ in files:
            shutil.copy(path, inbox / path.name)
        env = {**os.environ, "DIRECTIVES_DATA_DIR": str(data)}
        cli = [sys.executable, "-m", "directives.cli", "ingest", "--prefect", "never", str(inbox)]
        started = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", *cli], env=env, check=True, capture_output=True)
        whole = time.perf_counter() - started
    os.sched_setaffinity(0, {0})
    started = time.perf_counter()
    for path, _ in files:
        document = read_bytes(path.read_bytes(), path, Limits())
        extract_reading(document)
    read_extract = time.perf_counter() - started
    print(f"{len(files)} text PDFs, {pages} pages")
    print(f"ingest (read, extract, index), one core: {whole:.1f} s, {pages / whole:.1f} pages/s")
    print(
        f"read + extract alone, one core:          {read_extract:.1f} s, "
        f"{pages / read_extract:.1f} pages/s"
    )


if __name__ == "__main__":
    main()
