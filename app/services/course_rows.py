"""Stored rows read as the course domain's objects: the one place the use cases turn what the
database keeps into what the schedule, the pages and the API read."""

from __future__ import annotations

from collections.abc import Sequence

from app.courses.schedule import KeptRecord, Schedule
from app.courses.views import (
    AmendmentView,
    AuditView,
    CourseRecord,
    CourseSummary,
    CourseView,
    FoundCourse,
    Signed,
)
from app.storage.courses import CorrectionRow, RecordRow
from app.storage.models import Amendment, AuditEntry, Course


def kept(record: RecordRow, correction: CorrectionRow | None) -> KeptRecord:
    """What the schedule needs of a stored record."""
    return KeptRecord(
        id=record.id, status=record.status, date=record.date, round=record.round,
        block=record.block, review=record.review, volumes=dict(record.volumes or {}),
        in_error=correction is not None,
    )


def record_view(record: RecordRow, correction: CorrectionRow | None) -> CourseRecord:
    """A stored record, with its correction when entered in error."""
    return CourseRecord(
        id=record.id, status=record.status, date=record.date, round=record.round,
        block=record.block, review=record.review,
        volumes=None if record.volumes is None else dict(record.volumes), amount=record.amount,
        lot=record.lot, expiry=record.expiry, reason=record.reason, note=record.note,
        by=record.by, at=record.at,
        entered_in_error=None if correction is None else Signed(
            correction.by, correction.at, correction.reason),
    )


def course_view(
    course: Course, rows: Sequence[tuple[RecordRow, CorrectionRow | None]], schedule: Schedule,
    others: Sequence[str] = (), amendments: Sequence[Amendment] = (),
) -> CourseView:
    """A stored course with its records, the schedule just recomputed, the patient's other
    active courses of its kind and its amendments."""
    stopped = None
    if course.stopped_at is not None:
        stopped = Signed(course.stopped_by or "", course.stopped_at, course.stop_reason)
    return CourseView(
        id=course.id, version=course.version, kind=course.kind, status=course.status,
        patient=course.patient, plan=course.plan, schedule=schedule,
        records=tuple(record_view(r, c) for r, c in rows),
        created=Signed(course.created_by, course.created_at), next_due=course.next_due,
        stopped=stopped, other_active_courses=tuple(others),
        amendments=tuple(AmendmentView(a.by, a.at, a.reason, a.previous_plan, a.version)
                         for a in amendments),
        visit_time=course.visit_time,
    )


def found(course: Course) -> FoundCourse:
    """A course as a search lists it."""
    patient = {"reference": course.patient_reference, "name": course.patient.get("name"),
               "birth_date": course.patient.get("birth_date")}
    return FoundCourse(course.id, course.kind, course.status, patient, course.next_due,
                       Signed(course.created_by, course.created_at))


def summary(course: Course) -> CourseSummary:
    """A course in a patient's list."""
    return CourseSummary(course.id, course.kind, course.status, course.patient, course.next_due)


def audit_view(entry: AuditEntry) -> AuditView:
    """One stored audit entry."""
    return AuditView(entry.seq, entry.at, entry.by, entry.action, entry.course_id, entry.detail)
