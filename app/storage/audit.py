"""The audit trail: entries appended under a lock with gapless `seq`, chained by SHA-256, each
also sealed with a keyed hash (app/storage/seal.py) and, for a write, the hash of the course's
rows as the write left them (app/storage/row_state.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.engine import HEAD_KEY, SEAL_KEY
from app.storage.models import AuditEntry, AuditHead
from app.storage.row_state import state_hash
from app.storage.seal import Checkpoint, Seal

GENESIS = "0" * 64
# Actions that only read: they change no row, so they carry no row-state hash.
READS = frozenset({"course.viewed", "courses.searched", "courses.listed", "course.exported"})


def canonical(
    seq: int, at: dt.datetime, by: str, action: str, course_id: str | None,
    detail: Mapping[str, object], prev_hash: str, row_hash: str | None = None,
    key_id: str | None = None,
) -> bytes:
    """The entry as canonical JSON; entries written before row and key hashes existed have
    neither key, so their hashes stay as they were."""
    entry: dict[str, object] = {
        "seq": seq, "at": at.astimezone(dt.UTC).isoformat(), "by": by, "action": action,
        "course_id": course_id, "detail": detail, "prev_hash": prev_hash}
    if row_hash is not None:
        entry["row_hash"] = row_hash
    if key_id is not None:
        entry["key_id"] = key_id
    return json.dumps(entry, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def entry_hash(
    seq: int, at: dt.datetime, by: str, action: str, course_id: str | None,
    detail: Mapping[str, object], prev_hash: str, row_hash: str | None = None,
    key_id: str | None = None,
) -> str:
    """SHA-256 over the canonical JSON of the entry (which holds the previous entry's hash)."""
    return hashlib.sha256(canonical(seq, at, by, action, course_id, detail, prev_hash,
                                    row_hash, key_id)).hexdigest()


def append(
    session: Session, by: str, action: str, course_id: str | None, detail: Mapping[str, object],
) -> AuditEntry:
    """Add an entry inside the caller's write transaction, locking the head so seq has no gaps."""
    session.flush()  # the row-state hash reads the rows this transaction wrote
    # FOR UPDATE serialises writers on PostgreSQL; SQLite's BEGIN IMMEDIATE already has.
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    at = dt.datetime.now(dt.UTC)
    seq = head.seq + 1
    row_hash = None
    if course_id is not None and action not in READS:
        row_hash = state_hash(session, course_id)
    seal: Seal | None = session.info.get(SEAL_KEY)
    key_id, key = seal.current if seal is not None and seal.keys else (None, None)
    text = canonical(seq, at, by, action, course_id, detail, head.hash, row_hash, key_id)
    digest = hashlib.sha256(text).hexdigest()
    entry = AuditEntry(
        seq=seq, at=at, by=by, action=action, course_id=course_id, detail=detail,
        prev_hash=head.hash, hash=digest, row_hash=row_hash, key_id=key_id,
        mac=None if seal is None or key is None else seal.mac(key, text),
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    session.info[HEAD_KEY] = Checkpoint(seq, digest)
    return entry


def entries(session: Session, course_id: str | None, after: int, limit: int) -> list[AuditEntry]:
    """Entries in the order written, for one course or all, from after `after`."""
    query = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(limit)
    if course_id is not None:
        query = query.where(AuditEntry.course_id == course_id)
    return list(session.scalars(query))


def head(session: Session) -> Checkpoint:
    """The trail's head as the database records it, for an off-site copy."""
    found = session.get(AuditHead, 1)
    return Checkpoint(0, GENESIS) if found is None else Checkpoint(found.seq, found.hash)
