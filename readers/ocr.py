"""OCR a page image with tesseract's Vietnamese model (through pytesseract).

Measured (STACK.md): 1.1-1.7 s per 300-dpi page with ``OMP_THREAD_LIMIT=1``, about 10 s
without it on two cores, because tesseract's OpenMP threads fight each other.
pytesseract hands ``os.environ`` to the tesseract process it starts, so the limit is set
there (only when the user has not set it).
"""

from __future__ import annotations

import io
import logging
import os
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from statistics import median

import pytesseract
from PIL import Image, ImageChops, ImageSequence, UnidentifiedImageError

from readers.blanks import fill_blanks, read_digits
from readers.coverage import covered_rows, uncovered_bands
from readers.document import Handwritten
from readers.stamps import find_marks, put_marks, read_words

log = logging.getLogger(__name__)

LANGUAGE = "vie"
DPI = 300
DEFAULT_TIMEOUT = 60.0  # seconds for one page; a 300-dpi A4 page takes 1-2 s
# Below this many pixels on the long side an image is too coarse for tesseract; it is
# scaled up (a 100-dpi fax-quality scan of an A4 page is about 1,170 px high).
MIN_LONG_SIDE = 2000
# Seals (red) and signatures (blue) are stamped and written over the signer's title and
# name; printed text is black. Pixels whose channels differ by more than this are coloured
# ink and are whitened before OCR (cv-575-UBND-KTTH-QuangNgai-2025-scan.pdf: the name under
# the seal; qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf: "GIÁM ĐỐC" under a signature).
CHROMA = 80
_GRAY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})

_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie (or run scripts/setup.sh)"


class OcrUnavailable(RuntimeError):
    """tesseract or its Vietnamese model is not installed."""


class OcrFailed(RuntimeError):
    """tesseract failed or timed out on a page."""


class ImageUnreadable(ValueError):
    """The bytes are not an image PIL can decode."""


@dataclass(frozen=True, slots=True)
class Box:
    """A word's box in points (1/72 inch), as pdfplumber gives them; ``top`` is its line's."""

    x0: float
    x1: float
    top: float
    text: str


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0-100 (0 when no word was found)
    words: int
    boxes: tuple[Box, ...] = ()
    handwritten: tuple[Handwritten, ...] = ()  # first page: the number and day by hand

    def word_dicts(self) -> list[dict[str, float | str]]:
        """The boxes in the shape readers.layout.columns_text takes."""
        return [{"x0": b.x0, "x1": b.x1, "top": b.top, "text": b.text} for b in self.boxes]


@cache
def check_tesseract() -> str:
    """Return tesseract's version, or raise OcrUnavailable saying how to install it."""
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise OcrUnavailable(f"tesseract is not installed: {_INSTALL}") from e
    if LANGUAGE not in languages:
        raise OcrUnavailable(
            f"tesseract {version} has no Vietnamese model ('{LANGUAGE}' not in "
            f"{', '.join(languages) or 'no languages'}): {_INSTALL}"
        )
    return version


def ocr_image(
    image: Image.Image, *, timeout: float = DEFAULT_TIMEOUT, first: bool = False
) -> OcrPage:
    """Read one page image; text keeps tesseract's reading order (column by column).

    Bands with ink that the page layout analysis left out (readers.coverage) are read
    again as plain blocks and put in their place by height on the page. On a document's
    ``first`` page, a number and day written by hand into the header are read again
    (readers.blanks), and an urgency or security mark stamped in red is read
    (readers.stamps).
    """
    check_tesseract()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    original = image
    image, dpi = _prepare(image)
    data = _tesseract(image, f"--psm 3 --dpi {dpi}", timeout)
    words = [i for i, w in enumerate(data["text"]) if w.strip() and float(data["conf"][i]) >= 0]
    covered = covered_rows(image.height, ((data["top"][i], data["height"][i]) for i in words))
    for number, (top, bottom) in enumerate(uncovered_bands(image, covered)):
        crop = image.crop((0, max(0, top - 10), image.width, min(image.height, bottom + 10)))
        band = _tesseract(crop, f"--psm 6 --dpi {dpi}", timeout)
        offset = max(0, top - 10)
        # words on lines the first pass read already are not read twice
        band["text"] = [
            "" if covered[min(len(covered) - 1, offset + t + h // 2)] else w
            for w, t, h in zip(band["text"], band["top"], band["height"], strict=True)
        ]
        if _worth_keeping(band):
            data = _insert_band(data, band, offset, block=10_000 + number)
    handwritten: tuple[Handwritten, ...] = ()
    if first:
        data, handwritten = _first_page_extras(data, original, image.size, timeout)
    return replace(_page(data, 72 / dpi), handwritten=handwritten)


def _first_page_extras(
    data: dict[str, list], original: Image.Image, size: tuple[int, int], timeout: float
) -> tuple[dict[str, list], tuple[Handwritten, ...]]:
    """The handwritten blanks and the red marks, added to the page's words.

    Both passes only add to a page already read: should one fail (a pen stroke or a blob
    of a shape no rule foresaw, tesseract timing out on a crop), the page keeps what it
    has and the document is not lost for it.
    """
    handwritten: tuple[Handwritten, ...] = ()
    try:
        # The pen's ink is kept here: black_ink may have whitened a blue numeral
        kept = original.convert("L").resize(size)
        data, handwritten = fill_blanks(data, kept, read_digits(timeout))
    except Exception:
        log.warning("the handwritten number and day could not be read again", exc_info=True)
    try:
        # black_ink whitened a red "HỎA TỐC" with the seals (cv-299-UBND-TTHC-QuangNgai-2025-scan)
        data = put_marks(data, find_marks(original, read_words(timeout)))
    except Exception:
        log.warning("the red stamps could not be read", exc_info=True)
    return data, handwritten


def _tesseract(image: Image.Image, config: str, timeout: float) -> dict[str, list]:
    try:
        return pytesseract.image_to_data(
            image,
            lang=LANGUAGE,
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except pytesseract.TesseractError as e:
        raise OcrFailed(f"tesseract failed: {e.message.strip()}") from e
    except RuntimeError as e:  # pytesseract's timeout is a bare RuntimeError
        raise OcrFailed(f"tesseract took longer than {timeout:g} s on a page") from e


def _worth_keeping(band: dict[str, list]) -> bool:
    """Text, not a seal or a signature read as marks: three words at 60% confidence."""
    confidences = [
        float(c)
        for w, c in zip(band["text"], band["conf"], strict=True)
        if w.strip() and float(c) >= 0
    ]
    return len(confidences) >= 3 and sum(confidences) / len(confidences) >= 60


def _insert_band(
    data: dict[str, list], band: dict[str, list], offset: int, *, block: int
) -> dict[str, list]:
    """``data`` with the band's words as a block of their own, before the first block that
    starts below the band."""
    band = {
        **band,
        "top": [t + offset for t in band["top"]],
        "block_num": [block] * len(band["text"]),
    }
    band_top = min(
        (t for t, w in zip(band["top"], band["text"], strict=True) if w.strip()), default=offset
    )
    tops: dict[int, int] = {}
    for i, number in enumerate(data["block_num"]):
        if data["text"][i].strip():
            tops[number] = min(tops.get(number, data["top"][i]), data["top"][i])
    at = next(
        (
            i
            for i, number in enumerate(data["block_num"])
            if tops.get(number, -1) > band_top and (i == 0 or data["block_num"][i - 1] != number)
        ),
        len(data["text"]),
    )
    return {key: data[key][:at] + band[key] + data[key][at:] for key in data}


def _prepare(image: Image.Image) -> tuple[Image.Image, int]:
    """Grayscale without coloured ink, scaled up when coarse; with the resolution to tell
    tesseract."""
    gray = image.convert("L") if image.mode in _GRAY_MODES else black_ink(image)
    dpi = _dpi(image)
    long_side = max(gray.size)
    if long_side < MIN_LONG_SIDE:
        factor = MIN_LONG_SIDE / long_side
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)))
        dpi = round(dpi * factor)
    return gray, dpi


