"""The injection-rounds page: parse the query, build the plan with the API's function, render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.calendar import grid
from app.calendar.series import Closures
from app.http.deps import PolicyDep
from app.pharmacy.products import PRODUCTS
from app.web import forms
from app.web.planners import plan_forms
from app.web.planners.plan_kinds import INJECTION
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/injection")
def injection_page(request: Request, policy: PolicyDep) -> Response:
    """Plan intralesional rounds; the query string holds the whole plan, so it can be reopened."""
    shown = INJECTION.view(request, policy)
    form, result = shown.form, shown.result
    fortnights: list[grid.Fortnight] = []
    if result is not None and form.request is not None:
        closures = Closures.of(form.request.closed_weekdays, form.request.closed_dates)
        fortnights = grid.fortnights_of(result.visits, lambda v: v.date, closures.is_open)
    row_slots = plan_forms.row_slots(
        form, {"site": plan_forms.SITE_COLUMNS, "given": plan_forms.GIVEN_COLUMNS})
    context = dict(
        shown.context(),
        fortnights=fortnights,
        products=PRODUCTS,
        chosen=forms.product(form.values.get("product", "")),
        weekdays=plan_forms.WEEKDAYS,
        error_slots=[*plan_forms.INJECTION_LABELS, *row_slots],
    )
    return render(request, "injection.html", context)


@router.get("/injection/calendar.ics")
def injection_ics(request: Request, policy: PolicyDep) -> Response:
    """The visits as an iCalendar file for the patient's own calendar; it names no patient."""
    return INJECTION.calendar_file(request, policy)
