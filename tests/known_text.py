"""Pages rendered from a known text, to measure OCR: a DOCX we write, converted to PDF by
LibreOffice, rasterized at 300 dpi by pypdfium2. Used by tests/test_ocr.py and bench/ocr.py.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from rapidfuzz.distance import Levenshtein

# Two pages of a plausible Chỉ thị; every line is a paragraph of the DOCX.
PAGES: tuple[tuple[str, ...], ...] = (
    (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/CT-UBND, Quảng Ngãi, ngày 20 tháng 3 năm 2018",
        "CHỈ THỊ",
        "Về việc tăng cường công tác thi hành án hành chính trên địa bàn tỉnh",
        "Trong những năm qua, công tác thi hành án hành chính trên địa bàn tỉnh đã có "
        "nhiều chuyển biến tích cực. Các sở, ban, ngành và Ủy ban nhân dân các huyện, "
        "thành phố đã quan tâm chỉ đạo, tổ chức thực hiện nghiêm túc các bản án, quyết "
        "định của Tòa án có hiệu lực pháp luật.",
        "Tuy nhiên, vẫn còn một số cơ quan, đơn vị chưa chủ động thi hành, còn chậm trễ "
        "trong việc ban hành quyết định hành chính mới thay thế, chưa báo cáo kết quả "
        "thực hiện đúng thời hạn quy định.",
        "Để khắc phục những tồn tại, hạn chế nêu trên, Chủ tịch Ủy ban nhân dân tỉnh "
        "yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các huyện, "
        "thị xã, thành phố thực hiện tốt các nhiệm vụ sau đây:",
        "1. Tổ chức quán triệt đầy đủ các quy định của Luật Tố tụng hành chính năm 2015 "
        "và Nghị định số 71/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ.",
    ),
    (
        "2. Sở Tư pháp chủ trì, phối hợp với Cục Thi hành án dân sự tỉnh theo dõi, đôn "
        "đốc việc thi hành án hành chính; báo cáo Ủy ban nhân dân tỉnh trước ngày 15 "
        "tháng 12 hằng năm.",
        "3. Thanh tra tỉnh kiểm tra trách nhiệm của người đứng đầu cơ quan, đơn vị để "
        "xảy ra chậm trễ, kiến nghị xử lý nghiêm theo quy định của pháp luật.",
        "4. Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, tổng hợp tình hình thực hiện "
        "Chỉ thị này, kịp thời báo cáo những khó khăn, vướng mắc phát sinh.",
        "Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các huyện, thị xã, "
        "thành phố và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Chỉ thị "
        "này./.",
        "Nơi nhận: Bộ Tư pháp; Thường trực Tỉnh ủy; Lưu: VT, NC.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Đặng Văn Minh",
    ),
)

DPI = 300
FONT = "DejaVu Serif"  # installed with LibreOffice on Debian; covers Vietnamese


def page_text(number: int) -> str:
    """The known text of 1-based page ``number``."""
    return "\n".join(PAGES[number - 1])


def write_docx(path: Path) -> Path:
    """A two-page DOCX of the known text, in a font with Vietnamese glyphs."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    for number, lines in enumerate(PAGES):
        for i, line in enumerate(lines):
            paragraph = document.add_paragraph(line)
            if number < len(PAGES) - 1 and i == len(lines) - 1:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, outdir: Path, *, timeout: float = 180) -> Path:
    """Convert with LibreOffice headless, with a profile of its own (STACK.md)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                exe,
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    return outdir / (docx.stem + ".pdf")


def known_pdf(workdir: Path) -> bytes:
    """The known text as a LibreOffice PDF (a text layer, two pages)."""
    return docx_to_pdf(write_docx(workdir / "known.docx"), workdir).read_bytes()


def rasterize(pdf_bytes: bytes, *, dpi: int = DPI) -> list[Image.Image]:
    """Each page as an 8-bit grayscale image at ``dpi``, its resolution recorded."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        images = []
        for i in range(len(pdf)):
            image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            image.info["dpi"] = (dpi, dpi)
            images.append(image)
        return images
    finally:
        pdf.close()


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate, whitespace runs folded to one space."""
    ref = " ".join(reference.split())
    hyp = " ".join(hypothesis.split())
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))
