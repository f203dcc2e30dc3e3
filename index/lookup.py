"""Số/ký hiệu lookup: the tokens a document's number is found by, and the query side.

A clerk types a number many ways: "12-NQ/TW", "12 NQ TW", "nghị quyết 12", "nq12",
"NQ 12", "số 12/NQ-TW". Each document gets a few compact tokens in its ``numkey`` field
("12nqtw", "nq12", "12nq", …); a query that looks like a number lookup is turned into
the same tokens, so both sides meet on one token.
"""

from __future__ import annotations

import re

from extractors.fold import fold
from extractors.patterns import DOC_TYPES, TYPE_CODES

_PARTS = re.compile(r"[0-9]+|[a-z]+")
_TYPE_ABBR = {fold(name): fold(code) for code, name in TYPE_CODES.items()}
_TYPE_ABBR.update({"luat": "l", "quy dinh": "qd", "cong van": "cv"})
_TYPE_WORDS = sorted((fold(t) for t in DOC_TYPES), key=len, reverse=True)
_ABBRS = set(_TYPE_ABBR.values())
_GLUED = re.compile(r"^(?:([a-z]+)(\d+)|(\d+)([a-z]+))$")


def number_tokens(number: str | None, doc_type: str | None = None) -> str:
    """The numkey field of a document: space-separated lookup tokens.

    >>> number_tokens("12-NQ/TW", "Nghị quyết")
    '12nqtw 12nq nq12 12tw tw12'
    >>> number_tokens("1468/UBND-VX", "Công văn")
    '1468ubndvx 1468ubnd ubnd1468 1468vx vx1468 1468cv cv1468'
    """
    if not number:
        return ""
    parts = _PARTS.findall(fold(number))
    digits = [p for p in parts if p.isdigit()]
    letters = [p for p in parts if not p.isdigit()]
    if not digits:
        return ""
    first = digits[0]
    tokens = ["".join(parts)]
    for word in letters:
        tokens += [first + word, word + first]
    abbr = _TYPE_ABBR.get(fold(doc_type)) if doc_type else None
    if abbr and abbr not in letters:
        tokens += [first + abbr, abbr + first]
    return " ".join(dict.fromkeys(tokens))


def lookup_tokens(q: str) -> tuple[str, ...]:
    """The numkey tokens a query asks for, or () when it does not look like a number.

    >>> lookup_tokens("Nghị quyết 12")
    ('nq12',)
    >>> lookup_tokens("12 NQ TW")
    ('12nqtw',)
    >>> lookup_tokens("nq12")
    ('nq12',)
    >>> lookup_tokens("số 226-CV/ĐU")
    ('226cvdu',)
    >>> lookup_tokens("phòng chống tham nhũng")
    ()
    """
    text = fold(q).replace('"', " ")
    text = re.sub(r"^so\s*:?\s*", "", text)
    for words in _TYPE_WORDS:
        m = re.fullmatch(rf"{words}\s+(?:so\s*:?\s*)?(\d+)(?:\s*[-/ ]\s*[\w/ -]*)?", text)
        if m:
            return (_TYPE_ABBR.get(words, "") + m.group(1),)
    tokens = text.split()
    if len(tokens) == 1:
        glued = _GLUED.match(tokens[0])
        if glued:
            return (tokens[0],)
    parts = _PARTS.findall(text)
    if (
        parts
        and parts[0].isdigit()
        and len(parts) >= 2
        and not parts[1].isdigit()
        and re.fullmatch(r"\d+[\s\-/.]*[a-z]+(?:[\s\-/.]+[a-z0-9]+)*", text)
        and all(len(p) <= 6 for p in parts)
    ):
        return ("".join(parts),)
    if len(parts) == 2 and parts[0] in _ABBRS and parts[1].isdigit():
        return (parts[0] + parts[1],)
    return ()
