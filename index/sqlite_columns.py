"""Filter and facet columns of the embedded index, held in memory as numpy arrays.

Counting facets through SQL means joining every match to its row: on 100,000 documents a
broad query ("ủy ban nhân dân tỉnh" matches most of them) spent 0.5 s there. Search
engines keep such fields column-wise (Lucene's doc values); this is the same idea: one
small array per field, indexed by row position, loaded once and reloaded when any
connection has written (``PRAGMA data_version``, and our own writes mark it stale).
Filters become masks, facets become ``bincount``s.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from extractors.fold import fold
from index.base import FACET_SIZE, FACETS, FacetCount, SearchQuery
from index.common import date_bounds

_NO_LOW, _NO_HIGH = 99_999_999, 0  # a document with no date fails every date filter


def _day(value: str | None, missing: int) -> int:
    return int(value.replace("-", "")) if value else missing


@dataclass
class Columns:
    rowid: np.ndarray  # sorted
    doc_type: np.ndarray  # codes into the label lists below; -1: none
    issuer: np.ndarray
    urgency: np.ndarray
    security: np.ndarray
    year: np.ndarray  # 0: none
    has_tasks: np.ndarray
    date_lo: np.ndarray  # yyyymmdd
    date_hi: np.ndarray
    level: np.ndarray  # security level 0-3
    labels: dict[str, list[str]]  # field -> value per code
    keys: dict[str, list[str]]  # field -> folded value per code (for filters)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> Columns:
        rows = db.execute(
            "SELECT rowid, doc_type, issuer, urgency, security, year, task_count > 0, "
            "date_lo, date_hi, security_level FROM documents ORDER BY rowid"
        ).fetchall()
        labels: dict[str, list[str]] = {}
        codes: dict[str, list[int]] = {}
        for position, field in enumerate(("doc_type", "issuer", "urgency", "security"), start=1):
            index: dict[str, int] = {}
            out = []
            for row in rows:
                value = row[position]
                out.append(-1 if value is None else index.setdefault(value, len(index)))
            labels[field] = list(index)
            codes[field] = out
        keys = {field: [fold(v) for v in values] for field, values in labels.items()}

        def array(values, dtype=np.int32):
            return np.fromiter(values, dtype=dtype, count=len(rows))

        return cls(
            rowid=array((r[0] for r in rows), np.int64),
            doc_type=np.asarray(codes["doc_type"], dtype=np.int32),
            issuer=np.asarray(codes["issuer"], dtype=np.int32),
            urgency=np.asarray(codes["urgency"], dtype=np.int32),
            security=np.asarray(codes["security"], dtype=np.int32),
            year=array(r[5] or 0 for r in rows),
            has_tasks=array((bool(r[6]) for r in rows), np.bool_),
            date_lo=array(_day(r[7], _NO_LOW) for r in rows),
            date_hi=array(_day(r[8], _NO_HIGH) for r in rows),
            level=array(r[9] for r in rows),
            labels=labels,
            keys=keys,
        )

    def positions(self, rowids: np.ndarray) -> np.ndarray:
        """Row positions of ``rowids`` (all present: they came from the same snapshot)."""
        return np.searchsorted(self.rowid, rowids)

    def mask(self, query: SearchQuery, at: np.ndarray | None = None) -> np.ndarray:
        """Which rows (all, or those at positions ``at``) pass the query's filters."""
        take = (lambda a: a) if at is None else (lambda a: a[at])
        keep = np.ones(len(self.rowid) if at is None else len(at), dtype=np.bool_)

        def among(field: str, value: str, part: bool = False) -> np.ndarray:
            wanted = fold(value)
            codes = [
                i
                for i, key in enumerate(self.keys[field])
                if (wanted in key if part else key == wanted)
            ]
            return np.isin(take(getattr(self, field)), np.asarray(codes, dtype=np.int32))

        if query.doc_type:
            keep &= among("doc_type", query.doc_type)
        if query.issuer:
            keep &= among("issuer", query.issuer, part=True)
        if query.urgency:
            keep &= among("urgency", query.urgency)
        if query.security:
            keep &= among("security", query.security)
        if query.year:
            keep &= take(self.year) == query.year
        if query.date_from:
            keep &= take(self.date_hi) >= _day(date_bounds(query.date_from)[0], 0)
        if query.date_to:
            keep &= take(self.date_lo) <= _day(date_bounds(query.date_to)[1], 0)
        if query.has_tasks is not None:
            keep &= take(self.has_tasks) == query.has_tasks
        if query.clearance is not None:
            keep &= take(self.level) <= query.clearance
        return keep

    def facets(self, at: np.ndarray) -> dict[str, tuple[FacetCount, ...]]:
        """Counts per value of every facet over the rows at positions ``at``."""
        out: dict[str, tuple[FacetCount, ...]] = {}
        for name in FACETS:
            if name in self.labels:
                codes = getattr(self, name)[at]
                counts = np.bincount(codes[codes >= 0], minlength=len(self.labels[name]))
                pairs = [(self.labels[name][i], int(c)) for i, c in enumerate(counts) if c]
            elif name == "year":
                years = self.year[at]
                values, counts = np.unique(years[years > 0], return_counts=True)
                pairs = [(str(v), int(c)) for v, c in zip(values, counts, strict=True)]
            else:  # has_tasks
                flags = self.has_tasks[at]
                yes = int(flags.sum())
                pairs = [(v, c) for v, c in (("true", yes), ("false", len(flags) - yes)) if c]
            pairs.sort(key=lambda vc: (-vc[1], vc[0]))
            out[name] = tuple(FacetCount(v, c) for v, c in pairs[:FACET_SIZE])
        return out

    def newest_first(self, at: np.ndarray) -> np.ndarray:
        """Positions ``at`` ordered by date (newest first, undated last), then rowid."""
        dated = np.where(self.date_lo[at] == _NO_LOW, 0, self.date_lo[at])
        return at[np.lexsort((self.rowid[at], -dated))]
