"""A preparation kept with a topical course, as the use cases answer it: what was made for
which block, from which lots, its batch check, its beyond-use date and who made and checked it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.courses.views import Signed


@dataclass(frozen=True)
class UsedComponent:
    """One component as used: maker, lot, expiry, and the amount planned and measured."""

    name: str
    maker: str
    lot: str
    expiry: dt.date
    planned: str
    actual: str


@dataclass(frozen=True)
class Preparation:
    """A batch compounded for one supply block; `made` keeps what the pharmacist entered and
    what the rules worked out from it, as written when it was made."""

    id: str
    course_id: str
    block: int
    batch: str
    compounded: dt.date
    beyond_use: dt.date
    made: dict[str, Any]
    made_by: Signed
    checked: Signed | None

    @property
    def components(self) -> tuple[UsedComponent, ...]:
        """The components in the order entered."""
        return tuple(UsedComponent(
            c["name"], c["maker"], c["lot"], dt.date.fromisoformat(c["expiry"]), c["planned"],
            c["actual"]) for c in self.made["components"])

    @property
    def within_tolerance(self) -> bool:
        """True when the batch check found the strength made within the tolerance."""
        return bool(self.made["check"]["within_tolerance"])

    @property
    def usable(self) -> bool:
        """True when checked and within tolerance: only then may it be dispensed."""
        return self.checked is not None and self.within_tolerance

    @property
    def last_day(self) -> dt.date:
        """The last day of the block it was made for, as planned when it was made."""
        return dt.date.fromisoformat(self.made["last_day"])

    @property
    def lasts_its_block(self) -> bool:
        """True when its BUD reaches the block's last day (a BUD day is usable that day)."""
        return self.beyond_use >= self.last_day
