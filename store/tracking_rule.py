"""Which documents the office follows ("theo dõi"): the rule applied when one arrives.

A document is followed when one of its tasks names one of the office's own bodies as
lead or support (any task, when the office named none), unless it is a press article or
dated before the cut-off. Editors can turn it on or off by hand; their choice stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.fold import fold
from store.bodies import body_lookup_key
from store.models import IndexedDocument

NOT_DIRECTIVES = ("bai viet", "tin", "bai bao")  # press articles are read, never followed


@dataclass(frozen=True, slots=True)
class TrackingRule:
    own_bodies: tuple[str, ...] = ()  # names and aliases of the office's bodies
    since: str | None = None  # ISO date: documents dated before it are not followed

    def follows(self, document: IndexedDocument) -> bool:
        if document.doc_type and fold(document.doc_type) in NOT_DIRECTIVES:
            return False
        if self.since and document.date and document.date[:10] < self.since[: len(document.date)]:
            return False
        if not document.tasks:
            return False
        if not self.own_bodies:
            return True
        own = {body_lookup_key(b) for b in self.own_bodies}
        named = {body.key for task in document.tasks for body in (*task.lead, *task.support)}
        return any(
            key == mine or key.startswith(mine + " ") for key in named for mine in own if mine
        )
