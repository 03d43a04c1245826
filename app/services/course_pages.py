"""Course use cases as the clinic pages need them, each a call into app/services/courses.py with
typed values: a page's form validated into the same request models the API reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from app.calendar import ics
from app.contracts.courses import CourseIn, ReasonIn
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.courses.commands import NewRecord, new_record, validated
from app.courses.errors import InvalidInput
from app.courses.kinds import OPEN_ROUND
from app.courses.views import AuditView, CourseView
from app.i18n.language import Language
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.services import courses
from app.services.accounts import Actor
from app.storage.engine import Database
from app.topical.models import TopicalPlanResult

Command = TypeVar("Command")


def save_course(
    db: Database, policy: Policy, actor: Actor, kind: str, plan: dict[str, Any],
    patient: dict[str, Any], today: dt.date,
) -> CourseView:
    """Keep a planner's plan as a patient's course (checked exactly as the API checks it)."""
    request = validated(CourseIn, {"patient": patient, "kind": kind, "plan": plan})
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
    record: dict[str, Any], today: dt.date,
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


def history(db: Database, course_id: str) -> list[AuditView]:
    """The course's audit entries, in the order written."""
    return courses.audit_trail(db, course_id)


def course_plan(course: CourseView) -> tuple[InjectionPlanRequest, InjectionPlanResult]:
    """An injection course's plan with its records folded in, and its result, as its schedule
    worked them out: for the print views and the .ics."""
    request, result = course.schedule.request, course.schedule.result
    assert isinstance(request, InjectionPlanRequest) and isinstance(result, InjectionPlanResult)
    return request, result


def round_states(course: CourseView) -> dict[int, str]:
    """Each round's status as the course's schedule now gives it."""
    return dict(course.schedule.states)


def rounds_to_come_ics(course: CourseView, clinic: str, words: Language | None = None) -> bytes:
    """The rounds neither given nor omitted as an .ics, keyed by the course id, in the patient's
    language; no patient in it."""
    states = round_states(course)
    _request, result = course_plan(course)
    rest = replace(result, visits=tuple(v for v in result.visits
                                        if states.get(v.round) in OPEN_ROUND))
    return ics.injection_calendar(rest, f"course-{course.id}", clinic, words=words)


def topical_plan(course: CourseView) -> tuple[TopicalPlanRequest, TopicalPlanResult]:
    """A topical course's plan and its result, as its schedule worked them out (records never
    move its dates): for the print views and the .ics."""
    request, result = course.schedule.request, course.schedule.result
    assert isinstance(request, TopicalPlanRequest) and isinstance(result, TopicalPlanResult)
    return request, result


def reviews_done(course: CourseView) -> frozenset[int]:
    """The numbers of the reviews a record (not entered in error) says were held."""
    records = course.schedule.review_records
    return frozenset(n for n, found in enumerate(records, start=1) if found is not None)


def topical_to_come_ics(course: CourseView, clinic: str, words: Language | None = None) -> bytes:
    """The strength changes and the reviews not yet held as an .ics, in the patient's language;
    no patient in it."""
    _request, result = topical_plan(course)
    return ics.topical_calendar(result, f"course-{course.id}", clinic,
                                done=reviews_done(course), words=words)
