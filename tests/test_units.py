"""Parsing user text into quantities: what is accepted, and what each refusal says."""

from __future__ import annotations

import pytest

from app.quantities import parsing
from app.quantities import registry as units
from app.quantities.fast import to_json
from app.quantities.parsing import (
    AREA,
    CONCENTRATION,
    MASS,
    STRENGTH,
    VOLUME,
    QuantityError,
    parse_quantity,
)
from app.quantities.registry import ureg

REL = 1e-12  # exact conversions: only float rounding may differ


@pytest.mark.parametrize(
    ("text", "kind", "unit", "expected"),
    [
        ("5 mL", VOLUME, units.ML, 5.0),
        ("5mL", VOLUME, units.ML, 5.0),
        ("  5 ml  ", VOLUME, units.ML, 5.0),
        ("5 cc", VOLUME, units.ML, 5.0),  # 1 cc = 1 cm³ = 1 mL
        ("0.5 L", VOLUME, units.ML, 500.0),
        (".5 mL", VOLUME, units.ML, 0.5),
        ("1e1 mL", VOLUME, units.ML, 10.0),
        ("500 mcg", MASS, units.MG, 0.5),  # 500 µg = 0.5 mg
        ("500 µg", MASS, units.MG, 0.5),  # micro sign U+00B5
        ("500 μg", MASS, units.MG, 0.5),  # Greek mu U+03BC
        ("0.5 g", MASS, units.MG, 500.0),
        ("20 kg", MASS, units.KG, 20.0),
        ("50 cm^2", AREA, units.CM2, 50.0),
        ("50 cm**2", AREA, units.CM2, 50.0),
        ("50 cm²", AREA, units.CM2, 50.0),
        ("250 mg/mL", CONCENTRATION, units.MG_PER_ML, 250.0),
        ("25 % w/v", CONCENTRATION, units.MG_PER_ML, 250.0),  # 1 % w/v = 10 mg/mL
        ("25%w/v", CONCENTRATION, units.MG_PER_ML, 250.0),
        ("25 % W/V", CONCENTRATION, units.MG_PER_ML, 250.0),
        ("25 % (w/v)", CONCENTRATION, units.MG_PER_ML, 250.0),
        ("0.25 g/mL", CONCENTRATION, units.MG_PER_ML, 250.0),
        ("10 % w/w", STRENGTH, units.MG_PER_G, 100.0),  # 1 % w/w = 10 mg/g
        ("10 percent w/w", STRENGTH, units.MG_PER_G, 100.0),
        ("100 mg/g", STRENGTH, units.MG_PER_G, 100.0),
        ("100 g/kg", STRENGTH, units.MG_PER_G, 100.0),  # 100 g per 1000 g = 100 mg/g
        # pint cancels these to a plain number, but the text says mass per mass: w/w
        ("0.1 g/g", STRENGTH, units.MG_PER_G, 100.0),  # 0.1 g per g = 100 mg/g
        ("0.1 kg/kg", STRENGTH, units.MG_PER_G, 100.0),  # 0.1 kg per kg = 100 mg/g
        ("0.1 kg / kg", STRENGTH, units.MG_PER_G, 100.0),
        ("0.05 mg/mg", STRENGTH, units.MG_PER_G, 50.0),  # 0.05 mg per mg = 0.05 g/g = 50 mg/g
        ("10 pct_ww", STRENGTH, units.MG_PER_G, 100.0),  # the registry's own name for % w/w
        ("125 mg/mL", STRENGTH, units.MG_PER_ML, 125.0),
        ("3 % w/v", STRENGTH, units.MG_PER_ML, 30.0),
    ],
)
def test_accepted_text_parses_to_the_right_amount(text, kind, unit, expected):
    assert parse_quantity(text, kind).to(unit).magnitude == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        # wrong dimension: the contract's own example shape
        ("5 g", VOLUME, "must be a volume such as '5 mL'; got a mass"),
        ("5 mL", MASS, "must be a mass such as '0.5 g'; got a volume"),
        ("250 mg", CONCENTRATION, "got a mass"),
        ("50 cm", AREA, "got a length"),
        ("5 mL/mL", STRENGTH, "got a plain ratio (a w/w strength is a mass per mass"),
        ("0.1 dimensionless", STRENGTH, "got a plain ratio (a w/w strength is a mass per mass"),
        ("0.1", STRENGTH, "no unit given"),
        ("0.1 g/g", CONCENTRATION, "got a plain ratio"),  # w/w is not a concentration
        ("0.1 g/g", MASS, "got a plain ratio"),
        # a bare % says neither w/w nor w/v
        ("10 %", STRENGTH, "a bare % does not say whether it is w/w or w/v"),
        ("10 percent", STRENGTH, "a bare % does not say whether it is w/w or w/v"),
        ("10 % v/v", STRENGTH, "a percentage must be '% w/w' or '% w/v', got '% v/v'"),
        ("10 % w/w", CONCENTRATION, "got a plain ratio"),
        ("10 % w/w", VOLUME, "got a percentage"),
        # numbers that are not finite, positive amounts
        ("nan mL", VOLUME, "not a finite number"),
        ("NaN mL", VOLUME, "not a finite number"),
        ("inf mL", VOLUME, "not a finite number"),
        ("-Infinity mL", VOLUME, "not a finite number"),
        ("1e400 mL", VOLUME, "the number is too large"),
        ("-5 mL", VOLUME, "it cannot be negative"),
        ("0 mL", VOLUME, "it must be more than zero"),
        ("0.0 g", MASS, "it must be more than zero"),
        # text that is not a number and a unit
        ("mL", VOLUME, "it must start with a number"),
        ("", VOLUME, "it must start with a number"),
        ("5", VOLUME, "no unit given"),
        ("1,5 mL", VOLUME, "use a point for decimals"),
        ("5 foo", VOLUME, "'foo' is not a unit this planner knows"),
        ("5 mL)", VOLUME, "is not a unit this planner knows"),
        ("0nan", VOLUME, "'nan' is not a unit this planner knows"),  # found by hypothesis
        ("5 inf", VOLUME, "'inf' is not a unit this planner knows"),
        ("٥ mL", VOLUME, "it must start with a number"),  # non-ASCII digit
        # units pint knows but a pharmacy never means: a slip must not become one
        ("5 gr", MASS, "'gr' is not a unit this planner accepts (it means grain)"),
        ("5 ML", VOLUME, "'ML' is not a unit this planner accepts (it means megaliter)"),
        ("5 gal", VOLUME, "'gal' is not a unit this planner accepts"),
        ("5 degC", VOLUME, "'degC' is not a unit this planner accepts"),
    ],
)
def test_refused_text_says_what_was_expected(text, kind, message):
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, kind)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"must be {kind.noun}")


