"""A kept course's timeline as its schedule gives it: each round's state, the plan and its
result, the visit time, the day it ended, the rounds a record moved, and the .ics of what is to
come."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from app.calendar import ics
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.courses.kinds import OPEN_ROUND, RecordStatus
from app.courses.schedule import KeptRecord, kept_schedule
from app.courses.views import CourseView
from app.i18n.language import Language
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.topical.models import TopicalPlanResult

# The records that can move the rounds after theirs: a round given on another day, or put off.
MOVES = frozenset({RecordStatus.GIVEN, RecordStatus.DEFERRED})


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
