"""The fast path (app/quantities/fast.py) is contained and changes nothing: no other module touches
pint's private attributes, its builders give what pint's public arithmetic gives, and whole random
plans made with it and with plain pint are the same JSON, byte for byte."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.contracts.plan_bodies import json_bytes
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.policy import PUBLISHED
from app.quantities import fast as units
from app.quantities.registry import KG, MG, MG_PER_G, MG_PER_ML, ML, MMOL, UNIT_LABELS, G, Quantity
from app.services.plans import injection_plan_body, topical_plan_body

APP = Path(__file__).resolve().parents[1] / "app"
PRIVATE = re.compile(r"\._(magnitude|units)\b|object\.__new__")

magnitudes = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
unit_choices = st.sampled_from([MG, G, KG, ML, MG_PER_ML, MG_PER_G, MMOL])


@settings(deadline=None)  # an equality check: a loaded machine's first conversion may take 0.3 s
@given(magnitudes, unit_choices)
def test_quantity_of_is_the_quantity_pint_builds(magnitude, unit):
    fast, slow = units.quantity_of(magnitude, unit), Quantity(magnitude, unit)
    assert type(fast) is type(slow)
    assert fast.magnitude == slow.magnitude and fast.units == slow.units
    assert fast.to(unit).magnitude == slow.to(unit).magnitude


@given(magnitudes, st.floats(min_value=0, max_value=1e3, allow_nan=False))
def test_scaled_is_multiplication_by_a_pure_number(magnitude, factor):
    quantity = Quantity(magnitude, ML)
    assert units.scaled(quantity, factor).magnitude == (quantity * factor).magnitude
    assert units.scaled(quantity, factor).units == ML


@pytest.mark.parametrize(
    ("left_unit", "right_unit", "unit"),
    [(ML, MG_PER_ML, MG), (ML, MG_PER_ML, G), (G, MG_PER_G, MG), (ML, MG_PER_ML, MMOL)],
)
@given(left=magnitudes, right=magnitudes)
def test_product_matches_pint(left_unit, right_unit, unit, left, right):
    a, b = Quantity(left, left_unit), Quantity(right, right_unit)
    if unit == MMOL:  # a mass is not an amount of substance: both must refuse
        with pytest.raises(pint.DimensionalityError):
            units.product(a, b, unit)
        return
    assert units.product(a, b, unit).magnitude == pytest.approx(
        (a * b).to(unit).magnitude, rel=1e-15
    )


def test_only_the_fast_path_touches_pints_private_attributes():
    offenders = [
        f"{path.relative_to(APP)}:{number}"
        for path in APP.rglob("*.py") if path != APP / "quantities" / "fast.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE.search(line)
    ]
    assert offenders == []


# Plain pint, the way the code would read without the fast path: the oracle for whole plans.
PLAIN: dict[str, Any] = {
    "in_unit": lambda quantity, unit: quantity.to(unit),
    "quantity_of": lambda magnitude, unit: Quantity(magnitude, unit),
    "canonical": lambda quantity, unit: quantity.to(unit),
    "scaled": lambda quantity, factor: quantity * factor,
    "product": lambda left, right, unit: (left * right).to(unit),
    "to_json": lambda quantity, unit: {
        "value": float(quantity.to(unit).magnitude), "unit": UNIT_LABELS[unit]
    },
}


@contextmanager
def plain_pint() -> Iterator[None]:
    """Every app module's fast-path helpers swapped for plain pint, then put back."""
    swapped: list[tuple[Any, str, Any]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("app.") or module is None:
            continue
        for helper in PLAIN:
            if getattr(module, helper, None) is getattr(units, helper):
                swapped.append((module, helper, getattr(module, helper)))
    try:
        for module, helper, _fast in swapped:
            setattr(module, helper, PLAIN[helper])
        yield
    finally:
        for module, helper, fast in swapped:
            setattr(module, helper, fast)


volumes = st.sampled_from(["0.1 mL", "0.25 mL", "0.5 mL", "1 mL", "1.25 mL", "2.5 mL", "0.3 cc",
                           "4 mL", "10 mL", "33 mL"])
sites = st.lists(
    st.fixed_dictionaries({
        "volume": volumes, "rounds": st.integers(1, 6), "first_round": st.integers(1, 3),
    }),
    min_size=1, max_size=6,
)
mixes = st.fixed_dictionaries({
    "stock": st.sampled_from(["250 mg/mL", "125 mg/mL", "80 mg/mL", "25 % w/v", "0.2 g/mL"]),
    "stock_basis": st.sampled_from(["pentahydrate", "anhydrous"]),
    "diluent": st.sampled_from(["saline", "water", "lidocaine 1%", "lidocaine 2%"]),
    "stock_parts": st.sampled_from([1, 2, 3, 0.5]),
    "diluent_parts": st.sampled_from([0, 1, 2, 3]),
})
injection_bodies = st.fixed_dictionaries(
    {
        "start_date": st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)).map(
            date.isoformat),
        "interval_days": st.integers(1, 30),
        "mix": mixes,
        "sites": sites,
        "closed_weekdays": st.lists(st.integers(1, 7), max_size=3, unique=True),
    },
    optional={"patient_weight": st.sampled_from(["8 kg", "20 kg", "60 kg", "180 lb"])},
)
strengths = st.sampled_from(["3 % w/w", "10 % w/w", "25 % w/w", "30 % w/w", "100 mg/g",
                             "5 % w/v", "250 mg/mL"])
