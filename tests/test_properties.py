"""Properties that hold for every input, checked with hypothesis."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.chemistry import Basis, convert
from app.pharmacy import mixing
from app.pharmacy.formulas import FORMULAS, scale
from app.pharmacy.measuring import draw_up, syringe_for, weigh
from app.pharmacy.products import Diluent
from app.policy import PUBLISHED
from app.quantities.parsing import (
    CONCENTRATION,
    MASS,
    STRENGTH,
    VOLUME,
    QuantityError,
    parse_quantity,
)
from app.quantities.registry import MG, MG_PER_ML, ML, G, Quantity

REL = 1e-9
volumes = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)
strengths = st.floats(min_value=1, max_value=1000, allow_nan=False, allow_infinity=False)
bases = st.sampled_from(list(Basis))
diluents = st.sampled_from(list(Diluent))


@given(strengths, bases, diluents, volumes, volumes)
def test_sts_mass_is_conserved_through_a_dilution(stock, basis, diluent, stock_ml, diluent_ml):
    stock_q = Quantity(stock, MG_PER_ML)
    result = mixing.by_volumes(stock_q, basis, diluent, Quantity(stock_ml, ML),
                               Quantity(diluent_ml, ML))
    drawn = convert(stock_q * Quantity(stock_ml, ML), basis, Basis.PENTAHYDRATE).to(MG)
    in_mix = (result.mixture.concentration * result.final_volume).to(MG)
    assert result.sts_pentahydrate.to(MG).magnitude == pytest.approx(drawn.magnitude, rel=REL)
    assert in_mix.magnitude == pytest.approx(drawn.magnitude, rel=REL)


@given(strengths, st.floats(min_value=0.001, max_value=1), bases, diluents, volumes)
def test_to_target_then_back_by_volumes_round_trips(stock, fraction, basis, diluent, final_ml):
    stock_q = Quantity(stock, MG_PER_ML)
    target = stock_q * fraction
    planned = mixing.to_target(stock_q, basis, diluent, target, Quantity(final_ml, ML))
    again = mixing.by_volumes(stock_q, basis, diluent, planned.stock_volume, planned.diluent_volume)
    expected = convert(target, basis, Basis.PENTAHYDRATE).to(MG_PER_ML).magnitude
    assert again.mixture.concentration.to(MG_PER_ML).magnitude == pytest.approx(expected, rel=REL)
    assert again.final_volume.to(ML).magnitude == pytest.approx(final_ml, rel=REL)


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False), st.sampled_from([MG, G]))
def test_pentahydrate_to_anhydrous_and_back_round_trips(amount, unit):
    mass = Quantity(amount, unit)
    there = convert(mass, Basis.PENTAHYDRATE, Basis.ANHYDROUS)
    back = convert(there, Basis.ANHYDROUS, Basis.PENTAHYDRATE)
    assert back.to(unit).magnitude == pytest.approx(amount, rel=1e-12)
    assert there < mass  # the anhydrous salt always weighs less: no water of crystallisation


@given(strengths, bases, diluents, volumes, st.floats(min_value=0, max_value=1000))
def test_a_diluted_strength_never_exceeds_its_stock(stock, basis, diluent, stock_ml, diluent_ml):
    stock_q = Quantity(stock, MG_PER_ML)
    result = mixing.by_volumes(stock_q, basis, diluent, Quantity(stock_ml, ML),
                               Quantity(diluent_ml, ML))
    ceiling = convert(stock_q, basis, Basis.PENTAHYDRATE).to(MG_PER_ML).magnitude
    assert result.mixture.concentration.to(MG_PER_ML).magnitude <= ceiling * (1 + 1e-12)


@given(strengths, bases, diluents, st.integers(1, 20), st.integers(0, 20))
def test_by_parts_never_exceeds_its_stock(stock, basis, diluent, stock_parts, diluent_parts):
    stock_q = Quantity(stock, MG_PER_ML)
    mix = mixing.by_parts(stock_q, basis, diluent, stock_parts, diluent_parts)
    ceiling = convert(stock_q, basis, Basis.PENTAHYDRATE).to(MG_PER_ML).magnitude
    assert mix.concentration.to(MG_PER_ML).magnitude <= ceiling * (1 + 1e-12)


@settings(max_examples=300)
@given(st.text(max_size=70), st.sampled_from([VOLUME, MASS, CONCENTRATION, STRENGTH]))
def test_any_text_parses_to_a_finite_positive_amount_or_a_quantity_error(text, kind):
    try:
        quantity = parse_quantity(text, kind)
    except QuantityError as error:
        assert str(error).startswith("must be")
        return
    assert quantity.dimensionality in kind.dimensionalities
    assert math.isfinite(quantity.magnitude) and quantity.magnitude > 0


# Pieces of quantity text, so hypothesis builds near-misses such as '0nan' or '5 mL^2/g'.
_PIECES = st.sampled_from(
    list("0123456789.eE+- /*^µμ²³%_·()wvmgLlcks") + ["mL", "mg", "kg", "cm", "**", "w/w", "w/v",
                                                      "nan", "inf", "mol", "cc", "mcg", "gr"]
)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=10).map("".join),
       st.sampled_from([VOLUME, MASS, CONCENTRATION, STRENGTH]))
def test_near_miss_text_parses_or_raises_a_quantity_error(text, kind):
    try:
        quantity = parse_quantity(text, kind)
    except QuantityError:
        return
    assert quantity.dimensionality in kind.dimensionalities
    assert math.isfinite(quantity.magnitude) and quantity.magnitude > 0


@given(
    st.floats(min_value=0.01, max_value=1000),
    st.sampled_from(["mL", "ml", "L", "cc"]),
    st.sampled_from(["", " ", "  "]),
)
def test_well_formed_volumes_always_parse(number, unit, space):
    text = f"{number!r}{space}{unit}"
    assert parse_quantity(text, VOLUME).magnitude == pytest.approx(number, rel=1e-15)


@given(st.floats(min_value=1, max_value=5000), bases, bases)
def test_a_scaled_formula_always_weighs_its_batch(batch_g, basis, powder):
    batch = scale(FORMULAS[0], Quantity(batch_g, G), basis, powder, PUBLISHED)
    total = sum(line.mass.to(G).magnitude for line in batch.lines)
    assert total == pytest.approx(batch_g, rel=1e-12)
    assert all(line.mass.magnitude > 0 for line in batch.lines)


@given(st.floats(min_value=0, max_value=20))
def test_draw_up_moves_a_volume_by_at_most_half_a_graduation(volume_ml):
    volume = Quantity(volume_ml, ML)
    step = syringe_for(volume).graduation.to(ML).magnitude
    rounded = draw_up(volume).quantity.to(ML).magnitude
    assert abs(rounded - volume_ml) <= step / 2 + 1e-9


@given(st.floats(min_value=0, max_value=10000))
def test_weigh_moves_a_mass_by_at_most_half_the_resolution(mass_g):
    rounded = weigh(Quantity(mass_g, G)).quantity.to(G).magnitude
    assert abs(rounded - mass_g) <= 0.005 + 1e-9
