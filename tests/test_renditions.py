"""The same văn bản as two files: the government's signed text PDF of Nghị định
55/2023/NĐ-CP (corpus/samples) and a scan of it — every page of that PDF printed to
grey images at 300 dpi and put back in a PDF without a text layer, so that it is read by
OCR as a scan would be. Whichever arrives first, the office has one document with two
renditions and one set of tasks, read from the text rendition."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from directives.settings import Settings
from store.store import Store
from store.tracking import TaskQuery
from tests.conftest import SAMPLES, ingest_into

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

SIGNED = SAMPLES / "nd-55-2023-ND-CP-signed.pdf"


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """The signed PDF as a scan: page images only (OCR'd once per module)."""
    pdf = pdfium.PdfDocument(SIGNED)
    try:
        pages = [pdf[i].render(scale=300 / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()
    target = tmp_path_factory.mktemp("scan") / "nd-55-ban-quet.pdf"
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=300)
    return target


@pytest.mark.parametrize("first", ["scan", "signed"])
def test_a_text_pdf_and_its_scan_are_one_document(tmp_path, scan, first):
    data = tmp_path / "data"
    order = [scan, SIGNED] if first == "scan" else [SIGNED, scan]
    reports = [ingest_into(data, path) for path in order]
    assert all(len(r.ingested) == 1 for r in reports), reports
    assert reports[1].ingested[0].rendition_of == reports[0].ingested[0].id
    store = Store(Settings(data_dir=data).store_url)
    try:
        assert store.count() == 1
        (doc_id,) = store.current_ids()
        stored = store.document(doc_id)
        assert {r.filename: r.primary for r in stored.renditions} == {
            scan.name: False,
            SIGNED.name: True,  # the text reading is the document's, whichever came first
        }
        assert stored.document.number == "55/2023/NĐ-CP"
        assert stored.renditions[0].reading.get("ocr_pages") or stored.renditions[1].reading.get(
            "ocr_pages"
        )
        tasks = store.tasks(TaskQuery(doc_id=doc_id, include_gone=True, limit=1000)).tasks
        live = [t for t in tasks if not t.gone]
        assert live and len({t.text for t in live}) == len(live)  # one set, no duplicates
        # the tasks are read from the text rendition: each is in its text, word for word
        words = " ".join(stored.document.text.split())
        assert all(" ".join(t.text.split()) in words for t in live)
        assert not stored.document.meta["reading"].get("ocr_pages")
    finally:
        store.close()
