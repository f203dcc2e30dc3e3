"""The reminder log and outbox: what was planned, for whom, and whether it went out.

Exactly once, in two steps:

1. Planning (one transaction): each reminder key (task, rule, occurrence date) is logged
   for each recipient together with the digest it belongs to; a key already logged for a
   recipient is never planned again. A recipient gets one digest per channel per day
   (a second run the same day adds a second digest only for reminders that are new).
2. Sending: a digest is marked ``sending`` (committed) right before the message is handed
   to the SMTP server or the webhook, and ``sent`` right after it was accepted. A refused
   connection, an SMTP error or an HTTP error puts it back to ``pending`` with the error,
   and the next run sends it: an outage loses nothing. A crash between handing it over and
   marking it sent leaves it ``sending``; the next run marks it ``uncertain`` and does not
   send it again, so nothing is ever sent twice (it may have arrived); `directives
   reminders --status` lists uncertain digests and `--resend-uncertain` sends them after a
   person has checked. Webhooks carry the digest id as ``Idempotency-Key``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from index.sqlite_files import connect

Channel = Literal["email", "webhook"]
State = Literal["pending", "sending", "sent", "uncertain"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reminder_log (
    key TEXT NOT NULL,            -- task|rule|occurrence
    recipient TEXT NOT NULL,      -- an address or a webhook URL
    digest_id TEXT NOT NULL,
    PRIMARY KEY (key, recipient)
);
CREATE TABLE IF NOT EXISTS digests (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    day TEXT NOT NULL,
    payload TEXT NOT NULL,        -- JSON: what the message says
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX IF NOT EXISTS digests_state ON digests(state);
"""


@dataclass(frozen=True, slots=True)
class Digest:
    id: str
    channel: Channel
    recipient: str
    day: str
    payload: dict[str, Any]
    state: State
    attempts: int
    last_error: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Outbox:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._db = connect(self.path, "FULL")  # a 'sent' mark survives a power cut
        self._db.executescript(_SCHEMA)
        self._lock = threading.RLock()

    def plan(
        self,
        channel: Channel,
        recipient: str,
        day: str,
        items: list[tuple[str, dict[str, Any]]],
        header: dict[str, Any],
    ) -> Digest | None:
        """Log the (key, item) pairs not yet logged for ``recipient`` into a new digest.

        Returns the digest, or None when every key was already planned."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                fresh = [
                    (key, item)
                    for key, item in items
                    if self._db.execute(
                        "SELECT 1 FROM reminder_log WHERE key=? AND recipient=?", (key, recipient)
                    ).fetchone()
                    is None
                ]
                if not fresh:
                    self._db.execute("COMMIT")
                    return None
                count = self._db.execute(
                    "SELECT count(*) FROM digests WHERE channel=? AND recipient=? AND day=?",
                    (channel, recipient, day),
                ).fetchone()[0]
                digest_id = hashlib.sha256(
                    f"{channel}|{recipient}|{day}|{count}".encode()
                ).hexdigest()[:20]
                payload = {**header, "items": [item for _, item in fresh]}
                self._db.execute(
                    "INSERT INTO digests (id, channel, recipient, day, payload, created_at) "
                    "VALUES (?,?,?,?,?,?)",
                    (
                        digest_id,
                        channel,
                        recipient,
                        day,
                        json.dumps(payload, ensure_ascii=False),
                        _now(),
                    ),
                )
                self._db.executemany(
                    "INSERT INTO reminder_log (key, recipient, digest_id) VALUES (?,?,?)",
                    [(key, recipient, digest_id) for key, _ in fresh],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return self.digest(digest_id)

    def logged(self, key: str, recipient: str) -> bool:
        with self._lock:
            return (
                self._db.execute(
                    "SELECT 1 FROM reminder_log WHERE key=? AND recipient=?", (key, recipient)
                ).fetchone()
                is not None
            )

    def digest(self, digest_id: str) -> Digest | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, channel, recipient, day, payload, state, attempts, last_error "
                "FROM digests WHERE id=?",
                (digest_id,),
            ).fetchone()
        return _digest(row) if row else None

    def recover(self) -> list[Digest]:
        """Digests a crashed run left ``sending``: marked ``uncertain``, never resent."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, channel, recipient, day, payload, state, attempts, last_error "
                "FROM digests WHERE state='sending'"
            ).fetchall()
            self._db.execute("UPDATE digests SET state='uncertain' WHERE state='sending'")
        return [_digest(r) for r in rows]

    def pending(self) -> list[Digest]:
        return self._where("state='pending'")

    def uncertain(self) -> list[Digest]:
        return self._where("state='uncertain'")

    def all(self) -> list[Digest]:
        return self._where("1")

    def _where(self, clause: str) -> list[Digest]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, channel, recipient, day, payload, state, attempts, last_error "
                f"FROM digests WHERE {clause} ORDER BY day, created_at, id"
            ).fetchall()
        return [_digest(r) for r in rows]

    def mark(self, digest_id: str, state: State, error: str | None = None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE digests SET state=?, last_error=coalesce(?, last_error), "
                "attempts=attempts + (? = 'sending'), sent_at=CASE WHEN ?='sent' THEN ? ELSE sent_at END "
                "WHERE id=?",
                (state, error, state, state, _now(), digest_id),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _digest(row: tuple[Any, ...]) -> Digest:
    digest_id, channel, recipient, day, payload, state, attempts, error = row
    return Digest(digest_id, channel, recipient, day, json.loads(payload), state, attempts, error)
