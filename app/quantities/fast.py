"""The fast path: the only module that touches pint's private attributes, so that a pint upgrade
that changes them breaks here alone (tests/test_fast_path.py checks that no other module does).

pint spends microseconds per Quantity on checks that a float and a registry Unit never need, and a
plan builds thousands; these helpers build the same Quantities with the same floats, and a property
test compares whole plans made with them and with plain pint, JSON for JSON. Nothing here is
cached across calls except conversion factors (plain floats keyed by units, never by `id()`), and
every call returns a new Quantity, so no Quantity is ever shared between requests.
"""

from __future__ import annotations

from functools import lru_cache

from app.quantities.registry import UNIT_LABELS, PintUnit, Qty, Quantity


def unit_names(unit: PintUnit) -> frozenset[str]:
    """The names of the base units a Unit is made of, e.g. {'milligram'} for mg."""
    return frozenset(unit._units)


def in_unit(quantity: Qty, unit: PintUnit) -> Qty:
    """The quantity expressed in `unit`, skipping pint's conversion when it already is."""
    # A conversion costs pint ~10 µs even when there is nothing to convert; a mix does dozens.
    # Quantities built by quantity_of share their Unit's container, so identity usually answers
    # before pint's slower container comparison.
    if quantity._units is unit._units or quantity._units == unit._units:
        return quantity
    return quantity.to(unit)


def magnitude_in(quantity: Qty, unit: PintUnit) -> float:
    """The quantity's magnitude in `unit`, as pint's `quantity.to(unit).magnitude` gives it."""
    # Sums, JSON bodies and working lines read dozens of magnitudes per visit, nearly all
    # already in the unit asked for: neither a Quantity nor pint's property call is needed.
    if quantity._units is unit._units:
        return quantity._magnitude
    return in_unit(quantity, unit)._magnitude


def quantity_of(magnitude: float, unit: PintUnit) -> Qty:
    """A Quantity of a float magnitude in a registry Unit, the same object Quantity() builds."""
    # Quantity() spends ~5 µs on checks that a float and a registry Unit never need; a plan
    # builds dozens per request. These two attributes are all that Quantity.__new__ sets.
    made = object.__new__(Quantity)
    made._magnitude = magnitude
    made._units = unit._units
    return made


def canonical(quantity: Qty, unit: PintUnit) -> Qty:
    """The quantity in `unit`, holding that Unit's own container, so that later `in_unit` checks
    on it and on whatever `product` and `scaled` make from it are identity checks."""
    converted = in_unit(quantity, unit)
    if converted._units is unit._units:
        return converted
    return quantity_of(converted._magnitude, unit)


def scaled(quantity: Qty, factor: float) -> Qty:
    """The quantity times a pure number, in its own unit: what pint's `*` gives, at a tenth of
    the cost."""
    made = object.__new__(Quantity)
    made._magnitude = quantity._magnitude * factor
    made._units = quantity._units
    return made


@lru_cache(maxsize=256)
def _product_factor(left: PintUnit, right: PintUnit, unit: PintUnit) -> float:
    """What a product in units `left × right` is multiplied by to express it in `unit`."""
    return float(Quantity(1.0, left * right).to(unit).magnitude)


def product(left: Qty, right: Qty, unit: PintUnit) -> Qty:
    """left × right expressed in `unit`, e.g. mL × mg/mL in mg, with the same value pint's
    `(left * right).to(unit)` gives; pint checks the units once per distinct combination."""
    factor = _product_factor(left._units, right._units, unit)
    magnitude = left._magnitude * right._magnitude
    return quantity_of(magnitude if factor == 1 else magnitude * factor, unit)


def to_json(quantity: Qty, unit: PintUnit) -> dict[str, float | str]:
    """Express a quantity in a given unit as the API's {value, unit} object, unrounded."""
    return {"value": float(magnitude_in(quantity, unit)), "unit": UNIT_LABELS[unit]}
