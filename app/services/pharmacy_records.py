"""Pharmacy-record use cases: beyond-use dates, formulation and compounding records, labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol as Structural

from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.clinical.facts import batch_tolerance_percent
from app.clinical.working import Working
from app.pharmacy import beyond_use, compounding, formulas, mixing, records
from app.pharmacy.beyond_use import BeyondUse, Category, Component, Form, Storage
from app.pharmacy.formulas import FORMULAS, Formula
from app.pharmacy.products import Diluent
from app.pharmacy.records import MasterFormulation
from app.pharmacy.visit_dilution import VisitDilution, per_visit
from app.policy import Policy
from app.protocols import Protocol, Route
from app.quantities import parsing
from app.quantities.display import number
from app.quantities.display import quantity as quantity_text
from app.quantities.display import strength as strength_words
from app.quantities.fast import in_unit
from app.quantities.parsing import parse_quantity
from app.quantities.registry import DIMENSIONLESS, MG_PER_ML, ML, Qty


class Dated(Structural):
    """Anything that names a component and its expiry date (a request model, a form row)."""

    @property
    def name(self) -> str: ...

    @property
    def expiry(self) -> dt.date: ...


def _components(items: Iterable[Dated]) -> list[Component]:
    return [Component(item.name, item.expiry) for item in items]


def nonsterile_beyond_use(form: Form, compounded: dt.date, items: Iterable[Dated]) -> BeyondUse:
    """The USP <795> BUD of a non-sterile preparation made on `compounded`."""
    return beyond_use.nonsterile(form, compounded, _components(items))


def sterile_beyond_use(
    category: Category, storage: Storage, prepared: dt.datetime, items: Iterable[Dated]
) -> BeyondUse:
    """The USP <797> BUD of a sterile preparation whose preparation started at `prepared`."""
    return beyond_use.sterile(category, storage, prepared, _components(items))


def _strength(text: str) -> Qty:
    return parse_quantity(text, parsing.STRENGTH)


def _formula_record(formula: Formula) -> MasterFormulation:
    stated = formula.salt_form.value != "not stated"
    ingredients = tuple(
        records.RecordIngredient(
            line.name, None if line.qs else line.amount,
            "q.s. to the batch" if line.qs else
            ("salt form: " + str(formula.salt_form.value) if line.is_sts else ""))
        for line in formula.ingredients)
    return records.topical(
        f"formula-{formula.id}", formula.title, formula.strength, None,
        f"{formula.salt_form.source}" if not stated else str(formula.salt_form.value),
        "ointment" if "ointment" in formula.title.lower() else "topical preparation",
        ingredients, formula.source)


def _protocol_records(protocol: Protocol) -> list[MasterFormulation]:
    plan = protocol.plan
    if protocol.route is Route.TOPICAL:
        basis = Basis(plan.get("strength_basis", Basis.PENTAHYDRATE.value))
        found = []
        for index, step in enumerate(plan["steps"], start=1):
            strength = _strength(step["strength"])
            found.append(records.topical(
                f"{protocol.id}-step-{index}",
                f"Sodium thiosulfate {step['strength']} topical preparation",
                strength, basis, f"as the protocol template states ({protocol.title})",
                "topical preparation (the vehicle is not named by the source)",
                records.powder_and_base(strength, basis), protocol.source))
        return found
    mix = plan.get("mix", {})
    diluent_parts = float(mix.get("diluent_parts", 0))
    if diluent_parts <= 0:  # neat injection: nothing is compounded
        return []
    stock = parse_quantity(mix.get("stock", "250 mg/mL"), parsing.CONCENTRATION)
    basis = Basis(mix.get("stock_basis", Basis.PENTAHYDRATE.value))
    diluent = Diluent(mix.get("diluent", Diluent.SALINE.value))
    stock_parts = float(mix.get("stock_parts", 1))
    mixed = mixing.by_parts(stock, basis, diluent, stock_parts, diluent_parts)
    return [records.dilution(
        f"{protocol.id}-dilution",
        f"Sodium thiosulfate {quantity_text(mixed.concentration, MG_PER_ML)} for intralesional "
        f"injection ({protocol.title})",
        stock, basis, diluent, stock_parts, diluent_parts, mixed.concentration, protocol.source)]


def master_formulations(protocols: Iterable[Protocol]) -> list[MasterFormulation]:
    """Every master formulation record the planner holds: formulas, then protocol templates."""
    found = [_formula_record(formula) for formula in FORMULAS]
    for protocol in protocols:
        found.extend(_protocol_records(protocol))
    return found


def master_formulation(record_id: str, protocols: Iterable[Protocol]) -> MasterFormulation:
    """One record by its id, or an InputError listing the ids there are."""
    known = master_formulations(protocols)
    for record in known:
        if record.id == record_id:
            return record
    raise InputError("record", "must be one of " + ", ".join(f"'{r.id}'" for r in known))


def topical_record(strength: Qty, basis: Basis) -> MasterFormulation:
    """A record for a topical preparation known only by its strength, as a plan gives it."""
    record = records.topical(
        "topical", f"Sodium thiosulfate {strength_words(strength, concentration=False)} "
        "topical preparation", strength, basis,
        "as the plan states", "topical preparation (the vehicle is chosen by the pharmacist)",
        records.powder_and_base(strength, basis), "the topical plan this preparation serves")
    return record


@dataclass(frozen=True)
class PlannedLine:
    """One component of a batch to make: the amount planned, or None where made up (q.s.)."""

    name: str
    amount: Qty | None
    is_sts: bool
    by_volume: bool
    note: str


@dataclass(frozen=True)
class PlannedBatch:
    """What a record needs for one batch: each component's planned amount, and the working."""

    record: MasterFormulation
    quantity: Qty
    basis: Basis
    lines: tuple[PlannedLine, ...]
    working: Working


