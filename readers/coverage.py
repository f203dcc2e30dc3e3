"""Where on a page tesseract's layout analysis read nothing though there is ink.

tesseract's automatic page segmentation (``--psm 3``) sometimes leaves whole paragraphs of
a scan out of its blocks: on page 1 of tb-660-TB-UBND-QuangNgai-2024-scan.pdf it reads
1,465 characters of about 2,700, dropping the first paragraph and items a) to d). The rows
with ink that no word box covers are found here, so that the reader can read those bands
again as plain blocks of text (``--psm 6``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PIL import Image

DARK = 128  # a pixel darker than this is ink
MIN_ROW_INK = 8  # dark pixels for a row to hold text (specks and dust are fewer)
MERGE_GAP = 30  # rows between two uncovered runs that still make one band (a line gap)
MIN_BAND = 20  # a band lower than this is a rule or a speck, not a line of text
MIN_BAND_INK = 400  # dark pixels in a band for it to be worth reading again
PAD = 3  # rows around a word box that count as covered


def ink_rows(gray: Image.Image) -> np.ndarray:
    """Per row, how many dark pixels it has."""
    pixels = np.asarray(gray.convert("L"))
    return (pixels < DARK).sum(axis=1)


def covered_rows(height: int, boxes: Iterable[tuple[int, int]]) -> np.ndarray:
    """Per row, whether a word box (top, height) covers it."""
    covered = np.zeros(height, dtype=bool)
    for top, box_height in boxes:
        covered[max(0, top - PAD) : top + box_height + PAD] = True
    return covered


def uncovered_bands(gray: Image.Image, covered: np.ndarray) -> list[tuple[int, int]]:
    """(top, bottom) pixel rows of bands that hold ink but no word box, widened to the
    blank rows around them so that no line of text is cut in two."""
    ink = ink_rows(gray)
    has_ink = ink >= max(MIN_ROW_INK, gray.width // 200)
    runs: list[list[int]] = []
    for row in np.flatnonzero(has_ink & ~covered):
        if runs and row - runs[-1][1] <= MERGE_GAP:
            runs[-1][1] = int(row)
        else:
            runs.append([int(row), int(row)])
    bands = []
    for top, bottom in runs:
        if bottom + 1 - top < MIN_BAND or int(ink[top : bottom + 1].sum()) < MIN_BAND_INK:
            continue
        while top > 0 and has_ink[top - 1]:
            top -= 1
        while bottom + 1 < len(ink) and has_ink[bottom + 1]:
            bottom += 1
        if bands and top <= bands[-1][1]:  # widened into the band above: one band
            bands[-1] = (bands[-1][0], max(bands[-1][1], bottom + 1))
        else:
            bands.append((top, bottom + 1))
    return bands
