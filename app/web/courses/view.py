"""A course worded for its page: rounds, records, corrections, the record form, the due list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from app.clinical.text import plain
from app.clinical.working import Caution
from app.courses.amend import plan_changes
from app.courses.kinds import OPEN_ROUND, PLANNED, CourseStatus, RecordStatus
from app.courses.views import CourseRecord, CourseSummary, CourseView, FoundCourse
from app.injection.models import InjectionPlanResult, Visit
from app.quantities import display
from app.quantities.registry import MG, ML

# A round's state in the rounds table, and a record's status in the list of records.
STATUS_WORDS: dict[str, str] = {
    PLANNED: "planned", RecordStatus.GIVEN: "given", RecordStatus.DEFERRED: "deferred (moved)",
    RecordStatus.OMITTED: "omitted", RecordStatus.DISPENSED: "dispensed",
    RecordStatus.REVIEWED: "reviewed",
}
RECORD_WORDS: dict[str, str] = {**STATUS_WORDS, RecordStatus.DEFERRED: "deferred"}


def day(iso: str | None) -> str:
    """An ISO date in words, or '' for none."""
    return "" if not iso else display.date(dt.date.fromisoformat(iso))


def moment(at: dt.datetime, zone: dt.tzinfo) -> str:
    """A moment as the clinic's local date and time."""
    local = at.astimezone(zone)
    return f"{display.date(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class RecordView:
    """One record in words; `struck` when it was entered in error (with why, by whom)."""

    id: str
    number: int | None
    label: str  # 'Round 2', 'Block 1' or 'Review 3'
    status: str
    date: str
    volumes: list[tuple[str, str]]
    lot: str
    expiry: str
    reason: str
    note: str
    by: str
    at: str
    struck: bool
    correction: str
    amount: str = ""  # as dispensed, for a topical block
    strikable: bool = False  # the reader may strike it out (app/accounts/roles.py may_strike)

    @property
    def happened(self) -> str:
        """What the record says happened and when: 'deferred to Sun 27 Dec 2026' (a deferral
        names the new day, it did not happen on it), 'given on …' for the others."""
        if self.status == RECORD_WORDS[RecordStatus.DEFERRED]:
            return f"deferred to {self.date}"
        return f"{self.status} on {self.date}"


@dataclass(frozen=True)
class RoundView:
    """One round of the schedule as it now stands, with every record about it."""

    number: int
    date: str
    status: str
    moved_from: str
    sites: list[tuple[str, str, str]]  # name, volume, STS
    volume: str
    sts: str
    warnings: list[Caution]


@dataclass
class RecordForm:
    """The next round's record form: planned values filled in, or what the nurse typed."""

    round: int
    date: str
    status: str = RecordStatus.GIVEN
    volumes: list[tuple[str, str]] = field(default_factory=list)
    lot: str = ""
    expiry: str = ""
    reason: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)


# A course page lists this many records at a time (the largest course keeps 2,000).
RECORDS_PAGE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """Where a page of a long list stands: its number (1: the latest), how many there are, and
    the positions (from 1, oldest first) of its first and last items out of `total`."""

    page: int
    pages: int
    first: int
    last: int
    total: int


def latest_page(items: Sequence[T], page: int, size: int = RECORDS_PAGE) -> tuple[list[T], Paging]:
    """Page `page` of `items` counted from the newest (a page past the end is the oldest), its
    items in the order kept."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 1), pages)
    end = len(items) - (page - 1) * size
    start = max(end - size, 0)
    return list(items[start:end]), Paging(page, pages, start + 1, end, len(items))


def label(round: int | None = None, block: int | None = None, review: int | None = None) -> str:
    """What a record is about: 'Round 2', 'Block 1' or 'Review 3'."""
    for key, number in (("round", round), ("block", block), ("review", review)):
        if number is not None:
            return f"{key.capitalize()} {number}"
    return "Record"


def record_view(record: CourseRecord, zone: dt.tzinfo, strikable: bool = False) -> RecordView:
    """A record of the course, worded; `strikable` when the reader may strike it out."""
    error = record.entered_in_error
    correction = "" if error is None else (
        f"Entered in error — {error.reason} ({error.by}, {moment(error.at, zone)})")
    return RecordView(
        id=record.id, number=record.round or record.block or record.review,
        label=label(record.round, record.block, record.review),
        status=RECORD_WORDS.get(record.status, record.status), date=display.date(record.date),
        volumes=sorted((record.volumes or {}).items()), lot=record.lot or "",
        expiry=_day(record.expiry), reason=record.reason or "",
        note=record.note or "", by=record.by, at=moment(record.at, zone),
        struck=error is not None, correction=correction, amount=record.amount or "",
        strikable=strikable and error is None,
    )


def rounds(course: CourseView, zone: dt.tzinfo) -> list[RoundView]:
    """An injection course's rounds as the schedule now stands (the records are listed apart,
    a page at a time)."""
    result = course.schedule.result
    assert isinstance(result, InjectionPlanResult)
    states = course.schedule.states
    shown = []
    for visit in result.visits:
        state = states.get(visit.round, PLANNED)
        shown.append(RoundView(
            number=visit.round, date=display.date(visit.date),
            status=STATUS_WORDS.get(state, PLANNED), moved_from=_day(visit.moved_from),
            sites=[(s.name, display.quantity(s.volume, ML),
                    display.quantity(s.sts_pentahydrate, MG)) for s in visit.sites],
            volume=display.quantity(visit.volume, ML),
            sts=display.quantity(visit.sts_pentahydrate, MG),
            warnings=list(visit.warnings),
        ))
    return shown


def next_open(course: CourseView) -> Visit | None:
    """The first round neither given nor omitted, while the course is active."""
    result = course.schedule.result
    if course.status != CourseStatus.ACTIVE or not isinstance(result, InjectionPlanResult):
        return None
    states = course.schedule.states
    return next((v for v in result.visits if states.get(v.round, PLANNED) in OPEN_ROUND), None)


def record_form(course: CourseView, today: dt.date) -> RecordForm | None:
    """The next round's form, pre-filled with its planned volumes and today's date."""
    visit = next_open(course)
    if visit is None:
        return None
    planned = {plain(s["name"]): s["volume"] for s in course.plan.get("sites", [])}
    volumes = [(s.name, str(planned.get(s.name, ""))) for s in visit.sites]
    return RecordForm(round=visit.round, date=today.isoformat(), volumes=volumes)


def typed_words(record: Mapping[str, object]) -> str:
    """A record as a page's form holds it (text as typed), in one plain sentence."""
    numbers = [n if isinstance(n := record.get(key), int) else None
               for key in ("round", "block", "review")]
    what = f"{label(*numbers)}: {record['status']} on {day(str(record.get('date') or ''))}"
    if record.get("amount"):
        what += f" ({record['amount']})"
    volumes = record.get("volumes")
    if isinstance(volumes, Mapping) and volumes:
        what += " (" + ", ".join(f"{n} {v}" for n, v in sorted(volumes.items())) + ")"
    if record.get("lot"):
        what += f", lot {record['lot']}, expiry {day(str(record.get('expiry') or ''))}"
    if record.get("reason"):
        what += f"; reason: {record['reason']}"
    by = f" — recorded by {record['by']}" if record.get("by") else ""
    return what + by


