"""The words of a signature's authority line, read against the genre's vocabulary.

An authority line is a prefix (T/M, TM., KT., TL., TUQ., Q.) and a body or a title:
"T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "KT. CHỦ TỊCH", "TM. UBND THÀNH PHỐ CẦN THƠ". OCR garbles
its letters ("T/M BAN CHẮÁP HÀNH TRUNG ƯƠNG", kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt); the
words that are close to a known body head or title are spelled as that head or title.
Abbreviations ("UBND") and the place after a unit word ("thành phố Cần Thơ") stay as
printed.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz

from extractors.bodies import HEADS
from extractors.fold import fold
from extractors.names import running_case
from extractors.normalize import normalize_text
from extractors.patterns import ABBREVIATIONS, PROPER_TERMS
from extractors.titles import TITLES

# Folded similarity (rapidfuzz ratio, 0-100) for a run of words to be read as a known
# phrase: "ban chaap hanh" ~ "ban chap hanh" is 96; "ban thuong vu" ~ "ban thuong truc" 79.
MIN_SIMILARITY = 88
# Shorter phrases are only taken when they fold to the same letters ("chu tich"): one
# wrong letter in "Bộ" or "Sở" makes another word.
MIN_FUZZY_LETTERS = 8

_PLACE_UNITS = frozenset({"tỉnh", "thành", "huyện", "quận", "xã", "phường", "thị", "đặc"})
_ABBREVIATED = frozenset(a.lower() for a in ABBREVIATIONS)


@cache
def _vocabulary() -> dict[int, list[tuple[str, str]]]:
    """Known phrases in running-text casing by their number of words, with their folds."""
    phrases = {running_case(h) for h in HEADS if h not in _ABBREVIATED and "các" not in h}
    phrases |= set(TITLES) | set(PROPER_TERMS) | {"Ban Chấp hành Trung ương", "Ban Chỉ đạo"}
    # One tone placement, as the text's ("uỷ ban nhân dân" is among the heads)
    phrases = {normalize_text(p) for p in phrases}
    by_words: dict[int, list[tuple[str, str]]] = {}
    for phrase in sorted(phrases):
        by_words.setdefault(len(phrase.split()), []).append((phrase, fold(phrase)))
    return by_words


def repair_authority(text: str) -> str:
    """The part of an authority line after its prefix, in running-text casing, with
    garbled known words spelled right: "Ban chắáp hành Trung ương" -> "Ban Chấp hành
    Trung ương"; "UBND thành phố Cần Thơ" stays."""
    words = text.split()
    vocabulary = _vocabulary()
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i].lower() in _PLACE_UNITS:
            break  # the rest is a place name
        for size in range(min(max(vocabulary), len(words) - i), 0, -1):
            run = " ".join(words[i : i + size])
            known = _known(run, vocabulary.get(size, []))
            if known is not None:
                # A phrase already spelled right keeps the line's own casing
                out.append(run if run.lower() == known.lower() else known)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out + words[i:])


def _known(run: str, phrases: list[tuple[str, str]]) -> str | None:
    if re.search(r"\d", run) or any(w.lower() in _ABBREVIATED for w in run.split()):
        return None
    folded = fold(run)
    best, score = None, 0.0
    for phrase, phrase_folded in phrases:
        if folded == phrase_folded:
            return phrase
        if len(phrase_folded) >= MIN_FUZZY_LETTERS:
            ratio = fuzz.ratio(folded, phrase_folded)
            if ratio > score:
                best, score = phrase, ratio
    return best if score >= MIN_SIMILARITY else None
