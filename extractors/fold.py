"""Fold Vietnamese text for matching: no diacritics, đ -> d, lower case."""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold_d(text: str) -> str:
    """Replace đ/Đ by d/D; keeps length and offsets ("Đảng" -> "Dảng")."""
    return text.translate(_D)


def strip_accents(text: str) -> str:
    """Remove every diacritic, đ included: "Đảng ủy" -> "Dang uy"."""
    decomposed = unicodedata.normalize("NFD", fold_d(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Đảng  Ủy" -> "dang uy"."""
    return re.sub(r"\s+", " ", strip_accents(text).lower()).strip()
