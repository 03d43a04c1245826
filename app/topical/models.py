"""The data of a topical plan: what a request asks for and what the plan gives back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.clinical.chemistry import Basis
from app.clinical.working import Warning, Working
from app.quantities.registry import G, Quantity
from app.topical.amounts import Preset


@dataclass(frozen=True)
class Step:
    """One strength applied for a number of days."""

    strength: Any  # mg/g (w/w) or mg/mL (w/v), on the plan's strength basis
    days: int


@dataclass(frozen=True)
class TopicalSite:
    """A treated area."""

    name: str
    area: Any


@dataclass(frozen=True)
class TopicalSpec:
    """Everything a topical plan needs, parsed into quantities and dates."""

    start_date: dt.date
    steps: tuple[Step, ...]
    sites: tuple[TopicalSite, ...]
    applications_per_day: int = 1
    amount_per_area: Any | None = None
    amount_per_application: Any | None = None
    preset: Preset | None = None  # the named convention that filled one of the amounts
    review_interval_days: int = 14
    strength_basis: Basis = Basis.PENTAHYDRATE
    density: Any | None = None  # g/mL; needed only for w/v steps
    dispense_step: Any = Quantity(5, G)


@dataclass(frozen=True)
class Dispense:
    """The amount to hand out for a block: the preparation rounded up to a whole step."""

    amount: Any  # g
    step: Any  # g
    note: str


@dataclass(frozen=True)
class Block:
    """Consecutive days at one strength between two reviews, and what they need."""

    start: dt.date
    end: dt.date
    strength: Any
    applications: int
    preparation: Any  # g, unrounded
    preparation_volume: Any | None  # mL, for a w/v strength only
    sts_pentahydrate: Any  # g
    sts_anhydrous: Any  # g
    dispense: Dispense

    @property
    def days(self) -> int:
        """Days in the block, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Day:
    """One line of the patient's sheet."""

    date: dt.date
    strength: Any
    applications: int
    dressing_changes: int
    review: bool


@dataclass(frozen=True)
class TopicalTotals:
    """The whole course added up."""

    days: int
    applications: int
    preparation: Any
    sts_pentahydrate: Any
    sts_anhydrous: Any
    dispense: Any


@dataclass(frozen=True)
class TopicalPlanResult:
    """A planned topical course with its working and warnings."""

    end_date: dt.date
    reviews: tuple[dt.date, ...]
    amount_per_application: Any  # g of preparation, all sites together
    blocks: tuple[Block, ...]
    calendar: tuple[Day, ...]
    totals: TopicalTotals
    warnings: tuple[Warning, ...]
    working: Working
