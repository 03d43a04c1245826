"""The two-week calendar grid, Monday to Sunday, that the pages and the printouts both draw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from app.quantities import display

ONE_DAY = dt.timedelta(days=1)
Item = TypeVar("Item")  # a plan's visit or day


@dataclass
class GridDay:
    """One day of the grid: what falls on it, and for print what to write and tick."""

    date: dt.date
    in_course: bool = True  # False for the days that only keep the grid's shape
    closed: bool = False
    items: list[object] = field(default_factory=list)  # the plan's visits or days on this date
    lines: list[str] = field(default_factory=list)  # plain-language notes, e.g. "Clinic review"
    boxes: list[str] = field(default_factory=list)  # one labelled tick box each, e.g. "Apply"

    @property
    def label(self) -> str:
        """The day as printed in its cell, e.g. 'Thu 7 May'."""
        return f"{self.date:%a} {self.date.day} {self.date:%b}"

    @property
    def event(self) -> bool:
        """True when the patient has something to do that day."""
        return bool(self.boxes or self.lines)


@dataclass
class Fortnight:
    """Two weeks of the grid, each seven days from Monday."""

    weeks: list[list[GridDay]]

    @property
    def first(self) -> dt.date:
        """The first day, a Monday."""
        return self.weeks[0][0].date

    @property
    def last(self) -> dt.date:
        """The last day, a Sunday."""
        return self.weeks[-1][-1].date

    @property
    def title(self) -> str:
        """'Mon 4 May 2020 to Sun 17 May 2020'."""
        return f"{display.date(self.first)} to {display.date(self.last)}"

    def has_items(self) -> bool:
        """True when anything of the plan falls in these two weeks."""
        return any(day.items for week in self.weeks for day in week)


def fortnights(
    first: dt.date,
    last: dt.date,
    fill: Callable[[GridDay], None] = lambda day: None,
    is_open: Callable[[dt.date], bool] = lambda day: True,
) -> list[Fortnight]:
    """Fortnights from the Monday on or before `first` until `last` is covered; `fill` is called
    for each day from `first` to `last`, and the days around them keep the grid's shape."""
    monday = first - dt.timedelta(days=first.weekday())
    found: list[Fortnight] = []
    while monday <= last:
        weeks = []
        for week in range(2):
            row = []
            for offset in range(7):
                date = monday + dt.timedelta(days=7 * week + offset)
                day = GridDay(date, first <= date <= last, not is_open(date))
                if day.in_course:
                    fill(day)
                row.append(day)
            weeks.append(row)
        found.append(Fortnight(weeks))
        monday += 2 * 7 * ONE_DAY
    return found


def fortnights_of(
    items: Sequence[Item],
    date_of: Callable[[Item], dt.date],
    is_open: Callable[[dt.date], bool] = lambda day: True,
) -> list[Fortnight]:
    """The fortnights that hold `items`, each on its date; fortnights with none are left out."""
    if not items:
        return []
    by_date: dict[dt.date, list[Item]] = {}
    for item in items:
        by_date.setdefault(date_of(item), []).append(item)
    every = fortnights(min(by_date), max(by_date),
                       lambda day: day.items.extend(by_date.get(day.date, [])), is_open)
    return [fortnight for fortnight in every if fortnight.has_items()]
