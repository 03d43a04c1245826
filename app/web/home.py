"""The start page and the sources page: what each page is for, and every constant in force."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.http.deps import PolicyDep
from app.pharmacy import formulas
from app.pharmacy.products import PRODUCTS
from app.topical.amounts import PRESETS
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def home(request: Request) -> Response:
    """The start page: what each page is for."""
    return render(request, "home.html", {})


@router.get("/sources")
def sources(request: Request, policy: PolicyDep) -> Response:
    """Every constant as in force here, with its value and source, and the products known."""
    conventions = [
        {"label": f"{p.fact.name} ({p.meaning})", "amount_text": p.amount_text,
         "source": p.source}
        for p in PRESETS.values()
    ]
    context = {"facts": policy.all_facts(), "products": PRODUCTS, "conventions": conventions,
               "protocols": request.app.state.protocols, "formulas": formulas.FORMULAS}
    return render(request, "sources.html", context)
