"""A kept course as the use cases answer it: frozen objects built from the stored rows and the
recomputed schedule (app/api/course_bodies.py words them as the contract's JSON), and the due
index's entries, which are kept as the contract's JSON text so that a long list is only joined."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.courses.kinds import CourseStatus
from app.courses.schedule import OpenRound, Schedule
from app.quantities.registry import Quantity


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


@dataclass(frozen=True)
class DueEntry:
    """One open round on the due list."""

    course_id: str
    reference: str
    round: int
    date: dt.date
    sites: tuple[str, ...]
    visit_volume: Any  # a Quantity
    sts_pentahydrate: Any  # a Quantity


@dataclass(frozen=True)
class DueList:
    """Open rounds in order (by date, then patient reference), as the due index keeps them."""

    lines: tuple[str, ...]

    def json(self) -> bytes:
        """The list as the contract's JSON array, joined from the kept entries."""
        return due_list_json(self.lines)

    def entries(self) -> list[DueEntry]:
        """The list as objects, read from the index's own entries (written by `due_line`)."""
        found = []
        for line in self.lines:
            entry = json.loads(line)
            found.append(DueEntry(
                entry["course_id"], entry["patient"]["reference"], entry["round"],
                dt.date.fromisoformat(entry["date"]), tuple(entry["sites"]),
                _quantity(entry["visit_volume"]), _quantity(entry["sts_pentahydrate"]),
            ))
        return found


def _quantity(value: dict[str, Any]) -> Any:
    return Quantity(value["value"], value["unit"])
