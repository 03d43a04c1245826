"""Rounding to what can actually be measured: syringe graduations and balance resolution.

The JSON API never rounds; pages and printouts use these to say what to draw up or weigh, and
each result carries a sentence saying how it was rounded so the rounding is never silent.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from app.clinical.facts import BALANCE_RESOLUTION, SYRINGE_GRADUATIONS, Fact
from app.quantities import display
from app.quantities.registry import ML, G, Qty


class Syringe(NamedTuple):
    """A standard syringe size and the smallest step marked on its barrel."""

    capacity: Qty  # mL
    graduation: Qty  # mL


class Measured(NamedTuple):
    """An amount rounded to what can be measured, written to its step, how, and its source."""

    quantity: Qty
    shown: str  # e.g. "1.30 mL" or "6.37 g": as many places as the instrument's marks
    how: str
    fact: Fact


SYRINGES: tuple[Syringe, ...] = tuple(
    Syringe(capacity, graduation) for capacity, graduation in SYRINGE_GRADUATIONS.value
)


def _round_to_step(amount: float, step: float) -> Decimal:
    """Round half up to a whole number of steps, in decimal so 1.005 by 0.01 gives 1.01."""
    steps = (Decimal(repr(amount)) / Decimal(repr(step))).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return steps * Decimal(repr(step))


def _places(step: float) -> int:
    """How many decimal places a step such as 0.2 or 0.01 needs when written down."""
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _check(amount: float, what: str) -> None:
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"{what} to measure must be a finite amount of zero or more, not {amount}")


def _on_marks(amount: float, step: float) -> bool:
    """True when an amount is a whole number of steps, so no rounding is needed."""
    return _round_to_step(amount, step) == Decimal(repr(amount))


def syringe_for(volume: Qty) -> Syringe:
    """The smallest standard syringe that holds `volume` on its marks exactly, else the smallest
    that holds it, else the largest."""
    amount = float(volume.to(ML).magnitude)
    holding = [s for s in SYRINGES if amount <= s.capacity.magnitude]
    for syringe in holding:
        if _on_marks(amount, float(syringe.graduation.magnitude)):
            return syringe
    return holding[0] if holding else SYRINGES[-1]


def _difference(exact: Qty, rounded: Qty) -> str:
    """Say how far a rounded draw-up is from the plan, and how to give the plan exactly."""
    if rounded == exact or rounded.magnitude == 0:
        return ""
    change = rounded - exact
    percent = abs(float((change / exact).magnitude)) * 100
    finest = SYRINGES[0]
    exactly = (
        f"; {display.fixed(finest.capacity, ML, 0)} syringes "
        f"({display.quantity(finest.graduation, ML)} marks) give "
        f"{display.quantity(exact, ML, 6)} exactly"
        # More than three fills of the finest syringe is no longer a practical suggestion.
        if exact <= 3 * finest.capacity
        and _on_marks(float(exact.magnitude), float(finest.graduation.magnitude))
        else ""
    )
    return (
        f" That is {display.quantity(abs(change), ML)} ({display.number(percent, 2)} %) "
        f"{'more' if change.magnitude > 0 else 'less'} than planned{exactly}."
    )


def draw_up(volume: Qty) -> Measured:
    """Round a volume to the graduation of the smallest standard syringe that holds it.

    Sizes and graduations are the `SYRINGE_GRADUATIONS` fact (1 mL by 0.01 mL, 3 mL by 0.1 mL,
    5 and 10 mL by 0.2 mL, 20 mL by 1 mL); a syringe whose marks hit the volume exactly is
    preferred; otherwise halves round up and the sentence states the difference from the plan.
    Returns the rounded volume in mL and a sentence such as
    "0.45 mL: 0.4472 mL rounded to the 0.01 mL marks of a 1 mL syringe."
    Above 20 mL the 20 mL syringe's 1 mL marks are used and the sentence says more than one
    syringe is needed; an amount too small to mark is said to be so, never shown as a dose.
    """
    exact = volume.to(ML)
    _check(float(exact.magnitude), "a volume")
    syringe = syringe_for(exact)
    step = float(syringe.graduation.magnitude)
    places = _places(step)
    rounded = ML * float(_round_to_step(float(exact.magnitude), step))
    shown = display.fixed(rounded, ML, places)
    marks = f"the {display.fixed(syringe.graduation, ML, places)} marks"
    size = display.quantity(syringe.capacity, ML)
    if exact > syringe.capacity:
        how = (
            f"{shown}: {display.quantity(exact, ML, 6)} is more than a {size} syringe holds; "
            f"use more than one, rounded to {marks} of a {size} syringe."
        )
    elif rounded.magnitude == 0 and exact.magnitude > 0:
        how = (
            f"{display.quantity(exact, ML, 6)} is too small to measure: it is less than half of "
            f"{marks} of a {size} syringe."
        )
    else:
        how = (
            f"{shown}: {display.quantity(exact, ML, 6)} rounded to {marks} of a {size} syringe."
            + _difference(exact, rounded)
        )
    return Measured(rounded, shown, how, SYRINGE_GRADUATIONS)


def weigh(mass: Qty, resolution: Qty = BALANCE_RESOLUTION.value) -> Measured:
    """Round a mass to a balance's resolution (default 0.01 g, the `BALANCE_RESOLUTION` fact).

    Halves round up. Returns the rounded mass in g and a sentence such as
    "6.37 g: 6.371 g rounded to the 0.01 g resolution of the balance."; a mass below half the
    resolution is said to be too small to weigh on that balance.
    """
    exact = mass.to(G)
    step = float(resolution.to(G).magnitude)
    _check(float(exact.magnitude), "a mass")
    if not math.isfinite(step) or step <= 0:
        raise ValueError(f"a balance resolution must be more than zero, not {resolution}")
    places = _places(step)
    rounded = G * float(_round_to_step(float(exact.magnitude), step))
    shown = display.fixed(rounded, G, places)
    readability, given = display.fixed(resolution, G, places), display.quantity(exact, G, 6)
    too_small = rounded.magnitude == 0 and exact.magnitude > 0
    how = (f"{given} is too small to weigh on a balance that reads to {readability}."
           if too_small else
           f"{shown}: {given} rounded to the {readability} resolution of the balance.")
    return Measured(rounded, shown, how, BALANCE_RESOLUTION)
