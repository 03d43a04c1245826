"""`audit verify`: the whole trail checked from the rows as they are now. Each entry must chain
to the one before and match its hash; an entry sealed with a key this deployment holds must
match its keyed hash; the last write to each course must match that course's rows now; and the
trail must reach the newest checkpoint kept outside the database. A row that cannot even be
read is reported by its seq, never as a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from app.storage.audit import GENESIS, canonical
from app.storage.models import AuditHead
from app.storage.row_state import state_hash
from app.storage.seal import Seal

_COLUMNS = "seq, at, by, action, course_id, detail, prev_hash, hash, row_hash, key_id, mac"


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: intact, or the seq of the first entry found altered or missing,
    with notes on what could not be checked here."""

    entries: int
    first_bad: int | None
    reason: str = ""
    notes: tuple[str, ...] = field(default=())


class Broken(Exception):  # noqa: N818 - a finding, carried to the verdict
    """The trail is broken at `seq`."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(reason)
        self.seq, self.reason = seq, reason


def _moment(value: object) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _rows(session: Session) -> Iterator[tuple[int, Row[*tuple[object, ...]]]]:
    """Every entry as raw values, so a malformed one is reported instead of raising."""
    query = text(f"SELECT {_COLUMNS} FROM audit_entries ORDER BY seq")  # noqa: S608 - constant
    for row in session.execute(query.execution_options(yield_per=1000)):
        yield int(row[0]), row


def _entry(seq: int, row: Row[*tuple[object, ...]]) -> tuple[dt.datetime, Mapping[str, object]]:
    try:
        detail = row.detail if isinstance(row.detail, dict) else json.loads(row.detail)
        return _moment(row.at), detail
    except (TypeError, ValueError) as error:
        raise Broken(seq, f"the entry cannot be read ({type(error).__name__})") from None


class _Walk:
    """The state of one pass over the trail."""

    def __init__(self, seal: Seal | None, strict: bool) -> None:
        self.seal, self.strict = seal, strict
        self.expected, self.prev = 1, GENESIS
        self.last_write: dict[str, tuple[int, str]] = {}  # course → (seq, row hash)
        self.notes: list[str] = []
        self.unknown_keys: set[str] = set()
        self.unsealed = 0

    def entry(self, seq: int, row: Row[*tuple[object, ...]]) -> None:
        if seq != self.expected:
            raise Broken(self.expected, "an entry is missing or one was inserted")
        if row.prev_hash != self.prev:
            raise Broken(seq, "it does not chain to the entry before")
        at, detail = _entry(seq, row)
        body = canonical(seq, at, row.by, row.action, row.course_id, detail,
                         self.prev, row.row_hash, row.key_id)
        if hashlib.sha256(body).hexdigest() != row.hash:
            raise Broken(seq, "its content does not match its hash")
        self._sealed(seq, row, body)
        if row.row_hash is not None and row.course_id is not None:
            self.last_write[row.course_id] = (seq, row.row_hash)
        self.expected, self.prev = seq + 1, row.hash

    def _sealed(self, seq: int, row: Row[*tuple[object, ...]], body: bytes) -> None:
        if row.key_id is None:
            self.unsealed += 1
            return
        key = self.seal.key(row.key_id) if self.seal is not None else None
        if key is None:
            self.unknown_keys.add(row.key_id)
            if self.strict:
                raise Broken(seq, f"it was sealed with key {row.key_id}, which is not here")
            return
        if row.mac is None or self.seal is None or self.seal.mac(key, body) != row.mac:
            raise Broken(seq, "its keyed hash does not match: it was rewritten")


def _rows_now(session: Session, walk: _Walk) -> None:
    """The last write to each course must match that course's rows as they are now."""
    for course_id, (seq, recorded) in sorted(walk.last_write.items(), key=lambda i: i[1][0]):
        if state_hash(session, course_id) != recorded:
            raise Broken(seq, "the course's rows no longer match what this entry recorded "
                         "(a record, correction or the course itself was changed)")


def _head(session: Session, walk: _Walk) -> None:
    count = walk.expected - 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != count or head.hash != walk.prev:
        raise Broken(count + 1, "the trail ends before its last recorded entry")
    newest = walk.seal.newest_checkpoint() if walk.seal is not None else None
    if newest is None:
        walk.notes.append("no checkpoint file here: truncation was checked against the "
                          "database's own head only")
    elif newest.seq > count:
        raise Broken(count + 1, f"the trail ends at seq {count} but a checkpoint outside the "
                     f"database recorded seq {newest.seq}: entries were removed")
    elif newest.seq >= 1 and _hash_at(session, newest.seq) != newest.hash:
        raise Broken(newest.seq, "it differs from the checkpoint kept outside the database")


def _hash_at(session: Session, seq: int) -> str | None:
    found = session.execute(text("SELECT hash FROM audit_entries WHERE seq = :seq"),
                            {"seq": seq}).scalar()
    return None if found is None else str(found)


def verify(session: Session, seal: Seal | None = None, strict: bool = False) -> Verdict:
    """Check the trail end to end (see the module's docstring)."""
    walk = _Walk(seal, strict)
    try:
        for seq, row in _rows(session):
            walk.entry(seq, row)
        _head(session, walk)
        _rows_now(session, walk)
    except Broken as broken:
        return Verdict(broken.seq - 1, broken.seq, broken.reason, tuple(walk.notes))
    if walk.unknown_keys:
        walk.notes.append("entries sealed with a key not here were checked by their SHA-256 "
                          "chain only: " + ", ".join(sorted(walk.unknown_keys)))
    if walk.unsealed:
        walk.notes.append(f"{walk.unsealed} entries carry no keyed hash (written before the "
                          "seal, or by a writer without the key)")
    return Verdict(walk.expected - 1, None, "", tuple(walk.notes))
