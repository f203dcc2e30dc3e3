"""Filled-in blanks: the number and day that a clerk writes by hand into the printed header.

State documents are printed with the numeral and the day left blank ("Số:      /UBND-KTTH",
"Quảng Ngãi, ngày    tháng 02 năm 2025") and filled in with a pen at issue time. The page
pass reads handwriting badly: the digits come out as marks (",@3", "ngày⁄|Š"), a wrong
number ("899" for 299) or nothing. Here the gap between "Số:" and "/…", and between "ngày"
and "tháng", is cut from the page with coloured ink kept, scaled to a line height
tesseract reads best, and read again as one line of digits. Where neither pass saw a digit,
the digits are read one by one by a small classifier (readers.digits). A blank that holds
no ink stays blank (a pre-issue copy keeps "/KH-UBND").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageOps

from readers.crop_ocr import Reader, crop_words, languages
from readers.digits import classify
from readers.document import Handwritten

# Header lines sit in the top third of the first page.
HEAD_SHARE = 0.35
# Ink darker than this (0-255) is kept; a scan's grey background and speckle are not.
INK = 140
# Tesseract's digit model reads a line best at about this height in pixels.
LINE_HEIGHT = 40
# A gap the page pass left empty or unreadable is filled only from a confident re-read;
# digits the page pass did read are replaced by a more confident one of at least MIN_REPLACE.
MIN_FILL = 60.0
MIN_REPLACE = 30.0
# A gap where tesseract saw no digit is filled by the classifier (readers.digits) only
# when every digit's probability is at least this (in percent). Its probabilities are
# overconfident on this pen (wrong readings at 90-96 on the dev scans), so the classifier
# is asked nowhere else; this only cuts its least sure readings (ct-01's day "04" at 74).
MIN_CLASSIFIED = 90.0
# Below this confidence tesseract's digits in a day's gap are taken for no reading.
GUESS = 10.0
# A handwritten number read below this confidence is not put in the text: it is reported
# unread (needs review) rather than guessed; the number is the document's identity. On
# the dev scans wrong numbers came at 28 and 41 (and one at 89), right ones from 38 up.
# A day keeps its reading whatever the confidence (right ones from 32 up on the dev
# scans, and its gap may hold only part of it) and is flagged for review instead.
RELIABLE = 50.0
# Printed words' widths in line heights, for a word tesseract glued to the handwriting
# ("ngày30", "04tháng"): measured on the Quảng Ngãi scans in corpus/dev.
_WIDTH = {"số": 1.35, "ngày": 2.1, "tháng": 2.4}

_SO = re.compile(r"^Số:?\.?$")
_CODE = re.compile(r"/\s*[^\W\d_]")  # "/UBND-KTTH", "899/UBND-TTHC"
_DAY_READ = re.compile(r"ngày[\s._…]*(?:\d{1,2}|[OoUlI|]\d|\d[OoUlI|])[\s._…]*tháng")


@dataclass(frozen=True, slots=True)
class Gap:
    """A blank to read again: its box in pixels, the words the page pass put in it."""

    kind: str  # "number" or "day"
    box: tuple[int, int, int, int]
    words: tuple[int, ...]  # indexes into the tesseract data
    before: int  # the printed word the digits follow ("Số:", "ngày")
    after: int  # the printed word they precede ("/UBND-KTTH", "tháng")
    read: bool  # the page pass already read digits there


def find_gaps(data: dict[str, list]) -> list[Gap]:
    """The number and day blanks in the header of a page's tesseract data."""
    limit = max((t + h for t, h in zip(data["top"], data["height"], strict=True)), default=0)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0 and data["top"][i] < limit * HEAD_SHARE:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    gaps = []
    for indexes in lines.values():
        indexes.sort(key=lambda i: data["left"][i])
        gaps += [g for g in (_number_gap(data, indexes), _day_gap(data, indexes)) if g]
    return gaps


def _number_gap(data: dict[str, list], line: list[int]) -> Gap | None:
    words = [data["text"][i].strip() for i in line]
    so = next((n for n, w in enumerate(words) if _SO.match(w)), None)
    if so is None:
        return None
    # The receiving stamp's "Số: 2352" has no code after it (ct-07-CT-UBND-QuangNgai-2018-scan)
    code = next((n for n in range(so + 1, len(words)) if _CODE.search(words[n])), None)
    if code is None or code - so > 3:
        return None
    left = _after_word(data, line[so], "số", line[so + 1 : code])
    right = data["left"][line[code]]
    prefix = words[code].split("/", 1)[0]
    if prefix:  # "899/UBND-TTHC": the digits tesseract glued to the code are in the gap
        right += round(data["width"][line[code]] * len(prefix) / len(words[code]))
    between = tuple(line[so + 1 : code])
    read = any(re.search(r"\d", data["text"][i]) for i in between) or bool(re.search(r"\d", prefix))
    return Gap("number", _box(data, line[so], left, right), between, line[so], line[code], read)


