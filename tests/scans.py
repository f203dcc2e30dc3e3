"""The real scans of corpus/dev as page images, rendered as readers/pdf.py renders them."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image

from readers.ocr import DPI
from tests.conftest import ROOT

DEV = ROOT / "corpus" / "dev"


def first_page(name: str) -> Image.Image:
    """Page 1 of ``corpus/dev/<name>`` in colour at the OCR resolution."""
    pdf = pdfium.PdfDocument(DEV / name)
    try:
        return pdf[0].render(scale=DPI / 72).to_pil()
    finally:
        pdf.close()
