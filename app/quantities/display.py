"""Turning quantities into text for people: rounding happens here and nowhere else."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from app.quantities.fast import in_unit, magnitude_in
from app.quantities.registry import (
    PCT_WV,
    PCT_WW,
    SHOWN_LABELS,
    PintUnit,
    Qty,
    is_weight_per_weight,
    strength_unit,
)


def number(value: float, significant: int = 4) -> str:
    """A number to a few significant figures, with thousands separators and no trailing zeros."""
    if value == 0:
        return "0"
    if abs(value) >= 10 ** significant:
        return f"{value:,.0f}"
    text = f"{value:,.{significant}g}"
    if "e" in text:
        text = f"{value:,.{significant + 2}f}".rstrip("0").rstrip(".")
    return text


# Plans repeat the same amounts and dates across visits and requests, and formatting them
# costs more than a cache look-up (keyed on plain floats only: see quantity).
_float_number = lru_cache(maxsize=4096)(number)


def quantity(value: Qty, unit: PintUnit, significant: int = 4) -> str:
    """A quantity in the given unit, e.g. '796.3 mg'."""
    shown = _float_number(float(magnitude_in(value, unit)), significant)
    return f"{shown} {SHOWN_LABELS[unit]}"


def fixed(value: Qty, unit: PintUnit, places: int) -> str:
    """A quantity to a fixed number of decimal places, for what an instrument can measure."""
    return f"{in_unit(value, unit).magnitude:,.{places}f} {SHOWN_LABELS[unit]}"


def strength(value: Qty, basis: str | None = None, *, concentration: bool = True) -> str:
    """The one way a strength is written: percentage and its basis first, then the mass
    concentration and any salt form, e.g. '3 % w/w (30 mg/g, pentahydrate)'; '3 % w/w' alone
    without `concentration` (a jar's label)."""
    percent = quantity(value, PCT_WW if is_weight_per_weight(value) else PCT_WV)
    if not concentration:
        return percent
    inner = quantity(value, strength_unit(value)) + (f", {basis}" if basis else "")
    return f"{percent} ({inner})"


@lru_cache(maxsize=4096)  # see _float_number
def date(day: dt.date) -> str:
    """An unambiguous date such as 'Thu 7 May 2020'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def days(count: float) -> str:
    """A count of days, singular for one: '1 day', '0 days', '14 days'."""
    return f"{count:g} day" if count == 1 else f"{count:g} days"


def signed_percent(value: float, places: int = 2) -> str:
    """A signed percentage such as '+1.25 %', for a deviation from a label."""
    return f"{value:+.{places}f} %"
