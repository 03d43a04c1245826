"""Pydantic field types that turn request strings into pint Quantities, and back for responses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    Strict,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.config import JsonDict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

# Free text has one rule, kept in the domain so that every layer shares it (app.clinical.text);
# re-exported here for the request models that take it with the API's other field types.
from app.clinical.facts import BODY_WEIGHT_MIN
from app.clinical.text import FORBIDDEN as FORBIDDEN
from app.clinical.text import PlainName as PlainName
from app.clinical.text import PlainText as PlainText
from app.contracts.patterns import date_pattern_up_to, quantity_pattern, written_ranges
from app.quantities import fast, parsing
from app.quantities import registry as units
from app.quantities.parsing import MAX_TEXT_LENGTH, QuantityError, QuantityKind, parse_quantity
from app.quantities.registry import PintUnit, Qty


class ApiModel(BaseModel):
    """Base for request models: defaults are parsed like input, so they are Quantities too."""

    # NaN and Infinity are valid Python JSON but never a valid amount, count or percentage.
    model_config = ConfigDict(validate_default=True, allow_inf_nan=False)


class QuantityOut(BaseModel):
    """A quantity in a response: a number and a unit a stock pint registry parses."""

    value: float
    unit: str


def out(quantity: Qty, unit: PintUnit) -> QuantityOut:
    """A response quantity in the given unit, unrounded."""
    return QuantityOut(value=float(fast.magnitude_in(quantity, unit)), unit=units.UNIT_LABELS[unit])


def maybe_out(quantity: Qty | None, unit: PintUnit) -> QuantityOut | None:
    """A response quantity, or None where there is nothing to report."""
    return None if quantity is None else out(quantity, unit)


def _quantities(texts: tuple[str, ...]) -> tuple[Qty, ...]:
    """Limits written as text, e.g. ('1000 mL',), as Quantities."""
    return tuple(units.Quantity(float(number), unit) for number, unit in map(str.split, texts))


def at_least(
    quantity: Qty, text: str, kind: QuantityKind, minima: tuple[tuple[Qty, str], ...]
) -> Qty:
    """The quantity, unless it is above zero but below the smallest amount the planner works
    with: a floor under every field, so that no arithmetic meets 1e-320 and overflows."""
    for minimum, written in minima:
        if minimum.dimensionality == quantity.dimensionality and 0 < quantity < minimum:
            raise QuantityError(
                f"must be {kind.noun} such as {kind.example}; {text.strip()} is less than the "
                f"planner accepts (at least {written})"
            )
    return quantity


@dataclass(frozen=True)
class QuantityField:
    """A quantity field's parsing and schema, as one `Annotated[Qty, ...]` marker."""

    validator: PlainValidator
    schema: WithJsonSchema

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # The validator is given `object` (pydantic's "any value") for the type it annotates:
        # a pint Quantity has no schema of its own, and its values leave as JSON by hand.
        return self.validator.__get_pydantic_core_schema__(object, handler)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return self.schema.__get_pydantic_json_schema__(schema, handler)


def quantity_field(
    kind: QuantityKind, example: str, *, maxima: tuple[str, ...] = (),
    minima: tuple[str, ...] = (), allow_zero: bool = False, format_name: str = "",
    stated_minima: tuple[str, ...] = (), written_in: tuple[str, ...] = (),
) -> QuantityField:
    """A field marker that accepts text such as `example` and yields a Quantity
    between its minima and maxima (one of each per dimension the kind allows). The schema's
    pattern states the same range in each minimum's unit (or `written_in`), from
    `stated_minima` where the planner refuses more than the field does (a body weight no
    patient has)."""
    limits, floors = _quantities(maxima), tuple(zip(_quantities(minima), minima, strict=True))
    if " or " not in kind.example:  # a field's own example reads better than the kind's
        kind = replace(kind, example=f"'{example}'")

    # Requests repeat the same few texts ('1.25 mL', '250 mg/mL'), so each is parsed once; the
    # cache keeps a float and a Unit, and every request gets a Quantity of its own (pint
    # Quantities can be changed in place). Failures (exceptions) are not cached.
    @lru_cache(maxsize=1024)
    def parsed(text: str) -> tuple[float, PintUnit]:
        quantity = parse_quantity(text, kind, maxima=limits, allow_zero=allow_zero)
        at_least(quantity, text, kind, floors)
        return float(quantity.magnitude), quantity.units

    def validate(value: object, info: ValidationInfo) -> Qty:
        if isinstance(value, units.Quantity):  # a default already parsed
            return value
        try:
            if isinstance(value, str):
                return fast.quantity_of(*parsed(value))
            return parse_quantity(value, kind, maxima=limits, allow_zero=allow_zero)
        except QuantityError as error:
            raise PydanticCustomError(
                "quantity", "{field} {reason}", {"field": info.field_name, "reason": str(error)}
            ) from error

    bounds = ", ".join(f"{low} to {high}" for low, high in zip(minima, maxima, strict=True))
    ranges = written_ranges(stated_minima or minima, maxima, written_in, percent=kind.percent)
    schema: JsonDict = {
        "type": "string", "minLength": 1 + min(len(unit.replace(" ", "")) for _, _, unit in ranges),
        "maxLength": MAX_TEXT_LENGTH, "pattern": quantity_pattern(ranges, allow_zero),
        "examples": [example],
        "description": f"{kind.noun} with its unit, from {bounds}"
        + (" (or zero)" if allow_zero else "")
        + (f"; the planner refuses less than {' or '.join(stated_minima)}"
           if stated_minima else "")
        + "; the pattern shows the usual way to write it, and the same amount in another unit "
        "is taken too",
    }
    if format_name:  # names the rule for clients and test generators: text like `example`
        schema["format"] = f"sts-{format_name}"
    return QuantityField(PlainValidator(validate), WithJsonSchema(schema))


