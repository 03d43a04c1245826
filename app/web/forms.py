"""Page query strings into the API's request models; errors into plain words by field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import QueryParams

from app.clinical.errors import InputError
from app.clinical.facts import batch_tolerance_percent
from app.contracts.calculators import CheckRequest, CompoundRequest, FormulaRequest, MixRequest
from app.pharmacy.products import PRODUCTS, Product
from app.quantities import parsing
from app.quantities.parsing import QuantityError, parse_quantity
from app.quantities.registry import MG_PER_ML

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")
Loc = tuple[int | str, ...]

CUSTOM = "custom"


@dataclass
class Form(Generic[Model]):
    """A page form: what was typed (to show again), the parsed request, and errors by field."""

    values: dict[str, Any]
    request: Model | None = None
    errors: dict[str, str] = field(default_factory=dict)
    submitted: bool = False
    notes: list[str] = field(default_factory=list)  # how typed values were read, for the plan
    at: dt.time | None = None  # the clinic's visit time, for the calendars only
    body: dict[str, object] | None = None  # the API request body the form was validated as

    def fail(self, name: str, message: str) -> None:
        """Record an error against a form field, keeping the first one."""
        self.errors.setdefault(name, message)


def text(params: QueryParams, name: str, default: str = "") -> str:
    """One text value from the query, trimmed; the default when absent."""
    value = params.get(name)
    return default if value is None else value.strip()


def texts(params: QueryParams, name: str) -> list[str]:
    """Every value of a repeated query field, trimmed."""
    return [value.strip() for value in params.getlist(name)]


def sentence(label: str, message: str) -> str:
    """A whole sentence: the field's label, then what is wrong."""
    message = message.rstrip(".")
    return f"{label} {message}."


def plain_message(error: Mapping[str, object]) -> str:
    """What a pydantic error means, worded for a nurse, without the field's name."""
    kind = str(error["type"])
    ctx = error.get("ctx")
    if not isinstance(ctx, Mapping):
        ctx = {}
    if kind == "quantity":
        return str(ctx["reason"])
    if kind == "missing":
        return "is needed"
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return "must be a whole number, such as 4"
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return "must be a number, such as 10"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "greater_than":
        return f"must be more than {ctx['gt']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind in {"enum", "literal_error"}:
        return f"must be one of: {ctx.get('expected', 'the listed choices')}"
    if kind.startswith("date"):
        return "must be a date such as 2020-05-07"
    if kind in {"string_too_long", "too_long"}:
        return f"is too long (at most {ctx.get('max_length', 'the allowed')})"
    if kind == "too_short":
        return "needs at least one entry"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def json_typed(value: object, parsed: object) -> object:
    """The form's data as a JSON client would send it: the numbers the form typed as text
    become the numbers they were read as; everything else (quantities, dates) stays text."""
    if isinstance(value, dict):
        return {key: json_typed(item, getattr(parsed, key, None)) for key, item in value.items()}
    if isinstance(value, list) and isinstance(parsed, list | tuple):
        return [json_typed(item, read) for item, read in zip(value, parsed, strict=False)]
    if isinstance(value, str) and isinstance(parsed, int | float) and not isinstance(parsed, bool):
        return parsed
    return value


def validate(
    form: Form[Model],
    model: type[Model],
    data: Mapping[str, object],
    field_for: Callable[[Loc], str],
    label_for: Callable[[str], str],
) -> None:
    """Validate `data` into `model`, filing every error under its form field."""
    # A blank field is a field not given: its default applies, or it is reported as needed.
    data = {name: value for name, value in data.items() if value is not None}
    try:
        # A query string is all text: "7" in a form is seven, as it never is in JSON.
        form.request = model.model_validate(data, strict=False)
        form.body = {key: json_typed(item, getattr(form.request, key, None))
                     for key, item in data.items()}
    except ValidationError as failure:
        for error in failure.errors():
            name = field_for(tuple(error["loc"]))
            form.fail(name, sentence(label_for(name), plain_message(error)))


_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")


def visit_time(form: Form[Model], label: str) -> None:
    """Read the optional clinic visit time (24-hour clock, e.g. 09:30) into `form.at`."""
    typed = form.values.get("visit_time", "")
    if not typed:
        return
    match = _CLOCK.fullmatch(typed)
    if match is None:
        form.fail("visit_time", sentence(label, "must be a time on the 24-hour clock, such as "
                                         "09:30 or 14:00"))
        return
    form.at = dt.time(int(match.group(1)), int(match.group(2)))


def run(
    form: Form[Model], step: Callable[[Model], Result], label_for: Callable[[str], str]
) -> Result | None:
    """Call the domain with a parsed request; an InputError goes next to its field."""
    if form.request is None or form.errors:
        return None  # a plan beside an unresolved error could be mistaken for the right one
    try:
        return step(form.request)
    except InputError as error:
        form.fail(error.field, sentence(label_for(error.field), error.message))
        return None


def labeller(labels: Mapping[str, str]) -> Callable[[str], str]:
    """A label lookup that falls back to the field name in words."""
    return lambda name: labels.get(name, name.replace("_", " ").capitalize())


def flat_form(
    params: QueryParams, model: type[Model], labels: Mapping[str, str], asked: Sequence[str],
    defaults: Mapping[str, str] | None = None,
) -> Form[Model]:
    """A form whose fields are the labelled ones, parsed once any of the `asked` is filled in."""
    names = [name for name in labels if name != "form"]
    form: Form[Model] = Form({name: text(params, name) for name in names})
    for name, value in (defaults or {}).items():
        form.values[name] = form.values[name] or value
    form.submitted = any(form.values[name] for name in asked)
    if form.submitted:
        data = {name: value for name, value in form.values.items() if value}
        validate(form, model, data, top_level, labeller(labels))
    return form


