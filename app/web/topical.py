"""The topical-course page: parse the query, build the plan with the API's function, render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import PolicyDep
from app.calendar import grid
from app.web import plan_forms, topical_form
from app.web.plan_kinds import TOPICAL
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/topical")
def topical_page(request: Request, policy: PolicyDep) -> Response:
    """Plan a topical course; the query string holds the whole plan, so it can be reopened."""
    context = TOPICAL.page_context(request, policy)
    result = context["result"]
    row_slots = plan_forms.row_slots(
        context["form"], {"step": topical_form.STEP_COLUMNS, "site": topical_form.SITE_COLUMNS})
    context.update(
        fortnights=grid.fortnights_of(result.calendar, lambda d: d.date) if result else [],
        amount_modes=topical_form.AMOUNT_MODES,
        conventions=topical_form.convention_options(),
        error_slots=[*topical_form.TOPICAL_LABELS, *row_slots],
    )
    return render(request, "topical.html", context)


@router.get("/topical/calendar.ics")
def topical_ics(request: Request, policy: PolicyDep) -> Response:
    """Strength changes and reviews as an iCalendar file; it names no patient."""
    return TOPICAL.calendar_file(request, policy)