def _day_gap(data: dict[str, list], line: list[int]) -> Gap | None:
    words = [data["text"][i].strip() for i in line]
    day = next((n for n, w in enumerate(words) if w.startswith("ngày")), None)
    if day is None:
        return None
    month = next((n for n in range(day, len(words)) if "tháng" in words[n]), None)
    if month is None or month - day > 3:
        return None
    left = _after_word(data, line[day], "ngày", line[day + 1 : month])
    if words[month].startswith("tháng"):
        right = data["left"][line[month]]
    else:  # "04tháng": the handwriting glued to the printed word
        height = data["height"][line[month]]
        right = data["left"][line[month]] + data["width"][line[month]] - round(2.4 * height)
    read = bool(_DAY_READ.search(" ".join(words[day : month + 1])))
    between = tuple(line[day + 1 : month])
    return Gap("day", _box(data, line[day], left, right), between, line[day], line[month], read)


def _after_word(data: dict[str, list], i: int, word: str, between: list[int]) -> int:
    """Where the printed word ends, when tesseract's box holds handwriting after it too;
    or where the first word read in the gap starts, if that is further left (its box and
    the printed word's overlap: tb-660-TB-UBND-QuangNgai-2024-scan.pdf, "ngày" and "3|")."""
    width = min(data["width"][i], round(_WIDTH[word] * data["height"][i]))
    end = data["left"][i] + width + 4
    return min([end] + [data["left"][j] for j in between])


