"""The pharmacy calculators' pages: parse the query, run the calculator, render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.http.deps import PolicyDep
from app.pharmacy import formulas
from app.pharmacy import measuring as measure
from app.pharmacy.products import PRODUCTS
from app.web import forms
from app.web.pharmacy.calculator_kinds import CHECK, COMPOUND, FORMULA, MIX
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/pharmacy")
def pharmacy(request: Request) -> Response:
    """The pharmacy calculators' index."""
    return render(request, "pharmacy.html", {"formulas": formulas.FORMULAS})


@router.get("/pharmacy/mix")
def pharmacy_mix(request: Request, policy: PolicyDep) -> Response:
    """Dilute a stock by volumes or to a target strength."""
    form, result = MIX.run(request.query_params, policy)
    measured = None
    if result is not None:
        measured = [measure.draw_up(result.stock_volume), measure.draw_up(result.diluent_volume)]
    context = {"form": form, "result": result, "products": PRODUCTS, "measured": measured,
               "chosen": forms.product(form.values["product"])}
    return render(request, "pharmacy_mix.html", context)


@router.get("/pharmacy/compound")
def pharmacy_compound(request: Request, policy: PolicyDep) -> Response:
    """Work out what to weigh for a topical preparation."""
    form, result = COMPOUND.run(request.query_params, policy)
    weighed = None
    if result is not None:
        weighed = [measure.weigh(result.powder)]
        if result.vehicle is not None:
            weighed.append(measure.weigh(result.vehicle))
    context = {"form": form, "result": result, "weighed": weighed}
    return render(request, "pharmacy_compound.html", context)


@router.get("/pharmacy/check")
def pharmacy_check(request: Request, policy: PolicyDep) -> Response:
    """Compare a batch that was made with its label."""
    form, result = CHECK.run(request.query_params, policy)
    return render(request, "pharmacy_check.html", {"form": form, "result": result})


@router.get("/pharmacy/formula")
def pharmacy_formula(request: Request, policy: PolicyDep) -> Response:
    """Scale a published formula, such as the EAHP 25 % ointment, to a batch."""
    form, result = FORMULA.run(request.query_params, policy)
    weighed = [measure.weigh(line.mass) for line in result.lines] if result else []
    context = {"form": form, "result": result, "weighed": weighed, "formulas": formulas.FORMULAS}
    return render(request, "pharmacy_formula.html", context)
