"""Topical occlusion plans: strength steps, blocks between reviews, and what each block needs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from app.clinical.chemistry import Basis, convert
from app.clinical.errors import InputError
from app.clinical.plausibility import (
    check_topical_area,
    check_topical_day,
    check_topical_density,
    check_wv_density,
)
from app.clinical.working import Caution, Working
from app.pharmacy.compounding import strength_warnings
from app.policy import Policy
from app.quantities import display
from app.quantities.arithmetic import times
from app.quantities.fast import in_unit
from app.quantities.registry import (
    CM2,
    G_PER_ML,
    MG,
    MG_PER_CM2,
    ML,
    G,
    PintUnit,
    Qty,
    Quantity,
    is_weight_per_weight,
)
from app.topical.amounts import THIN_LAYER
from app.topical.models import (
    Block,
    Day,
    Dispense,
    Step,
    TopicalPlanResult,
    TopicalSite,
    TopicalSpec,
    TopicalTotals,
)
from app.topical.safety import daily_reference, explain_sodium, plan_cautions, sodium_per_day

__all__ = [
    "Block", "Day", "Dispense", "Step", "TopicalPlanResult", "TopicalSite", "TopicalSpec",
    "TopicalTotals", "plan_topical", "round_up",
]

ONE_DAY = dt.timedelta(days=1)
# Float products such as 14 × 2.5 g can land a hair above a whole step; this much is ignored.
ROUNDING_SLACK = 1e-9



def round_up(amount: Qty, step: Qty) -> Qty:
    """`amount` rounded up to a whole number of `step`s (same dimension)."""
    if amount.units != step.units:
        amount = amount.to(step.units)
    count = math.ceil(amount.magnitude / step.magnitude - ROUNDING_SLACK)
    return times(step, max(count, 1))


@dataclass(frozen=True)
class _OneApplication:
    """What one application at one strength holds, worked out once per strength."""

    strength: Qty
    label: str
    volume: Qty | None  # mL, for a w/v strength
    sts_pentahydrate: Qty  # g
    sts_anhydrous: Qty  # g
    sodium_per_day: Qty  # mmol, were a day's applications all absorbed


def _one_application(spec: TopicalSpec, strength: Qty, per_application: Qty) -> _OneApplication:
    """STS (both bases) and, for w/v, the volume in one application of `strength`."""
    volume = None
    if is_weight_per_weight(strength):
        sts = (strength * per_application).to(G)
    else:
        assert spec.density is not None
        volume = (per_application / spec.density).to(ML)
        sts = (strength * volume).to(G)
    penta = convert(sts, spec.strength_basis, Basis.PENTAHYDRATE).to(G)
    anhydrous = convert(penta, Basis.PENTAHYDRATE, Basis.ANHYDROUS).to(G)
    return _OneApplication(strength, display.strength(strength), volume, penta, anhydrous,
                           sodium_per_day(penta, spec.applications_per_day))


def _explain_one(one: _OneApplication, each: str, basis: Basis, working: Working) -> None:
    """A working line for what one application at a strength holds."""
    volume = "" if one.volume is None else f" = {display.quantity(one.volume, ML)}"
    working.add(
        f"one application at {one.label}: {each}{volume} → STS "
        f"{display.quantity(one.sts_pentahydrate, MG)} pentahydrate = "
        f"{display.quantity(one.sts_anhydrous, MG)} anhydrous (strength on the {basis.value} basis)"
    )


def _per_application(spec: TopicalSpec, working: Working) -> Qty:
    """The preparation one application uses over all sites (g)."""
    if spec.preset is not None:
        for fact in spec.preset.facts:
            working.cite(fact)
        working.add(spec.preset.describe())
        if not spec.preset.per_area:  # fingertip units: counted per site from its area
            return spec.preset.per_application(spec.sites, working)
    if spec.amount_per_application is not None:
        amount = spec.amount_per_application.to(G)
        working.add(f"per application, all sites together: {display.quantity(amount, G)}")
        return amount
    assert spec.amount_per_area is not None
    area = sum((site.area for site in spec.sites), Quantity(0.0, CM2)).to(CM2)
    amount = times(spec.amount_per_area, area).to(G)
    working.add(
        f"per application = {display.quantity(spec.amount_per_area, MG_PER_CM2)} × "
        f"{display.quantity(area, CM2)} (all sites) = {display.quantity(amount, G)}"
    )
    return amount


def _boundaries(spec: TopicalSpec, end: dt.date, reviews: list[dt.date]) -> list[dt.date]:
    """Days that open a block: the start, each review up to the end, and each strength change."""
    marks = {spec.start_date, *(day for day in reviews if day <= end)}
    day, previous = spec.start_date, None
    for step in spec.steps:
        if previous is not None and step.strength != previous:
            marks.add(day)
        day += dt.timedelta(days=step.days)
        previous = step.strength
    return sorted(marks)


def _strength_on(spec: TopicalSpec, day: dt.date) -> Qty:
    """The strength applied on `day`."""
    offset = (day - spec.start_date).days
    for step in spec.steps:
        if offset < step.days:
            return step.strength
        offset -= step.days
    raise ValueError("day after the end of the plan")


def _reviews(spec: TopicalSpec, end: dt.date) -> list[dt.date]:
    """start + k × interval for k = 1, 2, … up to and including the first on or after `end`."""
    step = dt.timedelta(days=spec.review_interval_days)
    reviews = [spec.start_date + step]
    while reviews[-1] < end:
        reviews.append(reviews[-1] + step)
    return reviews


def _block(
    spec: TopicalSpec, start: dt.date, end: dt.date, per_application: Qty, one: _OneApplication
) -> Block:
    """What one block needs: the per-application amounts times its applications."""
    applications = ((end - start).days + 1) * spec.applications_per_day
    preparation = per_application * applications  # g, as per_application is
    step = spec.dispense_step.to(G)
    amount = round_up(preparation, step)
    note = (
        f"{display.quantity(preparation, G)} rounded up to the next whole "
        f"{display.quantity(step, G)}: {display.quantity(amount, G)}"
    )
    return Block(
        start, end, one.strength, applications, preparation,
        None if one.volume is None else one.volume * applications,
        one.sts_pentahydrate * applications, one.sts_anhydrous * applications,
        Dispense(amount, step, note), one.sodium_per_day,
    )


def _check(spec: TopicalSpec, working: Working, policy: Policy) -> list[Caution]:
    """Refuse w/v steps without a density; warn about strengths above the published ceiling."""
    warnings: list[Caution] = []
    for index, step in enumerate(spec.steps):
        if not is_weight_per_weight(step.strength) and spec.density is None:
            raise InputError(
                "density",
                f"is needed: step {index + 1} is {display.strength(step.strength)} "
                "and the amount applied is a mass; give the preparation's density such as "
                "'1 g/mL' (the planner does not assume one)",
            )
        if spec.density is not None and not is_weight_per_weight(step.strength):
            check_wv_density(step.strength, spec.density, "density")
        warnings += strength_warnings(
            step.strength, spec.strength_basis, working, policy, what=f"Step {index + 1}: "
        )
    if spec.density is not None and any(not is_weight_per_weight(s.strength) for s in spec.steps):
        working.add(
            f"w/v steps: grams applied ÷ density {display.quantity(spec.density, G_PER_ML)} "
            "= mL of preparation, × strength (mg/mL) = STS"
        )
    return warnings


def _amount_checked(spec: TopicalSpec, area: float, working: Working,
                    policy: Policy) -> tuple[Qty, list[Caution]]:
    """The preparation per application, and the density warnings for an amount a person typed:
    a named convention computes its amount, so it is never refused as implausible (issue 23)."""
    per_application = _per_application(spec, working)
    if spec.preset is not None:
        return per_application, []
    field = "amount_per_application" if spec.amount_per_application is not None else (
        "amount_per_area")
    return per_application, check_topical_density(
        per_application, area, field, policy.fact(THIN_LAYER), policy)


def plan_topical(spec: TopicalSpec, policy: Policy) -> TopicalPlanResult:
    """Lay out a topical course: reviews, blocks, preparation per block and the daily sheet."""
    working = Working()
    area = check_topical_area([site.area for site in spec.sites], policy)
    reference = daily_reference(spec.patient, spec.start_date, working, policy)
    warnings = _check(spec, working, policy)
    total_days = sum(step.days for step in spec.steps)
    end = spec.start_date + dt.timedelta(days=total_days - 1)
    reviews = _reviews(spec, end)
    per_application, found = _amount_checked(spec, area, working, policy)
    warnings += found
    working.add(
        f"{display.days(total_days)} from {display.date(spec.start_date)} to {display.date(end)}, "
        f"{spec.applications_per_day} application(s) a day, review every "
        f"{display.days(spec.review_interval_days)}"
    )
    marks = _boundaries(spec, end, reviews)
    ends = [day - ONE_DAY for day in marks[1:]] + [end]
    per_strength: dict[tuple[float, PintUnit], _OneApplication] = {}  # by magnitude and unit
    blocks: list[Block] = []
    each = display.quantity(per_application, G)
    for start, stop in zip(marks, ends, strict=True):
        strength = _strength_on(spec, start)
        key = (strength.magnitude, strength.units)
        if key not in per_strength:
            per_strength[key] = _first_at(spec, strength, per_application, working)
            warnings += check_topical_day(
                per_strength[key].label, per_strength[key].sts_pentahydrate,
                spec.applications_per_day, reference,
            )
        one = per_strength[key]
        block = _block(spec, start, stop, per_application, one)
        blocks.append(block)
        working.add(
            f"{start.isoformat()} to {stop.isoformat()}: {block.applications} × {each} = "
            f"{display.quantity(block.preparation, G)} at {one.label} → STS "
            f"{display.quantity(block.sts_pentahydrate, G)} pentahydrate; dispense "
            f"{display.quantity(block.dispense.amount, G)}, holding STS "
            f"{display.quantity(block.sts_pentahydrate_dispensed, G)} pentahydrate"
        )
    calendar = _calendar(blocks, set(reviews), spec.applications_per_day)
    working.add("occlusive dressing changed at every application")
    daily_sodium = [one.sodium_per_day for one in per_strength.values()]
    return TopicalPlanResult(
        end_date=end,
        reviews=tuple(reviews),
        amount_per_application=per_application,
        blocks=tuple(blocks),
        calendar=calendar,
        totals=_totals(blocks, total_days),
        warnings=tuple(warnings),
        working=working,
        cautions=plan_cautions(spec.patient, spec.start_date, reference, daily_sodium, policy),
    )


def _first_at(spec: TopicalSpec, strength: Qty, per_application: Qty,
              working: Working) -> _OneApplication:
    """What one application at a strength holds, explained the first time it is met."""
    one = _one_application(spec, strength, per_application)
    _explain_one(one, display.quantity(per_application, G), spec.strength_basis, working)
    explain_sodium(one.label, one.sodium_per_day, working)
    return one


def _calendar(blocks: list[Block], reviews: set[dt.date], per_day: int) -> tuple[Day, ...]:
    """One line per day: strength, applications, dressing changes and whether it is a review."""
    days: list[Day] = []
    for block in blocks:
        day = block.start
        while day <= block.end:
            days.append(Day(day, block.strength, per_day, per_day, day in reviews))
            day += ONE_DAY
    return tuple(days)


def _totals(blocks: list[Block], days: int) -> TopicalTotals:
    """Sums over the blocks, added as magnitudes in g."""
    def grams(amounts: Iterable[Qty]) -> Qty:
        return Quantity(sum(in_unit(a, G).magnitude for a in amounts), G)

    return TopicalTotals(
        days=days,
        applications=sum(b.applications for b in blocks),
        preparation=grams(b.preparation for b in blocks),
        sts_pentahydrate=grams(b.sts_pentahydrate for b in blocks),
        sts_anhydrous=grams(b.sts_anhydrous for b in blocks),
        dispense=grams(b.dispense.amount for b in blocks),
        sts_pentahydrate_dispensed=grams(b.sts_pentahydrate_dispensed for b in blocks),
        sts_anhydrous_dispensed=grams(b.sts_anhydrous_dispensed for b in blocks),
    )
