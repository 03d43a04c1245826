"""The pharmacy worksheet: what to draw up or weigh, what it holds, the working and sign-off."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.datastructures import QueryParams

from app.contracts.calculators import CheckRequest, CompoundRequest, FormulaRequest, MixRequest
from app.pharmacy.compounding import BatchCheck, Preparation
from app.pharmacy.formulas import FormulaBatch
from app.pharmacy.mixing import MixResult
from app.policy import Policy
from app.quantities import display
from app.quantities.display import quantity, signed_percent
from app.quantities.registry import MG, MG_PER_ML, ML, MMOL, G, strength_unit
from app.web import forms
from app.web.pharmacy.calculator_kinds import (
    CHECK,
    COMPOUND,
    FORMULA,
    MIX,
    Answer,
    Asked,
    Calculator,
)
from app.web.printing.common import Line, drawn, nothing_to_print, sources_of, weighed
from app.web.printing.views import register


class Figures(Protocol):
    """A worksheet kind as the sheet uses it, whichever calculator it runs."""

    @property
    def title(self) -> str: ...

    def figures(self, params: QueryParams, policy: Policy) -> dict[str, object]: ...


@dataclass(frozen=True)
class WorksheetKind(Generic[Asked, Answer]):
    """One worksheet kind: its title, what its form is called when empty, the page's own
    calculator (so the worksheet cannot disagree with the page), and its printed parts."""

    title: str
    what: str
    calculator: Calculator[Asked, Answer]
    parts: Callable[[forms.Form[Asked], Asked, Answer], dict[str, object]]

    def figures(self, params: QueryParams, policy: Policy) -> dict[str, object]:
        """The form and its result, and the parts this kind prints, or what is missing."""
        form, result = self.calculator.run(params, policy)
        shown: dict[str, object] = {"form": form, "result": result}
        if result is None or form.request is None:
            return {**shown, "errors": nothing_to_print(form, self.what)}
        return {**shown, **self.parts(form, form.request, result),
                "sources": sources_of(result.working)}


def worksheet(request: Request, policy: Policy) -> Mapping[str, object]:
    """The pharmacy worksheet for one calculator: what to measure, the working, sign-off lines."""
    params = request.query_params
    name = params.get("kind", "mix")
    back_query = urlencode(
        [(key, value) for key, value in params.multi_items() if key not in {"kind", "paper"}]
    )
    kind = KINDS.get(name)
    if kind is None:
        return {"kind": name, "title": "", "back_url": "/pharmacy",
                "errors": {"kind": f"Worksheet kind must be {KIND_NAMES}."}}
    return {"kind": name, "title": kind.title,
            "back_url": f"/pharmacy/{name}" + (f"?{back_query}" if back_query else ""),
            **kind.figures(params, policy)}


def mix_parts(form: forms.Form[MixRequest], request: MixRequest, result: MixResult
              ) -> dict[str, object]:
    """A dilution: the volumes to draw up, and what the finished mix holds."""
    product = forms.product(form.values["product"])
    stock = product.name if product is not None else f"custom stock {form.values['stock']}"
    basis = request.stock_basis.value
    draw = [
        drawn(f"Sodium thiosulfate stock: {stock} ({basis} basis)", result.stock_volume,
              result.working),
        drawn(f"Diluent: {request.diluent.value}", result.diluent_volume, result.working),
    ]
    mixture = result.mixture
    holds = [
        Line("STS concentration", f"{quantity(mixture.concentration, MG_PER_ML)} pentahydrate",
             f"= {quantity(mixture.concentration_anhydrous, MG_PER_ML)} anhydrous"),
        Line("STS in the mix", f"{quantity(result.sts_pentahydrate, MG)} pentahydrate",
             f"= {quantity(result.sts_anhydrous, MG)} anhydrous"),
        Line("Thiosulfate", quantity(result.thiosulfate, MMOL)),
        Line("Sodium from the STS", quantity(result.sodium, MMOL),
             "2 mmol sodium per mmol thiosulfate"),
    ]
    if result.diluent_sodium is not None:
        holds.append(Line("Sodium from the saline diluent", quantity(result.diluent_sodium, MMOL),
                          "reported apart from the STS sodium"))
    if mixture.lidocaine is not None and result.lidocaine_amount is not None:
        holds.append(Line("Lidocaine", quantity(result.lidocaine_amount, MG),
                          f"{quantity(mixture.lidocaine, MG_PER_ML)} in the mix"))
    return {
        "measure_heading": "What to draw up",
        "measure_lines": draw,
        "measure_total": Line("Final volume (volumes taken as additive)",
                              quantity(result.final_volume, ML)),
        "holds": holds,
        "warnings": [],
    }


def compound_parts(form: forms.Form[CompoundRequest], request: CompoundRequest,
                   result: Preparation) -> dict[str, object]:
    """A topical preparation: the powder and base to weigh, and the STS the batch holds."""
    unit = strength_unit(result.strength)
    convention = "w/w" if unit != MG_PER_ML else "w/v"
    weigh = [
        weighed(f"Sodium thiosulfate powder, {request.powder.value}", result.powder,
                result.working),
    ]
    if result.vehicle is not None:
        weigh.append(weighed("Base (vehicle)", result.vehicle, result.working))
        total = Line("Batch", quantity(request.quantity, G))
    else:
        total = Line("Make up to volume with the vehicle", quantity(request.quantity, ML),
                     "dissolve the powder, then add vehicle to the final volume")
    holds = [
        Line("Strength", f"{quantity(result.strength, unit)} {convention}",
             f"on the {request.strength_basis.value} basis, as labelled: "
             f"{form.values['strength']}"),
        Line("STS in the batch", f"{quantity(result.sts_pentahydrate, G)} pentahydrate",
             f"= {quantity(result.sts_anhydrous, G)} anhydrous"),
    ]
    return {
        "measure_heading": "What to weigh",
        "measure_lines": weigh,
        "measure_total": total,
        "holds": holds,
        "warnings": list(result.warnings),
    }


def check_parts(form: forms.Form[CheckRequest], request: CheckRequest, result: BatchCheck
                ) -> dict[str, object]:
    """A batch check: what was made, its actual strength and whether it is within tolerance."""
    unit = strength_unit(result.actual_strength)
    total = request.total_mass if unit != MG_PER_ML else request.total_volume
    assert total is not None  # the batch check refuses a batch without its total on this basis
    holds = [
        Line("Label", form.values["strength"], f"on the {request.strength_basis.value} basis"),
        Line("Powder weighed", quantity(request.powder_mass, G), request.powder.value),
        Line("Batch total", quantity(total, G if unit != MG_PER_ML else ML)),
        Line("Actual strength", quantity(result.actual_strength, unit),
             f"{signed_percent(result.deviation_percent)} from the label"),
    ]
    verdict = "within" if result.within_tolerance else "OUTSIDE"
    return {
        "holds": holds,
        "verdict_ok": result.within_tolerance,
        "verdict": f"The batch is {verdict} the ±{request.tolerance_percent:g} % tolerance.",
        "warnings": [],
    }


def formula_parts(form: forms.Form[FormulaRequest], request: FormulaRequest,
                  result: FormulaBatch) -> dict[str, object]:
    """A published formula scaled to a batch: each ingredient to weigh, and the STS it holds."""
    # The use case refuses a formula without its salt form, so a scaled batch always has one.
    assert request.strength_basis is not None, "a scaled formula has its salt form"
    basis = request.strength_basis.value
    weigh = [
        weighed(line.name + (f", {request.powder.value} powder" if line.is_sts else "")
                + (f" (q.s. to {quantity(result.quantity, G)})" if line.qs else ""),
                line.mass, result.working)
        for line in result.lines
    ]
    holds = [
        Line("Formula", result.formula.title, f"Source: {result.formula.source}"),
        Line("Strength",
             display.strength(result.strength),
             f"on the {basis} basis, as asked: the source does not say"),
        Line("STS in the batch", f"{quantity(result.sts_pentahydrate, G)} pentahydrate",
             f"= {quantity(result.sts_anhydrous, G)} anhydrous"),
    ]
    return {
        "title": f"{result.formula.title}, {quantity(result.quantity, G)}",
        "measure_heading": "What to weigh",
        "measure_lines": weigh,
        "measure_total": Line("Batch", quantity(result.quantity, G), result.formula.note),
        "holds": holds,
        "warnings": list(result.warnings),
    }


KINDS: dict[str, Figures] = {
    "mix": WorksheetKind("dilution of a sodium thiosulfate stock", "dilution", MIX, mix_parts),
    "compound": WorksheetKind("topical sodium thiosulfate preparation", "preparation",
                              COMPOUND, compound_parts),
    "check": WorksheetKind("check of a batch against its label", "batch check", CHECK,
                           check_parts),
    "formula": WorksheetKind("published formula scaled to a batch", "formula batch", FORMULA,
                             formula_parts),
}
KIND_NAMES = "mix, compound, check or formula"


router = APIRouter(include_in_schema=False)
register(router, "/pharmacy/worksheet", "print/worksheet.html", worksheet,
         "sts-pharmacy-worksheet.pdf")
