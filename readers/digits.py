"""Handwritten digits in a header blank, read one by one with a small classifier.

Where tesseract's digit model finds no digit at all in a clerk's pen ("07", "575"), the ink
of the blank is cut into connected components, one per digit (a "5" drawn in two strokes
is put back together by its columns, two digits written touching are cut apart), each is
sheared upright and normalised like the UCI handwritten digits that ship inside
scikit-learn (``load_digits``: 1,797 digits as 8×8 counts of ink in a 32×32 bitmap, thick
strokes), and classified by an SVM trained on them at first use (about 2 s, once).

Its probabilities are not a trustworthy confidence on this pen: on the nine scans in
corpus/dev it read "560" for 660 and "18" for 11 at 0.9 and more. readers.blanks asks it
only where neither the page pass nor tesseract saw a digit.
"""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image
from scipy import ndimage

# Ink darker than this (0-255) is a stroke.
INK = 140
# A component lower than this share of the tallest one is a dot, comma or speck...
MIN_HEIGHT = 0.45
# ...and so is one lower than this share of the blank's box (twice the printed line's
# height; handwritten digits measured 0.39-0.60 of it in corpus/dev).
MIN_BOX_HEIGHT = 0.3
# Two components overlapping by this share of the narrower one's width are one digit.
OVERLAP = 0.5
# A component filling more than this share of its box is a patch, not a pen stroke.
SOLID = 0.6
# A component wider than this share of its height is two digits touching.
WIDE = 1.1
# The training digits' strokes are about 5 of their 32 pixels thick; their width fills
# about 24 of 32 pixels even for a narrow digit, so a narrow one is widened halfway to it.
STROKE = 5
WIDTH = 24
WIDEN = 0.5


@functools.cache
def _model():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    digits = load_digits()
    model = CalibratedClassifierCV(SVC(gamma=0.001, C=10), ensemble=False)
    return model.fit(digits.data, digits.target)


def segment(crop: Image.Image) -> list[np.ndarray]:
    """The digits in a grayscale crop, left to right, as boolean ink masks."""
    ink = np.asarray(crop.convert("L")) < INK
    labels, count = ndimage.label(ink, structure=np.ones((3, 3)))
    spans: list[tuple[list[int], tuple[int, int, int, int]]] = []
    for i, (rows, columns) in enumerate(ndimage.find_objects(labels)):
        height, width = rows.stop - rows.start, columns.stop - columns.start
        edge = rows.start == 0 or rows.stop == ink.shape[0]
        if width >= 3 * height and (edge or width >= 0.6 * ink.shape[1]):
            continue  # a printed rule across the blank (bc-23-BC-UBND-QuangNgai-2025-scan)
        if (labels[rows, columns] == i + 1).mean() > SOLID:
            continue
        spans.append(([i + 1], (columns.start, columns.stop, rows.start, rows.stop)))
    merged: list[tuple[list[int], tuple[int, int, int, int]]] = []
    for part, span in sorted(spans, key=lambda p: p[1][0]):
        if merged:
            last, (x0, x1, y0, y1) = merged[-1]
            overlap = min(x1, span[1]) - max(x0, span[0])
            heights = (y1 - y0, span[3] - span[2])
            low = min(heights) < MIN_HEIGHT * max(heights)
            # a stroke lifted off the paper: the flag of a "5", the bar of a "7"
            if overlap >= OVERLAP * min(x1 - x0, span[1] - span[0]) or (low and overlap > 0):
                box = (min(x0, span[0]), max(x1, span[1]), min(y0, span[2]), max(y1, span[3]))
                merged[-1] = (last + part, box)
                continue
        merged.append((part, span))
    tallest = max((y1 - y0 for _, (_, _, y0, y1) in merged), default=0)
    low = max(MIN_HEIGHT * tallest, MIN_BOX_HEIGHT * ink.shape[0])
    masks = []
    for part, (x0, x1, y0, y1) in merged:
        masks += _split(np.isin(labels[y0:y1, x0:x1], part))
    return [m for m in masks if m.shape[0] >= low]


def _split(mask: np.ndarray) -> list[np.ndarray]:
    """Two digits written touching, cut at the thinnest column of the middle."""
    height, width = mask.shape
    if width <= WIDE * height:
        return [mask]
    counts = mask.sum(axis=0)
    cut = min(range(round(0.3 * width), round(0.7 * width)), key=lambda x: counts[x])
    return [_trim(mask[:, :cut]), _trim(mask[:, cut:])]


def _trim(mask: np.ndarray) -> np.ndarray:
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return mask[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def _upright(mask: np.ndarray) -> np.ndarray:
    """The digit sheared upright by its second moments (the pen slants to the right)."""
    ys, xs = np.nonzero(mask)
    variance = ((ys - ys.mean()) ** 2).mean()
    if variance == 0:
        return mask
    slant = ((ys - ys.mean()) * (xs - xs.mean())).mean() / variance
    shifted = np.round(xs - slant * (ys - ys.mean())).astype(int)
    shifted -= shifted.min()
    out = np.zeros((mask.shape[0], shifted.max() + 1), dtype=bool)
    out[ys, shifted] = True
    return _trim(ndimage.binary_closing(out, structure=np.ones((1, 3))))


def features(mask: np.ndarray) -> np.ndarray:
    """A digit's mask as the 64 block counts (0-16) of the UCI digits."""
    mask = _upright(mask)
    height, width = mask.shape
    scale = 32 / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if size[0] < WIDTH:
        size = (round(size[0] + (WIDTH - size[0]) * WIDEN), size[1])
    image = Image.fromarray(mask.astype(np.uint8) * 255).resize(size, Image.Resampling.BILINEAR)
    bitmap = np.zeros((32, 32), dtype=bool)
    x, y = (32 - size[0]) // 2, (32 - size[1]) // 2
    bitmap[y : y + size[1], x : x + size[0]] = np.asarray(image) >= 128
    thickness = _thickness(bitmap)
    if thickness < STROKE:
        grow = max(1, round((STROKE - thickness) / 2))
        bitmap = ndimage.binary_dilation(bitmap, iterations=grow)
    return bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)).reshape(64).astype(float)


def _thickness(bitmap: np.ndarray) -> float:
    """Mean stroke width: a stroke of length L and width w has area Lw and 2L edge pixels."""
    area = bitmap.sum()
    edge = area - ndimage.binary_erosion(bitmap).sum()
    return 2 * area / edge if edge else 0.0


def classify(crop: Image.Image) -> tuple[str, list[float]]:
    """The digits in the crop and the classifier's probability for each ("", [] if none)."""
    masks = segment(crop)
    if not masks:
        return "", []
    model = _model()
    probabilities = model.predict_proba(np.stack([features(m) for m in masks]))
    best = probabilities.argmax(axis=1)
    return "".join(str(model.classes_[b]) for b in best), [float(p.max()) for p in probabilities]
