"""The pharmacy calculators as the pages and the worksheet both run them: parse, then calculate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from app.policy import Policy
from app.services import calculators
from app.web import forms


@dataclass(frozen=True)
class Calculator:
    """One pharmacy calculator: how its form is read, the use case it calls, its field labels."""

    parse: Callable[[QueryParams], forms.Form[Any]]
    calculate: Callable[[Any, Policy], Any]
    labels: Mapping[str, str]

    def run(self, params: QueryParams, policy: Policy) -> tuple[forms.Form[Any], Any]:
        """The parsed form and the result, or None with the errors filed by field."""
        form = self.parse(params)
        result = forms.run(form, lambda request: self.calculate(request, policy),
                           forms.labeller(self.labels))
        return form, result


CALCULATORS: dict[str, Calculator] = {
    "mix": Calculator(forms.mix_form, lambda r, _policy: calculators.mix(r), forms.MIX_LABELS),
    "compound": Calculator(forms.compound_form, calculators.compound, forms.COMPOUND_LABELS),
    "check": Calculator(forms.check_form, lambda r, _policy: calculators.check_batch(r),
                        forms.CHECK_LABELS),
    "formula": Calculator(forms.formula_form, calculators.scale_formula, forms.FORMULA_LABELS),
}
