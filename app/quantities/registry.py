"""The one pint unit registry, its pharmacy units, and how quantities are expressed in them."""

from __future__ import annotations

from typing import TypeAlias

import pint
from pint.facets.plain import PlainQuantity, PlainUnit
from pint.util import UnitsContainer


def _new_registry() -> pint.UnitRegistry[float]:
    """pint's registry, from its on-disk cache of parsed definitions where the user cache
    directory is writable: that saves about a third of a second of every start-up."""
    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:  # no writable cache directory: parse the definitions afresh
        return pint.UnitRegistry()


ureg: pint.UnitRegistry[float] = _new_registry()
# Percentages only mean something with their basis, so they are units of their own.
ureg.define("percent_weight_per_volume = 10 * milligram / milliliter = pct_wv")
ureg.define("percent_weight_per_weight = 10 * milligram / gram = pct_ww")
# pint already knows mcg, µg (micro prefix) and cc (cubic centimetre).

Quantity = ureg.Quantity
Unit = ureg.Unit
# pint makes its Quantity and Unit classes per registry at run time, which a type checker cannot
# follow; each is a subclass of pint's plain Quantity and Unit, whose annotations it can. The
# magnitudes are floats throughout: every quantity is parsed or built from a float.
Qty: TypeAlias = PlainQuantity[float]  # a Quantity of this registry
PintUnit: TypeAlias = PlainUnit  # a Unit of this registry
Dimensionality: TypeAlias = UnitsContainer  # what a Quantity or Unit measures, e.g. [mass]

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
YEAR = ureg.Unit("year")  # a patient's age (issue 23)
G_PER_ML = ureg.Unit("g/mL")  # density of a topical preparation
G_PER_M2 = ureg.Unit("g/m**2")
PERCENT = ureg.Unit("percent")  # a plain percentage, such as a tolerance

# Every unit's label, in this one table: as a person reads it (pages, printouts, /sources) and, for
# a unit the JSON API writes, as it writes it there: a string a stock pint.UnitRegistry() parses
# (docs/api.md), so `cm**2` in JSON and `cm²` for people.
#    unit: (shown, in JSON)
LABELS: dict[PintUnit, tuple[str, str | None]] = {
    MG: ("mg", "mg"),
    G: ("g", "g"),
    KG: ("kg", "kg"),
    MCG: ("µg", "µg"),
    ML: ("mL", "mL"),
    MMOL: ("mmol", "mmol"),
    MG_PER_ML: ("mg/mL", "mg/mL"),
    MG_PER_G: ("mg/g", "mg/g"),
    G_PER_MOL: ("g/mol", "g/mol"),
    MG_PER_KG: ("mg/kg", "mg/kg"),
    CM2: ("cm²", "cm**2"),
    MG_PER_CM2: ("mg/cm²", "mg/cm**2"),
    MMOL_PER_L: ("mmol/L", "mmol/L"),
    MMOL_PER_ML: ("mmol/mL", "mmol/mL"),
    DAY: ("day", "day"),
    YEAR: ("years", "year"),
    G_PER_ML: ("g/mL", "g/mL"),
    G_PER_M2: ("g/m²", "g/m**2"),
    # A percentage always says w/w or w/v; a plain one (a tolerance) is only ever shown.
    PCT_WW: ("% w/w", None),
    PCT_WV: ("% w/v", None),
    PERCENT: ("%", None),
}
# The two columns, for look-ups: how a unit is shown, and how the JSON API writes it.
SHOWN_LABELS: dict[PintUnit, str] = {unit: shown for unit, (shown, _) in LABELS.items()}
UNIT_LABELS: dict[PintUnit, str] = {
    unit: in_json for unit, (_, in_json) in LABELS.items() if in_json is not None
}


def is_weight_per_weight(strength: Qty) -> bool:
    """True for a w/w strength (mass per mass), False for a w/v one (mass per volume)."""
    return bool(strength.dimensionality == DIMENSIONLESS.dimensionality)


def strength_unit(strength: Qty) -> PintUnit:
    """mg/g for a w/w strength, mg/mL for a w/v one."""
    return MG_PER_G if is_weight_per_weight(strength) else MG_PER_ML
