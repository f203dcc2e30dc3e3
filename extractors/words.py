"""Words and person/place names from underthesea, mapped back to character offsets.

underthesea returns strings, not offsets, and may touch a syllable on the way (token
normalization), so each word is found again in the line it came from; whatever is not
found is split on word characters and punctuation, so every character stays covered.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

# (start, end, tag): tag is a POS tag, an entity label, or "" when there is none.
Piece = tuple[int, int, str]

_FALLBACK = re.compile(r"\w+|[^\w\s]")
_CELL = re.compile(r"\S+(?: \S+)*")  # a layout cell: words apart by one space, not two
_LINE = re.compile(r"[^\n]+")
_SKIP = 8  # characters a syllable may move past (one syllable changed by underthesea)
_LABELS = {"PER": "PER", "LOC": "LOC"}
_PUNCT = "()[]\"'“”‘’.,;:!?…-–/"


def _locate(piece: str, words: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, end, word index) of each word in ``piece``; a word's syllables apart by
    more than one space (a column gap, a line break) become separate parts."""
    found: list[tuple[int, int, int]] = []
    pos = 0
    for i, word in enumerate(words):
        run: tuple[int, int] | None = None
        for syllable in word.split():
            at = piece.find(syllable, pos)
            if at < 0 or len(piece[pos:at].strip()) > _SKIP:
                continue  # changed by underthesea: the fallback split covers it
            if run and piece[run[1] : at] == " ":
                run = (run[0], at + len(syllable))
            else:
                if run:
                    found.append((*run, i))
                run = (at, at + len(syllable))
            pos = at + len(syllable)
        if run:
            found.append((*run, i))
    return found


def _fill(text: str, pieces: list[Piece], start: int, end: int) -> list[Piece]:
    """``pieces`` with the uncovered non-space text of [start, end) split by the fallback."""
    out: list[Piece] = []
    pos = start
    for piece in [*pieces, (end, end, "")]:
        out += [(m.start(), m.end(), "") for m in _FALLBACK.finditer(text, pos, piece[0])]
        if piece[1] > piece[0]:
            out.append(piece)
        pos = piece[1]
    return out


def _tagged(line: str, tags: bool) -> list[tuple[str, str]]:
    from underthesea import pos_tag, word_tokenize

    try:
        if tags:
            return [(w, t) for w, t in pos_tag(line)]
        return [(w, "") for w in word_tokenize(line, use_token_normalize=False)]
    except Exception:  # a line underthesea cannot read falls back to the plain split
        return []


def word_pieces(text: str, *, tags: bool = False) -> list[Piece]:
    """Words of ``text`` in order, multi-syllable words whole: "Ủy ban", "nhân dân"."""
    pieces: list[Piece] = []
    for line in _LINE.finditer(text):
        tagged = _tagged(line.group(), tags)
        found = [
            (line.start() + s, line.start() + e, tagged[i][1])
            for s, e, i in _locate(line.group(), [w for w, _ in tagged])
        ]
        pieces += _fill(text, found, line.start(), line.end())
    return pieces


def _name(tokens: list[tuple[int, int, str, str]]) -> tuple[int, int] | None:
    """The trailing run of title-case proper nouns of an entity, two syllables or more:
    "ủy xã Vũ Dương" gives "Vũ Dương"; "Phó CT" and "CHÁNH VĂN PHÒNG" are no names."""
    run: list[tuple[int, int, str, str]] = []
    for token in reversed(tokens):
        syllables = token[2].split()
        if token[3] != "Np" or not all(s.isalpha() and s.istitle() for s in syllables):
            break
        run.insert(0, token)
    if sum(len(t[2].split()) for t in run) < 2:
        return None
    return run[0][0], run[-1][1]


def _may_name(cell: str) -> bool:
    """Two title-case words in a row, as every name _name keeps has: "Trần Song Tùng"."""
    words = [w.strip(_PUNCT) for w in cell.split(" ")]
    return any(
        a.isalpha() and a.istitle() and b.isalpha() and b.istitle()
        for a, b in itertools.pairwise(words)
    )


def name_pieces(text: str, start: int, end: int) -> list[Piece]:
    """PER and LOC names in text[start:end] by underthesea's NER, one layout cell at a time
    (a signature line "- Như trên;   KT. CHỦ TỊCH" is two cells)."""
    from underthesea import ner

    names: list[Piece] = []
    for cell in _CELL.finditer(text, start, end):
        if not _may_name(cell.group()):
            continue  # spare the slow NER
        try:
            tagged = ner(cell.group())
        except Exception:  # NER is a bonus: a cell it cannot read has no names
            continue
        at: dict[int, tuple[int, int]] = {}
        for s, e, i in _locate(cell.group(), [t[0] for t in tagged]):
            at[i] = (at[i][0] if i in at else cell.start() + s, cell.start() + e)
        entities: list[tuple[str, list[tuple[int, int, str, str]]]] = []
        for i, (word, pos, _chunk, tag) in enumerate(tagged):
            kind = tag[2:]
            if i not in at or kind not in _LABELS:
                entities.append(("", []))
                continue
            token = (*at[i], word, pos)
            if tag.startswith("I-") and entities and entities[-1][0] == kind:
                entities[-1][1].append(token)
            else:
                entities.append((kind, [token]))
        for kind, tokens in entities:
            span = _name(tokens) if kind else None
            if span:
                names.append((*span, _LABELS[kind]))
    return names
