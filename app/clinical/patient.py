"""The patient a plan is checked for: weight and birth date, ages on a day, per-kg references."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from app.clinical.errors import InputError
from app.clinical.facts import OLDEST_AGE, Fact
from app.quantities import display
from app.quantities.fast import in_unit, product, quantity_of
from app.quantities.registry import KG, MG, MG_PER_KG, YEAR, Qty

# BNF for Children's lidocaine band, "child 1 month to 11 years": from one month old up to the
# day before the twelfth birthday, in whole months.
CHILD_FROM_MONTHS = 1
CHILD_UNTIL_MONTHS = 12 * 12


def months_old(birth: dt.date, day: dt.date) -> int:
    """Whole months of age on `day` (a month is passed on the same day-of-month, or the last day
    of a shorter month)."""
    months = (day.year - birth.year) * 12 + day.month - birth.month
    next_day = day + dt.timedelta(days=1)
    # Born on the 31st, a month is passed on the 30th of a 30-day month: the month's last day.
    if day.day < birth.day and next_day.month == day.month:
        months -= 1
    return months


def age_words(birth: dt.date, day: dt.date) -> str:
    """'5 years 2 months', '8 months' or 'under 1 month': an age as a clinician says it."""
    months = months_old(birth, day)
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} year{'s' * (years != 1)} {rest} month{'s' * (rest != 1)}"
    if years:
        return f"{years} year{'s' * (years != 1)}"
    return f"{rest} month{'s' * (rest != 1)}" if rest else "under 1 month"


@dataclass(frozen=True)
class Patient:
    """What a plan knows of its patient: each part optional, never guessed."""

    weight: Qty | None = None
    birth_date: dt.date | None = None

    def is_lidocaine_child(self, day: dt.date) -> bool | None:
        """True when aged 1 month to 11 years on `day` (BNFC's band), None with no birth date."""
        if self.birth_date is None:
            return None
        return CHILD_FROM_MONTHS <= months_old(self.birth_date, day) < CHILD_UNTIL_MONTHS

    def age_on(self, day: dt.date) -> str | None:
        """The age on `day` in words, or None with no birth date."""
        return None if self.birth_date is None else age_words(self.birth_date, day)

    def check(self, first_day: dt.date) -> None:
        """Refuse a birth date after the plan's first day or beyond the oldest human age."""
        born = self.birth_date
        if born is None:
            return
        if born > first_day:
            raise InputError(
                "patient_birth_date",
                f"is after the plan's first day ({first_day.isoformat()}): the patient must be "
                "born before a treatment starts",
            )
        oldest = in_unit(OLDEST_AGE.value, YEAR).magnitude
        if months_old(born, first_day) >= oldest * 12 + 12:
            raise InputError(
                "patient_birth_date",
                f"gives an age above {display.number(oldest)} years on the plan's first day, "
                f"not a living patient's ({OLDEST_AGE.source})",
            )


class Reference(NamedTuple):
    """A per-visit (or per-day) reference amount, its sources and how it was found."""

    amount: Qty  # mg
    source: str
    basis: str  # e.g. "250 mg/kg × 20 kg = 5,000 mg (cap 12,500 mg)"


def reference(per_kg: Fact, cap: Fact, weight: Qty | None) -> Reference:
    """Per kg of weight, never above the cap; the cap alone without a weight."""
    most = quantity_of(cap.magnitude_in(MG), MG)
    if weight is None:
        return Reference(
            most, cap.source, f"{display.quantity(most, MG)} (no patient weight given)")
    by_weight = product(per_kg.value, weight, MG)
    sources = cap.source if per_kg.source == cap.source else f"{per_kg.source}; {cap.source}"
    text = (
        f"{display.quantity(per_kg.value, MG_PER_KG)} × {display.quantity(weight, KG)} = "
        f"{display.quantity(by_weight, MG)}"
    )
    if by_weight.magnitude > most.magnitude:
        return Reference(most, sources, text + f", capped at {display.quantity(most, MG)}")
    return Reference(by_weight, sources, text + f" (cap {display.quantity(most, MG)})")
