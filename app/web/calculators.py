"""The pharmacy calculators as the pages and the worksheet both run them: parse, then calculate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from app.api.calculators import CheckRequest, CompoundRequest, run_mix
from app.api.formulas import FormulaRequest
from app.clinical.errors import InputError
from app.pharmacy import compounding, formulas
from app.quantities.registry import is_weight_per_weight
from app.web import forms


def compound_preparation(request: CompoundRequest) -> compounding.Preparation:
    """What to weigh for a topical preparation, as the compounding endpoint works it out."""
    return compounding.compound(request.strength, request.quantity, request.strength_basis,
                                request.powder)


def check_batch_against_label(request: CheckRequest) -> compounding.BatchCheck:
    """Check a batch against its label, using the total that matches the label's basis."""
    wants_mass = is_weight_per_weight(request.strength)
    total = request.total_mass if wants_mass else request.total_volume
    if total is None:
        field = "total_mass" if wants_mass else "total_volume"
        raise InputError(
            field, f"is needed: a {'w/w' if wants_mass else 'w/v'} label needs the batch's "
            f"total {'mass' if wants_mass else 'volume'}",
        )
    return compounding.check_batch(
        request.strength, request.powder_mass, total, request.powder, request.strength_basis,
        request.tolerance_percent,
    )


def scale_formula(request: FormulaRequest) -> formulas.FormulaBatch:
    """Scale the chosen formula as /api/v1/compound/formula does; the salt form must be stated."""
    basis = request.strength_basis
    if basis is None:
        raise InputError("strength_basis", "is needed: the source does not say")
    return formulas.scale(formulas.get_formula(request.formula), request.quantity, basis,
                          request.powder)


@dataclass(frozen=True)
class Calculator:
    """One pharmacy calculator: how its form is read, what it calls, and its field labels."""

    parse: Callable[[QueryParams], forms.Form[Any]]
    calculate: Callable[[Any], Any]
    labels: Mapping[str, str]

    def run(self, params: QueryParams) -> tuple[forms.Form[Any], Any]:
        """The parsed form and the result, or None with the errors filed by field."""
        form = self.parse(params)
        return form, forms.run(form, self.calculate, forms.labeller(self.labels))


CALCULATORS: dict[str, Calculator] = {
    "mix": Calculator(forms.mix_form, run_mix, forms.MIX_LABELS),
    "compound": Calculator(forms.compound_form, compound_preparation, forms.COMPOUND_LABELS),
    "check": Calculator(forms.check_form, check_batch_against_label, forms.CHECK_LABELS),
    "formula": Calculator(forms.formula_form, scale_formula, forms.FORMULA_LABELS),
}
