"""Normalize text once, at ingest: NFC, one tone-mark placement, clean whitespace.

Everything downstream (offsets, search, extraction) trusts the result.
"""

from __future__ import annotations

import re
import unicodedata

NAME = "normalize.v2"

# Tone marks (as combining characters) and the vowels they sit on.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng

# "hoà" -> "hòa", "uỷ" -> "ủy", "khoẻ" -> "khỏe": in an open syllable ending in
# oa/oe/uy the mark goes on the first vowel (the placement of the gold annotations and
# of underthesea.text_normalize). Not after "q": in "quý" the u belongs to the consonant.
_OPEN_GLIDE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![\w\u0300-\u036f])")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# OCR and legacy fonts give the Icelandic eth for the Vietnamese đ ("QĐÐ-SCT").
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000\t"), " ")

# A word split across a line break with a hyphen: both sides lower-case letters, no space
# before the hyphen ("phát-\ntriển"). "kinh tế -\nxã hội" keeps its spaced dash.
_HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ỹđ])-\n(?=[a-zà-ỹđ])")


def _place_tone_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OPEN_GLIDE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def normalize_text(text: str) -> str:
    """Return NFC text with one tone placement and tidy whitespace.

    >>> normalize_text("Uỷ ban  nhân dân\\r\\nhoà bình ")
    'Ủy ban nhân dân\\nhòa bình'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_ETH)
    text = _place_tone_marks(text)
    text = _HYPHEN_BREAK.sub("", text)
    lines = [re.sub(r" {2,}", _keep_columns, line).rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


def _keep_columns(match: re.Match[str]) -> str:
    # Runs of 3+ spaces separate the columns of a layout-preserving text export
    # (pdftotext -layout, cv-2449-CV-DU-LaoCai-2026.txt); keep them as a three-space gap so
    # the header extractor still sees two columns. Two spaces are just sloppy typing.
    return "   " if len(match.group(0)) >= 3 else " "
