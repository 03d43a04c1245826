"""The way from an injection plan to its dilution: per-visit volumes, vials, sterile worksheet."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from app.clinical.chemistry import Basis
from app.contracts.plans import InjectionPlanRequest
from app.injection.models import InjectionPlanResult
from app.pharmacy.products import Diluent
from app.pharmacy.records import MasterFormulation
from app.quantities import parsing
from app.quantities.display import quantity
from app.quantities.fast import in_unit
from app.quantities.parsing import parse_quantity
from app.quantities.registry import MG_PER_ML, ML
from app.services import pharmacy_records as service
from app.web import forms
from app.web.forms import text


def _parts(params: QueryParams, name: str) -> float:
    value = float(text(params, name, "0"))
    if not 0 <= value <= 1000:
        raise ValueError(f"{name} must be between 0 and 1000")
    return value


def dilution_record(params: QueryParams) -> MasterFormulation:
    """The sterile-dilution record a round sheet links to, read from the plan's mix fields."""
    listed = forms.product(text(params, "product"))
    stock = listed.strength if listed else parse_quantity(text(params, "stock"),
                                                          parsing.CONCENTRATION)
    basis = listed.basis if listed else Basis(text(params, "stock_basis"))
    return service.dilution_record(stock, basis, Diluent(text(params, "diluent", "saline")),
                                   _parts(params, "stock_parts"), _parts(params, "diluent_parts"))


def vials_line(params: QueryParams, batch: service.PlannedBatch) -> str:
    """How many vials of the listed product the stock of this batch opens, or why not known."""
    listed = forms.product(text(params, "product"))
    if listed is None or listed.vial_volume is None:
        return "Vial size not known for this stock: count the vials to open by hand."
    stock = batch.lines[0].amount
    assert stock is not None  # a dilution's parts are volumes, never q.s.
    opened = service.visit_dilutions([(1, stock)], 1, 0, listed.vial_volume)[0][0].vials
    return (f"{opened} vial(s) of {listed.name} ({quantity(listed.vial_volume, ML)} each) "
            f"for {quantity(stock, ML)} of stock; a part-used single-dose vial is discarded.")


def round_sheet_dilution(
    params: QueryParams, plan: InjectionPlanRequest, result: InjectionPlanResult
) -> dict[str, object]:
    """For a plan that dilutes its stock: each visit's stock, diluent and vials, and the query
    of the sterile-preparation worksheet for that visit's volume."""
    mix = plan.mix
    if mix.diluent_parts == 0:
        return {}
    listed = forms.product(text(params, "product"))
    vial = listed.vial_volume if listed is not None else None
    dilutions, working = service.visit_dilutions(
        [(visit.round, visit.volume) for visit in result.visits], mix.stock_parts,
        mix.diluent_parts, vial)
    base = {"record": "dilution", "stock": f"{in_unit(mix.stock, MG_PER_ML).magnitude!r} mg/mL",
            "stock_basis": mix.stock_basis.value, "diluent": mix.diluent.value,
            "stock_parts": f"{mix.stock_parts:g}", "diluent_parts": f"{mix.diluent_parts:g}",
            "product": text(params, "product")}
    rows = [{"round": d.round, "volume": quantity(d.volume, ML), "stock": quantity(d.stock, ML),
             "diluent": quantity(d.diluent, ML),
             "vials": "not known" if d.vials is None else str(d.vials),
             "query": urlencode({**base, "quantity": f"{d.volume.magnitude!r} mL"})}
            for d in dilutions]
    note = "The stock's vial size is not known: count the vials by hand."
    if listed is not None and vial is not None:
        note = f"{listed.name}: {quantity(vial, ML)} per single-dose vial ({listed.source})"
    return {"dilution_rows": rows, "dilution_working": working.lines, "vial_note": note}
