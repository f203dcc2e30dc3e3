"""Bodies as staff type them: the folded canonical name a query for a body stands for."""

from __future__ import annotations

from extractors.bodies import canonical
from extractors.fold import fold
from extractors.patterns import ABBREVIATIONS

# What a clerk types for a body, folded: the abbreviations of the genre, and the few the
# documents themselves do not print but staff type ("CA tỉnh"). Two-letter folded
# abbreviations that are also Vietnamese words ("tu" is tư/từ, "du" is dự) are left out.
_BODY_ABBREVIATIONS = {
    fold(short): fold(long)
    for short, long in ABBREVIATIONS.items()
    if len(fold(short).replace(".", "")) >= 3 and fold(short).isalpha()
} | {"ca": "cong an", "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan"}


def body_lookup_key(text: str) -> str:
    """The folded canonical name a body query stands for.

    >>> body_lookup_key("UBND tỉnh")
    'uy ban nhan dan tinh'
    >>> body_lookup_key("ca tinh")
    'cong an tinh'
    >>> body_lookup_key("Sở Tư pháp")
    'so tu phap'
    """
    words = fold(canonical(text)).split()
    expanded = [_BODY_ABBREVIATIONS.get(w, w) for w in words]
    if expanded and expanded[0] in ("cac", "cho"):
        expanded = expanded[1:]
    return " ".join(expanded)
