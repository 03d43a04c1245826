"""A kept course as the use cases answer it: frozen objects built from the stored rows and the
recomputed schedule (app/api/course_bodies.py words them as the contract's JSON); the due list's
entries are app/courses/due.py's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.courses.schedule import Schedule


def moment(value: dt.datetime) -> str:
    """An ISO date-time in UTC, with 'Z'."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Signed:
    """Who did something, when, and (for a correction or a stop) why."""

    by: str
    at: dt.datetime
    reason: str | None = None


@dataclass(frozen=True)
class CourseRecord:
    """A record as kept: what happened at a round, block or review, and its correction."""

    id: str
    status: str
    date: dt.date
    round: int | None
    block: int | None
    review: int | None
    volumes: dict[str, str] | None  # the text of each site's volume as recorded
    amount: str | None  # the amount dispensed, as recorded
    lot: str | None
    expiry: dt.date | None
    reason: str | None
    note: str | None
    by: str
    at: dt.datetime
    entered_in_error: Signed | None = None

    @property
    def in_error(self) -> bool:
        """True when the record was struck out as entered in error."""
        return self.entered_in_error is not None


@dataclass(frozen=True)
class CourseView:
    """A whole course: patient, the plan as sent, the recomputed schedule and every record."""

    id: str
    version: int
    kind: str
    status: str
    patient: dict[str, Any]
    plan: dict[str, Any]
    schedule: Schedule
    records: tuple[CourseRecord, ...]
    created: Signed
    next_due: dt.date | None
    stopped: Signed | None = None
    # The patient's other active courses of the same kind, by id (one patient, one reference).
    other_active_courses: tuple[str, ...] = ()
    amendments: tuple[AmendmentView, ...] = ()
    visit_time: str | None = None  # the clinic visit time the plan was saved with, "09:30"


@dataclass(frozen=True)
class AmendmentView:
    """A plan replaced: who, when, why, the plan it replaced and the version it made."""

    by: str
    at: dt.datetime
    reason: str
    previous_plan: dict[str, Any]
    version: int


@dataclass(frozen=True)
class FoundCourse:
    """A course as a search lists it: who it is for, where it stands, who saved it and when."""

    id: str
    kind: str
    status: str
    patient: dict[str, Any]
    next_due: dt.date | None
    created: Signed


@dataclass(frozen=True)
class SearchPage:
    """One page of a search, newest first, and the cursor of the next page (None at the end)."""

    items: tuple[FoundCourse, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class CourseSummary:
    """A course in a patient's list."""

    id: str
    kind: str
    status: str
    patient: dict[str, Any]
    next_due: dt.date | None


@dataclass(frozen=True)
class AuditView:
    """One audit entry."""

    seq: int
    at: dt.datetime
    by: str
    action: str
    course_id: str | None
    detail: Any

    @property
    def stamp(self) -> str:
        """When, as an ISO date-time in UTC."""
        return moment(self.at)