def top_level(loc: Loc) -> str:
    """The form field for a flat request: its first location part, or the form as a whole."""
    return str(loc[0]) if loc else "form"


def product(product_id: str) -> Product | None:
    """The listed product with this id, or None for a custom stock."""
    return next((p for p in PRODUCTS if p.id == product_id), None)


def listed_product_for(stock: str, basis: str) -> str:
    """The id of the listed product whose label states this strength on this basis, or
    'custom' when none does (a template's stock is then shown as typed, not as a product)."""
    try:
        strength = parse_quantity(stock, parsing.CONCENTRATION)
    except QuantityError:
        return CUSTOM
    for listed in PRODUCTS:
        same = abs((listed.strength - strength).to(MG_PER_ML).magnitude) < 1e-9
        if same and listed.basis.value == basis:
            return listed.id
    return CUSTOM


def stock_fields(params: QueryParams, form: Form[Model], data: dict[str, object]) -> None:
    """Read the stock fields from the query, then fill stock and basis as `apply_stock` does."""
    form.values["product"] = text(params, "product", PRODUCTS[0].id)
    form.values["stock"] = text(params, "stock", "250 mg/mL")
    form.values["stock_basis"] = text(params, "stock_basis", "pentahydrate")
    apply_stock(form, data)
    if product(form.values["product"]) is not None and text(params, "stock"):
        # The page switches this field off for a listed product; an address that still carries
        # it is refused rather than planned with a strength other than the one typed.
        form.fail("stock", sentence(MIX_LABELS["stock"], "is used only with 'Another stock': "
                                    "choose that product, or clear this field"))


def apply_stock(form: Form[Model], data: dict[str, object]) -> None:
    """Fill stock and basis from the chosen product, or from the custom fields."""
    chosen = form.values["product"]
    listed = product(chosen)
    if listed is not None:
        # The label states the strength and its basis; nothing is assumed.
        data["stock"] = f"{listed.strength.magnitude:g} mg/mL"
        data["stock_basis"] = listed.basis.value
    elif chosen == CUSTOM:
        data["stock"] = form.values["stock"]
        data["stock_basis"] = form.values["stock_basis"]
    else:
        form.fail("product", "Stock product must be one of the listed products or 'custom'.")


MIX_LABELS = {
    "product": "Stock product",
    "stock": "Custom stock strength",
    "stock_basis": "Custom stock basis",
    "diluent": "Diluent",
    "stock_volume": "Stock volume",
    "diluent_volume": "Diluent volume",
    "target": "Target strength",
    "final_volume": "Final volume",
    "form": "The form",
}


def mix_form(params: QueryParams) -> Form[MixRequest]:
    """The dilution form: by volumes, or to a target strength and final volume."""
    mode = text(params, "mode", "volumes")
    names = ("diluent", "stock_volume", "diluent_volume", "target", "final_volume")
    form: Form[MixRequest] = Form({"mode": mode, **{n: text(params, n) for n in names}})
    form.values["diluent"] = form.values["diluent"] or "saline"
    form.submitted = any(text(params, n) for n in names[1:])
    data: dict[str, object] = {"diluent": form.values["diluent"]}
    stock_fields(params, form, data)
    wanted = ("stock_volume", "diluent_volume") if mode != "target" else ("target", "final_volume")
    for name in wanted:
        data[name] = form.values[name] or None
        if form.submitted and not form.values[name]:
            form.fail(name, sentence(MIX_LABELS[name], "is needed"))
    if form.submitted and not form.errors:
        validate(form, MixRequest, data, top_level, labeller(MIX_LABELS))
    return form


COMPOUND_LABELS = {
    "strength": "Strength",
    "quantity": "Amount to make",
    "strength_basis": "Strength basis",
    "powder": "Powder form",
    "form": "The form",
}


def compound_form(params: QueryParams) -> Form[CompoundRequest]:
    """The compounding form: strength (w/w or w/v stated), amount, basis and powder."""
    return flat_form(params, CompoundRequest, COMPOUND_LABELS, asked=("strength", "quantity"))


CHECK_LABELS = {
    "strength": "Label strength",
    "powder_mass": "Powder weighed",
    "total_mass": "Total mass of the batch",
    "total_volume": "Total volume of the batch",
    "powder": "Powder form",
    "strength_basis": "Strength basis",
    "tolerance_percent": "Tolerance",
    "form": "The form",
}


def check_form(params: QueryParams) -> Form[CheckRequest]:
    """The batch-check form: label, powder weighed, and the batch's total mass or volume."""
    return flat_form(params, CheckRequest, CHECK_LABELS, asked=("strength", "powder_mass"),
                     defaults={"tolerance_percent": f"{batch_tolerance_percent():g}"})


FORMULA_LABELS = {
    "formula": "Formula",
    "quantity": "Amount to make",
    "strength_basis": "Salt form of the formula's STS",
    "powder": "Powder form",
    "form": "The form",
}


def formula_form(params: QueryParams) -> Form[FormulaRequest]:
    """The formula form: which formula, how much, and the salt form the source leaves open (the
    use case refuses a missing one, and the refusal is shown next to that field)."""
    return flat_form(params, FormulaRequest, FORMULA_LABELS, asked=("quantity",))
