"""Stable task identity across re-ingest and re-extraction.

A task's id is derived from its document's lineage (the first version's id, carried to
every later version of the same file) and its folded text. When a document is replaced —
the file changed, or a new extractor version re-read it — each new task takes the id of
the old task it matches: the same text first, then the most similar text (a reworded
deadline, a longer sentence). Old tasks that match nothing are reported as gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.fold import fold

SIMILAR = 0.75  # SequenceMatcher ratio on folded text that still counts as the same task


def task_id(lineage: str, text: str, occurrence: int = 0) -> str:
    key = f"{lineage}\n{fold(text)}\n{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Assignment:
    ids: tuple[str, ...]  # one per new task, in order
    gone: tuple[str, ...]  # old ids that match no new task


def assign_ids(
    lineage: str, texts: Sequence[str], previous: Sequence[tuple[str, str]]
) -> Assignment:
    """Give each new task text an id, reusing ``previous`` (id, text) pairs where they match."""
    seen: dict[str, int] = {}
    fresh: list[str] = []
    for text in texts:
        key = fold(text)
        fresh.append(task_id(lineage, text, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    old = dict(previous)
    ids: list[str | None] = [i if i in old else None for i in fresh]
    free_old = [i for i in old if i not in set(ids)]
    pending = [n for n, i in enumerate(ids) if i is None]
    pairs: list[tuple[float, int, str]] = []
    folded_old = {i: fold(old[i]) for i in free_old}
    for n in pending:
        new_text = fold(texts[n])
        for oid in free_old:
            matcher = SequenceMatcher(None, new_text, folded_old[oid], autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    pairs.append((ratio, n, oid))
    taken: set[str] = set()
    for _ratio, n, oid in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if ids[n] is None and oid not in taken:
            ids[n] = oid
            taken.add(oid)
    used = {i for i in ids if i}
    final: list[str] = []
    for n, i in enumerate(ids):
        if i is None:
            i, salt = fresh[n], 0
            while i in used or i in old:  # a fresh id never takes over an old task's id
                salt += 1
                i = task_id(lineage, f"{texts[n]}\u0000{salt}", n)
            used.add(i)
        final.append(i)
    gone = tuple(i for i in old if i not in set(final))
    return Assignment(tuple(final), gone)