Volume = Annotated[Qty, quantity_field(
    parsing.VOLUME, "5 mL", minima=("0.01 mL",), maxima=("1000 mL",), format_name="volume"
)]
VolumeOrZero = Annotated[Qty, quantity_field(
    parsing.VOLUME, "5 mL", minima=("0.01 mL",), maxima=("1000 mL",), allow_zero=True,
    format_name="volume-or-zero",
)]
Concentration = Annotated[Qty, quantity_field(
    parsing.CONCENTRATION, "250 mg/mL", minima=("0.01 mg/mL",), maxima=("1000 mg/mL",),
    format_name="concentration",
)]
Strength = Annotated[Qty, quantity_field(
    parsing.STRENGTH, "10 % w/w", minima=("0.01 mg/mL", "0.01 mg/g"),
    maxima=("1000 mg/mL", "1000 mg/g"), format_name="strength",
)]
BatchAmount = Annotated[Qty, quantity_field(
    parsing.MASS_OR_VOLUME, "100 g", minima=("0.1 g", "0.1 mL"), maxima=("10 kg", "10 L"),
    format_name="batch-amount",
)]
Mass = Annotated[Qty, quantity_field(
    parsing.MASS, "5 g", minima=("1 mg",), maxima=("10 kg",), format_name="mass",
    written_in=("g",),
)]
BatchMass = Annotated[Qty, quantity_field(
    parsing.MASS, "100 g", minima=("0.1 g",), maxima=("10 kg",), format_name="batch-mass"
)]
# A generic floor only: the clinical checks refuse weights outside a human range.
BodyWeight = Annotated[Qty, quantity_field(
    parsing.MASS, "20 kg", minima=("0.1 kg",), maxima=("500 kg",), format_name="body-weight",
    stated_minima=(f"{BODY_WEIGHT_MIN.value.magnitude:g} kg",),
)]
Area = Annotated[Qty, quantity_field(
    parsing.AREA, "50 cm^2", minima=("0.01 cm**2",), maxima=("30000 cm**2",), format_name="area"
)]
AmountPerArea = Annotated[Qty, quantity_field(
    parsing.AMOUNT_PER_AREA, "2 mg/cm^2", minima=("0.001 mg/cm**2",),
    maxima=("1000 mg/cm**2",), format_name="amount-per-area",
)]
Density = Annotated[Qty, quantity_field(
    parsing.DENSITY, "1 g/mL", minima=("0.1 g/mL",), maxima=("5 g/mL",), format_name="density"
)]


def _json_integer(value: object) -> object:
    """7.0 as the integer 7: JSON Schema's "integer" is any number without a fraction, so a
    client (or a test generator) that writes 7.0 is within the schema."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# JSON integers only: true, 7.5 and "7" are not a number of days. Bounds go before it, inside
# the 7.0 → 7 step, so that the schema states them as minimum and maximum, e.g.
# Annotated[int, Strict(), Field(ge=1, le=365), JsonInteger].
JsonInteger = BeforeValidator(_json_integer)
StrictNumber = Annotated[float, Strict(), Field(allow_inf_nan=False)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _date_text(value: object) -> object:
    """Only ISO text is a date: 0 and 86400 are not days in 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise PydanticCustomError("date_text", "must be a date written as text, YYYY-MM-DD")


# The years 1900–2200 as a pattern: JSON Schema has no bounds for a date, so the schema states
# the range this way (with format "date" for the rest).
DATE_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"


def _date_schema(schema: JsonDict) -> None:
    """A date's schema: format "date" and the years as a pattern, not pydantic's own keys."""
    schema.pop("ge", None)
    schema.pop("le", None)
    schema["pattern"] = DATE_PATTERN


def past_date_schema(schema: JsonDict) -> None:
    """A date not after today's, as a pattern written when the schema is (a schema kept for days
    only grows stricter than the server, which takes dates up to today anywhere on Earth)."""
    _date_schema(schema)
    schema["pattern"] = date_pattern_up_to(dt.datetime.now(dt.UTC).date())


# Keeps every date a plan can reach (155 rounds × 365 days, or 1,095 days) well inside Python's.
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31), description="ISO date, 1900–2200",
          json_schema_extra=_date_schema),
]


def one_way(
    *ways: tuple[tuple[str, ...], tuple[str, ...]], extra: dict[str, Any] | None = None
) -> Callable[[dict[str, Any]], None]:
    """A model's json_schema_extra for "exactly one of these ways": each way is (fields given,
    fields missing or null), and a body matches exactly one. A given field is restated as its
    own non-null schema, since a format such as sts-mass is not checked by JSON Schema itself."""

    def add(schema: dict[str, Any]) -> None:
        def given(name: str) -> dict[str, Any]:
            field = schema["properties"][name]
            options = [option for option in field.get("anyOf", [field])
                       if option.get("type") != "null"]
            return options[0] if len(options) == 1 else {"anyOf": options}

        schema.update(extra or {})
        schema["oneOf"] = [
            {"required": list(present),
             "properties": {name: given(name) for name in present}
             | {name: {"type": "null"} for name in absent}}
            for present, absent in ways
        ]

    return add
