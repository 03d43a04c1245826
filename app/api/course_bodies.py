"""The course endpoints' JSON: request bodies read into typed commands, and the use cases'
objects (app/courses/views.py) written as the contract's JSON."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel

from app.api.strict_json import BodyNotJson, Json, parse_body
from app.contracts.json_values import JsonObject
from app.courses.commands import NewRecord, new_record, validated
from app.courses.errors import InvalidInput
from app.courses.kinds import RecordStatus
from app.courses.views import (
    AuditView,
    CourseRecord,
    CourseSummary,
    CourseView,
    SearchPage,
    moment,
)

Model = TypeVar("Model", bound=BaseModel)


def json_object(raw: bytes) -> Json:
    """A request body read by the API's one JSON reader (UTF-8, no duplicate keys, no lone
    surrogates, no NaN), or InvalidInput (422)."""
    try:
        return parse_body(raw)
    except BodyNotJson as error:
        raise InvalidInput([{"loc": list(error.loc), "type": "json_invalid",
                             "msg": error.message}]) from None


def read(raw: bytes, model: type[Model]) -> Model:
    """A request body as `model`, or InvalidInput (422)."""
    return validated(model, json_object(raw))


def read_record(raw: bytes) -> NewRecord:
    """A record request body as a command, or InvalidInput (422)."""
    data = json_object(raw)
    if not isinstance(data, dict):
        raise InvalidInput.at(message="the request body must be a JSON object")
    return new_record(data)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def record_body(record: CourseRecord) -> JsonObject:
    """A record as the contract shows it, with its correction when entered in error."""
    body: JsonObject = {"id": record.id}
    if record.status == RecordStatus.DISPENSED:
        body["block"] = record.block
    elif record.status == RecordStatus.REVIEWED:
        body["review"] = record.review
    else:
        body["round"] = record.round
    error = record.entered_in_error
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
        "entered_in_error": None if error is None else {
            "by": error.by, "at": moment(error.at), "reason": error.reason,
        },
    })
    if record.status == RecordStatus.DISPENSED:
        body["amount"] = record.amount
    return body


def course_body(course: CourseView) -> JsonObject:
    """A whole course: patient, the plan as sent, the recomputed schedule and every record."""
    body: JsonObject = {
        "id": course.id,
        "version": course.version,
        "kind": course.kind,
        "status": course.status,
        "patient": course.patient,
        "plan": course.plan,
        "schedule": course.schedule.body,
        "records": [record_body(r) for r in course.records],
        "created": {"by": course.created.by, "at": moment(course.created.at)},
        "next_due": _day(course.next_due),
        "other_active_courses": list(course.other_active_courses),
        "amendments": [{"by": a.by, "at": moment(a.at), "reason": a.reason,
                        "previous_plan": a.previous_plan} for a in course.amendments],
    }
    if course.visit_time is not None:
        body["visit_time"] = course.visit_time
    if course.stopped is not None:
        body["stopped"] = {"by": course.stopped.by, "at": moment(course.stopped.at),
                           "reason": course.stopped.reason}
    return body


def summary_body(course: CourseSummary) -> JsonObject:
    """A course in a patient's list."""
    return {
        "id": course.id, "kind": course.kind, "status": course.status,
        "patient": course.patient, "next_due": _day(course.next_due),
    }


def audit_body(entry: AuditView) -> JsonObject:
    """One audit entry."""
    return {
        "seq": entry.seq, "at": entry.stamp, "by": entry.by, "action": entry.action,
        "course_id": entry.course_id, "detail": entry.detail,
    }


def search_body(page: SearchPage) -> JsonObject:
    """A page of search results, newest first, and the next page's cursor."""
    return {
        "items": [{
            "id": c.id, "kind": c.kind, "status": c.status, "patient": c.patient,
            "next_due": _day(c.next_due),
            "created": {"by": c.created.by, "at": moment(c.created.at)},
        } for c in page.items],
        "next_cursor": page.next_cursor,
    }
