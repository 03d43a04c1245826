"""The pharmacy calculators as the pages and the worksheet both run them: parse, then calculate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel
from starlette.datastructures import QueryParams

from app.clinical.working import Working
from app.contracts.calculators import CheckRequest, CompoundRequest, FormulaRequest, MixRequest
from app.pharmacy.compounding import BatchCheck, Preparation
from app.pharmacy.formulas import FormulaBatch
from app.pharmacy.mixing import MixResult
from app.policy import Policy
from app.services import calculators
from app.web import forms


class Worked(Protocol):
    """A calculator's answer: whatever else it holds, the working that cites its sources."""

    @property
    def working(self) -> Working: ...


Asked = TypeVar("Asked", bound=BaseModel)
Answer = TypeVar("Answer", bound=Worked)


@dataclass(frozen=True)
class Calculator(Generic[Asked, Answer]):
    """One pharmacy calculator: how its form is read, the use case it calls, its field labels."""

    parse: Callable[[QueryParams], forms.Form[Asked]]
    calculate: Callable[[Asked, Policy], Answer]
    labels: Mapping[str, str]

    def run(self, params: QueryParams, policy: Policy) -> tuple[forms.Form[Asked], Answer | None]:
        """The parsed form and the result, or None with the errors filed by field."""
        form = self.parse(params)
        result = forms.run(form, lambda request: self.calculate(request, policy),
                           forms.labeller(self.labels))
        return form, result


MIX: Calculator[MixRequest, MixResult] = Calculator(
    forms.mix_form, lambda r, _policy: calculators.mix(r), forms.MIX_LABELS)
COMPOUND: Calculator[CompoundRequest, Preparation] = Calculator(
    forms.compound_form, calculators.compound, forms.COMPOUND_LABELS)
CHECK: Calculator[CheckRequest, BatchCheck] = Calculator(
    forms.check_form, lambda r, _policy: calculators.check_batch(r), forms.CHECK_LABELS)
FORMULA: Calculator[FormulaRequest, FormulaBatch] = Calculator(
    forms.formula_form, calculators.scale_formula, forms.FORMULA_LABELS)
