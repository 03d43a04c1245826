"""Patient calendars laid out in blocks of two weeks, Monday to Sunday, for printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from app.quantities import display

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Cell:
    """One day on the printed calendar: what happens and a tick box per thing to do."""

    date: dt.date
    in_course: bool = False
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
    """Two weeks of cells, Monday first, with a heading that gives both end dates in full."""

    weeks: list[list[Cell]]

    @property
    def title(self) -> str:
        """'Mon 4 May 2020 to Sun 17 May 2020'."""
        return f"{display.date(self.weeks[0][0].date)} to {display.date(self.weeks[-1][-1].date)}"


def fortnights(first: dt.date, last: dt.date, fill: Callable[[Cell], None]) -> list[Fortnight]:
    """Blocks of 14 days from the Monday on or before `first` to cover `last`; `fill` adds events.

    Days outside first…last are shown greyed so the grid keeps its shape.
    """
    monday = first - dt.timedelta(days=first.weekday())
    blocks: list[Fortnight] = []
    while monday <= last:
        weeks: list[list[Cell]] = []
        for week in range(2):
            row = []
            for offset in range(7):
                day = monday + dt.timedelta(days=7 * week + offset)
                cell = Cell(day, first <= day <= last)
                if cell.in_course:
                    fill(cell)
                row.append(cell)
            weeks.append(row)
        blocks.append(Fortnight(weeks))
        monday += dt.timedelta(days=14)
    return blocks
