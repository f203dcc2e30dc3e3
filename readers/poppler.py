"""Pages whose text sits partly in form fields: poppler's pdftotext reads them.

Vietnamese e-signed documents ("văn bản điện tử ký số") get their number and day of issue
stamped into signature widgets on the first page ("Số: 193 /KH-UBND", "ngày 01 tháng 11")
after the body was typed; pdfium's text page leaves widget appearances out, so those pages
are re-read with `pdftotext -layout`, which renders them in place.
"""

from __future__ import annotations

import logging
import shutil
import subprocess

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

log = logging.getLogger(__name__)

_WIDGET = pdfium_c.FPDF_ANNOT_WIDGET
TIMEOUT_SECONDS = 30


def has_widgets(page: pdfium.PdfPage) -> bool:
    """True when the page carries form-field widgets (signature fields among them)."""
    count = pdfium_c.FPDFPage_GetAnnotCount(page.raw)
    for i in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == _WIDGET:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def pdftotext_page(data: bytes, number: int) -> str | None:
    """The layout text of 1-based page ``number``, or None when poppler is unavailable or
    fails (the caller keeps pdfium's text)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        log.warning("pdftotext (poppler-utils) is not installed; form-field text is skipped")
        return None
    try:
        done = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", "-f", str(number), "-l", str(number), "-", "-"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("pdftotext timed out on page %d", number)
        return None
    if done.returncode != 0:
        log.warning("pdftotext failed on page %d: %s", number, done.stderr[:200])
        return None
    return done.stdout.decode("utf-8", errors="replace").replace("\f", "")
