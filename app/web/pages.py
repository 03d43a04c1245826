"""The home, sources and pharmacy pages: parse the query, call the domain, render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app import compounding, facts, formulas, measure
from app.amount_conventions import PRESETS
from app.api.calculators import CheckRequest, run_mix
from app.api.formulas import FormulaRequest
from app.errors import InputError
from app.facts import Fact
from app.products import PRODUCTS
from app.units import is_weight_per_weight
from app.web import forms
from app.web.templating import render
from app.working import value_text

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def all_facts() -> list[Fact]:
    """Every constant the planner relies on, in the order app/facts.py lists them."""
    return [value for value in vars(facts).values() if isinstance(value, Fact)]


@router.get("/")
def home(request: Request) -> Response:
    """The start page: what each page is for."""
    return render(request, "home.html", {})


@router.get("/sources")
def sources(request: Request) -> Response:
    """Every constant with its value and source, and the products the planner knows."""
    conventions = [
        {"label": f"{p.fact.name} ({p.meaning})", "amount_text": value_text(p.fact.value),
         "source": p.fact.source}
        for p in PRESETS.values()
    ]
    context = {"facts": all_facts(), "products": PRODUCTS, "conventions": conventions,
               "protocols": request.app.state.protocols, "formulas": formulas.FORMULAS}
    return render(request, "sources.html", context)


@router.get("/pharmacy")
def pharmacy(request: Request) -> Response:
    """The pharmacy calculators' index."""
    return render(request, "pharmacy.html", {"formulas": formulas.FORMULAS})


@router.get("/pharmacy/mix")
def pharmacy_mix(request: Request) -> Response:
    """Dilute a stock by volumes or to a target strength."""
    form = forms.mix_form(request.query_params)
    result = forms.run(form, run_mix, forms.labeller(forms.MIX_LABELS))
    measured = None
    if result is not None:
        measured = [measure.draw_up(result.stock_volume), measure.draw_up(result.diluent_volume)]
    context = {"form": form, "result": result, "products": PRODUCTS, "measured": measured,
               "chosen": forms.product(form.values["product"])}
    return render(request, "pharmacy_mix.html", context)


@router.get("/pharmacy/compound")
def pharmacy_compound(request: Request) -> Response:
    """Work out what to weigh for a topical preparation."""
    form = forms.compound_form(request.query_params)
    result = forms.run(
        form,
        lambda r: compounding.compound(r.strength, r.quantity, r.strength_basis, r.powder),
        forms.labeller(forms.COMPOUND_LABELS),
    )
    weighed = None
    if result is not None:
        weighed = [measure.weigh(result.powder)]
        if result.vehicle is not None:
            weighed.append(measure.weigh(result.vehicle))
    context = {"form": form, "result": result, "weighed": weighed}
    return render(request, "pharmacy_compound.html", context)


def _check(request: CheckRequest) -> Any:
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


@router.get("/pharmacy/check")
def pharmacy_check(request: Request) -> Response:
    """Compare a batch that was made with its label."""
    form = forms.check_form(request.query_params)
    result = forms.run(form, _check, forms.labeller(forms.CHECK_LABELS))
    return render(request, "pharmacy_check.html", {"form": form, "result": result})


def _scale(request: FormulaRequest) -> formulas.FormulaBatch:
    """Scale the chosen formula; the form has made sure the salt form was stated."""
    basis = request.strength_basis
    if basis is None:
        raise InputError("strength_basis", "is needed: the source does not say")
    return formulas.scale(formulas.get_formula(request.formula), request.quantity, basis,
                          request.powder)


@router.get("/pharmacy/formula")
def pharmacy_formula(request: Request) -> Response:
    """Scale a published formula, such as the EAHP 25 % ointment, to a batch."""
    form = forms.formula_form(request.query_params)
    result = forms.run(form, _scale, forms.labeller(forms.FORMULA_LABELS))
    weighed = [measure.weigh(line.mass) for line in result.lines] if result else []
    context = {"form": form, "result": result, "weighed": weighed, "formulas": formulas.FORMULAS}
    return render(request, "pharmacy_formula.html", context)
