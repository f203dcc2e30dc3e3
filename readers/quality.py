"""Is a page's text usable Vietnamese? Pure: text (and how much of the page is image) in.

A PDF's text layer can be missing, too thin for a scanned page, or garbage: a broken font
map ("6Ӣ CÔNG 7+ѬѪ1*" for "SỞ CÔNG THƯƠNG", qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf),
legacy TCVN3/VNI bytes shown as Latin-1 ("ChÝnh phñ"), or an OCR layer made without the
Vietnamese model ("UY BAN NHAN DAN CONG HOA xA HO!", qd-968-QD-UBND-NinhBinh-2024-scan-
badocr.pdf). The test is the share of word tokens that are Vietnamese syllables
(readers/lexicon/vi_syllables.txt, made by readers/syllables.py) and, for text that passes,
the share of syllables carrying Vietnamese diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from readers.syllables import key

SYLLABLES = Path(__file__).parent / "lexicon" / "vi_syllables.txt"

# At least this share of word tokens must be Vietnamese syllables. Clean text scores
# 0.97-1.0 (loanwords, names of foreign places), Vietnamese OCR 0.93-0.99, garbage layers
# 0.2-0.7.
MIN_RATIO = 0.8
# Real Vietnamese marks about half its syllables (hòa, Việt); OCR without the Vietnamese
# model, or text typed without marks, marks almost none.
MIN_MARKED = 0.15
# Fewer word tokens than this: too short to judge (a signature page, a page number).
MIN_WORDS = 8
# A page mostly covered by an image with fewer characters than this in its text layer is
# a scan with, at most, a stamp or a signature caption in text.
MIN_CHARS_ON_IMAGE = 200
IMAGE_PAGE = 0.5  # share of the page area covered by one image
# Below this share of Vietnamese syllables, text is in another language (English scores
# 0.2-0.3, French 0.3, German 0.1) or garbage; Vietnamese OCR scores 0.93 and more.
OTHER_LANGUAGE = 0.5
# Clean text in another language has few junk words; garbage layers have many: 0.5-0.8
# (legacy bytes shown as Latin-1 in nd-109-2004-ND-CP-tcvn3.pdf, a broken font map in
# qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf). German scores 0.26 (ü, ß are junk here).
MAX_FOREIGN_JUNK = 0.3

_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzđ")
# A code or number: letters and digits joined by / - . , : _ + ( ) (QĐ-UBND, 19/6/2015,
# 42/2024/QH15, V/v, Km2+571).
_CODE = re.compile(r"^[^\W_]+(?:[-/.,:_+()'’&][^\W_]+)*$")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


@cache
def _syllables() -> frozenset[tuple[str, str]]:
    lines = SYLLABLES.read_text(encoding="utf-8").split()
    return frozenset(key(s) for s in lines)


@cache
def _alphabet() -> frozenset[str]:
    """Lower-case letters of Vietnamese text, plus f j w z of Latin loanwords."""
    letters = set(_LATIN)
    for syllable in SYLLABLES.read_text(encoding="utf-8").split():
        letters.update(syllable)
    return frozenset(letters)


def is_syllable(word: str) -> bool:
    """True for a Vietnamese syllable in any case and tone placement: "Hoà", "ỦY", "quốc"."""
    return _known(unicodedata.normalize("NFC", word).lower())


@lru_cache(maxsize=1 << 16)
def _known(word: str) -> bool:
    return key(word) in _syllables()


@dataclass(frozen=True, slots=True)
class TextStats:
    tokens: int  # whitespace-separated tokens with at least one letter or digit
    words: int  # tokens judged as words (all letters, or letters mixed with junk)
    valid: int  # words that are Vietnamese syllables
    marked: int  # valid words carrying a Vietnamese diacritic (ă â đ ê ô ơ ư or a tone)
    junk: int  # words with foreign letters, symbols inside, or broken case ("ChÝnh")
    abbreviations: int  # upper-case non-syllables: UBND, HĐND, XIV
    codes: int  # numbers and codes: 19/6/2015, QĐ-UBND, V/v
    chars: int  # non-space characters

    @property
    def ratio(self) -> float:
        """Share of words that are Vietnamese syllables (1.0 when there are no words)."""
        return self.valid / self.words if self.words else 1.0

    @property
    def marked_share(self) -> float:
        return self.marked / self.valid if self.valid else 0.0


def _case_ok(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


# What one whitespace token is; classified once per distinct token (they repeat a lot).
_SKIP, _VALID, _MARKED, _WORD, _JUNK, _ABBREVIATION, _CODE_TOKEN = range(7)


@lru_cache(maxsize=1 << 16)
def _classify(raw: str) -> int:
    token = _EDGE.sub("", raw)
    if not token:
        # letters hidden among symbols ("&+Ӫ") are junk; bare punctuation is nothing
        return _JUNK if any(c.isalpha() for c in raw) else _SKIP
    lowered = token.lower()
    alphabet = _alphabet()
    if token.isalpha():
        if not set(lowered) <= alphabet or not _case_ok(token):
            return _JUNK
        if _known(lowered):
            return _VALID if token.isascii() else _MARKED
        return _ABBREVIATION if token.isupper() and len(token) <= 10 else _WORD
    alien = any(c.isalpha() and c not in alphabet for c in lowered)
    return _CODE_TOKEN if _CODE.match(token) and not alien else _JUNK


def text_stats(text: str) -> TextStats:
    """Count the word tokens of ``text`` and how many are Vietnamese syllables."""
    text = unicodedata.normalize("NFC", text)
    counts = [0] * 7
    parts = text.split()
    for raw in parts:
        counts[_classify(raw)] += 1
    valid = counts[_VALID] + counts[_MARKED]
    words = valid + counts[_WORD] + counts[_JUNK]
    tokens = len(parts) - counts[_SKIP]
    return TextStats(
        tokens=tokens,
        words=words,
        valid=valid,
        marked=counts[_MARKED],
        junk=counts[_JUNK],
        abbreviations=counts[_ABBREVIATION],
        codes=counts[_CODE_TOKEN],
        chars=sum(map(len, parts)),
    )


def vietnamese_ratio(text: str) -> float:
    """Share of word tokens that are Vietnamese syllables.

    >>> round(vietnamese_ratio("Số: 123/QĐ-UBND Cộng hòa xã hội chủ nghĩa Việt Nam"), 2)
    1.0
    >>> vietnamese_ratio("6Ӣ CÔNG 7+ѬѪ1*") < 0.5
    True
    """
    return text_stats(text).ratio


@dataclass(frozen=True, slots=True)
class Verdict:
    usable: bool
    reason: str
    ratio: float  # vietnamese_ratio of the text

    def __iter__(self):  # unpacks as (usable, reason)
        return iter((self.usable, self.reason))


def page_usable(text: str, *, image_cover: float = 0.0) -> Verdict:
    """Whether ``text`` (one page) is usable Vietnamese, and why not.

    ``image_cover`` is the share of the page covered by its largest image (0 for a born-
    digital page, about 1 for a scan): a scan needs more text than a stamp's caption.
    """
    stats = text_stats(text)
    ratio = stats.ratio
    if stats.tokens == 0:
        return Verdict(False, "no text", ratio)
    if image_cover >= IMAGE_PAGE and stats.chars < MIN_CHARS_ON_IMAGE:
        return Verdict(
            False, f"only {stats.chars} characters of text over a page-sized image", ratio
        )
    if stats.words < MIN_WORDS:
        if stats.words >= 3 and ratio < 0.5:
            return Verdict(False, f"not Vietnamese ({ratio:.0%} Vietnamese syllables)", ratio)
        return Verdict(True, "short page", ratio)
    if ratio < MIN_RATIO:
        return Verdict(False, f"not Vietnamese ({ratio:.0%} Vietnamese syllables)", ratio)
    if stats.valid >= 20 and stats.marked_share < MIN_MARKED:
        return Verdict(
            False, f"Vietnamese without diacritics ({stats.marked_share:.0%} marked)", ratio
        )
    return Verdict(True, "Vietnamese", ratio)


def foreign(text: str) -> bool:
    """Clean text in a language other than Vietnamese (not garbage, not legacy bytes).

    >>> foreign("The director will review the results and decide on further measures.")
    True
    >>> foreign("ChÝnh phñ céng hßa x· héi chñ nghÜa viÖt nam §éc lËp tù do h¹nh phóc")
    False
    """
    stats = text_stats(text)
    return (
        stats.words >= MIN_WORDS
        and stats.ratio < OTHER_LANGUAGE
        and stats.junk <= MAX_FOREIGN_JUNK * stats.words
    )


def language(text: str) -> str:
    """The language of ``text``: "vi" (or too short to judge), or "other".

    >>> language("Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành báo cáo trước ngày 15/12.")
    'vi'
    >>> language("All departments shall report their progress to the committee by March.")
    'other'
    """
    stats = text_stats(text)
    return "other" if stats.words >= MIN_WORDS and stats.ratio < OTHER_LANGUAGE else "vi"
