"""The topical-course page: parse the query, build the plan with the API's function, render."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.calendar import grid
from app.clinical.chemistry import Basis
from app.http.deps import PolicyDep
from app.quantities import display
from app.topical.models import TopicalPlanResult
from app.web.pharmacy import records as pharmacy_records
from app.web.planners import plan_forms, topical_form
from app.web.planners.plan_kinds import TOPICAL
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def changes_between_reviews(result: TopicalPlanResult, start: dt.date) -> list[str]:
    """A sentence for each strength change that falls inside a dispensing block, where both
    strengths are handed out at one visit and the patient must switch jars at home."""
    visits = [start, *result.reviews]
    said = []
    for before, block in zip(result.blocks, result.blocks[1:], strict=False):
        if block.strength == before.strength or block.start in visits:
            continue
        handed = max(day for day in visits if day <= block.start)
        said.append(
            f"The strength changes on {display.date(block.start)}, between clinic visits: "
            f"{display.strength(before.strength, concentration=False)} and "
            f"{display.strength(block.strength, concentration=False)} are both dispensed on "
            f"{display.date(handed)}, and the patient switches jars at home. Move the change "
            "to a review day, or make sure the patient knows which jar to use when.")
    return said


@router.get("/topical")
def topical_page(request: Request, policy: PolicyDep) -> Response:
    """Plan a topical course; the query string holds the whole plan, so it can be reopened."""
    shown = TOPICAL.view(request, policy)
    result, plan = shown.result, shown.form.request
    row_slots = plan_forms.row_slots(
        shown.form, {"step": topical_form.STEP_COLUMNS, "site": topical_form.SITE_COLUMNS})
    context = dict(
        shown.context(),
        fortnights=grid.fortnights_of(result.calendar, lambda d: d.date) if result else [],
        amount_modes=topical_form.AMOUNT_MODES,
        conventions=topical_form.convention_options(),
        error_slots=[*topical_form.TOPICAL_LABELS, *row_slots],
        mid_block=changes_between_reviews(result, plan.start_date)
        if result and plan else [],
        worksheets=pharmacy_records.block_worksheets(  # issue 9: each block's preparation
            result, plan.strength_basis if result and plan else Basis.PENTAHYDRATE),
    )
    return render(request, "topical.html", context)


@router.get("/topical/calendar.ics")
def topical_ics(request: Request, policy: PolicyDep) -> Response:
    """Strength changes and reviews as an iCalendar file; it names no patient."""
    return TOPICAL.calendar_file(request, policy)
