"""Search on the embedded index: match, filter and count, rank, build the page.

1. The query's words are matched on the term bitmaps (index/sqlite_terms.py), phrases on
   the word pairs (index/sqlite_pairs.py), a số/ký hiệu on its lookup tokens.
2. Filters and facets run on the in-memory columns (index/sqlite_columns.py): exact
   totals and counts, whatever the number of matches.
3. bm25 ranks the newest matches that pass the filters; the best are re-ranked for the
   query's words standing next to each other and for accents typed; ties go to the
   newest; the matches past the scored ones follow by date.
4. Snippets are built for the page shown only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.base import SearchHit, SearchPage, SearchQuery
from index.lookup import lookup_tokens
from index.queries import build_lookup, lookup_match, match_terms
from index.snippets import adjacent_pairs, exact_count, exact_words, query_terms, snippet
from index.sqlite_columns import Columns
from index.sqlite_schema import FTS_WEIGHTS
from index.sqlite_terms import TermRows, fts_rowids

CANDIDATES = 500  # matches scored by bm25 (the most recently indexed); see _ranked
SCAN_CAP = 5_000  # newest matches among which bm25 scores the candidates
COMMON = 0.5  # a word in more than this share of the documents is not scored by bm25
RERANK = 50  # of those, the best re-ranked for adjacent words and accents
PAIR_BONUS = 2.0  # per pair of query words standing next to each other
EXACT_BONUS = 3.0  # per query word found with the accents typed (twice in the subject)
BONUS_CHARS = 30_000  # of a text, read for the accents typed (~0.01 ms per 1,000)
_HIT = "d.id, d.doc_type, d.number, d.issuer, d.date, d.subject"


@dataclass(frozen=True, slots=True)
class Search:
    """One search over a connection, the term bitmaps and a snapshot of the columns."""

    db: sqlite3.Connection
    terms: TermRows
    cols: Columns

    def run(self, query: SearchQuery) -> SearchPage:
        terms = match_terms(query.q)
        tokens = lookup_tokens(query.q)
        match = build_lookup(tokens, " ".join(terms) or None)
        cols = self.cols
        if match is None:
            at = np.flatnonzero(cols.mask(query))
        else:
            found = self._matching(terms, tokens)
            pos = cols.positions(found)
            known = (pos < len(cols.rowid)) & (
                cols.rowid[np.minimum(pos, len(cols.rowid) - 1)] == found
            )
            pos = pos[known]
            at = pos[cols.mask(query, pos)]
        facets = cols.facets(at) if query.facets else {}
        if match is None or query.sort == "date":
            ordered = cols.newest_first(at)[query.offset : query.offset + query.limit]
            ranked = [(int(cols.rowid[p]), 0.0) for p in ordered]
        else:
            # bm25 scans at most the newest SCAN_CAP matches for its candidates
            low = int(found[-SCAN_CAP]) if len(found) > SCAN_CAP else 0
            scored = self._scored(query.q, tokens)
            ranked = self._ranked(scored, query, cols, at, low)
        hits = self._page(query.q if match else "", ranked)
        return SearchPage(len(at), hits, facets)

    def _matching(self, terms: tuple[str, ...], tokens: tuple[str, ...]) -> np.ndarray:
        """Rowids (ascending) holding every term, or carrying the number looked up."""
        self.terms.check(self.db)
        found = self.terms.matching(self.db, terms) if terms else np.empty(0, np.int64)
        if tokens:
            found = np.union1d(found, fts_rowids(self.db, lookup_match(tokens)))
        return found

    def _scored(self, q: str, tokens: tuple[str, ...]) -> str | None:
        """The FTS5 expression bm25 scores: the query's words, phrases as their words, and
        without the words found in most documents; ``None`` when no word is left.

        Before scoring, bm25 counts the rows holding each phrase of the expression, a walk
        over its whole doclist (5-10 ms for a word in most of 100,000 documents); such a
        word's inverse document frequency is nearly zero, so it changes no ranking. A
        phrase's count reads position lists as well, so it is scored as its words.
        """
        words = match_terms(q.replace('"', " "))
        rare = [t for t in words if not self.terms.common(t, COMMON)]
        return build_lookup(tokens, " ".join(rare) or None)

    def _ranked(
        self, scored: str | None, query: SearchQuery, cols: Columns, at: np.ndarray, low: int
    ) -> list[tuple[int, float]]:
        """(rowid, score) of the page asked for; lower scores rank first (bm25 is negative).

        bm25 is computed for the ``CANDIDATES`` most recently indexed matches that pass the
        filters, among the newest ``SCAN_CAP`` matches (rowid >= ``low``) — FTS5 scores
        every match otherwise, 0.3-0.8 s for a query matching most of 100,000 documents. A
        query with fewer matches is ranked exactly. The best ``RERANK`` then get a bonus
        for the query's words standing next to each other and for words typed with their
        accents; ties go to the newest. The pages after the candidates list the other
        matches by date, newest first.
        """
        allowed = np.sort(cols.rowid[at])
        if len(allowed) == 0:
            return []
        score = f"bm25(documents_fts, {FTS_WEIGHTS})"
        # the candidates are known (the newest matches that pass the filters): testing
        # membership in the WHERE clause spares bm25 for the rows that are not among them
        keep = allowed[allowed >= low][-CANDIDATES:]
        if scored is None or len(keep) == 0:  # words in most documents: bm25 is ~0 for all
            rows = [(int(r), 0.0) for r in keep[::-1]]
        else:
            self.db.create_function("candidate", 1, set(keep.tolist()).__contains__)
            rows = self.db.execute(
                f"SELECT rowid, {score} FROM documents_fts WHERE documents_fts MATCH ? "
                "AND rowid >= ? AND candidate(rowid) ORDER BY rowid DESC LIMIT ?",
                [scored, int(keep[0]), CANDIDATES],
            ).fetchall()
        rows.sort(key=lambda r: r[1])
        shortlist = rows[:RERANK]
        marks = ",".join("?" * len(rows))
        info = {
            r[0]: r[1:]
            for r in self.db.execute(
                f"SELECT d.rowid, d.date_lo, d.id FROM documents d WHERE d.rowid IN ({marks})",
                [r[0] for r in rows],
            )
        }
        bonus = self._bonus(query.q, [r[0] for r in shortlist])
        scored_rows = [(r[0], r[1] + bonus.get(r[0], 0.0)) for r in rows if r[0] in info]
        scored_rows.sort(key=lambda r: (r[1], _desc(info[r[0]][0]), info[r[0]][1]))
        end = query.offset + query.limit
        if end > len(scored_rows):  # past the candidates: the other matches, newest first
            rest = cols.newest_first(at[~np.isin(cols.rowid[at], [r for r, _ in scored_rows])])
            scored_rows += [(int(cols.rowid[p]), 0.0) for p in rest[: end - len(scored_rows)]]
        return scored_rows[query.offset : end]

    def _bonus(self, q: str, rowids: list[int]) -> dict[int, float]:
        """Extra (negative) score for the shortlist: the query's words standing next to
        each other in any field ("Vũ Dương" above "vụ … dưỡng"; the word pairs' bitmaps,
        index/sqlite_pairs.py), and words typed with their accents (the trích yếu and
        the first ``BONUS_CHARS`` of the text)."""
        if not rowids:
            return {}
        shortlist = np.asarray(rowids, dtype=np.int64)
        adjacent = np.zeros(len(shortlist))
        for a, b in adjacent_pairs(q):
            adjacent += self.terms.holding(self.db, f"{a}_{b}", shortlist)
        out = dict(zip(rowids, (-PAIR_BONUS * adjacent).tolist(), strict=True))
        exact = exact_words(q)
        if exact:
            marks = ",".join("?" * len(rowids))
            for rowid, subject, text in self.db.execute(
                f"SELECT d.rowid, d.subject, substr(t.text, 1, {BONUS_CHARS}) FROM documents d "
                f"JOIN document_texts t ON t.rowid = d.rowid WHERE d.rowid IN ({marks})",
                rowids,
            ):
                subject_hits = 2 * exact_count(subject or "", exact)
                out[rowid] -= EXACT_BONUS * (subject_hits + exact_count(text, exact))
        return out

    def _page(self, q: str, ranked: list[tuple[int, float]]) -> tuple[SearchHit, ...]:
        if not ranked:
            return ()
        marks = ",".join("?" * len(ranked))
        rows = self.db.execute(
            f"SELECT d.rowid, {_HIT}, t.text, d.urgency, d.security, d.task_count "
            "FROM documents d JOIN document_texts t ON t.rowid = d.rowid "
            f"WHERE d.rowid IN ({marks})",
            [r for r, _ in ranked],
        ).fetchall()
        terms = query_terms(q)
        by_rowid = {r[0]: (*r[1:7], snippet(r[7], terms), *r[8:]) for r in rows}
        return tuple(_hit(by_rowid[rowid], score) for rowid, score in ranked if rowid in by_rowid)


def _desc(text: str | None) -> int:
    """A sort key that orders ISO dates newest first (and missing dates last)."""
    return -int(text.replace("-", "")) if text else 1


def _hit(row: tuple[Any, ...], score: float) -> SearchHit:
    """A hit from (id, type, number, issuer, date, subject, snippet HTML, urgency, …)."""
    doc_id, doc_type, number, issuer, date, subject, snippet, urgency, security, task_count = row
    return SearchHit(
        doc_id,
        doc_type,
        number,
        issuer,
        date,
        subject,
        snippet,
        float(score),
        urgency=urgency,
        security=security,
        tasks=task_count,
    )