def _box(data: dict[str, list], i: int, left: int, right: int) -> tuple[int, int, int, int]:
    # Handwriting rises above and drops below the printed line by up to half its height
    top, height = data["top"][i], data["height"][i]
    return (left, max(0, top - height // 2), right - 4, top + height + height // 2)


def fill_blanks(
    data: dict[str, list], page: Image.Image, read: Reader
) -> tuple[dict[str, list], tuple[Handwritten, ...]]:
    """``data`` with the handwritten number and day put in their blanks, where read, and
    what became of each blank that holds ink. A number read below RELIABLE is not
    guessed into the text: the blank is left without digits and reported unread, for a
    person to fill in from the paper.

    ``page`` is the page in grayscale with coloured ink kept, at the scale of ``data``.
    """
    outcomes: list[Handwritten] = []
    # Last first: a splice shifts the indexes of the words after it
    for gap in sorted(find_gaps(data), key=lambda g: g.after, reverse=True):
        crop = _line_image(page, gap.box)
        if crop is None:
            continue  # no ink: a blank left blank
        digits, confidence, source = _reading(data, page, gap, read(crop))
        unsure = gap.kind == "number" and confidence < RELIABLE
        if source == "reread" and not unsure:
            data = _splice(data, gap, digits, confidence)
        elif unsure and gap.read:
            data = _unread(data, gap)  # the page pass's digits there are a guess too
        if not digits or unsure:
            digits = ""
        outcomes.append(Handwritten(gap.kind, digits, confidence))
    return data, tuple(reversed(outcomes))


def _reading(
    data: dict[str, list], page: Image.Image, gap: Gap, reread: tuple[str, float]
) -> tuple[str, float, str]:
    """The best reading of a gap and where it comes from: "reread" (the re-read or the
    classifier, to splice in), "page" (the page pass's digits, left as they are) or
    "none" (no plausible digits)."""
    digits, confidence = reread
    first = min((float(data["conf"][i]) for i in (gap.words or (gap.after,))), default=0.0)
    page_digits = _page_digits(data, gap)
    kept = (page_digits, first, "page") if gap.read else ("", confidence, "none")
    # a day tesseract reads at confidence ~0 is a guess ("45" for cv-299's 15): the
    # classifier may read it, its reading still held to a day of the month
    guessed = gap.kind == "day" and confidence < GUESS
    if (not digits or guessed) and not gap.read:
        # Neither tesseract pass saw a digit: the classifier is the only reader left
        # (cv-575-UBND-KTTH-QuangNgai-2025-scan "575", ct-07-CT-UBND-QuangNgai-2018-scan "07")
        digits, confidence = _classified(page, gap)
        if _plausible(gap.kind, digits) and confidence >= MIN_CLASSIFIED:
            return digits, confidence, "reread"
        return "", confidence, "none"
    if not _plausible(gap.kind, digits):
        return kept
    seen = sum(len(data["text"][i].strip()) for i in gap.words)
    if gap.read and not (confidence >= MIN_REPLACE and confidence > first):
        return kept
    if gap.read and len(digits) < seen:
        return kept  # the re-read missed a digit the page pass saw ("3|" read as "4")
    if not gap.read and confidence < MIN_FILL:
        return "", confidence, "none"
    return digits, confidence, "reread"


def _page_digits(data: dict[str, list], gap: Gap) -> str:
    """The digits the page pass read in the gap ("899" of "899/UBND-TTHC" too)."""
    words = [data["text"][i] for i in gap.words]
    if not words and "/" in data["text"][gap.after]:
        words = [data["text"][gap.after].split("/", 1)[0]]
    return "".join(c for w in words for c in w if c.isdigit())


def _unread(data: dict[str, list], gap: Gap) -> dict[str, list]:
    """The page pass's marks in the gap taken out: the printed words stay."""
    data = {key: list(values) for key, values in data.items()}
    text = data["text"]
    for i in gap.words:
        text[i] = ""
    if gap.kind == "number" and "/" in text[gap.after]:
        text[gap.after] = text[gap.after][text[gap.after].index("/") :]
    elif gap.kind == "day" and "tháng" in text[gap.after]:
        text[gap.after] = text[gap.after][text[gap.after].index("tháng") :]
    return data


def _line_image(page: Image.Image, box: tuple[int, int, int, int]) -> Image.Image | None:
    """The ink in the box, black on white, cut to its extent, scaled to LINE_HEIGHT."""
    left, top, right, bottom = box
    if right - left < 8 or bottom <= top:
        return None
    ink = page.crop(box).point(lambda v: 0 if v < INK else 255)
    extent = ImageOps.invert(ink).getbbox()
    if extent is None or extent[3] - extent[1] < (bottom - top) // 6:
        return None  # white, or only a dot or a rule
    ink = ink.crop(extent)
    scale = LINE_HEIGHT / ink.height
    ink = ink.resize((max(1, round(ink.width * scale)), LINE_HEIGHT), Image.Resampling.LANCZOS)
    return ImageOps.expand(ink, 16, fill=255)


def _classified(page: Image.Image, gap: Gap) -> tuple[str, float]:
    """The classifier's reading of the gap and its least sure digit's probability in percent."""
    digits, probabilities = classify(page.crop(gap.box))
    return digits, 100 * min(probabilities, default=0.0)


def _plausible(kind: str, digits: str) -> bool:
    if not digits.isdigit():
        return False
    if kind == "day":
        return len(digits) <= 2 and 1 <= int(digits) <= 31
    return len(digits) <= 5


def _splice(data: dict[str, list], gap: Gap, digits: str, confidence: float) -> dict[str, list]:
    """The gap's words replaced by one word of digits; printed words cut to what is printed
    ("ngày⁄|Š" -> "ngày", "899/UBND-TTHC" -> "/UBND-TTHC", "04tháng" -> "tháng")."""
    data = {key: list(values) for key, values in data.items()}
    text = data["text"]
    if gap.kind == "number":
        # "Số:." (a speck read as a full stop, qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf)
        text[gap.before] = "Số:"
        text[gap.after] = text[gap.after][text[gap.after].index("/") :]
    else:
        text[gap.before] = "ngày"
        text[gap.after] = text[gap.after][text[gap.after].index("tháng") :]
    for i in gap.words:
        text[i] = ""
    at = gap.after
    word = {key: values[at] for key, values in data.items()}
    left, top, right, bottom = gap.box
    word.update(
        text=digits, conf=confidence, left=left, width=right - left, top=data["top"][gap.before]
    )
    word["height"] = data["height"][gap.before]
    for key, values in data.items():
        values.insert(at, word[key])
    return data


def read_digits(timeout: float) -> Reader:
    """A reader of one line of digits with tesseract (English model: its digits are
    closer to handwriting than the Vietnamese model's; Vietnamese where English is absent)."""
    language = "eng" if "eng" in languages() else "vie"
    config = "--psm 7 -c tessedit_char_whitelist=0123456789"

    def read(image: Image.Image) -> tuple[str, float]:
        # tesseract failing leaves nothing read: the page pass's reading stands
        words = crop_words(image, language, config, timeout)
        return "".join(w for w, _ in words), min((c for _, c in words), default=0.0)

    return read
