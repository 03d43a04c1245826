"""The data of a topical plan: what a request asks for and what the plan gives back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.clinical.chemistry import Basis
from app.clinical.patient import Patient
from app.clinical.working import Caution, Working
from app.quantities.arithmetic import times
from app.quantities.registry import DIMENSIONLESS, G, Qty, Quantity
from app.topical.amounts import Preset


@dataclass(frozen=True)
class Step:
    """One strength applied for a number of days."""

    strength: Qty  # mg/g (w/w) or mg/mL (w/v), on the plan's strength basis
    days: int


@dataclass(frozen=True)
class TopicalSite:
    """A treated area."""

    name: str
    area: Qty


@dataclass(frozen=True)
class TopicalSpec:
    """Everything a topical plan needs, parsed into quantities and dates."""

    start_date: dt.date
    steps: tuple[Step, ...]
    sites: tuple[TopicalSite, ...]
    applications_per_day: int = 1
    amount_per_area: Qty | None = None
    amount_per_application: Qty | None = None
    preset: Preset | None = None  # the named convention that filled one of the amounts
    review_interval_days: int = 14
    strength_basis: Basis = Basis.PENTAHYDRATE
    density: Qty | None = None  # g/mL; needed only for w/v steps
    # A new Quantity per plan: pint Quantities can be changed in place, so none is shared.
    dispense_step: Qty = field(default_factory=lambda: Quantity(5, G))
    patient: Patient = Patient()  # weight and birth date, each optional (issue 23)


@dataclass(frozen=True)
class Dispense:
    """The amount to hand out for a block: the preparation rounded up to a whole step."""

    amount: Qty  # g
    step: Qty  # g
    note: str


@dataclass(frozen=True)
class Block:
    """Consecutive days at one strength between two reviews, and what they need."""

    start: dt.date
    end: dt.date
    strength: Qty
    applications: int
    preparation: Qty  # g, unrounded
    preparation_volume: Qty | None  # mL, for a w/v strength only
    sts_pentahydrate: Qty  # g
    sts_anhydrous: Qty  # g
    dispense: Dispense
    sodium_per_day: Qty | None = None  # mmol carried by a day's applications, if all absorbed

    @property
    def days(self) -> int:
        """Days in the block, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def sts_pentahydrate_dispensed(self) -> Qty:
        """STS in what is dispensed: the needed amount scaled up as the preparation is."""
        return times(self.sts_pentahydrate, self.dispensed_per_needed)

    @property
    def sts_anhydrous_dispensed(self) -> Qty:
        """The same STS on the anhydrous basis."""
        return times(self.sts_anhydrous, self.dispensed_per_needed)

    @property
    def dispensed_per_needed(self) -> float:
        """Dispensed ÷ needed (at least 1): dispensing rounds up to whole steps."""
        return float((self.dispense.amount / self.preparation).to(DIMENSIONLESS).magnitude)


@dataclass(frozen=True)
class Day:
    """One line of the patient's sheet."""

    date: dt.date
    strength: Qty
    applications: int
    dressing_changes: int
    review: bool


@dataclass(frozen=True)
class TopicalTotals:
    """The whole course added up."""

    days: int
    applications: int
    preparation: Qty
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    dispense: Qty
    sts_pentahydrate_dispensed: Qty  # issue 9: the STS in what is dispensed, not only needed
    sts_anhydrous_dispensed: Qty


@dataclass(frozen=True)
class TopicalPlanResult:
    """A planned topical course with its working and warnings."""

    end_date: dt.date
    reviews: tuple[dt.date, ...]
    amount_per_application: Qty  # g of preparation, all sites together
    blocks: tuple[Block, ...]
    calendar: tuple[Day, ...]
    totals: TopicalTotals
    warnings: tuple[Caution, ...]
    working: Working
    cautions: tuple[Caution, ...] = ()  # the label's, always present (issue 23)
