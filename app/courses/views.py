"""The JSON objects the course endpoints answer with, built from stored rows and the schedule."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from app.courses.kinds import CourseStatus, RecordStatus
from app.courses.schedule import KeptRecord, OpenRound, Schedule
from app.storage.models import AuditEntry, Correction, Course, Record


def moment(value: dt.datetime) -> str:
    """An ISO date-time in UTC, with 'Z'."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def kept(record: Record, correction: Correction | None) -> KeptRecord:
    """What the schedule needs of a stored record."""
    return KeptRecord(
        id=record.id, status=record.status, date=record.date, round=record.round,
        block=record.block, review=record.review, volumes=dict(record.volumes or {}),
        in_error=correction is not None,
    )


def record_body(record: Record, correction: Correction | None) -> dict[str, Any]:
    """A record as the contract shows it, with its correction when entered in error."""
    body: dict[str, Any] = {"id": record.id}
    if record.status in (RecordStatus.DISPENSED, RecordStatus.REVIEWED):
        number = ("block", record.block) if record.status == RecordStatus.DISPENSED else ("review",
                                                                                record.review)
        body[number[0]] = number[1]
    else:
        body["round"] = record.round
    body.update({
        "status": record.status,
        "date": record.date.isoformat(),
        "volumes": record.volumes if record.status == RecordStatus.GIVEN else None,
        "lot": record.lot,
        "expiry": _day(record.expiry),
        "reason": record.reason,
        "note": record.note,
        "by": record.by,
        "at": moment(record.at),
        "entered_in_error": None if correction is None else {
            "by": correction.by, "at": moment(correction.at), "reason": correction.reason,
        },
    })
    if record.status == RecordStatus.DISPENSED:
        body["amount"] = record.amount
    return body


def course_body(
    course: Course, rows: list[tuple[Record, Correction | None]], schedule: Schedule
) -> dict[str, Any]:
    """A whole course: patient, the plan as sent, the recomputed schedule and every record."""
    body: dict[str, Any] = {
        "id": course.id,
        "version": course.version,
        "kind": course.kind,
        "status": course.status,
        "patient": course.patient,
        "plan": course.plan,
        "schedule": schedule.body,
        "records": [record_body(r, c) for r, c in rows],
        "created": {"by": course.created_by, "at": moment(course.created_at)},
        "next_due": _day(course.next_due),
    }
    if course.stopped_at is not None:
        body["stopped"] = {"by": course.stopped_by, "at": moment(course.stopped_at),
                           "reason": course.stop_reason}
    return body


def summary(course: Course) -> dict[str, Any]:
    """A course in a patient's list."""
    return {
        "id": course.id, "kind": course.kind, "status": course.status,
        "patient": course.patient, "next_due": _day(course.next_due),
    }


def due_line(course_id: str, reference: str, open_round: OpenRound) -> str:
    """One due-list entry as the contract writes it, as JSON text: made once when the course is
    written, and kept in the due index so that a list of thousands of rounds is only joined."""
    return json.dumps({
        "course_id": course_id, "patient": {"reference": reference},
        "round": open_round.round, "date": open_round.date.isoformat(),
        "sites": open_round.sites, "visit_volume": open_round.visit_volume,
        "sts_pentahydrate": open_round.sts_pentahydrate,
    }, separators=(",", ":"), allow_nan=False)


def due_rows(
    course_id: str, reference: str, status: str, schedule: Schedule
) -> list[tuple[int, dt.date, str]]:
    """A course's rows of the due index, (round, date, entry), from its schedule: its open
    injection rounds while it is active, none otherwise."""
    if status != CourseStatus.ACTIVE:
        return []
    return [(r.round, r.date, due_line(course_id, reference, r)) for r in schedule.open_rounds]


def due_list_json(lines: Sequence[str]) -> bytes:
    """The due list as JSON bytes: the stored entries, already in order, joined into an array."""
    return ("[" + ",".join(lines) + "]").encode()


def audit_body(entry: AuditEntry) -> dict[str, Any]:
    """One audit entry."""
    return {
        "seq": entry.seq, "at": moment(entry.at), "by": entry.by, "action": entry.action,
        "course_id": entry.course_id, "detail": entry.detail,
    }
