"""Stable task identity across re-ingest and re-extraction.

A task's id is derived from its document's lineage (the first version's id, carried to
every later version of the same file) and its folded text. When a document is replaced —
the file changed, or a new extractor version re-read it — each new task takes the id of
the old task it matches: the same text first, then the most similar text (a reworded
deadline, a longer sentence). Old tasks that match nothing are reported as gone.

A lineage does not make ids unique. When the file changed, the new version carries the
old one's lineage and tasks; if the old version then comes back under another path, it
is a new document again and starts the lineage of its own id, which the new version
already carries. Tasks retired into another version (a path that takes content another
path brought in) keep ids of their first lineage too. Rather than keeping lineages unique (retired tasks would still
collide), every fresh id is checked against the tasks the index holds (``taken``) and
salted until it is free: the old tasks keep their ids, status and history, and the
returning version gets tasks of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.fold import fold

SIMILAR = 0.75  # SequenceMatcher ratio on folded text that still counts as the same task

Taken = Callable[[list[str]], Collection[str]]  # which of these ids stored tasks hold


def task_id(lineage: str, text: str, occurrence: int = 0) -> str:
    key = f"{lineage}\n{fold(text)}\n{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Assignment:
    ids: tuple[str, ...]  # one per new task, in order
    gone: tuple[str, ...]  # old ids that match no new task


def assign_ids(
    lineage: str,
    texts: Sequence[str],
    previous: Sequence[tuple[str, str]],
    taken: Taken | None = None,
) -> Assignment:
    """Give each new task text an id, reusing ``previous`` (id, text) pairs where they match;
    a fresh id is never one of ``previous`` nor one ``taken`` reports as stored."""
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
    paired: set[str] = set()
    for _ratio, n, oid in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if ids[n] is None and oid not in paired:
            ids[n] = oid
            paired.add(oid)
    held: set[str] = set()  # fresh ids that tasks of other documents hold
    checked: set[str] = set()
    while True:
        final = _minted(lineage, texts, fresh, ids, set(old) | held)
        minted = [i for n, i in enumerate(final) if ids[n] is None and i not in checked]
        if taken is None or not minted:
            break
        checked.update(minted)
        found = set(taken(minted))
        if not found:
            break
        held |= found
    gone = tuple(i for i in old if i not in set(final))
    return Assignment(tuple(final), gone)


def _minted(
    lineage: str,
    texts: Sequence[str],
    fresh: list[str],
    ids: list[str | None],
    avoid: set[str],
) -> list[str]:
    """``ids`` with each gap filled by its fresh id, salted while that id is in use."""
    used = {i for i in ids if i}
    final: list[str] = []
    for n, i in enumerate(ids):
        if i is None:
            i, salt = fresh[n], 0
            while i in used or i in avoid:  # a fresh id never takes over another task's id
                salt += 1
                i = task_id(lineage, f"{texts[n]}\u0000{salt}", n)
            used.add(i)
        final.append(i)
    return final
