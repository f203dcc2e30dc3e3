"""tesseract on a small crop of a page (a blank's digits, a stamp's words).

The page pass (readers.ocr) fails the page when tesseract fails; a crop's reading only
adds to a page already read, so here a failure or a timeout is "nothing read".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytesseract
from PIL import Image

# A crop's reader: the text read and a confidence (0-100).
Reader = Callable[[Image.Image], tuple[str, float]]


@cache
def languages() -> frozenset[str]:
    """tesseract's installed models, asked once (each question starts a process)."""
    return frozenset(pytesseract.get_languages())


def crop_words(
    image: Image.Image, lang: str, config: str, timeout: float
) -> list[tuple[str, float]]:
    """The words tesseract reads in ``image`` with their confidences; [] when it fails."""
    try:
        found = pytesseract.image_to_data(
            image, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except (pytesseract.TesseractError, RuntimeError):  # RuntimeError: pytesseract's timeout
        return []
    return [
        (w.strip(), float(c))
        for w, c in zip(found["text"], found["conf"], strict=True)
        if w.strip() and float(c) >= 0
    ]
