"""Pydantic field types that turn request strings into pint Quantities, and back for responses."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from app.quantities import parsing
from app.quantities import registry as units
from app.quantities.parsing import MAX_TEXT_LENGTH, Kind, QuantityError, parse_quantity


class ApiModel(BaseModel):
    """Base for request models: defaults are parsed like input, so they are Quantities too."""

    # NaN and Infinity are valid Python JSON but never a valid amount, count or percentage.
    model_config = ConfigDict(validate_default=True, allow_inf_nan=False)


class QuantityOut(BaseModel):
    """A quantity in a response: a number and a unit a stock pint registry parses."""

    value: float
    unit: str


def out(quantity: Any, unit: Any) -> QuantityOut:
    """A response quantity in the given unit, unrounded."""
    return QuantityOut(**units.to_json(quantity, unit))


def maybe_out(quantity: Any | None, unit: Any) -> QuantityOut | None:
    """A response quantity, or None where there is nothing to report."""
    return None if quantity is None else out(quantity, unit)


def quantity_type(
    kind: Kind, example: str, *, maxima: tuple[str, ...] = (), allow_zero: bool = False
) -> Any:
    """An annotated field type that accepts text such as `example` and yields a Quantity."""
    limits = tuple(units.Quantity(float(number), unit) for number, unit in map(str.split, maxima))
    if " or " not in kind.example:  # a field's own example reads better than the kind's
        kind = replace(kind, example=f"'{example}'")

    # Requests repeat the same few texts ('1.25 mL', '250 mg/mL'), so each is parsed once; a
    # Quantity is never changed in place, and failures (exceptions) are not cached.
    @lru_cache(maxsize=1024)
    def parsed(text: str) -> Any:
        return parse_quantity(text, kind, maxima=limits, allow_zero=allow_zero)

    def validate(value: object, info: ValidationInfo) -> Any:
        if isinstance(value, units.Quantity):  # a default already parsed
            return value
        try:
            if isinstance(value, str):
                return parsed(value)
            return parse_quantity(value, kind, maxima=limits, allow_zero=allow_zero)
        except QuantityError as error:
            raise PydanticCustomError(
                "quantity", "{field} {reason}", {"field": info.field_name, "reason": str(error)}
            ) from error

    schema = {"type": "string", "maxLength": MAX_TEXT_LENGTH, "examples": [example]}
    return Annotated[Any, PlainValidator(validate), WithJsonSchema(schema)]


Volume = quantity_type(parsing.VOLUME, "5 mL", maxima=("1000 mL",))
VolumeOrZero = quantity_type(parsing.VOLUME, "5 mL", maxima=("1000 mL",), allow_zero=True)
Concentration = quantity_type(parsing.CONCENTRATION, "250 mg/mL", maxima=("1000 mg/mL",))
Strength = quantity_type(
    parsing.STRENGTH, "10 % w/w", maxima=("1000 mg/mL", "1000 mg/g")
)
BatchAmount = quantity_type(parsing.MASS_OR_VOLUME, "100 g", maxima=("10 kg", "10 L"))
Mass = quantity_type(parsing.MASS, "5 g", maxima=("10 kg",))
BatchMass = quantity_type(parsing.MASS, "100 g", maxima=("10 kg",))
BodyWeight = quantity_type(parsing.MASS, "20 kg", maxima=("500 kg",))
Area = quantity_type(parsing.AREA, "50 cm^2", maxima=("30000 cm**2",))
AmountPerArea = quantity_type(parsing.AMOUNT_PER_AREA, "2 mg/cm^2", maxima=("1000 mg/cm**2",))
