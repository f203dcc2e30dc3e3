"""Training the body tagger (extractors/learned/body_tagger.py): BIO labels from gold
names aligned to a task's words, and a CRF trained with underthesea_core."""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extractors.learned.features import Token
from extractors.names import expand_abbreviations
from extractors.normalize import normalize_text

_PUNCTUATION = string.punctuation + "“”‘’–—…•·«»"


def _syllables(text: str) -> list[str]:
    """Folded syllables of a name or word, abbreviations expanded, punctuation dropped."""
    words = normalize_text(expand_abbreviations(text)).lower().split()
    return [w for w in (w.strip(_PUNCTUATION) for w in words) if w]


def align(toks: Sequence[Token], name: str) -> tuple[int, int] | None:
    """Token indices (first, last) of the first place where ``name`` is written in the
    tokens, abbreviations on either side expanded; a leading "các" may be absent."""
    flat: list[tuple[str, int]] = [(s, i) for i, t in enumerate(toks) for s in _syllables(t.text)]
    target = _syllables(name)
    for wanted in (target, target[1:] if target[:1] in (["các"], ["cho"]) else []):
        n = len(wanted)
        if not n:
            continue
        for k in range(len(flat) - n + 1):
            if [s for s, _ in flat[k : k + n]] == wanted:
                return flat[k][1], flat[k + n - 1][1]
    return None


def labels_for(
    toks: Sequence[Token], lead: Sequence[str], support: Sequence[str]
) -> list[str] | None:
    """BIO labels from gold names; None when no lead name is written in the sentence."""
    labels = ["O"] * len(toks)
    found_lead = False
    for tag, names in (("L", lead), ("S", support)):
        for name in names:
            where = align(toks, name)
            if where is None or any(x != "O" for x in labels[where[0] : where[1] + 1]):
                continue
            found_lead |= tag == "L"
            labels[where[0]] = f"B-{tag}"
            for i in range(where[0] + 1, where[1] + 1):
                labels[i] = f"I-{tag}"
    return labels if found_lead else None


@contextmanager
def _quiet() -> Iterator[None]:
    """underthesea_core prints its L-BFGS log from native code: silence fds 1 and 2."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def train(
    x: list[list[list[str]]],
    y: list[list[str]],
    path: Path,
    *,
    iterations: int = 120,
    l2: float = 0.05,
) -> None:
    """Train a CRF with underthesea_core and save it to ``path``."""
    from underthesea_core import CRFTrainer

    trainer = CRFTrainer()
    trainer.set_max_iterations(iterations)
    trainer.set_l2_penalty(l2)
    with _quiet():
        model = trainer.train(x, y)
    model.save(str(path))
