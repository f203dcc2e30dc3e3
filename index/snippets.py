"""Highlighted snippets and the exact-accent check, computed on a few rows only.

FTS5's snippet() needs the full-text query re-run per row, which costs as much as the
search itself on a large index; the page holds 20 rows, so Python does it. Folding every
character of every text in Python cost 40-50 ms for the 100 re-ranked rows of a query
(bench/index.py), so the query's folded words are turned into regular expressions that
match any accented spelling ("tham" -> [tTťţ…][hH…]…) and the ``re`` engine scans the
text as stored.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from functools import cache, lru_cache

from extractors.fold import fold, strip_accents

_WORD = re.compile(r"\w+")
WINDOW = 24  # words in a snippet


def query_terms(q: str) -> tuple[tuple[str, bool], ...]:
    """(folded word, is prefix) for every word of the query."""
    out = []
    for token in q.replace('"', " ").split():
        words = _WORD.findall(fold(token))
        for n, w in enumerate(words):
            out.append((w, token.endswith("*") and n == len(words) - 1))
    return tuple(dict.fromkeys(out))


_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ` ´ hook ~ dot


@cache
def _letters() -> dict[str, str]:
    """Folded letter -> a class of its Vietnamese spellings (case is left to IGNORECASE)."""
    groups: dict[str, set[str]] = {"d": {"d", "đ"}}
    for vowel in "aăâeêioôơuưy":
        base = strip_accents(vowel)
        for tone in _TONES:
            groups.setdefault(base, set()).add(unicodedata.normalize("NFC", vowel + tone))
    return {f: "[" + "".join(sorted(chars)) + "]" for f, chars in groups.items()}


def _spelling(word: str) -> str:
    """A pattern matching ``word`` (folded) in any accents ("tham" -> "th[aàáảãạăằ…]m")."""
    letters = _letters()
    return "".join(letters.get(c, re.escape(c)) for c in word)


@lru_cache(maxsize=1024)
def _terms_pattern(terms: tuple[tuple[str, bool], ...]) -> re.Pattern[str] | None:
    exact = [_spelling(t) for t, prefix in terms if not prefix]
    prefixes = [_spelling(t) for t, prefix in terms if prefix]
    parts = []
    if exact:
        parts.append(r"(?<!\w)(?:" + "|".join(exact) + r")(?!\w)")
    if prefixes:
        parts.append(r"(?<!\w)(?:" + "|".join(prefixes) + r")")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def snippet(text: str, terms: tuple[tuple[str, bool], ...], window: int = WINDOW) -> str:
    """HTML-escaped text around the most query words, each in <mark>…</mark>.

    >>> snippet("Về phòng, chống <tham> nhũng và lãng phí.", query_terms("tham nhung"))
    'Về phòng, chống &lt;<mark>tham</mark>&gt; <mark>nhũng</mark> và lãng phí.'
    """
    pattern = _terms_pattern(terms)
    found = [m.start() for m in pattern.finditer(text)] if pattern is not None else []
    # only the stretch around the densest hits is cut into words: a long text costs
    # one scan of the regular expression, not a Python loop over all of its words
    centre = _densest(found, window * _CHARS_PER_WORD)
    low = max(0, centre - window * _CHARS_PER_WORD)
    while low > 0 and text[low - 1].isalnum():
        low -= 1  # never start inside a word
    high = centre + 2 * window * _CHARS_PER_WORD
    words = list(_WORD.finditer(text, low, high))
    if not words:
        return ""
    starts = [m.start() for m in words]
    hits = [bisect_left(starts, f) for f in found if low <= f < high]
    best, best_count = 0, -1
    for n in hits or [0 if low == 0 else len(words) // 3]:
        start = max(0, min(n - window // 4, len(words) - window))
        count = bisect_left(hits, start + window) - bisect_left(hits, start)
        if count > best_count:
            best, best_count = start, count
    chosen = words[best : best + window]
    begin, end = chosen[0].start(), chosen[-1].end()
    if _WORD.search(text, end) is not None:
        end = min(len(text), end + 1) if text[end : end + 1] in ".,;:" else end
    else:
        end = len(text)
    out, cursor = [], begin
    marked = set(hits)
    for n, m in enumerate(chosen, start=best):
        out.append(html.escape(text[cursor : m.start()]))
        word = html.escape(text[m.start() : m.end()])
        out.append(f"<mark>{word}</mark>" if n in marked else word)
        cursor = m.end()
    out.append(html.escape(text[cursor:end]))
    body = " ".join("".join(out).split())
    return ("…" if begin > 0 else "") + body + ("…" if end < len(text) else "")


_CHARS_PER_WORD = 8  # a Vietnamese syllable and its space, generously


def _densest(found: list[int], span: int) -> int:
    """The offset of the hit with the most hits in the ``span`` characters after it."""
    best, best_count = 0, 0
    for n, at in enumerate(found):
        count = bisect_left(found, at + span, n) - n
        if count > best_count:
            best, best_count = at, count
    return best


def exact_words(q: str) -> tuple[str, ...]:
    """The query's words as typed, lower-cased, when they carry Vietnamese marks."""
    return tuple(w for w in _WORD.findall(q.lower()) if any(ord(c) > 127 for c in w))


@lru_cache(maxsize=1024)
def _exact_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)


def exact_count(text: str, words: tuple[str, ...]) -> int:
    """How many of ``words`` appear in ``text`` with exactly these accents (đ included).

    >>> exact_count("Đảng ủy xã", ("đảng", "đăng"))
    1
    """
    return sum(1 for w in words if _exact_pattern(w).search(text))


def adjacent_pairs(q: str) -> tuple[tuple[str, str], ...]:
    """The query's neighbouring words, folded: "cong an xa" -> (cong, an), (an, xa)."""
    words = [w for w, _ in query_terms(q)]
    return tuple(dict.fromkeys(zip(words, words[1:], strict=False)))
