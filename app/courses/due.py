"""What a course puts on the due list: its open injection rounds, or its topical blocks still to
dispense and reviews still to hold, as typed entries; and the clinic's board made from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from app.contracts.due_entries import DueEntry, decode, encode, join
from app.courses.kinds import OPEN_ROUND, CourseStatus
from app.courses.schedule import Schedule
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.topical.models import TopicalPlanResult

__all__ = ["DueBoard", "DueEntry", "DueList", "IndexRow", "Named", "board", "due_entries",
           "due_rows", "judged_under"]

# A row of the due index: (what, number, date, the entry's JSON text).
IndexRow = tuple[str, int, dt.date, str]


def _rounds(course_id: str, reference: str, schedule: Schedule) -> list[DueEntry]:
    result = schedule.result
    assert isinstance(result, InjectionPlanResult)
    return [
        DueEntry(course_id, reference, "injection", "round", visit.round, visit.date,
                 tuple(site.name for site in visit.sites), visit.volume, visit.sts_pentahydrate)
        for visit in result.visits if schedule.states.get(visit.round) in OPEN_ROUND
    ]


def _topical(course_id: str, reference: str, schedule: Schedule) -> list[DueEntry]:
    result = schedule.result
    assert isinstance(result, TopicalPlanResult)
    blocks = [
        DueEntry(course_id, reference, "topical", "dispense", n, block.start,
                 strength=block.strength, amount=block.dispense.amount)
        for n, (block, done) in enumerate(zip(result.blocks, schedule.dispensed, strict=True),
                                          start=1)
        if not done
    ]
    reviews = [
        DueEntry(course_id, reference, "topical", "review", n, day)
        for n, (day, done) in enumerate(zip(result.reviews, schedule.review_records, strict=True),
                                        start=1)
        if done is None
    ]
    return blocks + reviews


def due_entries(
    course_id: str, reference: str, status: str, schedule: Schedule
) -> list[DueEntry]:
    """A course's entries on the due list while it is active (none otherwise): each injection
    round neither given nor omitted (a deferred one on its new date), each topical block not yet
    dispensed (on its first day) and each review not yet recorded; each marked when the planner
    now refuses the course's plan."""
    if status != CourseStatus.ACTIVE:
        return []
    if isinstance(schedule.result, TopicalPlanResult):
        entries = _topical(course_id, reference, schedule)
    else:
        entries = _rounds(course_id, reference, schedule)
    if schedule.refused_now is None:
        return entries
    return [replace(entry, refused_now=True) for entry in entries]


def due_rows(course_id: str, reference: str, status: str, schedule: Schedule) -> list[IndexRow]:
    """A course's rows of the due index, by what and number: each entry with its JSON text,
    encoded once here so that reading a long list is only a join."""
    return sorted((e.what, e.number, e.date, encode(e))
                  for e in due_entries(course_id, reference, status, schedule))


def judged_under(policy: Policy) -> str:
    """A short name for the limits in force (every fact a deployment may override, as valued
    here, whether overridden or as published), kept with each due row: a row judged under other
    limits (a deployment or an upgrade changed them) has its course's plan judged again before
    it is listed."""
    return policy.fingerprint()


@dataclass(frozen=True)
class DueList:
    """Entries in the list's order (date, then patient reference), as the due index keeps them."""

    lines: tuple[str, ...]

    def json(self) -> bytes:
        """The list as the contract's JSON array, joined from the kept entries."""
        return join(self.lines)

    def entries(self) -> list[DueEntry]:
        """The list as typed entries."""
        return [decode(line) for line in self.lines]


@dataclass(frozen=True)
class Named:
    """An entry with its patient's name as the course keeps it (None when none was given)."""

    entry: DueEntry
    name: str | None


@dataclass(frozen=True)
class DueBoard:
    """The clinic's list: what is overdue (dated before today), then each day from today to
    `last`; `only` names the one kind of entry shown ("dispense" for the pharmacist's view)."""

    today: dt.date
    first: dt.date
    last: dt.date
    overdue: list[Named]
    days: list[tuple[dt.date, list[Named]]] = field(default_factory=list)
    only: str | None = None

    @property
    def empty(self) -> bool:
        """True when nothing is overdue or due."""
        return not self.overdue and not self.days


def board(
    items: Iterable[Named], today: dt.date, first: dt.date, last: dt.date,
    only: str | None = None,
) -> DueBoard:
    """Split entries (already in the list's order) into overdue and by day."""
    overdue: list[Named] = []
    days: dict[dt.date, list[Named]] = {}
    for item in items:
        if only is not None and item.entry.what != only:
            continue
        if item.entry.overdue(today):
            overdue.append(item)
        else:
            days.setdefault(item.entry.date, []).append(item)
    return DueBoard(today, first, last, overdue, sorted(days.items()), only)
