"""The topical-course page: parse the query, build the plan with the API's function, render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.plans import build_topical_plan
from app.protocols import Route
from app.web import forms, grid, topical_form
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/topical")
def topical_page(request: Request) -> Response:
    """Plan a topical course; the query string holds the whole plan, so it can be reopened."""
    protocols = request.app.state.protocols
    form, protocol = topical_form.topical_form(request.query_params, protocols)
    result = forms.run(form, build_topical_plan, topical_form.topical_label)
    blocks = grid.two_week_blocks(result.calendar, lambda d: d.date) if result else []
    row_slots = [
        f"{prefix}_{column}-{index}"
        for prefix, columns in (("step", topical_form.STEP_COLUMNS),
                                ("site", topical_form.SITE_COLUMNS))
        for index in range(len(form.values[f"{prefix}s"]))
        for column in columns
    ]
    context = {
        "form": form,
        "result": result,
        "blocks": blocks,
        "protocol": protocol,
        "protocols": [p for p in protocols if p.route is Route.TOPICAL],
        "amount_modes": topical_form.AMOUNT_MODES,
        "conventions": topical_form.convention_options(),
        "error_slots": [*topical_form.TOPICAL_LABELS, *row_slots],
    }
    return render(request, "topical.html", context)
