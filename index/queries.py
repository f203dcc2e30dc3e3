"""Pure builders for FTS5: user text in, MATCH expression out."""

from __future__ import annotations

import re

from extractors.fold import strip_accents

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def _quote(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def match_terms(q: str) -> tuple[str, ...]:
    """What a clerk types as FTS5 terms, every one of which must appear.

    Words in quotes form a phrase; a số/ký hiệu such as "226-CV/ĐU" is a phrase of its
    parts; a word ending in ``*`` is a prefix. Marks are removed, đ folded to d: FTS5's
    tokenizer removes them from the query anyway, and one spelling per word lets the
    term bitmaps (index/sqlite_terms.py) serve "Hướng dẫn" and "huong dan" alike.

    >>> match_terms('cong an xa "Vũ Dương"')
    ('"vu duong"', '"cong"', '"an"', '"xa"')
    >>> match_terms("tham nh*")
    ('"tham"', '"nh"*')
    """
    q = strip_accents(q).lower()
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
    return tuple(dict.fromkeys(terms))


def build_match(q: str) -> str | None:
    """The FTS5 expression for what a clerk types: all of ``match_terms``.

    >>> build_match('cong an xa "Vũ Dương"')
    '"vu duong" "cong" "an" "xa"'
    """
    return " ".join(match_terms(q)) or None


def build_lookup(tokens: tuple[str, ...], match: str | None) -> str | None:
    """A number lookup as an alternative to the words: ``numkey : (…) OR (words)``.

    >>> build_lookup(("nq12",), '"nghi" "quyet" "12"')
    '(numkey : ("nq12")) OR ("nghi" "quyet" "12")'
    """
    if not tokens:
        return match
    lookup = lookup_match(tokens)
    return f"({lookup}) OR ({match})" if match else lookup


def lookup_match(tokens: tuple[str, ...]) -> str:
    """The number lookup alone: ``numkey : ("nq12" OR "12nq")``."""
    return "numkey : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def has_accents(q: str) -> bool:
    """Whether the clerk typed Vietnamese marks (then exact accents rank first)."""
    return any(ord(c) > 127 and c.isalpha() for c in q)
