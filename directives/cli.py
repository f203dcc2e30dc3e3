"""The ``directives`` command: ingest, search, show, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

from directives.errors import DirectivesError
from directives.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        return int(args.run(args, settings) or 0)
    except DirectivesError as e:
        print(f"directives: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directives",
        description="Tiếp nhận, trích xuất và tra cứu văn bản chỉ đạo (Nghị quyết, Chỉ thị, Công văn…).",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="ingest files and folders (PDF, DOCX, text)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument(
        "--prefect",
        choices=("auto", "always", "never"),
        default="auto",
        help="run as a tracked Prefect flow: auto = when PREFECT_API_URL is set",
    )
    ingest.set_defaults(run=_ingest)

    search = sub.add_parser("search", help="search the index (accents optional)")
    search.add_argument("query", nargs="*", metavar="QUERY")
    search.add_argument("--type", dest="doc_type")
    search.add_argument("--issuer")
    search.add_argument("--year", type=int)
    search.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--offset", type=int, default=0)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=_search)

    tasks = sub.add_parser("tasks", help="list tasks: by body, due date, status")
    tasks.add_argument("--body", help='a body, abbreviations allowed: "UBND tỉnh"')
    tasks.add_argument("--role", choices=("any", "lead", "support"), default="any")
    tasks.add_argument("--status", help="chưa thực hiện | đang thực hiện | hoàn thành")
    tasks.add_argument("--due-within", type=int, metavar="DAYS", help="due in the next N days")
    tasks.add_argument("--overdue", action="store_true", help="only tasks past their deadline")
    tasks.add_argument("--recurring", action="store_true", help="only recurring duties")
    tasks.add_argument("--document", help="only the tasks of this document id")
    tasks.add_argument("--limit", type=int, default=50)
    tasks.add_argument("--json", action="store_true")
    tasks.set_defaults(run=_tasks)

    show = sub.add_parser("show", help="print one document's metadata as JSON")
    show.add_argument("id")
    show.add_argument("--text", action="store_true", help="include the full text")
    show.set_defaults(run=_show)

    evaluate = sub.add_parser("eval", help="score extraction against gold annotations")
    evaluate.add_argument(
        "--docs", type=Path, help="folder of documents (default: the dev and test splits)"
    )
    evaluate.add_argument("--gold", type=Path, help="folder of gold JSON files")
    evaluate.add_argument(
        "--split", choices=("dev", "test"), action="append", help="only this corpus split"
    )
    evaluate.add_argument("--json", type=Path, metavar="FILE", help="also write the scores as JSON")
    evaluate.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep readings (OCR included) here and reuse them while the readers are unchanged",
    )
    evaluate.add_argument(
        "--rules-only", action="store_true", help="the rules without the trained models"
    )
    evaluate.set_defaults(run=_eval)

    train = sub.add_parser(
        "train",
        help="train the task filter and body tagger from the dev gold (extractors/learned/data)",
    )
    train.add_argument("--docs", type=Path, default=Path("corpus/dev"), help="dev documents")
    train.add_argument("--gold", type=Path, default=Path("corpus/gold"), help="their gold JSON")
    train.add_argument("--out", type=Path, help="model folder (default: extractors/learned/data)")
    train.add_argument(
        "--cache", type=Path, metavar="DIR", help="reuse readings kept by eval --cache"
    )
    train.set_defaults(run=_train)

    reindex = sub.add_parser(
        "reindex",
        help="rebuild the search index from the store (the index may be deleted first)",
    )
    reindex.add_argument(
        "--reread",
        action="store_true",
        help="first read every original again with the current extractors "
        "(task status, history and every correction stay)",
    )
    reindex.add_argument("--json", action="store_true", help="print the report as JSON")
    reindex.set_defaults(run=_reindex)

    reminders = sub.add_parser(
        "reminders", help="plan today's reminder digests and send them (and earlier pending ones)"
    )
    reminders.add_argument("--dry-run", action="store_true", help="print what would be sent")
    reminders.add_argument("--today", metavar="YYYY-MM-DD", help="plan as if today were this day")
    reminders.add_argument("--status", action="store_true", help="list digests and their state")
    reminders.add_argument(
        "--resend-uncertain",
        action="store_true",
        help="send again digests a crash left uncertain (check first that they did not arrive)",
    )
    reminders.add_argument("--json", action="store_true")
    reminders.set_defaults(run=_reminders)

    inbox = sub.add_parser("inbox", help="ingest the inbox folder once (archive / quarantine)")
    inbox.add_argument("--json", action="store_true")
    inbox.set_defaults(run=_inbox)

    worker = sub.add_parser(
        "worker",
        help="serve the Prefect deployments ingest-inbox, send-reminders (07:00 daily), reindex",
    )
    worker.set_defaults(run=_worker)

    export_gold = sub.add_parser(
        "export-gold",
        help="write gold files (GOLD_FORMAT) of the documents staff marked reviewed, "
        "from their corrected state, with the originals, for `directives eval`",
    )
    export_gold.add_argument("--out", type=Path, required=True, metavar="DIR")
    export_gold.set_defaults(run=_export_gold)

    migrate = sub.add_parser(
        "migrate", help="create the store or bring it to this version's layout (Alembic)"
    )
    migrate.set_defaults(run=_migrate)

    backup = sub.add_parser("backup", help="copy the store (SQLite) to a file, safely while in use")
    backup.add_argument("out", type=Path, metavar="FILE")
    backup.set_defaults(run=_backup)

    serve = sub.add_parser("serve", help="serve the REST API (and /docs)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)
    return parser


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"directives: {path}: no such file or folder", file=sys.stderr)
    paths = [p for p in args.paths if p.exists()]
    use_prefect = args.prefect == "always" or (
        args.prefect == "auto" and os.environ.get("PREFECT_API_URL")
    )
    report = (
        _ingest_prefect(paths, settings)
        if use_prefect
        else _ingest_local(paths, settings, args.json)
    )
    if missing:
        report["failed"] = [
            {
                "path": str(p),
                "error": "no such file or folder",
                "error_type": None,
                "quarantined": None,
            }
            for p in missing
        ] + report["failed"]
    if args.json:
        _print_json(report)
    else:
        _print_report(report)
    return 1 if report["failed"] else 0


def _ingest_local(paths: list[Path], settings: Settings, quiet: bool) -> dict:
    from flows.pipeline import discover, ingest_file, limits_of, run_ingest
    from index.factory import open_search
    from index.originals import OriginalStore
    from index.quarantine import Quarantine
    from store.open import open_store

    store = open_store(settings)
    originals = OriginalStore(settings.originals_dir)
    quarantine = Quarantine(settings.quarantine_dir)
    limits = limits_of(settings)
    files = list(discover(paths))

    def progress(number: int, total: int, outcome) -> None:
        mark = {"ingested": "+", "unchanged": "=", "failed": "!"}[outcome.status]
        print(f"[{number}/{total}] {mark} {outcome.path}", file=sys.stderr, flush=True)

    try:
        index = open_search(settings)
        try:
            report = run_ingest(
                files,
                lambda p: ingest_file(
                    p,
                    store=store,
                    index=index,
                    originals=originals,
                    limits=limits,
                    quarantine=quarantine,
                ),
                progress,
            )
        finally:
            index.close()
    finally:
        store.close()
    return report.as_json()


def _ingest_prefect(paths: list[Path], settings: Settings) -> dict:
    from flows.ingest import ingest

    return ingest(
        [str(p) for p in paths],
        str(settings.data_dir),
        settings.elasticsearch_url,
        settings.database_url,
        settings.max_file_bytes,
        settings.max_pages,
        settings.max_unpacked_bytes,
    )


def _print_report(report: dict) -> None:
    print(
        f"Đã tiếp nhận {len(report['ingested'])}, không đổi {len(report['unchanged'])}, "
        f"lỗi {len(report['failed'])}."
    )
    for item in report["ingested"]:
        reading = item.get("reading") or {}
        print(f"  + {item['path']}  [{item['id']}]  {_reading_note(reading)}")
    for item in report["unchanged"]:
        print(f"  = {item['path']}  [{item['id']}]")
    for item in report["failed"]:
        named = f" ({item['error_type']})" if item.get("error_type") else ""
        print(f"  ! {item['path']}: {item['error']}{named}")
        if item.get("quarantined"):
            print(f"    → cách ly: {item['quarantined']}")


def _reading_note(reading: dict) -> str:
    """How a document was read, e.g. "ocr; OCR trang 1-3 (độ tin cậy 92); giải mã tcvn3"."""
    parts = [str(reading.get("method", ""))]
    pages = reading.get("ocr_pages") or []
    if pages:
        confidence = reading.get("ocr_confidence") or [0.0]
        mean = sum(confidence) / len(confidence)
        parts.append(f"OCR trang {_page_ranges(pages)} (độ tin cậy {mean:.0f})")
    if reading.get("decoder"):
        parts.append(f"giải mã {reading['decoder']}")
    if reading.get("language", "vi") != "vi":
        parts.append("không phải tiếng Việt: không trích xuất nhiệm vụ")
    parts.extend(reading.get("notes") or [])
    return "; ".join(parts)


def _page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from index.base import SearchQuery
    from index.factory import open_index

    index = open_index(settings.index_path, settings.elasticsearch_url)
    try:
        page = index.search(
            SearchQuery(
                " ".join(args.query),
                args.doc_type,
                args.issuer,
                args.year,
                args.limit,
                args.offset,
                date_from=args.date_from,
                date_to=args.date_to,
                sort=args.sort,
            )
        )
    finally:
        index.close()
    if args.json:
        _print_json({"total": page.total, "hits": [asdict(h) for h in page.hits]})
        return 0
    print(f"{page.total} văn bản")
    for hit in page.hits:
        title = " ".join(x for x in (hit.doc_type, hit.number, hit.issuer, hit.date) if x)
        print(f"\n[{hit.id}] {title}\n  {hit.subject or ''}")
        snippet = hit.snippet.replace("<mark>", "\033[1m").replace("</mark>", "\033[0m")
        print(f"  … {_unescape(snippet)}")
    return 0


def _tasks(args: argparse.Namespace, settings: Settings) -> int:
    from store.open import open_store
    from store.tracking import STATUS_LABELS, TaskQuery, check_status

    query = TaskQuery(
        body=args.body,
        role=args.role,
        doc_id=args.document,
        status=check_status(args.status) if args.status else None,
        due_within_days=args.due_within,
        overdue=True if args.overdue else None,
        recurring=True if args.recurring else None,
        limit=args.limit,
    )
    store = open_store(settings)
    try:
        page = store.tasks(query)
    finally:
        store.close()
    if args.json:
        _print_json({"total": page.total, "tasks": [asdict(t) for t in page.tasks]})
        return 0
    print(f"{page.total} nhiệm vụ")
    for t in page.tasks:
        lead = ", ".join(b.written for b in t.lead) or "(chưa rõ đơn vị)"
        due = f"hạn {t.due}" if t.due else (t.due_text or "không ghi hạn")
        print(f"\n[{t.id}] {lead} · {due} · {STATUS_LABELS[t.status]} · {t.doc_number or t.doc_id}")
        print(f"  {' '.join(t.text.split())[:300]}")
    return 0


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from store.open import open_store

    store = open_store(settings)
    try:
        stored = store.document(args.id)
    finally:
        store.close()
    if stored is None:
        print(f"directives: no document with id {args.id}", file=sys.stderr)
        return 1
    data = asdict(stored)
    if not args.text:
        data["document"].pop("text")
    _print_json(data)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from flows.evaluate import SPLITS, evaluate, format_splits, format_table
    from readers.dispatch import Limits

    limits = Limits(settings.max_file_bytes, settings.max_pages)
    if (args.docs is None) != (args.gold is None):
        print("directives: eval needs both --docs and --gold, or neither", file=sys.stderr)
        return 2
    if args.docs is not None:
        folders = {"": (args.docs, args.gold)}
    else:
        folders = {name: SPLITS[name] for name in (args.split or list(SPLITS))}
    for docs, gold in folders.values():
        for folder in (docs, gold):
            if not folder.is_dir():
                print(f"directives: {folder}: not a folder", file=sys.stderr)
                return 2
    results = {
        name: evaluate(docs, gold, limits, args.cache, models=not args.rules_only)
        for name, (docs, gold) in folders.items()
    }
    if "" in results:
        print(format_table(results[""]))
        data = results[""].as_json()
    else:
        print(format_splits(results))
        data = {name: result.as_json() for name, result in results.items()}
    if args.json:
        args.json.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


def _train(args: argparse.Namespace, settings: Settings) -> int:
    """Train from the dev split only: never point --docs at corpus/test."""
    from flows.evaluate import pair_files, read_cached
    from models.train import DATA, load_documents, train
    from readers.dispatch import Limits

    for folder in (args.docs, args.gold):
        if not folder.is_dir():
            print(f"directives: {folder}: not a folder", file=sys.stderr)
            return 2
    if "test" in args.docs.resolve().parts:
        print("directives: refusing to train on a test split", file=sys.stderr)
        return 2
    limits = Limits(settings.max_file_bytes, settings.max_pages)
    pairs, _ = pair_files(args.docs, args.gold)
    documents = load_documents(
        pairs, lambda p: read_cached(p.read_bytes(), p, limits, args.cache).text
    )
    for path in train(documents, args.out or DATA):
        print(path)
    return 0


def _reindex(args: argparse.Namespace, settings: Settings) -> int:
    from flows.pipeline import limits_of
    from flows.reindex import rebuild, reread
    from index.factory import open_search
    from index.originals import OriginalStore
    from store.open import open_store

    def progress(number: int, total: int, status: str, name: str) -> None:
        if not args.json:
            label = {"indexed": "lập chỉ mục", "reread": "đọc lại", "failed": "LỖI"}[status]
            print(f"[{number}/{total}] {label}: {name}", file=sys.stderr)

    store = open_store(settings)
    try:
        if settings.elasticsearch_url is None and not args.reread:
            _set_aside_old_index(settings.index_path)
        index = open_search(settings)
        try:
            if args.reread:
                originals = OriginalStore(settings.originals_dir)
                report = reread(store, index, originals, limits_of(settings), progress)
            else:
                report = rebuild(store, index, progress)
        finally:
            index.close()
    finally:
        store.close()
    if args.json:
        _print_json(report.as_json())
    else:
        print(
            f"Đã lập chỉ mục {len(report.indexed)} văn bản"
            + (f", đọc lại {len(report.reread)}" if args.reread else "")
            + (f", bỏ {len(report.removed)} bản không còn hiệu lực" if report.removed else "")
            + f", lỗi {len(report.failed)}."
        )
        for failure in report.failed:
            print(f"  {failure['path']}: {failure['error']}", file=sys.stderr)
    return 1 if report.failed else 0


def _set_aside_old_index(path: Path) -> None:
    """An embedded index of an older layout is a projection like any other: it is moved
    aside (kept, never deleted) and built again from the store."""
    from directives.errors import IndexBackendError
    from index.sqlite import SqliteIndex

    if not path.exists():
        return
    try:
        SqliteIndex(path).close()
    except IndexBackendError:
        aside = path.with_name(f"{path.name}.old")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        print(f"Chỉ mục cũ được chuyển sang {aside}; lập lại từ kho dữ liệu.", file=sys.stderr)


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from flows.reindex import rebuild
    from index.factory import open_search
    from store.legacy import import_index, import_tables, layout_of
    from store.open import migrate_store, open_store

    migrate_store(settings, print)
    store = open_store(settings)
    try:
        for path, names, what in (
            (settings.legacy_accounts_path, ("users", "tokens", "sessions", "audit"),
             "tài khoản, phiên, nhật ký"),
            (settings.legacy_outbox_path, ("digests", "reminder_log"), "nhật ký nhắc việc"),
        ):  # fmt: skip
            counts = import_tables(path, store, names)
            if counts is not None:
                listed = ", ".join(f"{name} {n}" for name, n in counts.items())
                print(f"Đã chuyển {what} từ {path.name} vào kho dữ liệu ({listed}).")
    finally:
        store.close()
    layout = layout_of(settings.index_path)
    if layout is None:
        return 0
    # an index written before the store existed holds tasks, their status and history
    store = open_store(settings)
    try:
        done = import_index(settings.index_path, store)
        print(
            f"Đã chuyển từ chỉ mục cũ (bố cục {layout}) vào kho dữ liệu: {done.documents} văn "
            f"bản, {done.tasks} nhiệm vụ, {done.events} thay đổi, {done.paths} đường dẫn."
        )
        _set_aside_old_index(settings.index_path)
        index = open_search(settings)
        try:
            report = rebuild(store, index)
        finally:
            index.close()
        print(f"Đã lập lại chỉ mục tìm kiếm: {len(report.indexed)} văn bản.")
    finally:
        store.close()
    return 0


def _export_gold(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    from evaluation.gold_export import gold_record, stem_for
    from index.originals import OriginalStore
    from store.open import open_store
    from store.tracking import TaskQuery

    originals = OriginalStore(settings.originals_dir)
    documents = args.out / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    store = open_store(settings)
    taken: set[str] = set()
    written = 0
    try:
        for doc_id in store.reviewed_ids():
            stored = store.document(doc_id)
            original = originals.find(stored.document.sha256) if stored else None
            if stored is None or original is None:
                print(f"directives: {doc_id}: its original is missing, skipped", file=sys.stderr)
                continue
            tasks = store.tasks(TaskQuery(doc_id=doc_id, include_hidden=True, limit=100_000))
            stem = stem_for(stored.document.filename, doc_id, taken)
            record = gold_record(stored, list(tasks.tasks))
            (args.out / f"{stem}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            shutil.copyfile(original, documents / f"{stem}{original.suffix}")
            written += 1
    finally:
        store.close()
    print(
        f"Đã xuất {written} văn bản đã kiểm tra. Chấm: directives eval --docs {documents} "
        f"--gold {args.out}"
    )
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from store.backup import backup

    if settings.database_url:
        print(
            "directives: the store is on PostgreSQL: back it up with "
            "`pg_dump --format=custom --file=directives.dump <database>` "
            "(restore with pg_restore); the originals folder is backed up as files",
            file=sys.stderr,
        )
        return 2
    written = backup(settings.store_url, args.out)
    print(
        f"Đã sao lưu kho dữ liệu vào {written}. Sao lưu kèm thư mục bản gốc "
        f"{settings.originals_dir} (tệp thường)."
    )
    return 0


def _reminders(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from directives.contacts import load as load_contacts
    from flows.deployments import smtp_config
    from flows.reminders import deliver, dry_run, plan_digests, rules_from
    from store.open import open_store
    from store.outbox import Outbox

    today = date.fromisoformat(args.today) if args.today else date.today()
    store = open_store(settings)
    try:
        outbox = Outbox(store.engine)
        if args.status:
            rows = [asdict(d) for d in outbox.all()]
            if args.json:
                _print_json(rows)
            for d in [] if args.json else rows:
                print(f"{d['day']} {d['state']:<10} {d['channel']:<7} {d['recipient']} "
                      f"({len(d['payload']['items'])} nhiệm vụ){' — ' + d['last_error'] if d['last_error'] else ''}")  # fmt: skip
            return 0
        if args.resend_uncertain:
            for d in outbox.uncertain():
                outbox.mark(d.id, "pending", "gửi lại theo yêu cầu")
        directory = load_contacts(settings.contacts_path)
        if args.dry_run:
            planned = dry_run(
                store, outbox, directory, today, rules_from(settings), settings.base_url
            )
            if args.json:
                _print_json(planned)
            for p in [] if args.json else planned:
                if p["channel"] == "none":
                    print(f"Không có địa chỉ: {', '.join(p['unmapped'])}")
                    continue
                print(f"=== {p['channel']} → {p['to']}: {p['subject']}\n{p['text']}")
            return 0
        report = plan_digests(
            store, outbox, directory, today, rules_from(settings), settings.base_url
        )
        report = deliver(outbox, smtp_config(settings), report)
    finally:
        store.close()
    if args.json:
        _print_json(report.as_json())
    else:
        print(
            f"{report.reminders} lời nhắc; {len(report.planned)} bản tổng hợp mới; "
            f"đã gửi {len(report.sent)}, lỗi {len(report.failed)} (sẽ gửi lại lần sau), "
            f"không chắc chắn {len(report.uncertain)}"
        )
        for f in report.failed:
            print(f"  lỗi {f['to']}: {f['error']}", file=sys.stderr)
        if report.unmapped:
            print(f"  chưa có địa chỉ: {', '.join(report.unmapped)}", file=sys.stderr)
    return 1 if report.failed else 0


def _inbox(args: argparse.Namespace, settings: Settings) -> int:
    from flows.inbox import run_inbox

    report = run_inbox(settings)
    if args.json:
        _print_json(report.as_json())
    else:
        _print_report(report.as_json())
    return 1 if report.failed else 0


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from flows.deployments import serve_all

    if not os.environ.get("PREFECT_API_URL"):
        print(
            "directives: PREFECT_API_URL is not set: start a Prefect server "
            "(`.venv/bin/prefect server start`) and export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return 2
    serve_all(settings)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    print(f"Đang phục vụ tại http://{args.host}:{args.port}  (giao diện: /, API: /docs)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
