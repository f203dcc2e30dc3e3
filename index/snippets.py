"""Highlighted snippets and the exact-accent check, computed on the page's rows only.

FTS5's snippet() needs the full-text query re-run per row, which costs as much as the
search itself on a large index; the page holds 20 rows, so Python does it: fold each
word, find the window of text with the most query words, escape it, wrap the words.
"""

from __future__ import annotations

import html
import re

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


def _matcher(terms: tuple[tuple[str, bool], ...]):
    exact = {t for t, prefix in terms if not prefix}
    prefixes = tuple(t for t, prefix in terms if prefix)
    return lambda folded: folded in exact or (bool(prefixes) and folded.startswith(prefixes))


class _FoldTable(dict[int, str]):
    """str.translate table folding one character to one character, filled as met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = strip_accents(char).lower()
        value = folded if len(folded) == 1 else (" " if not folded or not char.isalnum() else char)
        self[code] = value
        return value


_FOLD = _FoldTable()


def _folded(text: str) -> str:
    """The text without marks, lower-cased, offset for offset."""
    return text.translate(_FOLD)


def snippet(text: str, terms: tuple[tuple[str, bool], ...], window: int = WINDOW) -> str:
    """HTML-escaped text around the most query words, each in <mark>…</mark>.

    >>> snippet("Về phòng, chống <tham> nhũng và lãng phí.", query_terms("tham nhung"))
    'Về phòng, chống &lt;<mark>tham</mark>&gt; <mark>nhũng</mark> và lãng phí.'
    """
    words = list(_WORD.finditer(_folded(text)))
    if not words:
        return ""
    matches = _matcher(terms)
    hits = [n for n, m in enumerate(words) if matches(m.group(0))] if terms else []
    best, best_count = 0, -1
    for n in hits or [0]:
        start = max(0, min(n - window // 4, len(words) - window))
        count = sum(1 for h in hits if start <= h < start + window)
        if count > best_count:
            best, best_count = start, count
    chosen = words[best : best + window]
    begin, end = chosen[0].start(), chosen[-1].end()
    if best + window < len(words):
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


def exact_words(q: str) -> tuple[str, ...]:
    """The query's words as typed, lower-cased, when they carry Vietnamese marks."""
    return tuple(w for w in _WORD.findall(q.lower()) if any(ord(c) > 127 for c in w))


def exact_count(text: str, words: tuple[str, ...]) -> int:
    """How many of ``words`` appear in ``text`` with exactly these accents (đ included)."""
    if not words:
        return 0
    present = set(_WORD.findall(text.lower()))
    return sum(1 for w in words if w in present)


def adjacent_pairs(q: str) -> tuple[tuple[str, str], ...]:
    """The query's neighbouring words, folded: "cong an xa" -> (cong, an), (an, xa)."""
    words = [w for w, _ in query_terms(q)]
    return tuple(dict.fromkeys(zip(words, words[1:], strict=False)))


def pair_count(text: str, pairs: tuple[tuple[str, str], ...]) -> int:
    """How many of ``pairs`` stand next to each other somewhere in ``text`` (folded)."""
    if not pairs:
        return 0
    words = _WORD.findall(_folded(text))
    present = set(zip(words, words[1:], strict=False))
    return sum(1 for p in pairs if p in present)
