"""Pure builders for FTS5: user text in, MATCH expression out."""

from __future__ import annotations

import re

from extractors.fold import fold_d

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def _quote(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def build_match(q: str, *, keep_d: bool = False) -> str | None:
    """Turn what a clerk types into an FTS5 expression; every word must appear.

    Words in quotes form a phrase; a số/ký hiệu such as "226-CV/ĐU" is a phrase of its
    parts; a word ending in ``*`` is a prefix; đ is folded to d (FTS5's remove_diacritics
    does the other marks) unless ``keep_d``, for the accent-exact table.

    >>> build_match('cong an xa "Vũ Dương"')
    '"vũ dương" "cong" "an" "xa"'
    >>> build_match("tham nh*")
    '"tham" "nh"*'
    """
    q = (q if keep_d else fold_d(q)).lower()
    terms: list[str] = []
    for phrase in _PHRASE.findall(q):
        words = _WORD.findall(phrase)
        if words:
            terms.append(_quote(words))
    rest = _PHRASE.sub(" ", q).replace('"', " ")
    for token in rest.split():
        words = _WORD.findall(token)
        if words:
            prefix = token.endswith("*") and len(words) == 1
            terms.append(_quote(words) + ("*" if prefix else ""))
    return " ".join(terms) if terms else None


def build_proximity(q: str) -> str | None:
    """Adjacent word pairs of the query, OR-ed: ranks "Vũ Dương" above "vụ … dưỡng".

    >>> build_proximity("cong an xa")
    '"cong an" OR "an xa"'
    """
    words = _WORD.findall(fold_d(q.replace('"', " ")).lower())
    pairs = [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)]
    return " OR ".join(dict.fromkeys(pairs)) if pairs else None


def build_lookup(tokens: tuple[str, ...], match: str | None) -> str | None:
    """A number lookup as an alternative to the words: ``numkey : (…) OR (words)``.

    >>> build_lookup(("nq12",), '"nghi" "quyet" "12"')
    '(numkey : ("nq12")) OR ("nghi" "quyet" "12")'
    """
    if not tokens:
        return match
    lookup = "numkey : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"
    return f"({lookup}) OR ({match})" if match else lookup


def has_accents(q: str) -> bool:
    """Whether the clerk typed Vietnamese marks (then exact accents rank first)."""
    return any(ord(c) > 127 and c.isalpha() for c in q)