topical_bodies = st.fixed_dictionaries(
    {
        "start_date": st.just("2025-01-06"),
        "steps": st.lists(st.fixed_dictionaries({"strength": strengths,
                                                 "days": st.integers(1, 40)}),
                          min_size=1, max_size=3),
        "sites": st.lists(st.fixed_dictionaries({"area": st.sampled_from(["10 cm^2", "50 cm^2",
                                                                          "0.01 m^2"])}),
                          min_size=1, max_size=3),
        "applications_per_day": st.integers(1, 3),
        "review_interval_days": st.integers(1, 28),
        "strength_basis": st.sampled_from(["pentahydrate", "anhydrous"]),
        "density": st.sampled_from(["1 g/mL", "1.1 g/mL"]),
    },
).flatmap(lambda body: st.one_of(
    st.just({**body, "amount_per_area": "2 mg/cm^2"}),
    st.just({**body, "amount_per_application": "0.5 g"}),
    st.sampled_from(["thin_layer", "ftu_adult_man", "ftu_adult_woman"]).map(
        lambda name: {**body, "amount_convention": name}),
))


def named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": f"site {number}", **row} for number, row in enumerate(rows)]


# No deadline: plain pint is slow, and the machine is shared.
@settings(deadline=None, max_examples=60)
@given(injection_bodies)
def test_whole_injection_plans_are_the_same_json_with_plain_pint(body):
    request = InjectionPlanRequest.model_validate({**body, "sites": named(body["sites"])})
    fast = json_bytes(injection_plan_body(request, PUBLISHED))
    with plain_pint():
        plain = json_bytes(injection_plan_body(request, PUBLISHED))
    assert fast == plain


@settings(deadline=None, max_examples=60)
@given(topical_bodies)
def test_whole_topical_plans_are_the_same_json_with_plain_pint(body):
    request = TopicalPlanRequest.model_validate({**body, "sites": named(body["sites"])})
    fast = json_bytes(topical_plan_body(request, PUBLISHED))
    with plain_pint():
        plain = json_bytes(topical_plan_body(request, PUBLISHED))
    assert fast == plain


def test_the_oracle_really_swaps_the_helpers_the_plans_use():
    from app.clinical import patient  # the per-kg references (issue 23: moved from safety)
    from app.injection import plan
    from app.pharmacy import mixing

    with plain_pint():
        assert plan.product is PLAIN["product"] and patient.quantity_of is PLAIN["quantity_of"]
        assert mixing.scaled is PLAIN["scaled"] and units.in_unit is PLAIN["in_unit"]
    assert plan.product is units.product
