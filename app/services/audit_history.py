"""The audit trail as the pages show it: each course entry with the facts of the record it names,
read from the record rows (the entry holds ids and numbers only, never a patient's details), and
the account changes worded with the accounts' current names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.storage.engine import Database
from app.storage.models import AuditEntry, Record, User

# A course page's history shows this many entries a page (the largest course has about 4,000);
# the API pages through the whole trail.
MAX_ENTRIES = 100


@dataclass(frozen=True)
class RecordFacts:
    """What a record says, as stored: what it is about, its status, its date and amounts."""

    status: str
    round: int | None
    block: int | None
    review: int | None
    date: dt.date
    volumes: dict[str, str]
    amount: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry and, when it names a record, that record's facts."""

    seq: int
    at: dt.datetime
    by: str
    action: str
    course_id: str | None
    detail: dict[str, object]
    record: RecordFacts | None


def _facts(row: Record) -> RecordFacts:
    return RecordFacts(row.status, row.round, row.block, row.review, row.date,
                       dict(row.volumes or {}), row.amount)


def _with_records(db: Database, rows: list[AuditEntry]) -> list[HistoryEntry]:
    ids = {str(e.detail["record_id"]) for e in rows
           if isinstance(e.detail, dict) and isinstance(e.detail.get("record_id"), str)}
    with db.reading() as session:
        found = {r.id: _facts(r) for r in session.scalars(select(Record).where(Record.id.in_(ids)))
                 } if ids else {}
    entries = []
    for e in rows:
        detail = e.detail if isinstance(e.detail, dict) else {}
        record = detail.get("record_id")
        entries.append(HistoryEntry(e.seq, e.at, e.by, e.action, e.course_id, detail,
                                    found.get(record) if isinstance(record, str) else None))
    return entries


def course_history(db: Database, course_id: str, page: int = 1) -> tuple[list[HistoryEntry], int]:
    """One page of a course's audit entries (MAX_ENTRIES a page, page 1 the latest) in the order
    written, each with its record's facts, and how many earlier ones there are besides."""
    skip = (max(page, 1) - 1) * MAX_ENTRIES
    with db.reading() as session:
        rows = list(session.scalars(
            select(AuditEntry).where(AuditEntry.course_id == course_id)
            .order_by(AuditEntry.seq.desc()).offset(skip).limit(MAX_ENTRIES)))
        total = session.scalar(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.course_id == course_id)) or 0
    return _with_records(db, rows[::-1]), max(total - skip - len(rows), 0)


def latest(db: Database, *, before: int | None, limit: int) -> list[HistoryEntry]:
    """The whole trail's latest entries before `before` (all when None), newest first."""
    with db.reading() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if before is not None:
            query = query.where(AuditEntry.seq < before)
        rows = list(session.scalars(query))
    return _with_records(db, rows)


ACCOUNT_ACTIONS = {
    "account.added": "added as {role}",
    "account.disabled": "disabled; {sessions_ended} session(s) ended, {tokens_revoked} API "
                        "token(s) revoked",
    "account.password_changed": "password changed by its owner; {sessions_ended} other "
                                "session(s) ended",
    "account.reset_link_issued": "reset link issued; {sessions_ended} session(s) ended, "
                                 "{tokens_revoked} API token(s) revoked",
    "account.password_reset": "password set from a reset link; {sessions_ended} session(s) "
                              "ended, {tokens_revoked} API token(s) revoked",
    "account.enabled": "enabled",
    "account.role_changed": "role changed from {role_before} to {role}",
    "token.added": "API token issued",
    "tokens.revoked": "API tokens revoked ({revoked})",
}


@dataclass(frozen=True)
class AccountEvent:
    """One audited account change, worded: the entry's seq, when, who did it, and what."""

    seq: int
    at: str  # the clinic's local time, to the minute
    by: str
    what: str


def account_history(db: Database, zone: dt.tzinfo, limit: int = 200) -> list[AccountEvent]:
    """The latest account changes from the audit trail, oldest first; each names the account
    by its current user name, looked up from the id the entry holds."""
    with db.reading() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.course_id.is_(None),
                                     AuditEntry.action.in_(ACCOUNT_ACTIONS))
            .order_by(AuditEntry.seq.desc()).limit(limit)).all()
        names = {user_id: name for user_id, name in session.execute(select(User.id, User.username))}
        events = []
        for row in reversed(rows):
            detail = {k: v for k, v in row.detail.items() if isinstance(v, str | int)}
            account = detail.get("account_id")
            name = names.get(account, "?") if isinstance(account, int) else "?"
            words = ACCOUNT_ACTIONS[row.action].format_map({
                "role": "", "role_before": "", "revoked": 0, "sessions_ended": 0,
                "tokens_revoked": 0, **detail})
            at = f"{row.at.astimezone(zone):%Y-%m-%d %H:%M}"
            events.append(AccountEvent(row.seq, at, row.by, f"{name} (account {account}): {words}"))
        return events
