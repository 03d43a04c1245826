"""What a person does to kept courses from a page (keep one, record, strike out, stop, amend,
find) and the reads those need: each from plain values validated into the request models the API
reads, then run by app/services/courses.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TypeVar

from app.contracts.courses import AmendIn, CourseIn, ReasonIn, SearchIn
from app.courses.commands import NewRecord, new_record, validated
from app.courses.errors import InvalidInput
from app.courses.views import AuditView, CourseSummary, CourseView, SearchPage
from app.policy import Policy
from app.services import course_amend, course_search, courses
from app.services.accounts import Actor
from app.storage.engine import Database

Command = TypeVar("Command")


def save_course(
    db: Database, policy: Policy, actor: Actor, kind: str, plan: Mapping[str, object],
    patient: Mapping[str, object], today: dt.date, visit_time: str | None = None,
) -> CourseView:
    """Keep a planner's plan as a patient's course (checked exactly as the API checks it), with
    the clinic visit time the planner had, if any."""
    body = {"patient": patient, "kind": kind, "plan": plan}
    if visit_time is not None:
        body["visit_time"] = visit_time
    request = validated(CourseIn, body)
    return courses.create_course(db, policy, actor, request, today)


def read_course(db: Database, policy: Policy, actor: Actor, course_id: str) -> CourseView:
    """A course for its page (the read is audited, as the API's is)."""
    return courses.get_course(db, policy, actor, course_id)


def _input(version: int, read_input: Callable[[], Command], target: Callable[[], int]) -> Command:
    """A form's input as its command; when the form is refused, a page that showed another
    version hears that first (412), as the API answers 412 before 422."""
    try:
        return read_input()
    except InvalidInput:
        current = target()
        if current != version:
            raise courses.stale(current) from None
        raise


def add_record(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int,
    record: Mapping[str, object], today: dt.date,
) -> CourseView:
    """Record a round, block or review, against the version the page showed."""
    command: NewRecord = _input(
        version, lambda: new_record(record),
        lambda: courses.write_target(db, actor, course_id, recording=True),
    )
    return courses.add_record(db, policy, actor, course_id, command, version, today)


def mark_in_error(
    db: Database, policy: Policy, actor: Actor, course_id: str, record_id: str, version: int,
    reason: str,
) -> CourseView:
    """Strike a record out as entered in error, with its reason."""
    why: ReasonIn = _input(
        version, lambda: validated(ReasonIn, {"reason": reason}),
        lambda: courses.write_target(db, actor, course_id, record_id=record_id),
    )
    return courses.mark_in_error(db, policy, actor, course_id, record_id, why, version)


def stop_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int, reason: str
) -> CourseView:
    """Stop a course, with its reason."""
    why: ReasonIn = _input(
        version, lambda: validated(ReasonIn, {"reason": reason}),
        lambda: courses.write_target(db, actor, course_id),
    )
    return courses.stop_course(db, policy, actor, course_id, why, version)


def amend_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int,
    plan: Mapping[str, object], reason: str,
) -> CourseView:
    """Give a course the plan the page's form built, with its reason."""
    amendment: AmendIn = _input(
        version, lambda: validated(AmendIn, {"plan": plan, "reason": reason}),
        lambda: courses.write_target(db, actor, course_id),
    )
    return course_amend.amend_course(db, policy, actor, course_id, amendment, version)


def find_courses(db: Database, actor: Actor, search: Mapping[str, object]) -> SearchPage:
    """The /courses page's search, checked as the API checks it (and audited the same way)."""
    return course_search.search_courses(db, actor, validated(SearchIn, search))


def courses_of(db: Database, reference: str) -> list[CourseSummary]:
    """A patient reference's courses, oldest first."""
    return courses.list_courses(db, reference)


def patient_courses(db: Database, course: CourseView) -> list[CourseSummary]:
    """The patient's other courses, oldest first, for the course page."""
    return [c for c in courses.list_courses(db, course.patient["reference"]) if c.id != course.id]


def kept_plan(db: Database, course_id: str) -> tuple[str, dict[str, object]]:
    """A course's kind and plan, for the amendment form to change."""
    return courses.plan_of(db, course_id)


def history(db: Database, course_id: str) -> list[AuditView]:
    """The course's audit entries, in the order written."""
    return courses.audit_trail(db, course_id)