def black_ink(image: Image.Image) -> Image.Image:
    """The page in grayscale with coloured ink (seals, signatures) turned white."""
    rgb = image.convert("RGB")
    red, green, blue = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    low = ImageChops.darker(ImageChops.darker(red, green), blue)
    coloured = ImageChops.subtract(high, low).point(lambda v: 255 if v > CHROMA else 0)
    gray = rgb.convert("L")
    gray.paste(255, mask=coloured)
    return gray


def _dpi(image: Image.Image) -> int:
    value = image.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else DPI
    except (TypeError, ValueError, IndexError):
        dpi = DPI
    return dpi if 70 <= dpi <= 1200 else DPI


_SOLID = frozenset({"Lu", "Ll", "Nd"})  # letters and digits; not modifier letters like "ˆ"


def _noise(word: str, confidence: float) -> bool:
    # Specks read as marks ("ˆ" between the header's columns, cv-464-TTg-CDS-2026-scan.pdf)
    return confidence < 60 and not any(unicodedata.category(c) in _SOLID for c in word)


def _page(data: dict[str, list], scale: float) -> OcrPage:
    """Text line by line in tesseract's order, mean confidence, word boxes in points."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        word = word.strip()
        confidence = float(data["conf"][i])
        if not word or confidence < 0 or _noise(word, confidence):
            continue
        confidences.append(confidence)
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(line, []).append(i)
    out: list[str] = []
    boxes: list[Box] = []
    previous: tuple[int, int] | None = None
    for (block, paragraph, _), indexes in lines.items():
        if previous is not None and previous != (block, paragraph):
            out.append("")  # a blank line between paragraphs, as tesseract's text output
        previous = (block, paragraph)
        words = [data["text"][i].strip() for i in indexes]
        out.append(" ".join(words))
        top = median(data["top"][i] for i in indexes) * scale
        for i, word in zip(indexes, words, strict=True):
            left, width = data["left"][i], data["width"][i]
            boxes.append(Box(left * scale, (left + width) * scale, top, word))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage("\n".join(out), mean, len(confidences), tuple(boxes))


# What Pillow raises on a damaged or truncated image (TypeError: a TIFF frame cut short).
_UNDECODABLE = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    TypeError,
    EOFError,
    Image.DecompressionBombError,
)


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    # Pillow warns about damaged EXIF or TIFF directory data and goes on: the image either
    # decodes anyway or fails next with an error that says why (tests/test_bad_input.py).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def image_pages(data: bytes) -> Iterator[Image.Image]:
    """Each frame of an image file (PNG, JPEG, GIF, one- or multi-page TIFF)."""
    try:
        with _pillow_quiet():
            image = Image.open(io.BytesIO(data))
            image.load()
        frames = ImageSequence.Iterator(image)
    except _UNDECODABLE as e:
        raise ImageUnreadable(str(e)) from e
    while True:
        try:
            with _pillow_quiet():
                frame = next(frames).copy()
        except StopIteration:
            return
        except _UNDECODABLE as e:
            raise ImageUnreadable(f"a page (frame) cannot be decoded: {e}") from e
        yield frame


def count_frames(data: bytes) -> int:
    try:
        with _pillow_quiet():
            return getattr(Image.open(io.BytesIO(data)), "n_frames", 1)
    except _UNDECODABLE as e:
        raise ImageUnreadable(str(e)) from e
