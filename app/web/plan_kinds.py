"""The two kinds of plan a page builds from its query: how each is parsed, built and exported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import QueryParams

from app.api.plans import (
    CALENDAR_MEDIA_TYPE,
    build_injection_plan,
    build_topical_plan,
    injection_key,
    topical_key,
)
from app.calendar import ics
from app.protocols import Protocol, Route
from app.web import forms, plan_forms, topical_form
from app.web.print_common import nothing_to_print
from app.web.templating import render

Parse = Callable[[QueryParams, Sequence[Protocol]], tuple[forms.Form[Any], Protocol | None]]


@dataclass(frozen=True)
class PlanKind:
    """A plan page's form, the API function that builds its plan, and its calendar file."""

    page: str  # the page's path, e.g. "/injection"
    route: Route  # which protocol templates the page offers
    what: str  # what to fill in, said when there is nothing to plan yet
    parse: Parse
    build: Callable[[Any], Any]
    label: Callable[[str], str]
    to_ics: Callable[[Any, str], bytes]
    key: Callable[[Any], str]
    filename: str

    def plan(self, request: Request) -> tuple[forms.Form[Any], Protocol | None, Any]:
        """The form read from the query, its template, and the plan (None until it parses)."""
        form, protocol = self.parse(request.query_params, request.app.state.protocols)
        return form, protocol, forms.run(form, self.build, self.label)

    def page_context(self, request: Request) -> dict[str, Any]:
        """What a plan page shows: the form, its plan, its template and the templates to offer."""
        form, protocol, result = self.plan(request)
        offered = [p for p in request.app.state.protocols if p.route is self.route]
        return {"form": form, "result": result, "protocol": protocol, "protocols": offered}

    def calendar_file(self, request: Request) -> Response:
        """The plan as an .ics download for the patient's own calendar; it names no patient."""
        form, _protocol, result = self.plan(request)
        if result is None or form.request is None:
            problems = nothing_to_print(form, self.what)
            context = {"title": "The calendar file cannot be made yet",
                       "message": " ".join(problems.values())}
            return render(request, "error.html", context, status_code=422)
        headers = {
            "Content-Disposition": f'attachment; filename="{self.filename}"',
            "Cache-Control": "no-store",  # like the printouts it goes with
        }
        body = self.to_ics(result, self.key(form.request))
        return Response(body, media_type=CALENDAR_MEDIA_TYPE, headers=headers)


INJECTION = PlanKind(
    page="/injection",
    route=Route.INTRALESIONAL,
    what="injection plan (start date and sites)",
    parse=plan_forms.injection_form,
    build=build_injection_plan,
    label=plan_forms.injection_label,
    to_ics=ics.injection_calendar,
    key=injection_key,
    filename="sts-injection-visits.ics",
)
TOPICAL = PlanKind(
    page="/topical",
    route=Route.TOPICAL,
    what="topical plan (start date, steps and sites)",
    parse=topical_form.topical_form,
    build=build_topical_plan,
    label=topical_form.topical_label,
    to_ics=ics.topical_calendar,
    key=topical_key,
    filename="sts-topical-course.ics",
)
