"""The one pint unit registry, its pharmacy units, and how quantities are expressed in them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pint


def _new_registry() -> pint.UnitRegistry:
    """pint's registry, from its on-disk cache of parsed definitions where the user cache
    directory is writable: that saves about a third of a second of every start-up."""
    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:  # no writable cache directory: parse the definitions afresh
        return pint.UnitRegistry()


ureg: pint.UnitRegistry = _new_registry()
# Percentages only mean something with their basis, so they are units of their own.
ureg.define("percent_weight_per_volume = 10 * milligram / milliliter = pct_wv")
ureg.define("percent_weight_per_weight = 10 * milligram / gram = pct_ww")
# pint already knows mcg, µg (micro prefix) and cc (cubic centimetre).

Quantity = ureg.Quantity
Unit = ureg.Unit

# Units looked up once, by name; code uses these, never strings.
MG = ureg.Unit("mg")
G = ureg.Unit("g")
KG = ureg.Unit("kg")
MCG = ureg.Unit("mcg")
ML = ureg.Unit("mL")
MMOL = ureg.Unit("mmol")
MG_PER_ML = ureg.Unit("mg/mL")
MG_PER_G = ureg.Unit("mg/g")
G_PER_MOL = ureg.Unit("g/mol")
MG_PER_KG = ureg.Unit("mg/kg")
CM2 = ureg.Unit("cm**2")
MG_PER_CM2 = ureg.Unit("mg/cm**2")
PCT_WV = ureg.Unit("pct_wv")
PCT_WW = ureg.Unit("pct_ww")
DIMENSIONLESS = ureg.Unit("dimensionless")
MMOL_PER_L = ureg.Unit("mmol/L")
MMOL_PER_ML = ureg.Unit("mmol/mL")
DAY = ureg.Unit("day")
G_PER_ML = ureg.Unit("g/mL")  # density of a topical preparation
G_PER_M2 = ureg.Unit("g/m**2")

# How each response unit is written: strings a stock pint.UnitRegistry() parses.
UNIT_LABELS: dict[Any, str] = {
    MG: "mg",
    G: "g",
    KG: "kg",
    MCG: "µg",
    ML: "mL",
    MMOL: "mmol",
    MG_PER_ML: "mg/mL",
    MG_PER_G: "mg/g",
    G_PER_MOL: "g/mol",
    MG_PER_KG: "mg/kg",
    CM2: "cm**2",
    MG_PER_CM2: "mg/cm**2",
    MMOL_PER_L: "mmol/L",
    MMOL_PER_ML: "mmol/mL",
    DAY: "day",
    G_PER_ML: "g/mL",
    G_PER_M2: "g/m**2",
}


def is_weight_per_weight(strength: Any) -> bool:
    """True for a w/w strength (mass per mass), False for a w/v one (mass per volume)."""
    return bool(strength.dimensionality == DIMENSIONLESS.dimensionality)


def in_unit(quantity: Any, unit: Any) -> Any:
    """The quantity expressed in `unit`, skipping pint's conversion when it already is."""
    # A conversion costs pint ~10 µs even when there is nothing to convert; a mix does dozens.
    # Quantities built by quantity_of share their Unit's container, so identity usually answers
    # before pint's slower container comparison.
    if quantity._units is unit._units or quantity._units == unit._units:
        return quantity
    return quantity.to(unit)


def quantity_of(magnitude: float, unit: Any) -> Any:
    """A Quantity of a float magnitude in a registry Unit, the same object Quantity() builds."""
    # Quantity() spends ~5 µs on checks that a float and a registry Unit never need; a plan
    # builds dozens per request. These two attributes are all that Quantity.__new__ sets.
    made = object.__new__(Quantity)
    made._magnitude = magnitude
    made._units = unit._units
    return made


def canonical(quantity: Any, unit: Any) -> Any:
    """The quantity in `unit`, holding that Unit's own container, so that later `in_unit` checks
    on it and on whatever `product` and `scaled` make from it are identity checks."""
    converted = in_unit(quantity, unit)
    if converted._units is unit._units:
        return converted
    return quantity_of(converted._magnitude, unit)


def scaled(quantity: Any, factor: float) -> Any:
    """The quantity times a pure number, in its own unit: what pint's `*` gives, at a tenth of
    the cost."""
    made = object.__new__(Quantity)
    made._magnitude = quantity._magnitude * factor
    made._units = quantity._units
    return made


@lru_cache(maxsize=256)
def _product_factor(left: Any, right: Any, unit: Any) -> float:
    """What a product in units `left × right` is multiplied by to express it in `unit`."""
    return float(Quantity(1.0, left * right).to(unit).magnitude)


def product(left: Any, right: Any, unit: Any) -> Any:
    """left × right expressed in `unit`, e.g. mL × mg/mL in mg, with the same value pint's
    `(left * right).to(unit)` gives; pint checks the units once per distinct combination."""
    factor = _product_factor(left._units, right._units, unit)
    magnitude = left._magnitude * right._magnitude
    return quantity_of(magnitude if factor == 1 else magnitude * factor, unit)


def to_json(quantity: Any, unit: Any) -> dict[str, Any]:
    """Express a quantity in a given unit as the API's {value, unit} object, unrounded."""
    return {"value": float(in_unit(quantity, unit).magnitude), "unit": UNIT_LABELS[unit]}
