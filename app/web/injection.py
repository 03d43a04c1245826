"""The injection-rounds page: parse the query, build the plan with the API's function, render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.plans import build_injection_plan
from app.calendar import Closures
from app.products import PRODUCTS
from app.protocols import Route
from app.web import forms, grid, plan_forms
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/injection")
def injection_page(request: Request) -> Response:
    """Plan intralesional rounds; the query string holds the whole plan, so it can be reopened."""
    protocols = request.app.state.protocols
    form, protocol = plan_forms.injection_form(request.query_params, protocols)
    result = forms.run(form, build_injection_plan, plan_forms.injection_label)
    blocks: list[grid.Block] = []
    if result is not None and form.request is not None:
        closures = Closures.of(form.request.closed_weekdays, form.request.closed_dates)
        blocks = grid.two_week_blocks(result.visits, lambda v: v.date, closures.is_open)
    site_slots = [
        f"{prefix}_{column}-{index}"
        for prefix, columns in (("site", plan_forms.SITE_COLUMNS),
                                ("given", plan_forms.GIVEN_COLUMNS))
        for index in range(len(form.values[f"{prefix}s"]))
        for column in columns
    ]
    context = {
        "form": form,
        "result": result,
        "blocks": blocks,
        "protocol": protocol,
        "protocols": [p for p in protocols if p.route is Route.INTRALESIONAL],
        "products": PRODUCTS,
        "chosen": forms.product(form.values.get("product", "")),
        "weekdays": plan_forms.WEEKDAYS,
        "error_slots": [*plan_forms.INJECTION_LABELS, *site_slots],
    }
    return render(request, "injection.html", context)
