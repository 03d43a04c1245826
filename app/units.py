"""The one pint unit registry, its pharmacy units, and parsing of user text into quantities."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
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

# Only units a pharmacy writes are accepted: pint also knows grains ('gr'), megalitres ('ML')
# and gallons, and a slip of the keyboard must not silently turn into one of those.
ACCEPTED_UNIT_NAMES = frozenset(
    {
        "kilogram", "gram", "milligram", "microgram", "pound",
        "liter", "deciliter", "milliliter", "microliter", "cubic_centimeter",
        "meter", "centimeter", "millimeter",
        "mole", "millimole", "micromole",
        "percent_weight_per_volume", "percent_weight_per_weight",
    }
)

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


class QuantityError(ValueError):
    """User text that is not a usable quantity; the message says what was expected."""


@dataclass(frozen=True)
class Kind:
    """What a field expects: a name for messages, an example, and the dimensionalities allowed."""

    noun: str
    example: str
    dimensionalities: tuple[Any, ...]
    percent: bool = False  # whether '% w/w' / '% w/v' is a way of writing it


_VOLUME_DIM = ureg.Unit("mL").dimensionality
_MASS_DIM = ureg.Unit("g").dimensionality
_CONCENTRATION_DIM = ureg.Unit("mg/mL").dimensionality
_RATIO_DIM = DIMENSIONLESS.dimensionality
_LENGTH_DIM = ureg.Unit("m").dimensionality

VOLUME = Kind("a volume", "'5 mL'", (_VOLUME_DIM,))
MASS = Kind("a mass", "'0.5 g'", (_MASS_DIM,))
MASS_OR_VOLUME = Kind("a mass or a volume", "'100 g' or '100 mL'", (_MASS_DIM, _VOLUME_DIM))
AREA = Kind("an area", "'50 cm^2'", (ureg.Unit("cm**2").dimensionality,))
AMOUNT_PER_AREA = Kind(
    "an amount per area", "'2 mg/cm^2'", (ureg.Unit("mg/cm**2").dimensionality,)
)
CONCENTRATION = Kind(
    "a concentration", "'250 mg/mL' or '25 % w/v'", (_CONCENTRATION_DIM,), percent=True
)
# A dimensionless strength is accepted only from mass-per-mass units (see _is_mass_ratio).
STRENGTH = Kind(
    "a strength",
    "'250 mg/mL', '100 mg/g' or '10 % w/w'",
    (_CONCENTRATION_DIM, _RATIO_DIM),
    percent=True,
)
# Used for deployment overrides of published ceilings (app/settings.py).
DOSE_PER_BODY_WEIGHT = Kind("a dose per body weight", "'4.5 mg/kg'", (_RATIO_DIM,))
DENSITY = Kind("a density", "'1 g/mL'", (_CONCENTRATION_DIM,))

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$", re.ASCII)
_NON_FINITE = re.compile(r"^\s*[+-]?(nan|inf|infinity)\b", re.IGNORECASE)
_PERCENT = re.compile(r"^(?:%|percent)\s*(.*)$", re.IGNORECASE)
_PERCENT_BASIS = re.compile(r"^\(?\s*(w\s*/\s*w|w\s*/\s*v)\s*\)?$", re.IGNORECASE)
_TERM = re.compile(r"([A-Za-zµμ_]+)\s*(?:(?:\^|\*\*)\s*([+-]?\d)|([²³]))?")
_JOIN = re.compile(r"\s*(/|\*|·|\s)\s*")
_SUPERSCRIPT = {"²": 2, "³": 3}
MAX_TEXT_LENGTH = 64


def describe(dimensionality: Any) -> str:
    """Name a dimensionality the way a clinician would."""
    for kind in (VOLUME, MASS, AREA, AMOUNT_PER_AREA, CONCENTRATION):
        if kind.dimensionalities == (dimensionality,):
            return kind.noun
    if dimensionality == _LENGTH_DIM:
        return "a length"
    if dimensionality == _RATIO_DIM:
        return "a plain ratio (a w/w strength is a mass per mass, such as mg/g or % w/w)"
    return f"a quantity in {dimensionality}"


@lru_cache(maxsize=512)
def lookup_unit(text: str) -> Any:
    """Turn unit text such as 'mg/mL' or 'cm²' into a pint Unit, once per distinct text."""
    text = text.strip()
    if not text:
        raise QuantityError("no unit given")
    unit = DIMENSIONLESS
    position, divide = 0, False
    while True:
        term = _TERM.match(text, position)
        if term is None:
            raise QuantityError(
                f"'{text}' is not a unit this planner knows (use a point for decimals)"
            )
        name, power_text, superscript = term.groups()
        try:
            base = ureg.parse_units(name)
        except (pint.UndefinedUnitError, ValueError) as error:  # 'nan' parses as a number
            raise QuantityError(f"'{name}' is not a unit this planner knows") from error
        if not set(base._units) <= ACCEPTED_UNIT_NAMES:
            raise QuantityError(
                f"'{name}' is not a unit this planner accepts (it means {base}); "
                "use g, mg, mcg, kg, mL, L, cc, cm or mmol"
            )
        power = int(power_text) if power_text else _SUPERSCRIPT.get(superscript or "", 1)
        unit = unit / base**power if divide else unit * base**power
        position = term.end()
        if position == len(text):
            return unit
        join = _JOIN.match(text, position)
        if join is None:
            raise QuantityError(f"'{text}' is not a unit this planner knows")
        divide = join.group(1) == "/"
        position = join.end()


@lru_cache(maxsize=512)
def _is_mass_ratio(unit: Any) -> bool:
    """True for mass-per-mass units such as mg/g or pct_ww, not for bare % or numbers."""
    if unit == PCT_WW:
        return True
    signs = {
        exponent > 0
        for name, exponent in unit._units.items()
        if ureg.Unit(name).dimensionality == _MASS_DIM
    }
    return signs == {True, False}


def _split(text: str) -> tuple[float, str]:
    """Split 'number unit' text, rejecting what is not a finite decimal number."""
    if _NON_FINITE.match(text):
        raise QuantityError("got something that is not a finite number")
    match = _NUMBER.match(text)
    if match is None:
        raise QuantityError("it must start with a number (use a point for decimals)")
    magnitude = float(match.group(1))
    if not math.isfinite(magnitude):
        raise QuantityError("the number is too large")
    return magnitude, match.group(2)


def parse_quantity(
    text: object,
    kind: Kind,
    *,
    maxima: tuple[Any, ...] = (),
    allow_zero: bool = False,
) -> Any:
    """Parse user text into a Quantity of the expected kind or raise QuantityError."""
    expected = f"{kind.noun} such as {kind.example}"
    if not isinstance(text, str):
        raise QuantityError(
            f"must be {expected}, written as text with its unit; got {_json_type(text)}"
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise QuantityError(
            f"must be {expected} in at most {MAX_TEXT_LENGTH} characters; got {len(text)}"
        )
    try:
        magnitude, unit_text = _split(text)
    except QuantityError as error:
        raise QuantityError(f"must be {expected}; {error}") from error
    percent = _PERCENT.match(unit_text)
    if percent:
        unit = _percent_unit(percent.group(1), kind, expected)
    else:
        try:
            unit = lookup_unit(unit_text)
        except QuantityError as error:
            raise QuantityError(f"must be {expected}; {error}") from error
    fits = unit.dimensionality in kind.dimensionalities and (
        unit.dimensionality != _RATIO_DIM or _is_mass_ratio(unit)
    )
    if not fits:
        raise QuantityError(f"must be {expected}; got {describe(unit.dimensionality)}")
    if magnitude < 0:
        raise QuantityError(f"must be {expected}; it cannot be negative")
    if magnitude == 0 and not allow_zero:
        raise QuantityError(f"must be {expected}; it must be more than zero")
    quantity = Quantity(magnitude, unit)
    for maximum in maxima:
        if maximum.dimensionality == quantity.dimensionality and quantity > maximum:
            raise QuantityError(
                f"must be {expected}; {text.strip()} is more than the planner accepts "
                f"(at most {maximum:~P})"
            )
    return quantity


def _json_type(value: object) -> str:
    """Name the JSON type of a value that should have been text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a bare number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _percent_unit(basis_text: str, kind: Kind, expected: str) -> Any:
    """The unit of a percentage, which must say w/w or w/v."""
    if not kind.percent:
        raise QuantityError(f"must be {expected}; got a percentage")
    if not basis_text.strip():
        raise QuantityError(f"must be {expected}; a bare % does not say whether it is w/w or w/v")
    basis = _PERCENT_BASIS.match(basis_text)
    if basis is None:
        raise QuantityError(
            f"must be {expected}; a percentage must be '% w/w' or '% w/v', got '% {basis_text}'"
        )
    return PCT_WW if basis.group(1).replace(" ", "").lower() == "w/w" else PCT_WV


def is_weight_per_weight(strength: Any) -> bool:
    """True for a w/w strength (mass per mass), False for a w/v one (mass per volume)."""
    return bool(strength.dimensionality == _RATIO_DIM)


def in_unit(quantity: Any, unit: Any) -> Any:
    """The quantity expressed in `unit`, skipping pint's conversion when it already is."""
    # A conversion costs pint ~10 µs even when there is nothing to convert; a mix does dozens.
    if quantity._units == unit._units:
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
