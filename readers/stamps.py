"""Urgency and security stamps in red ink on a scanned document's first page.

An office stamps "HỎA TỐC", "KHẨN" or "MẬT" in red near the header, often at a slant
(cv-299-UBND-TTHC-QuangNgai-2025-scan.pdf: an arrow-shaped "HỎA TỐC" turned 40°). The
page pass whitens coloured ink (readers.ocr.black_ink), so the stamp is lost with the
seals. Here the red ink of the top of the page is cut into blobs; a blob as round as a
seal is skipped unread; a long one is turned level along its main axis, its frame
removed, and read; only a reading that is one of the marks is kept, in capitals as a
typed mark is printed, for extractors.header to find.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from rapidfuzz import fuzz

from extractors.fold import fold
from readers.crop_ocr import Reader, crop_words

# The marks sit beside or under the header: the top 40% of the page (cv-299: 23-33%).
HEAD_SHARE = 0.40
# Red ink: the red channel above both others by this much (0-255). Black print is grey
# (channels equal); a blue signature has red below blue.
RED = 60
# Fewer red pixels than this (at half the page's resolution) is a speck, not a stamp.
MIN_INK = 300
# A blob's long axis over its short one (from the spread of its pixels): a round seal is
# about 1; the framed word of a stamp 2.5 or more (cv-299's arrow: 2.5).
MIN_ELONGATION = 1.7
# A frame is the ink that touches the blob's box and spans most of it.
FRAME_SPAN = 0.7
# Folded reading against folded mark (rapidfuzz ratio, 0-100): one wrong letter in
# "HOA TOC" passes (86); in "KHAN" or "MAT" it does not.
MIN_SIMILARITY = 80
MIN_CONFIDENCE = 50.0
# Pages at least this wide (pixels; A4 at 300 dpi is 2,480) are searched at half size.
HALVED_FROM = 2000

MARKS = ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "TUYỆT MẬT", "TỐI MẬT", "MẬT")


def find_marks(
    page: Image.Image, read: Reader, *, share: float = HEAD_SHARE
) -> list[tuple[str, float]]:
    """The marks stamped in red on the top ``share`` of a colour page, with the reading's
    confidence ([("HỎA TỐC", 93.5)])."""
    if page.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return []  # no colour, no red ink
    rgb = page.convert("RGB")
    head = rgb.crop((0, 0, rgb.width, round(rgb.height * share)))
    # At half resolution (a 300-dpi page): a quarter of the pixels to test and to turn; a
    # stamp's letters are still 25-30 pixels high there, enough for tesseract
    small = _red(head.reduce(2) if rgb.width >= HALVED_FROM else head)
    if small.sum() < MIN_INK:
        return []
    found: list[tuple[str, float]] = []
    for box in _blobs(small, cell=max(4, rgb.width // 500)):
        left, top, right, bottom = box
        level = _level(small[top:bottom, left:right])
        if level is None:
            continue
        text, confidence = read(level)
        mark = match_mark(text)
        if mark and confidence >= MIN_CONFIDENCE and mark not in (m for m, _ in found):
            found.append((mark, confidence))
    return found


def put_marks(data: dict[str, list], marks: list[tuple[str, float]]) -> dict[str, list]:
    """Tesseract ``data`` with each mark as a line of its own at the top of the page,
    where a typed mark is printed, so the page's text and its word boxes both hold it."""
    lines: dict[str, list] = {key: [] for key in data}
    for number, (mark, confidence) in enumerate(marks):
        for n, word in enumerate(mark.split()):
            entry = {key: values[0] for key, values in data.items()} if data["text"] else {}
            entry.update(
                text=word,
                conf=confidence,
                block_num=-1 - number,
                par_num=1,
                line_num=1,
                word_num=n + 1,
                left=n * 100,
                top=0,
                width=90,
                height=30,
            )
            for key in lines:
                lines[key].append(entry.get(key, 0))
    return {key: lines[key] + list(data[key]) for key in data}


def _red(image: Image.Image) -> np.ndarray:
    a = np.asarray(image, dtype=np.int16)
    return (a[..., 0] - np.maximum(a[..., 1], a[..., 2])) > RED


