"""Fold Vietnamese text for matching: no diacritics, đ -> d, lower case."""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold_d(text: str) -> str:
    """Replace đ/Đ by d/D; keeps length and offsets ("Đảng" -> "Dảng")."""
    return text.translate(_D)


class _StripTable(dict[int, str]):
    """A str.translate table: each character to itself without marks, filled as met.

    Decomposition is per character, so translating character by character gives what
    NFD-then-drop-marks gives on the whole string, in one C-level pass.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", fold_d(chr(code)))
        value = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = value
        return value


_STRIP = _StripTable()


def strip_accents(text: str) -> str:
    """Remove every diacritic, đ included: "Đảng ủy" -> "Dang uy"."""
    return text.translate(_STRIP)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Đảng  Ủy" -> "dang uy"."""
    return re.sub(r"\s+", " ", strip_accents(text).lower()).strip()
