"""Course use cases as the clinic pages need them, each a call into app/services/courses.py with
typed values: a page's form validated into the same request models the API reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from app.calendar import ics
from app.contracts.courses import AmendIn, CourseIn, ReasonIn, SearchIn
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.courses.commands import NewRecord, new_record, validated
from app.courses.errors import InvalidInput
from app.courses.kinds import OPEN_ROUND, RecordStatus
from app.courses.schedule import KeptRecord, kept_schedule
from app.courses.views import AuditView, CourseSummary, CourseView, SearchPage
from app.i18n.language import Language
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.services import course_amend, course_search, courses
from app.services.accounts import Actor
from app.storage.engine import Database
from app.topical.models import TopicalPlanResult

# The records that can move the rounds after theirs: a round given on another day, or put off.
MOVES = frozenset({RecordStatus.GIVEN, RecordStatus.DEFERRED})
Command = TypeVar("Command")


def save_course(
    db: Database, policy: Policy, actor: Actor, kind: str, plan: dict[str, Any],
    patient: dict[str, Any], today: dt.date, visit_time: str | None = None,
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


def amend_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int,
    plan: dict[str, Any], reason: str,
) -> CourseView:
    """Give a course the plan the page's form built, with its reason."""
    amendment: AmendIn = _input(
        version, lambda: validated(AmendIn, {"plan": plan, "reason": reason}),
        lambda: courses.write_target(db, actor, course_id),
    )
    return course_amend.amend_course(db, policy, actor, course_id, amendment, version)


def find_courses(db: Database, actor: Actor, search: dict[str, Any]) -> SearchPage:
    """The /courses page's search, checked as the API checks it (and audited the same way)."""
    return course_search.search_courses(db, actor, validated(SearchIn, search))


def courses_of(db: Database, reference: str) -> list[CourseSummary]:
    """A patient reference's courses, oldest first."""
    return courses.list_courses(db, reference)


def patient_courses(db: Database, course: CourseView) -> list[CourseSummary]:
    """The patient's other courses, oldest first, for the course page."""
    return [c for c in courses.list_courses(db, course.patient["reference"]) if c.id != course.id]


def kept_plan(db: Database, course_id: str) -> tuple[str, dict[str, Any]]:
    """A course's kind and plan, for the amendment form to change."""
    return courses.plan_of(db, course_id)


def moved_by_last_record(
    policy: Policy, course: CourseView
) -> tuple[int, dict[int, dt.date], dict[int, dt.date]] | None:
    """When the course's latest record gave or deferred a round (and is not struck out): that
    round, and each round's date without the record and with it, so the page can say which
    later rounds it moved and to which dates. None otherwise."""
    last = course.records[-1] if course.records else None
    if last is None or last.in_error or last.round is None or last.status not in MOVES:
        return None
    without = [KeptRecord(r.id, r.status, r.date, r.round, r.block, r.review,
                          dict(r.volumes or {}), r.in_error) for r in course.records[:-1]]
    before = kept_schedule(course.kind, course.plan, without, policy, course.patient)
    return last.round, dict(before.visit_dates), dict(course.schedule.visit_dates)


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


def visit_clock(course: CourseView) -> dt.time | None:
    """The clinic visit time the course's plan was saved with, or None (all-day events)."""
    if course.visit_time is None:
        return None
    hours, minutes = course.visit_time.split(":")
    return dt.time(int(hours), int(minutes))


def ended_on(course: CourseView, zone: dt.tzinfo) -> dt.date | None:
    """The day (in the clinic's time zone) a stopped course was stopped; None while it is not."""
    return None if course.stopped is None else course.stopped.at.astimezone(zone).date()


def rounds_to_come_ics(course: CourseView, clinic: str, words: Language | None = None) -> bytes:
    """The rounds neither given nor omitted as an .ics, at the plan's visit time, keyed by the
    course id, in the patient's language; no patient in it. A stopped course has none to come."""
    states = round_states(course)
    _request, result = course_plan(course)
    live = course.stopped is None
    rest = replace(result, visits=tuple(v for v in result.visits
                                        if live and states.get(v.round) in OPEN_ROUND))
    return ics.injection_calendar(rest, f"course-{course.id}", clinic, at=visit_clock(course),
                                  words=words)


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


def topical_to_come_ics(
    course: CourseView, clinic: str, ended: dt.date | None = None, words: Language | None = None
) -> bytes:
    """The strength changes and the reviews not yet held as an .ics, reviews at the plan's
    visit time, in the patient's language; no patient in it. A course stopped on `ended` keeps
    only the strength changes up to that day, and no review."""
    _request, result = topical_plan(course)
    done = reviews_done(course)
    if ended is not None:
        result = replace(result, blocks=tuple(b for b in result.blocks if b.start <= ended))
        done = frozenset(range(1, len(result.reviews) + 1))
    return ics.topical_calendar(result, f"course-{course.id}", clinic, at=visit_clock(course),
                                done=done, words=words)
