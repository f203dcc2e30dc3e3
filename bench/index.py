"""Index benchmark: build a large synthetic index, then time five query kinds.

Documents and tasks are synthetic but made of the corpus' real text: sentences, body
names and numbers come from the text files of corpus/dev and corpus/samples (read once,
extracted by the real extractors). The store (the system of record, SQLite) and the
search index are built through the same ``put`` calls that ingest uses, one transaction
per document each; task queries run on the store, searches on the index.

Prints build time, index size, and p50/p95 latency of: words without accents (on an index
just opened, then after the warm-up a server runs at start), a quoted
phrase, a number lookup in a random spelling, a filtered and faceted search, and tasks
due within 7 days for a body; next to the raw FTS5 query (MATCH … ORDER BY rank LIMIT 20)
for the same words in the same run.

Usage: python bench/index.py [--docs 100000] [--tasks-per-doc 10] [--queries 200]
                             [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.fold import strip_accents  # noqa: E402
from extractors.patterns import TYPE_CODES  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from index.base import SearchQuery  # noqa: E402
from index.sqlite import SqliteIndex  # noqa: E402
from store.engine import create_store_engine, sqlite_url  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import CitedNumber, IndexedDocument, NamedBody, TaskDraft  # noqa: E402
from store.store import Store  # noqa: E402
from store.tracking import TaskQuery  # noqa: E402

TYPES = list(TYPE_CODES.items())
ISSUER_CODES = ["TU", "ĐU", "UBND", "UBND-VX", "UBND-KT", "SCT", "SNV", "TW", "BTGTW", "HĐND"]
RECURRENCES = [("monthly",), ("quarterly",), ("semiannual", "annual"), ("annual",)]


def corpus_pool() -> tuple[list[str], list[str], list[str]]:
    """Real sentences, issuers and task bodies from the corpus' text files."""
    sentences: list[str] = []
    bodies: set[str] = set()
    issuers: set[str] = set()
    for folder in (ROOT / "corpus" / "dev", ROOT / "corpus" / "samples"):
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            extraction = extract(text)
            if extraction.header.issuer:
                issuers.add(extraction.header.issuer.value)
            for task in extraction.tasks:
                bodies.update(b.name for b in (*task.lead, *task.support))
            for sentence in re.split(r"(?<=[.;:])\s+|\n+", text):
                sentence = " ".join(sentence.split())
                if 40 <= len(sentence) <= 400:
                    sentences.append(sentence)
    return sentences, sorted(issuers), sorted(bodies)


def synthetic(n: int, tasks_per_doc: int, rng: random.Random, pool):
    sentences, issuers, bodies = pool
    start = date(2015, 1, 1)
    numbers: list[str] = []
    for i in range(n):
        type_code, doc_type = rng.choice(TYPES)
        number = f"{rng.randint(1, 3000)}-{type_code}/{rng.choice(ISSUER_CODES)}"
        numbers.append(number)
        day = start + timedelta(days=rng.randint(0, 4300))
        text = "\n".join(rng.choices(sentences, k=rng.randint(12, 30)))
        tasks = []
        for _ in range(tasks_per_doc):
            sentence = rng.choice(sentences)
            due = day + timedelta(days=rng.randint(7, 720)) if rng.random() < 0.7 else None
            tasks.append(
                TaskDraft(
                    text=sentence,
                    start=0,
                    end=len(sentence),
                    lead=tuple(NamedBody(b, b) for b in rng.sample(bodies, 1)),
                    support=tuple(NamedBody(b, b) for b in rng.sample(bodies, rng.randint(0, 2))),
                    due=due.isoformat() if due else None,
                    recurrence=rng.choice(RECURRENCES) if rng.random() < 0.2 else (),
                )
            )
        cited = tuple(
            CitedNumber(c, c, 0, len(c))
            for c in rng.sample(numbers, min(len(numbers), rng.randint(0, 3)))
        )
        urgency = rng.choice(["Khẩn", "Hỏa tốc", "Thượng khẩn"]) if rng.random() < 0.05 else None
        security = "Mật" if rng.random() < 0.02 else None
        doc_id = f"{i:016x}"
        yield IndexedDocument(
            id=doc_id,
            sha256=doc_id * 4,
            filename=f"{doc_id}.pdf",
            text=text,
            doc_type=doc_type,
            number=number,
            issuer=rng.choice(issuers),
            date=day.isoformat(),
            subject=rng.choice(sentences)[:200],
            urgency=urgency,
            security=security,
            ingested_at="2026-12-01T00:00:00+00:00",
            meta={"extractors": ["bench"]},
            citations=cited,
            tasks=tuple(tasks),
        )


def spelling(number: str, doc_type: str, rng: random.Random) -> str:
    digits = number.split("-")[0]
    code = number.split("-")[1].split("/")[0]
    return rng.choice(
        [number, number.replace("-", " ").replace("/", " "), f"{doc_type} {digits}",
         f"{strip_accents(code).lower()}{digits}"]
    )  # fmt: skip


