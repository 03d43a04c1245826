"""The fast Quantity builders give exactly what pint's public arithmetic gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.quantities import registry as units
from app.quantities.registry import KG, MG, MG_PER_G, MG_PER_ML, ML, MMOL, G, Quantity

magnitudes = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
unit_choices = st.sampled_from([MG, G, KG, ML, MG_PER_ML, MG_PER_G, MMOL])


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
        with pytest.raises(units.pint.DimensionalityError):
            units.product(a, b, unit)
        return
    assert units.product(a, b, unit).magnitude == pytest.approx(
        (a * b).to(unit).magnitude, rel=1e-15
    )
