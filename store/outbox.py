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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.engine import IMMEDIATE
from store.schema import digests, reminder_log, reminder_runs

Channel = Literal["email", "webhook"]
State = Literal["pending", "sending", "sent", "uncertain"]


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


LEASE_SECONDS = 600  # a run holds a claimed digest this long; a send takes seconds

_DIGEST = (
    digests.c.id,
    digests.c.channel,
    digests.c.recipient,
    digests.c.day,
    digests.c.payload,
    digests.c.state,
    digests.c.attempts,
    digests.c.last_error,
)


class Outbox:
    """The reminder log and outbox, in the store; safe to share between threads. Every
    mark is committed before the step it guards (the store runs with synchronous=FULL
    on SQLite: a 'sent' mark survives a power cut)."""

    def __init__(self, engine: Engine, lease_seconds: int = LEASE_SECONDS) -> None:
        self._engine = engine
        self.lease_seconds = lease_seconds

    def _write(self):
        return self._engine.connect().execution_options(**{IMMEDIATE: True})

    def plan(
        self,
        channel: Channel,
        recipient: str,
        day: str,
        items: list[tuple[str, dict[str, Any]]],
        header: dict[str, Any],
    ) -> Digest | None:
        """Log the (key, item) pairs not yet logged for ``recipient`` into a new digest.

        Returns the digest, or None when every key was already planned. Two runs planning
        at once (PostgreSQL): the one that loses the race starts over and finds the keys
        logged."""
        for attempt in range(3):
            try:
                return self._plan(channel, recipient, day, items, header)
            except sa.exc.IntegrityError:
                if attempt == 2:
                    raise
        return None

    def _plan(
        self,
        channel: Channel,
        recipient: str,
        day: str,
        items: list[tuple[str, dict[str, Any]]],
        header: dict[str, Any],
    ) -> Digest | None:
        with self._write() as db, db.begin():
            logged = set(
                db.execute(
                    sa.select(reminder_log.c.key).where(
                        reminder_log.c.recipient == recipient,
                        reminder_log.c.key.in_([key for key, _ in items]),
                    )
                ).scalars()
            )
            fresh = [(key, item) for key, item in items if key not in logged]
            if not fresh:
                return None
            count = db.execute(
                sa.select(sa.func.count()).where(
                    digests.c.channel == channel,
                    digests.c.recipient == recipient,
                    digests.c.day == day,
                )
            ).scalar_one()
            digest_id = hashlib.sha256(f"{channel}|{recipient}|{day}|{count}".encode()).hexdigest()[
                :20
            ]
            payload = {**header, "items": [item for _, item in fresh]}
            db.execute(
                sa.insert(digests).values(
                    id=digest_id,
                    channel=channel,
                    recipient=recipient,
                    day=day,
                    payload=json.dumps(payload, ensure_ascii=False),
                    created_at=_now(),
                )
            )
            db.execute(
                sa.insert(reminder_log),
                [{"key": key, "recipient": recipient, "digest_id": digest_id} for key, _ in fresh],
            )
        return self.digest(digest_id)

    def last_run(self) -> str | None:
        """The latest day the planning ran (ISO), or None before the first run."""
        with self._engine.connect() as db:
            return db.execute(sa.select(sa.func.max(reminder_runs.c.day))).scalar_one_or_none()

    def record_run(self, day: str) -> None:
        with self._write() as db, db.begin():
            if db.execute(sa.select(reminder_runs.c.day).where(reminder_runs.c.day == day)).first():
                return
            db.execute(sa.insert(reminder_runs).values(day=day, at=_now()))

    def logged(self, key: str, recipient: str) -> bool:
        with self._engine.connect() as db:
            return (
                db.execute(
                    sa.select(reminder_log.c.key).where(
                        reminder_log.c.key == key, reminder_log.c.recipient == recipient
                    )
                ).first()
                is not None
            )

    def digest(self, digest_id: str) -> Digest | None:
        with self._engine.connect() as db:
            row = db.execute(sa.select(*_DIGEST).where(digests.c.id == digest_id)).first()
        return _digest(tuple(row)) if row else None

    def recover(self) -> list[Digest]:
        """Digests whose sender's lease ran out while ``sending`` (the run died between
        handing a message over and marking it sent): marked ``uncertain``, never resent.
        A claim still within its lease belongs to a live run and is left alone."""
        expired = sa.and_(
            digests.c.state == "sending",
            sa.or_(digests.c.lease_until.is_(None), digests.c.lease_until < _now()),
        )
        with self._write() as db, db.begin():
            rows = db.execute(sa.select(*_DIGEST).where(expired)).all()
            db.execute(
                sa.update(digests)
                .where(digests.c.id.in_([r.id for r in rows]))
                .values(state="uncertain", owner=None, lease_until=None)
            )
        return [_digest(tuple(r)) for r in rows]

    def claim(self, digest_id: str, owner: str) -> bool:
        """Take a pending digest for sending, atomically: of any number of runs asking at
        once, one gets it. Whether this run did."""
        until = (datetime.now(UTC) + timedelta(seconds=self.lease_seconds)).isoformat(
            timespec="seconds"
        )
        with self._write() as db, db.begin():
            taken = db.execute(
                sa.update(digests)
                .where(digests.c.id == digest_id, digests.c.state == "pending")
                .values(
                    state="sending",
                    owner=owner,
                    lease_until=until,
                    attempts=digests.c.attempts + 1,
                )
            ).rowcount
        return taken == 1

    def pending(self) -> list[Digest]:
        return self._where(digests.c.state == "pending")

    def uncertain(self) -> list[Digest]:
        return self._where(digests.c.state == "uncertain")

    def all(self) -> list[Digest]:
        return self._where(sa.true())

    def _where(self, condition: Any) -> list[Digest]:
        with self._engine.connect() as db:
            rows = db.execute(
                sa.select(*_DIGEST)
                .where(condition)
                .order_by(digests.c.day, digests.c.created_at, digests.c.id)
            ).all()
        return [_digest(tuple(r)) for r in rows]

    def mark(self, digest_id: str, state: State, error: str | None = None) -> None:
        values: dict[str, Any] = {"state": state}
        if error is not None:
            values["last_error"] = error
        if state == "sending":
            values["attempts"] = digests.c.attempts + 1
        if state == "sent":
            values["sent_at"] = _now()
        if state != "sending":
            values |= {"owner": None, "lease_until": None}
        with self._write() as db, db.begin():
            db.execute(sa.update(digests).where(digests.c.id == digest_id).values(**values))

    def close(self) -> None:
        """Nothing to release: the engine belongs to the store."""


def _digest(row: tuple[Any, ...]) -> Digest:
    digest_id, channel, recipient, day, payload, state, attempts, error = row
    return Digest(digest_id, channel, recipient, day, json.loads(payload), state, attempts, error)
