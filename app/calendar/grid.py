"""Laying visits out on a Monday-to-Sunday calendar, two weeks to a block, for the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

WEEK = dt.timedelta(days=7)


@dataclass
class Cell:
    """One day of the grid and what happens on it."""

    day: dt.date
    items: list[Any] = field(default_factory=list)
    closed: bool = False


@dataclass
class Block:
    """Two weeks of the grid: a list of weeks, each seven cells from Monday."""

    weeks: list[list[Cell]]

    @property
    def first(self) -> dt.date:
        """The block's first day, a Monday."""
        return self.weeks[0][0].day

    @property
    def last(self) -> dt.date:
        """The block's last day, a Sunday."""
        return self.weeks[-1][-1].day


def monday(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


def two_week_blocks(
    items: Sequence[Any],
    day_of: Callable[[Any], dt.date],
    is_open: Callable[[dt.date], bool] = lambda day: True,
) -> list[Block]:
    """Blocks of two weeks from the first item's Monday to the last's, skipping empty blocks."""
    if not items:
        return []
    by_day: dict[dt.date, list[Any]] = {}
    for item in items:
        by_day.setdefault(day_of(item), []).append(item)
    start, end = monday(min(by_day)), monday(max(by_day))
    blocks = []
    while start <= end:
        weeks = [
            [
                Cell(day, by_day.get(day, []), not is_open(day))
                for day in (week_start + dt.timedelta(days=i) for i in range(7))
            ]
            for week_start in (start, start + WEEK)
        ]
        if any(cell.items for week in weeks for cell in week):
            blocks.append(Block(weeks))
        start += 2 * WEEK
    return blocks