def timed(fn, inputs) -> list[float]:
    out = []
    for item in inputs:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p50 = statistics.median(ms)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(f"  {name:<38} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {ms[-1]:7.2f} ms")


def store_path(db: Path) -> Path:
    """The store built beside an index file: bench-index.sqlite3 -> bench-index-store.sqlite3."""
    return db.with_name(f"{db.stem}-store.sqlite3")


def open_bench_store(path: Path) -> Store:
    engine = create_store_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return Store(sqlite_url(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--tasks-per-doc", type=int, default=10)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the built index")
    args = parser.parse_args()
    rng = random.Random(20261202)
    folder = Path(tempfile.mkdtemp(prefix="bench-index-"))
    db = args.db or folder / "index.sqlite3"
    index = SqliteIndex(db)
    store = open_bench_store(store_path(db))
    built = index.count()
    docs: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    pool = corpus_pool()
    sentences, _, bodies = pool
    if built == 0:
        for n, document in enumerate(synthetic(args.docs, args.tasks_per_doc, rng, pool), 1):
            store.put(document, document.filename)
            index.put(document)
            docs.append((document.number or "", document.doc_type or ""))
            if n % 10_000 == 0:
                print(f"  built {n:,} documents in {time.perf_counter() - t0:.0f} s", flush=True)
        build = time.perf_counter() - t0
        print(f"build: {args.docs:,} documents, {args.docs * args.tasks_per_doc:,} tasks in {build:.0f} s "
              f"({args.docs / build:,.0f} documents/s)")  # fmt: skip
    else:
        docs = [
            (d.number or "", d.doc_type or "")
            for d in (index.get(i) for i in sorted(index.ids())[:2000])
            if d
        ]
        print(f"reusing {db} with {built:,} documents")
    index._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    print(f"index size: {size / 2**20:,.0f} MiB ({db})")
    stored = sum(p.stat().st_size for p in db.parent.glob(store_path(db).name + "*"))
    print(f"store size: {stored / 2**20:,.0f} MiB ({store_path(db)})")

    from index.queries import build_match

    words: list[str] = []
    while len(words) < args.queries:
        tokens = rng.choice(sentences).split()
        k = rng.randint(2, 3)
        at = rng.randint(0, max(0, len(tokens) - k))
        phrase = strip_accents(" ".join(tokens[at : at + k])).lower()
        if build_match(phrase) and len(phrase.split()) == k:
            words.append(phrase)
    phrases = ['"' + w + '"' for w in words]
    lookups = [spelling(*rng.choice(docs), rng) for _ in range(args.queries)]
    types = [t for _, t in TYPES]
    filtered = [
        SearchQuery(w.split()[0], doc_type=rng.choice(types), year=rng.randint(2015, 2026))
        for w in words
    ]
    due_queries = [
        TaskQuery(body=rng.choice(bodies), due_within_days=7,
                  today=date(2015, 1, 1) + timedelta(days=rng.randint(0, 4300)))
        for _ in range(args.queries)
    ]  # fmt: skip

    raw = index._db
    counts = sorted(
        raw.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (build_match(w),)
        ).fetchone()[0]
        for w in words
    )
    total = index.count()
    print(
        f"the word queries match a median {counts[len(counts) // 2] / total:.0%} of the documents "
        f"(p95 {counts[int(0.95 * (len(counts) - 1))] / total:.0%}): the synthetic text reuses "
        "the corpus' few thousand sentences"
    )
    print(f"latency over {args.queries} queries each (one thread, warm cache):")
    report("raw FTS5 MATCH … ORDER BY rank LIMIT 20", timed(
        lambda w: raw.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                              "ORDER BY rank LIMIT 20", (build_match(w),)).fetchall(), words))  # fmt: skip
    report("words, just opened (no warm-up)", timed(lambda w: index.search(SearchQuery(w)), words))
    t = time.perf_counter()
    index._terms.check(index._db)
    index._terms._bits.clear()  # the warm-up below starts from nothing, as a server does
    loaded = index.warm()
    print(f"  warm-up: {loaded} frequent-term bitmaps read in {time.perf_counter() - t:.1f} s")
    report("words without accents", timed(lambda w: index.search(SearchQuery(w)), words))
    report("words, no facets", timed(lambda w: index.search(SearchQuery(w, facets=False)), words))
    report("phrase", timed(lambda w: index.search(SearchQuery(w)), phrases))
    report("number lookup (any spelling)", timed(lambda w: index.search(SearchQuery(w)), lookups))
    report("filtered + faceted", timed(index.search, filtered))
    report("tasks due in 7 days for a body (store)", timed(store.tasks, due_queries))
    index.close()
    store.close()
    if not args.keep and not args.db:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