def plan_batch(record: MasterFormulation, quantity: Qty, basis: Basis, powder: Basis,
               policy: Policy) -> PlannedBatch:
    """The planned amount of each component for `quantity` of the record's preparation."""
    if record.kind is records.Kind.STERILE:
        return _plan_dilution(record, quantity)
    formula = next((f for f in FORMULAS if record.id == f"formula-{f.id}"), None)
    if formula is not None:
        scaled = formulas.scale(formula, quantity, basis, powder, policy)
        lines = tuple(PlannedLine(
            line.name + (f", {powder.value} powder" if line.is_sts else ""), line.mass,
            line.is_sts, False, "q.s. to the batch" if line.qs else "")
            for line in scaled.lines)
        return PlannedBatch(record, scaled.quantity, basis, lines, scaled.working)
    made = compounding.compound(record.strength, quantity, basis, powder, policy)
    sts = PlannedLine(f"Sodium thiosulfate, {powder.value} powder", made.powder, True, False, "")
    base = (PlannedLine("Base (vehicle)", made.vehicle, False, False, "named by the pharmacist")
            if made.vehicle is not None else
            PlannedLine("Vehicle", None, False, True, "make up to volume"))
    return PlannedBatch(record, quantity, basis, (sts, base), made.working)


def _plan_dilution(record: MasterFormulation, quantity: Qty) -> PlannedBatch:
    if quantity.dimensionality != ML.dimensionality:
        raise InputError("quantity", "must be a volume such as '10 mL' for a sterile dilution")
    working = Working()
    factor = float(in_unit(quantity / record.batch, DIMENSIONLESS).magnitude)
    lines = []
    for ingredient in record.ingredients:
        assert ingredient.amount is not None  # a dilution's parts are volumes, never q.s.
        amount = in_unit(ingredient.amount * factor, ML)
        working.add(f"{ingredient.name}: {quantity_text(ingredient.amount, ML)} per "
                    f"{quantity_text(record.batch, ML)} × {number(factor)} = "
                    f"{quantity_text(amount, ML)}")
        lines.append(PlannedLine(ingredient.name, amount, False, True, ingredient.note))
    return PlannedBatch(record, in_unit(quantity, ML), Basis.PENTAHYDRATE, tuple(lines), working)


def check_against_label(batch: PlannedBatch, powder: Basis, powder_mass: Qty, total: Qty,
                        tolerance_percent: float | None = None) -> compounding.BatchCheck:
    """The existing batch check: the strength actually made against the record's label, within
    `tolerance_percent` (default: the BATCH_TOLERANCE fact)."""
    if tolerance_percent is None:
        tolerance_percent = batch_tolerance_percent()
    return compounding.check_batch(batch.record.strength, powder_mass, total, powder,
                                   batch.basis, tolerance_percent)


def dilution_record(stock: Qty, basis: Basis, diluent: Diluent, stock_parts: float,
                    diluent_parts: float) -> MasterFormulation:
    """A sterile-dilution record for a plan's own mix, as the round sheet gives it."""
    mixed = mixing.by_parts(stock, basis, diluent, stock_parts, diluent_parts)
    return records.dilution(
        "dilution", f"Sodium thiosulfate {quantity_text(mixed.concentration, MG_PER_ML)} for "
        "intralesional injection", stock, basis, diluent, stock_parts, diluent_parts,
        mixed.concentration, "the injection plan this dilution serves")


def visit_dilutions(volumes: list[tuple[int, Qty]], stock_parts: float, diluent_parts: float,
                    vial_volume: Qty | None) -> tuple[list[VisitDilution], Working]:
    """Each visit's stock and diluent volumes and the vials it opens, with the working."""
    working = Working()
    return per_visit(volumes, stock_parts, diluent_parts, vial_volume, working), working
