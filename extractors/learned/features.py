"""Token features from underthesea's word segmentation and POS tags, with character
offsets back into the text: "Giao Ủy ban bầu cử xã chủ trì" -> Giao/V, Ủy ban/N, …"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.bodies import HEADS

# Words that, just before a body, say what role it gets.
TRIGGERS = (
    "giao",
    "chủ trì",
    "phối hợp",
    "phối hợp với",
    "đề nghị",
    "yêu cầu",
    "báo cáo",
    "ủy quyền",
    "phân công",
    "với",
    "cùng",
    "đối với",
    "trách nhiệm của",
)
_HEAD_SYLLABLES = frozenset(w for h in HEADS for w in h.split())
_HEADS_FOLDED = frozenset(HEADS)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # "Ủy ban"
    pos: str  # "N"
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@cache
def _pos_tag():  # type: ignore[no-untyped-def]
    """underthesea loads its models on first use (about 0.5 s): once per process."""
    from underthesea import pos_tag

    return pos_tag


_SPACE = re.compile(r"\s+")


def tokens(text: str, base: int = 0) -> list[Token]:
    """underthesea words of ``text`` with their offsets (plus ``base``); a word the tagger
    respelled is placed at the cursor with an empty span rather than dropped."""
    if not text.strip():
        return []
    out: list[Token] = []
    at = 0
    for word, pos in _pos_tag()(_SPACE.sub(" ", text)):
        start = end = -1
        cursor = at
        for syllable in word.split():
            found = text.find(syllable, cursor)
            if found < 0 or (start >= 0 and text[cursor:found].strip()):
                start = -1
                break
            if start < 0:
                start = found
            end = cursor = found + len(syllable)
        if start < 0:
            out.append(Token(word, pos, base + at, base + at))
            continue
        out.append(Token(word, pos, base + start, base + end))
        at = end
    return out


def shape(word: str) -> str:
    if any(c.isdigit() for c in word):
        return "digit"
    if not any(c.isalpha() for c in word):
        return "punct"
    if word.isupper():
        return "upper"
    if all(s[:1].isupper() for s in word.split()):
        return "title"
    if word[:1].isupper():
        return "cap"
    return "lower"


def is_head(words: list[str], i: int) -> bool:
    """Whether a body head ("ủy ban nhân dân", "sở", "ban chỉ đạo") starts at word ``i``."""
    syllables: list[str] = []
    for w in words[i : i + 4]:
        syllables += w.split()
        if " ".join(syllables) in _HEADS_FOLDED:
            return True
    return False


def trigger_before(words: list[str], i: int) -> str:
    """The role word just before word ``i`` ("giao", "phối hợp với"), or ""."""
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        phrase = " ".join(words[i - n : i])
        if phrase in TRIGGERS:
            return phrase
    return ""


def word_features(toks: list[Token], i: int) -> list[str]:
    """CRF features of word ``i``: itself, its shape and POS, its neighbours, whether a
    body head starts there, and the role word before it."""
    words = [t.lower for t in toks]
    w, t = words[i], toks[i]
    feats = [
        "bias",
        f"w={w}",
        f"shape={shape(t.text)}",
        f"pos={t.pos}",
        f"head={is_head(words, i)}",
        f"inhead={any(s in _HEAD_SYLLABLES for s in w.split())}",
        f"trig={trigger_before(words, i)}",
        f"syl={len(w.split())}",
    ]
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(toks):
            feats += [f"w[{d}]={words[j]}", f"pos[{d}]={toks[j].pos}"]
            if abs(d) == 1:
                feats.append(f"shape[{d}]={shape(toks[j].text)}")
        else:
            feats.append(f"w[{d}]=<{'s' if d < 0 else '/s'}>")
    feats.append(f"pos[-1]|pos={toks[i - 1].pos if i else '<s>'}|{t.pos}")
    if i < 3:
        feats.append(f"first={i}")
    return feats
