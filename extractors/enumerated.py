"""Bodies enumerated after a plural head and a colon: "Các Sở: Tài chính, Xây dựng, Công
Thương" names three bodies, "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"; "Giám đốc
các Sở: Nội vụ, Tư pháp" names "Giám đốc Sở Nội vụ" and "Giám đốc Sở Tư pháp". The items
are split by a list of portfolios (lexicon/portfolios.txt), longest first, because the
names themselves hold "," and "và" ("Văn hóa, Thể thao và Du lịch"). A group without a
colon ("Ủy ban nhân dân các huyện, thị xã, thành phố") is one body and is left alone.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from extractors.fold import fold
from extractors.records import Body

# "các Sở", "Giám đốc các Sở", "các Bộ, cơ quan", "các Sở, ban, ngành" — then ":".
_PLURAL = re.compile(
    r"^(?P<title>(?:(?:Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo|Bộ\s+trưởng|Trưởng)\s+)?)"
    r"(?:các|Các|CÁC)\s+(?P<head>Bộ|Sở|Ban|bộ|sở|ban)"
    r"(?:\s*,\s*(?:ban\s*,\s*ngành|ngành|cơ\s+quan(?:\s+ngang\s+bộ)?))*$"
)
_COLON = re.compile(r"\s*:\s*")
_SEPARATOR = re.compile(r"\s*(?:,|;|\bvà\b)\s*")
_WORD_END = re.compile(r"(?!\w)")


@cache
def _portfolios() -> tuple[tuple[str, ...], ...]:
    """Folded portfolio names as word tuples, longest first."""
    path = Path(__file__).resolve().parent / "lexicon" / "portfolios.txt"
    names = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    words = {tuple(fold(n).replace(",", " ,").replace("-", " - ").split()) for n in names}
    return tuple(sorted(words, key=len, reverse=True))


def continues_portfolio(words: list[str]) -> bool:
    """Whether ``words`` (after a head "Bộ"/"Sở") begin a known portfolio's name: "Ngoại
    giao" goes on where the word lists would read "giao" as "assign"."""
    folded = tuple(fold(w) for w in words)
    return any(p[: len(folded)] == folded for p in _portfolios() if len(p) >= len(folded))


def is_portfolio(words: list[str]) -> bool:
    """Whether ``words`` are a known portfolio's whole name ("Văn hóa , Thể thao và Du
    lịch", commas as words)."""
    folded = tuple(fold(w) for w in words)
    return folded in _portfolios()


def expand(text: str, base: int, body: Body) -> list[Body] | None:
    """The bodies ``body`` enumerates when it is a plural head followed by a colon and
    known portfolios; None when it enumerates nothing."""
    m = _PLURAL.match(body.text.strip())
    if m is None:
        return None
    at = body.end - base
    colon = _COLON.match(text, at)
    if colon is None or ":" not in colon.group():
        return None
    title = re.sub(r"\s+", " ", m.group("title")).strip()
    head = m.group("head")[:1].upper() + m.group("head")[1:].lower()
    found: list[Body] = []
    at = colon.end()
    while True:
        length = _portfolio_at(text, at)
        if not length:
            break
        item = text[at : at + length]
        name = " ".join(p for p in (title, head, re.sub(r"\s+", " ", item)) if p)
        found.append(Body(name, item, base + at, base + at + length, name))
        sep = _SEPARATOR.match(text, at + length)
        if sep is None or not sep.group().strip():
            break
        at = sep.end()
    return found or None


def _portfolio_at(text: str, at: int) -> int:
    """Length of the longest known portfolio written at ``at`` (0 when none)."""
    window = text[at : at + 80]
    spans = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+|[,\-]", window)]
    words = [fold(w) for w, _, _ in spans]
    for name in _portfolios():
        n = len(name)
        if tuple(words[:n]) == name and (
            n == len(spans) or _WORD_END.match(window, spans[n - 1][2])
        ):
            return spans[n - 1][2]
    return 0
