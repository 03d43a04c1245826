"""The largest course a clinic may keep, for the page tests and benchmarks/course_page.py: an
injection course given the most records allowed (app/courses/rules.py MAX_RECORDS), each
written with the audit entries the API would have written.

Round 1 is deferred again and again, and every deferral but the last few is struck out as
entered in error (struck deferrals do not count towards the twenty a round may have), so the
course stays one the rules accept. The rows are written in one transaction straight to the
tables: written through the service, each write hashes the course's rows for its audit entry,
which would take minutes. The audit chain is therefore not sealed; these courses are for timing
and paging the pages, not for `audit verify`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from sqlalchemy import select

from app.courses.rules import MAX_DEFERRALS, MAX_RECORDS
from app.storage.engine import Database
from app.storage.models import AuditEntry, AuditHead, Correction, Course, Record

LIVE = MAX_DEFERRALS - 1  # deferrals left standing at the end


def _entry(seq: int, at: dt.datetime, by: str, action: str, course_id: str,
           detail: dict[str, Any], prev: str) -> AuditEntry:
    digest = hashlib.sha256(f"{seq}{prev}{action}".encode()).hexdigest()
    return AuditEntry(seq=seq, at=at, by=by, action=action, course_id=course_id, detail=detail,
                      prev_hash=prev, hash=digest, row_hash=None, key_id=None, mac=None)


def fill(db: Database, course_id: str, by: str, records: int = MAX_RECORDS) -> None:
    """Give a kept injection course `records` deferrals of round 1 (all but the last LIVE
    struck out), with their corrections and audit entries."""
    with db.writing() as session:
        course = session.get(Course, course_id)
        assert course is not None and course.kind == "injection"
        head = session.scalars(select(AuditHead).where(AuditHead.id == 1)).one()
        start = dt.date.fromisoformat(course.plan["start_date"])
        at = dt.datetime.now(dt.UTC)
        seq, prev, version = head.seq, head.hash, course.version
        records_: list[Record] = []
        corrections: list[Correction] = []
        entries: list[AuditEntry] = []
        for n in range(records):
            record_id = secrets.token_urlsafe(16)
            version += 1
            records_.append(Record(
                id=record_id, course_id=course_id, position=n + 1, status="deferred", round=1,
                date=start + dt.timedelta(days=n + 1), reason=f"unwell ({n + 1})", by=by, at=at))
            seq += 1
            entries.append(_entry(seq, at, by, "record.added", course_id, {
                "record_id": record_id, "status": "deferred", "number": 1,
                "version": version, "course_status": "active"}, prev))
            prev = entries[-1].hash
            if n < records - LIVE:
                version += 1
                corrections.append(
                    Correction(record_id=record_id, by=by, at=at, reason="wrong day"))
                seq += 1
                entries.append(_entry(seq, at, by, "record.entered_in_error", course_id, {
                    "record_id": record_id, "version": version, "course_status": "active"},
                    prev))
                prev = entries[-1].hash
        for rows in (records_, corrections, entries):  # in the order the keys need
            session.add_all(rows)
            session.flush()
        course.version = version
        head.seq, head.hash = seq, prev
