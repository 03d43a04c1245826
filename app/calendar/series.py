"""Clinic calendars: closed days, the next open day, and interval series that follow moved dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.clinical.errors import InputError
from app.quantities import display

ONE_DAY = dt.timedelta(days=1)
ALL_WEEKDAYS = frozenset(range(1, 8))


@dataclass(frozen=True)
class Closures:
    """The days a clinic is shut: ISO weekdays (1 = Monday … 7 = Sunday) and single dates."""

    weekdays: frozenset[int] = frozenset()
    dates: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if not self.weekdays <= ALL_WEEKDAYS:
            raise InputError("closed_weekdays", "must hold ISO weekday numbers 1 (Mon) to 7 (Sun)")
        if self.weekdays == ALL_WEEKDAYS:
            raise InputError(
                "closed_weekdays", "closes all seven days of the week; leave at least one open"
            )

    @classmethod
    def of(cls, weekdays: Iterable[int] = (), dates: Iterable[dt.date] = ()) -> Closures:
        """Closures from any iterables of weekday numbers and dates."""
        return cls(frozenset(weekdays), frozenset(dates))

    def is_open(self, day: dt.date) -> bool:
        """True when the clinic is open on `day`."""
        return day.isoweekday() not in self.weekdays and day not in self.dates

    def next_open(self, day: dt.date) -> dt.date:
        """`day` itself if open, else the first open day after it."""
        # At least one weekday is open, so this ends within len(dates) + 7 steps.
        while not self.is_open(day):
            day += ONE_DAY
        return day


@dataclass(frozen=True)
class Slot:
    """One round of a series: the date it falls on and the date it was planned for."""

    round: int
    date: dt.date
    planned: dt.date  # start + interval from the previous visit, before any move
    given: bool  # True when the date was reported as actually given, not planned

    @property
    def moved_from(self) -> dt.date | None:
        """The planned date when the visit is on another day, else None."""
        return None if self.date == self.planned else self.planned

    def explain(self) -> str | None:
        """A working line saying why the visit is not on its planned date, if it is not."""
        if self.date == self.planned:
            return None
        why = "given on" if self.given else "clinic closed; moved to"
        return (
            f"round {self.round}: planned {display.date(self.planned)}, {why} "
            f"{display.date(self.date)}"
        )


def series(
    start: dt.date,
    interval_days: int,
    count: int,
    closures: Closures,
    given: Mapping[int, dt.date] | None = None,
) -> list[Slot]:
    """`count` rounds every `interval_days` from `start`, each counted from the previous real date.

    A planned date on a closed day moves to the next open day; a date in `given` (round → the
    day it was actually given) is kept as it is, closed or not, and later rounds follow from it.
    """
    given = given or {}
    step = dt.timedelta(days=interval_days)
    slots: list[Slot] = []
    planned = start
    for number in range(1, count + 1):
        actual = given.get(number)
        if actual is not None and slots and actual <= slots[-1].date:
            raise InputError(
                "given",
                f"says round {number} was given on {actual.isoformat()}, which is not after "
                f"round {number - 1} on {slots[-1].date.isoformat()}",
            )
        if actual is not None and not slots and number == 1 and actual < start - step:
            # Round 1 given long before the start date is more likely a typing slip.
            raise InputError(
                "given",
                f"says round 1 was given on {actual.isoformat()}, more than one interval "
                f"before start_date {start.isoformat()}",
            )
        day = actual if actual is not None else closures.next_open(planned)
        slots.append(Slot(number, day, planned, actual is not None))
        planned = day + step
    return slots