def _blobs(mask: np.ndarray, *, cell: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of the red blobs with enough ink, joined over
    gaps of about two cells (the letters of a stamp and its frame are one blob)."""
    h, w = (mask.shape[0] // cell) * cell, (mask.shape[1] // cell) * cell
    grid = mask[:h, :w].reshape(h // cell, cell, w // cell, cell).any(axis=(1, 3))
    grown = Image.fromarray((grid * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(5))
    cells = np.pad(np.asarray(grown) > 0, 1)  # a blank border: no bounds to test
    seen = np.zeros_like(cells)
    boxes = []
    for y, x in zip(*np.nonzero(cells), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack, ys, xs = [(y, x)], [], []
        while stack:
            cy, cx = stack.pop()
            ys.append(cy - 1)
            xs.append(cx - 1)
            for ny, nx in ((cy + 1, cx), (cy - 1, cx), (cy, cx + 1), (cy, cx - 1)):
                if cells[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    stack.append((ny, nx))
        box = (min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell)
        if mask[box[1] : box[3], box[0] : box[2]].sum() >= MIN_INK:
            boxes.append(box)
    return boxes


def _level(mask: np.ndarray) -> Image.Image | None:
    """The blob's ink black on white, turned so its long axis is level, frame removed;
    None for a round blob (a seal) or one with nothing inside its frame."""
    ys, xs = np.nonzero(mask)
    values, vectors = np.linalg.eigh(np.cov(np.vstack([xs, ys])))
    if values[1] < MIN_ELONGATION**2 * max(values[0], 1e-6):
        return None
    x, y = vectors[:, 1]
    angle = float(np.degrees(np.arctan2(y, x)))
    angle = (angle + 90) % 180 - 90  # upright text: the axis read left to right
    ink = Image.fromarray(np.where(mask, 0, 255).astype(np.uint8))
    ink = ink.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    ink = ink.point(lambda v: 0 if v < 128 else 255)
    ink = _unframed(ink.crop(ImageOps.invert(ink).getbbox()))
    extent = ImageOps.invert(ink).getbbox()
    if extent is None:
        return None
    return ImageOps.expand(ink.crop(extent), 20, fill=255)


def _unframed(ink: Image.Image) -> Image.Image:
    """``ink`` without the strokes that touch its edge and span most of it (a frame)."""
    ink = ink.copy()
    w, h = ink.size
    pixels = ink.load()
    edge = [(x, y) for x in range(w) for y in (0, h - 1)] + [
        (x, y) for y in range(h) for x in (0, w - 1)
    ]
    for xy in edge:
        if pixels[xy] != 0:
            continue
        ImageDraw.floodfill(ink, xy, 128)
        stroke = ink.point(lambda v: 255 if v == 128 else 0).getbbox()
        assert stroke is not None
        framed = stroke[2] - stroke[0] >= FRAME_SPAN * w or stroke[3] - stroke[1] >= FRAME_SPAN * h
        ImageDraw.floodfill(ink, xy, 255 if framed else 1)  # 1: seen, kept as ink
    return ink.point(lambda v: 0 if v < 128 else 255)


def match_mark(text: str) -> str | None:
    """The mark a stamp's reading is, tolerant of a misread letter ("HOA TÔC" -> "HỎA
    TỐC"); None when the reading is anything else (a seal's "ỦY BAN NHÂN DÂN")."""
    words = re.sub(r"[^\w\s]|\d|_", " ", unicodedata.normalize("NFC", text)).split()
    if not words:
        return None
    read = fold(" ".join(words)).upper()
    best = max(MARKS, key=lambda m: fuzz.ratio(read, fold(m).upper()))
    if len(best.split()) != len(words) or fuzz.ratio(read, fold(best).upper()) < MIN_SIMILARITY:
        return None
    return best


def read_words(timeout: float) -> Reader:
    """A reader of a stamp's words with tesseract's Vietnamese model, as a block."""

    def read(image: Image.Image) -> tuple[str, float]:
        # tesseract failing leaves nothing read: no mark rather than a failed page
        words = crop_words(image, "vie", "--psm 6", timeout)
        confidence = sum(c for _, c in words) / len(words) if words else 0.0
        return " ".join(w for w, _ in words), confidence

    return read
