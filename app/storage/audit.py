"""The audit trail: entries appended under a lock with gapless `seq`, chained by SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(
    seq: int, at: dt.datetime, by: str, action: str, course_id: str | None,
    detail: dict[str, Any], prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the entry and the hash of the one before it."""
    canonical = json.dumps(
        {"seq": seq, "at": at.astimezone(dt.UTC).isoformat(), "by": by, "action": action,
         "course_id": course_id, "detail": detail, "prev_hash": prev_hash},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(
    session: Session, by: str, action: str, course_id: str | None, detail: dict[str, Any],
) -> AuditEntry:
    """Add an entry inside the caller's write transaction, locking the head so seq has no gaps."""
    # FOR UPDATE serialises writers on PostgreSQL; SQLite's BEGIN IMMEDIATE already has.
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    at = dt.datetime.now(dt.UTC)
    seq = head.seq + 1
    digest = entry_hash(seq, at, by, action, course_id, detail, head.hash)
    entry = AuditEntry(
        seq=seq, at=at, by=by, action=action, course_id=course_id, detail=detail,
        prev_hash=head.hash, hash=digest,
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


def entries(session: Session, course_id: str | None, after: int, limit: int) -> list[AuditEntry]:
    """Entries in the order written, for one course or all, from after `after`."""
    query = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(limit)
    if course_id is not None:
        query = query.where(AuditEntry.course_id == course_id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: intact, or the seq of the first entry found altered or missing."""

    entries: int
    first_bad: int | None
    reason: str = ""


def _walk(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    )


def verify(session: Session) -> Verdict:
    """Check the chain end to end: seq 1, 2, 3 … with no gap, each hash right, the head agreeing."""
    expected, prev = 1, GENESIS
    for entry in _walk(session):
        if entry.seq != expected:
            return Verdict(expected - 1, expected, "an entry is missing or one was inserted")
        if entry.prev_hash != prev:
            return Verdict(expected - 1, entry.seq, "it does not chain to the entry before")
        digest = entry_hash(
            entry.seq, entry.at, entry.by, entry.action, entry.course_id, entry.detail, prev
        )
        if digest != entry.hash:
            return Verdict(expected - 1, entry.seq, "its content does not match its hash")
        expected, prev = expected + 1, entry.hash
    head = session.get(AuditHead, 1)
    count = expected - 1
    if head is None or head.seq != count or head.hash != prev:
        return Verdict(count, count + 1, "the trail ends before its last recorded entry")
    return Verdict(count, None)
