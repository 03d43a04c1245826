"""Read the pharmacy-record pages' query into the record, the batch, the checks and the BUD."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import QueryParams

from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.clinical.facts import BATCH_TOLERANCE
from app.pharmacy import measuring
from app.pharmacy.beyond_use import BeyondUse, BudRule, Category, Form, Storage
from app.pharmacy.compounding import BatchCheck
from app.pharmacy.records import Kind, MasterFormulation, strength_text
from app.quantities import parsing
from app.quantities.display import quantity
from app.quantities.parsing import QuantityError, parse_quantity
from app.quantities.registry import ML, G, Qty
from app.services import pharmacy_records as service
from app.web.forms import text, texts
from app.web.printing import dilution as print_dilution
from app.web.printing.views import query_with


@dataclass(frozen=True)
class Row:
    """One component row of the compounding record: planned, and what was written in."""

    name: str
    planned: str  # worded to the instrument's marks, or "q.s."
    how: str
    maker: str
    lot: str
    expiry: str
    actual: str


@dataclass(frozen=True)
class Entered:
    """A component with an expiry date typed in, for the BUD (the service's `Dated`)."""

    name: str
    expiry: dt.date


def amount_text(amount: Qty | None) -> str:
    """A batch amount as text in g (a mass) or mL (a volume); 'q.s.' where made up."""
    if amount is None:
        return "q.s."
    return quantity(amount, ML if amount.dimensionality == ML.dimensionality else G)


def choice(params: QueryParams, name: str, options: type[Basis]) -> Basis | None:
    """An enum value chosen in the query, or None when none (or an unknown one) is given."""
    value = text(params, name)
    return options(value) if value in options._value2member_map_ else None


def record_of(request: Request, errors: dict[str, str]) -> MasterFormulation | None:
    """The record the query names: an id, or 'topical' with the plan's strength and basis."""
    params = request.query_params
    record_id = text(params, "record")
    try:
        if record_id == "dilution":
            return print_dilution.dilution_record(params)
        if record_id == "topical":
            strength = parse_quantity(text(params, "strength"), parsing.STRENGTH)
            basis = choice(params, "strength_basis", Basis)
            if basis is None:
                errors["strength_basis"] = "Choose the salt basis of the strength."
                return None
            return service.topical_record(strength, basis)
        return service.master_formulation(record_id, request.app.state.protocols)
    except (InputError, QuantityError, ValueError) as error:
        errors["record"] = f"The record cannot be found: {error}."
        return None


def bud_of(record: MasterFormulation, params: QueryParams) -> BudRule | None:
    """The BUD rule the pharmacist chose, or None while it is still to be chosen."""
    return record.bud_rule(text(params, "bud"))


def master(request: Request) -> dict[str, object]:
    """The master formulation record, and the BUD rule chosen (or the choices to make)."""
    errors: dict[str, str] = {}
    record = record_of(request, errors)
    if record is None:
        return {"errors": errors, "back_url": "/pharmacy/records", "title": ""}
    return {"record": record, "strength_text": strength_text(record), "amount": amount_text,
            "chosen": text(
        request.query_params, "bud"), "rule": bud_of(record, request.query_params),
        "title": record.name, "back_url": "/pharmacy/records"}


def _amount(line: service.PlannedLine) -> tuple[str, str]:
    if line.amount is None:
        return "q.s.", line.note
    measured = measuring.draw_up(line.amount) if line.by_volume else measuring.weigh(line.amount)
    return measured.shown, measured.how


def _rows(batch: service.PlannedBatch, params: QueryParams) -> list[Row]:
    columns = [texts(params, key) for key in ("c_maker", "c_lot", "c_expiry", "c_actual")]

    def cell(column: list[str], index: int) -> str:
        return column[index].strip()[:80] if index < len(column) else ""

    rows = []
    for index, line in enumerate(batch.lines):
        planned, how = _amount(line)
        rows.append(Row(line.name, planned, how, *(cell(column, index) for column in columns)))
    return rows


def _date(value: str, field: str, errors: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        errors[field] = f"{value[:40]!r} is not a date such as 2025-01-06."
        return None


def beyond_use(record: MasterFormulation, params: QueryParams, rows: list[Row],
               errors: dict[str, str]) -> BeyondUse | None:
    """The BUD from step 1, once the kind, the date and every component's expiry are written in."""
    key, when = text(params, "bud"), text(params, "compounded")
    if not key or not when or not rows or any(not row.expiry for row in rows):
        return None
    parts = []
    for index, row in enumerate(rows):
        expiry = _date(row.expiry, f"c_expiry.{index}", errors)
        if expiry is None:
            return None
        parts.append(Entered(row.name, expiry))
    try:
        if record.kind is Kind.NONSTERILE:
            day = _date(when, "compounded", errors)
            return None if day is None else service.nonsterile_beyond_use(Form(key), day, parts)
        category, storage = key.split("-", 1)
        moment = dt.datetime.fromisoformat(when)
        return service.sterile_beyond_use(Category(category), Storage(storage), moment, parts)
    except (InputError, ValueError) as error:
        errors["bud"] = f"No beyond-use date can be given: {error}"
        return None


def _batch(record: MasterFormulation, request: Request, errors: dict[str, str]
           ) -> service.PlannedBatch | None:
    """The planned batch, once the amount, the salt basis and the powder are chosen."""
    params = request.query_params
    basis = record.basis or choice(params, "strength_basis", Basis)
    powder = choice(params, "powder", Basis)
    if record.kind is Kind.STERILE:
        powder = basis = Basis.PENTAHYDRATE  # an injection: nothing is weighed as a powder
    if basis is None:
        errors["strength_basis"] = ("Choose the salt form the strength is on: the source does "
                                    "not say.")
    if powder is None:
        errors["powder"] = "Choose the powder to be weighed: pentahydrate or anhydrous."
    try:
        amount = parse_quantity(text(params, "quantity"), parsing.MASS_OR_VOLUME)
    except QuantityError as error:
        errors["quantity"] = f"Amount to make: {error}."
        return None
    if basis is None or powder is None:
        return None
    try:
        return service.plan_batch(record, amount, basis, powder, request.app.state.policy)
    except InputError as error:
        errors[error.field] = f"{error.field}: {error.message}."
        return None


def _check(batch: service.PlannedBatch, params: QueryParams, errors: dict[str, str]
           ) -> BatchCheck | None:
    """The batch check against the label, once the powder and total actually made are in."""
    powder, weighed, total = (text(params, key) for key in ("powder", "powder_mass", "total"))
    if batch.record.kind is Kind.STERILE or not weighed or not total:
        return None
    try:
        return service.check_against_label(
            batch, Basis(powder), parse_quantity(weighed, parsing.MASS),
            parse_quantity(total, parsing.MASS_OR_VOLUME))
    except (QuantityError, InputError, ValueError) as error:
        errors["total"] = f"The batch check cannot be made: {error}."
        return None


def compounding(request: Request) -> dict[str, object]:
    """The compounding record worksheet for one batch of a record."""
    params = request.query_params
    errors: dict[str, str] = {}
    context: dict[str, object] = {"back_url": "/pharmacy/records", "title": "",
                                  "params": params}
    record = record_of(request, errors)
    batch = _batch(record, request, errors) if record is not None else None
    if record is not None and batch is None and not request.url.path.endswith(".pdf"):
        # The page asks for what is missing (the powder, the amount) in its own form.
        return {**context, "record": record, "notes": errors, "rows": [], "entered": {}}
    if record is None or batch is None:
        return {**context, "errors": errors, "record": record}
    rows = _rows(batch, params)
    found = beyond_use(record, params, rows, errors)
    check = _check(batch, params, errors)
    return {
        **context, "record": record, "batch": batch, "rows": rows, "rule": bud_of(record, params),
        "strength_text": strength_text(record), "bud": found, "check": check,
        # The label carries the BUD worked out here, so that nobody copies it by hand.
        "label_query": query_with(params, beyond_use=found.text if found else None),
        "amount": amount_text, "tolerance": BATCH_TOLERANCE.text,
        "title": f"{record.name}, {text(params, 'quantity')}", "notes": errors,
        "vials": print_dilution.vials_line(params, batch) if record.kind is Kind.STERILE else "",
        "entered": {key: text(params, key)[:200] for key in (
            "batch", "compounded", "deviations", "total", "powder_mass", "yield")},
        "sources": [*batch.working.sources(), *(found.working.sources() if found else [])],
    }
