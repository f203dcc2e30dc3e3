"""Pure builders for FTS5: user text in, MATCH expression out."""

from __future__ import annotations

import re

from extractors.fold import fold_d

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def _quote(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def build_match(q: str) -> str | None:
    """Turn what a clerk types into an FTS5 expression; every word must appear.

    Words in quotes form a phrase; a số/ký hiệu such as "226-CV/ĐU" is a phrase of its
    parts; đ is folded to d (FTS5's remove_diacritics does the other marks).

    >>> build_match('cong an xa "Vũ Dương"')
    '"cong" "an" "xa" "vũ dương"'
    """
    q = fold_d(q).lower()
    terms: list[str] = []
    for phrase in _PHRASE.findall(q):
        words = _WORD.findall(phrase)
        if words:
            terms.append(_quote(words))
    rest = _PHRASE.sub(" ", q).replace('"', " ")
    for token in rest.split():
        words = _WORD.findall(token)
        if words:
            terms.append(_quote(words))
    return " ".join(terms) if terms else None


def build_proximity(q: str) -> str | None:
    """Adjacent word pairs of the query, OR-ed: ranks "Vũ Dương" above "vụ … dưỡng".

    >>> build_proximity("cong an xa")
    '"cong an" OR "an xa"'
    """
    words = _WORD.findall(fold_d(q.replace('"', " ")).lower())
    pairs = [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)]
    return " OR ".join(dict.fromkeys(pairs)) if pairs else None