@pytest.mark.parametrize(
    ("value", "named"),
    [(5, "a bare number"), (5.0, "a bare number"), (None, "null"), (True, "true/false"),
     ([1], "a list"), ({"a": 1}, "an object")],
)
def test_non_text_is_refused_naming_its_type(value, named):
    with pytest.raises(QuantityError, match=f"got {named}"):
        parse_quantity(value, VOLUME)


def test_over_long_text_is_refused_before_parsing():
    text = "5" * (parsing.MAX_TEXT_LENGTH + 1)
    with pytest.raises(QuantityError, match=f"at most {parsing.MAX_TEXT_LENGTH} characters"):
        parse_quantity(text, VOLUME)


def test_zero_is_accepted_where_allowed():
    assert parse_quantity("0 mL", VOLUME, allow_zero=True).magnitude == 0


def test_a_maximum_is_enforced_and_stated():
    limit = units.Quantity(1000, units.ML)
    assert parse_quantity("1 L", VOLUME, maxima=(limit,)).to(units.ML).magnitude == 1000
    with pytest.raises(QuantityError, match=r"1\.5 L is more than the planner accepts \(at most"):
        parse_quantity("1.5 L", VOLUME, maxima=(limit,))


@pytest.mark.parametrize(
    ("text", "weight_per_weight"),
    [
        ("10 % w/w", True),
        ("100 mg/g", True),
        ("0.1 g/g", True),
        ("0.1 kg/kg", True),
        ("25 % w/v", False),
        ("250 mg/mL", False),
    ],
)
def test_w_w_is_told_from_w_v(text, weight_per_weight):
    assert units.is_weight_per_weight(parse_quantity(text, STRENGTH)) is weight_per_weight


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        (units.Quantity(1.25, units.G), units.MG, {"value": 1250.0, "unit": "mg"}),
        (units.Quantity(25, units.PCT_WV), units.MG_PER_ML, {"value": 250.0, "unit": "mg/mL"}),
        (units.Quantity(10, units.PCT_WW), units.MG_PER_G, {"value": 100.0, "unit": "mg/g"}),
        (units.Quantity(50, units.CM2), units.CM2, {"value": 50.0, "unit": "cm**2"}),
    ],
)
def test_response_units_parse_in_a_stock_registry(quantity, unit, expected):
    assert to_json(quantity, unit) == pytest.approx(expected)
    stock = type(ureg)()  # a fresh, stock pint.UnitRegistry
    assert stock.Quantity(1, expected["unit"]).dimensionality == quantity.dimensionality