def record_words(record: CourseRecord) -> str:
    """A kept record in one plain sentence, for the page that reports a conflict."""
    return typed_words({
        "round": record.round, "block": record.block, "review": record.review,
        "status": record.status, "date": record.date.isoformat(), "amount": record.amount,
        "volumes": record.volumes if record.status == RecordStatus.GIVEN else None,
        "lot": record.lot, "expiry": _iso(record.expiry), "reason": record.reason,
        "by": record.by,
    })


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: dt.date | None) -> str:
    return "" if value is None else display.date(value)


# A plan's field names as a clinic says them, for an amendment's changes.
PLAN_WORDS = {
    "start_date": "start date", "interval_days": "interval in days",
    "closed_weekdays": "closed weekdays", "closed_dates": "closed dates",
    "mix": "mixing", "protocol_limits": "protocol limits", "plan_id": "plan template",
    "patient_weight": "patient's weight", "patient_birth_date": "patient's date of birth",
    "steps": "strength steps", "applications_per_day": "applications a day",
    "amount_per_area": "amount per area", "amount_per_application": "amount per application",
    "amount_convention": "amount convention", "review_interval_days": "review interval in days",
    "strength_basis": "strength basis", "first_round": "first round", "visit_time": "visit time",
}
# One change as app/courses/amend.py words it: an optional site, a field, then what happened.
CHANGE = re.compile(r"^(site '.*' )?([a-z_]+)((?::| removed| set to| changed).*)$", re.DOTALL)


def change_words(change: str) -> str:
    """One change of a plan with its field named in words ('interval in days: 14 → 21')."""
    found = CHANGE.match(change)
    if found is None:
        return change
    site, key, rest = found.groups()
    return f"{site or ''}{PLAN_WORDS.get(key, key.replace('_', ' '))}{rest}"


@dataclass(frozen=True)
class AmendmentLine:
    """One amendment in words: the version it made, who, when, why and what it changed."""

    version: int
    by: str
    at: str
    reason: str
    changes: list[str]


def amendment_lines(course: CourseView, zone: dt.tzinfo) -> list[AmendmentLine]:
    """The course's amendments, oldest first, each with its plan's changes in words."""
    plans = [a.previous_plan for a in course.amendments] + [course.plan]
    return [AmendmentLine(a.version, a.by, moment(a.at, zone), a.reason,
                          [change_words(c) for c in plan_changes(plans[n], plans[n + 1])])
            for n, a in enumerate(course.amendments)]


@dataclass(frozen=True)
class CourseRow:
    """A course in a list (search results, the patient's other courses), worded."""

    id: str
    reference: str
    name: str
    born: str
    kind: str
    status: str
    next_due: str


def course_row(course: CourseSummary | FoundCourse) -> CourseRow:
    """A listed course, worded: who it is for, its kind, status and next date due."""
    patient = course.patient
    return CourseRow(course.id, patient["reference"], patient.get("name") or "",
                     day(patient.get("birth_date")), course.kind, course.status,
                     _day(course.next_due) or "—")


def moved_words(before: dict[int, dt.date], after: dict[int, dt.date], number: int) -> str:
    """Which later rounds a record moved, and to which dates ('' when none moved)."""
    moved = [(n, d) for n, d in sorted(after.items())
             if n > number and n in before and before[n] != d]
    if not moved:
        return ""
    listed = "; ".join(f"round {n} from {display.date(before[n])} to {display.date(d)}"
                       for n, d in moved)
    return f"The record of round {number} moved the rounds after it: {listed}."
