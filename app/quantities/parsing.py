"""Parsing user text such as '250 mg/mL' or '10 % w/w' into a Quantity of an expected kind."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pint

from app.quantities.fast import unit_names
from app.quantities.registry import (
    DIMENSIONLESS,
    PCT_WV,
    PCT_WW,
    Dimensionality,
    PintUnit,
    Qty,
    Quantity,
    ureg,
)

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
MAX_TEXT_LENGTH = 64


class QuantityError(ValueError):
    """User text that is not a usable quantity; the message says what was expected."""


@dataclass(frozen=True)
class QuantityKind:
    """What a field expects: a name for messages, an example, and the dimensionalities allowed."""

    noun: str
    example: str
    dimensionalities: tuple[Dimensionality, ...]
    percent: bool = False  # whether '% w/w' / '% w/v' is a way of writing it


_VOLUME_DIM = ureg.Unit("mL").dimensionality
_MASS_DIM = ureg.Unit("g").dimensionality
_CONCENTRATION_DIM = ureg.Unit("mg/mL").dimensionality
_RATIO_DIM = DIMENSIONLESS.dimensionality
_LENGTH_DIM = ureg.Unit("m").dimensionality

VOLUME = QuantityKind("a volume", "'5 mL'", (_VOLUME_DIM,))
MASS = QuantityKind("a mass", "'0.5 g'", (_MASS_DIM,))
MASS_OR_VOLUME = QuantityKind("a mass or a volume", "'100 g' or '100 mL'", (_MASS_DIM, _VOLUME_DIM))
AREA = QuantityKind("an area", "'50 cm^2'", (ureg.Unit("cm**2").dimensionality,))
AMOUNT_PER_AREA = QuantityKind(
    "an amount per area", "'2 mg/cm^2'", (ureg.Unit("mg/cm**2").dimensionality,)
)
CONCENTRATION = QuantityKind(
    "a concentration", "'250 mg/mL' or '25 % w/v'", (_CONCENTRATION_DIM,), percent=True
)
# A dimensionless strength is accepted only when written as a mass per mass (_is_mass_ratio).
STRENGTH = QuantityKind(
    "a strength",
    "'250 mg/mL', '100 mg/g' or '10 % w/w'",
    (_CONCENTRATION_DIM, _RATIO_DIM),
    percent=True,
)
# Used for deployment overrides of published ceilings (app/settings.py).
DOSE_PER_BODY_WEIGHT = QuantityKind("a dose per body weight", "'4.5 mg/kg'", (_RATIO_DIM,))
DENSITY = QuantityKind("a density", "'1 g/mL'", (_CONCENTRATION_DIM,))

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$", re.ASCII)
_NON_FINITE = re.compile(r"^\s*[+-]?(nan|inf|infinity)\b", re.IGNORECASE)
_PERCENT = re.compile(r"^(?:%|percent)\s*(.*)$", re.IGNORECASE)
_PERCENT_BASIS = re.compile(r"^\(?\s*(w\s*/\s*w|w\s*/\s*v)\s*\)?$", re.IGNORECASE)
# A power follows a unit as ^2, **2, ² or, as clinicians type it, a bare 2 or 3 ('cm2').
_TERM = re.compile(r"([A-Za-zµμ_]+)(?:([23])(?![\d.])|\s*(?:(?:\^|\*\*)\s*([+-]?\d)|([²³])))?")
_JOIN = re.compile(r"\s*(/|\*|·|\s)\s*")
_SUPERSCRIPT = {"²": 2, "³": 3}


def describe(dimensionality: Dimensionality) -> str:
    """Name a dimensionality the way a clinician would."""
    for kind in (VOLUME, MASS, AREA, AMOUNT_PER_AREA, CONCENTRATION):
        if kind.dimensionalities == (dimensionality,):
            return kind.noun
    if dimensionality == _LENGTH_DIM:
        return "a length"
    if dimensionality == _RATIO_DIM:
        return "a plain ratio (a w/w strength is a mass per mass, such as mg/g or % w/w)"
    return f"a quantity in {dimensionality}"


def _base_unit(name: str) -> PintUnit:
    """One accepted unit name, such as 'mg' or 'cc', as a pint Unit."""
    try:
        base = ureg.parse_units(name)
    except (pint.UndefinedUnitError, ValueError) as error:  # 'nan' parses as a number
        raise QuantityError(f"'{name}' is not a unit this planner knows") from error
    if not unit_names(base) <= ACCEPTED_UNIT_NAMES:
        raise QuantityError(
            f"'{name}' is not a unit this planner accepts (it means {base}); "
            "use g, mg, mcg, kg, mL, L, cc, cm or mmol"
        )
    return base


@lru_cache(maxsize=512)
def _terms(text: str) -> tuple[tuple[PintUnit, int], ...]:
    """The unit terms of text such as 'mg/mL' or 'cm²', each with its signed power."""
    text = text.strip()
    if not text:
        raise QuantityError("no unit given")
    terms: list[tuple[PintUnit, int]] = []
    position, divide = 0, False
    while True:
        term = _TERM.match(text, position)
        if term is None:
            raise QuantityError(
                f"'{text}' is not a unit this planner knows (use a point for decimals)"
            )
        name, bare, power_text, superscript = term.groups()
        power = int(bare or power_text) if (bare or power_text) else _SUPERSCRIPT.get(
            superscript or "", 1)
        terms.append((_base_unit(name), -power if divide else power))
        position = term.end()
        if position == len(text):
            return tuple(terms)
        join = _JOIN.match(text, position)
        if join is None:
            raise QuantityError(f"'{text}' is not a unit this planner knows")
        divide = join.group(1) == "/"
        position = join.end()


@lru_cache(maxsize=512)
def lookup_unit(text: str) -> PintUnit:
    """Turn unit text such as 'mg/mL' or 'cm²' into a pint Unit, once per distinct text."""
    unit = DIMENSIONLESS
    for base, power in _terms(text):
        unit = unit * base**power
    return unit


@lru_cache(maxsize=512)
def _is_mass_ratio(text: str) -> bool:
    """True for unit text that puts a mass over a mass, such as 'mg/g', 'g/g' or 'pct_ww'."""
    # Read from the text, not the unit: pint cancels 'g/g' to a plain number, which is w/w
    # all the same, while 'mL/mL' or 'dimensionless' says nothing about mass.
    if lookup_unit(text) == PCT_WW:
        return True
    signs = {power > 0 for base, power in _terms(text) if base.dimensionality == _MASS_DIM}
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
    kind: QuantityKind,
    *,
    maxima: tuple[Qty, ...] = (),
    allow_zero: bool = False,
) -> Qty:
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
        percent = _PERCENT.match(unit_text)
        unit = _percent_unit(percent.group(1), kind) if percent else lookup_unit(unit_text)
    except QuantityError as error:
        raise QuantityError(f"must be {expected}; {error}") from error
    if unit.dimensionality == _RATIO_DIM:
        fits = _RATIO_DIM in kind.dimensionalities and (
            unit == PCT_WW if percent else _is_mass_ratio(unit_text)
        )
    else:
        fits = unit.dimensionality in kind.dimensionalities
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


def _percent_unit(basis_text: str, kind: QuantityKind) -> PintUnit:
    """The unit of a percentage, which must say w/w or w/v."""
    if not kind.percent:
        raise QuantityError("got a percentage")
    if not basis_text.strip():
        raise QuantityError("a bare % does not say whether it is w/w or w/v")
    basis = _PERCENT_BASIS.match(basis_text)
    if basis is None:
        raise QuantityError(
            f"a percentage must be '% w/w' or '% w/v', got '% {basis_text}'"
        )
    return PCT_WW if basis.group(1).replace(" ", "").lower() == "w/w" else PCT_WV
