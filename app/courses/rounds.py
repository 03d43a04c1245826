"""Which record closes each round of an injection course: the one rule, used by the schedule
(app/courses/schedule.py) and by the pages' print views and calendars."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from app.courses.kinds import FIXES_ROUND, RecordStatus


class RoundRecord(Protocol):
    """What the rule reads of a record."""

    @property
    def status(self) -> str: ...

    @property
    def round(self) -> int | None: ...

    @property
    def in_error(self) -> bool: ...


R = TypeVar("R", bound=RoundRecord)


@dataclass(frozen=True)
class Closing(Generic[R]):
    """Each round's closing record by number, and the rounds omitted."""

    records: dict[int, R]
    omitted: frozenset[int]


def closing_records(records: Iterable[R]) -> Closing[R]:
    """The record that fixes or moves each round. Records entered in error do not count; a
    given or omitted record fixes its round (a second one is refused, so there is one), and
    while none does, the latest deferral stands."""
    kept = [r for r in records if not r.in_error and r.round is not None]
    fixed: dict[int, R] = {}
    moved: dict[int, R] = {}
    for record in kept:
        number = record.round
        assert number is not None
        if record.status in FIXES_ROUND:
            fixed[number] = record
        elif record.status == RecordStatus.DEFERRED:
            moved[number] = record
    closing = {**{n: r for n, r in moved.items() if n not in fixed}, **fixed}
    omitted = frozenset(n for n, r in fixed.items() if r.status == RecordStatus.OMITTED)
    return Closing(dict(sorted(closing.items())), omitted)
