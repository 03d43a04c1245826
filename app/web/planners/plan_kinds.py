"""The two kinds of plan a page builds from its query: how each is parsed, built and exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import QueryParams

from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.i18n.language import Language
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.protocols import Protocol, Route
from app.services import plans
from app.topical.models import TopicalPlanResult
from app.web import forms
from app.web.planners import plan_forms, topical_form
from app.web.printing import language as print_language
from app.web.printing.common import nothing_to_print
from app.web.templating import render

CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8"
Plan = TypeVar("Plan", InjectionPlanRequest, TopicalPlanRequest)
Result = TypeVar("Result", InjectionPlanResult, TopicalPlanResult)


@dataclass(frozen=True)
class PlanKind(Generic[Plan, Result]):
    """A plan page's form, the use cases that build its plan and calendar file, and its labels."""

    page: str  # the page's path, e.g. "/injection"
    route: Route  # which protocol templates the page offers
    what: str  # what to fill in, said when there is nothing to plan yet
    parse: Callable[[QueryParams, Sequence[Protocol], int],
                    tuple[forms.Form[Plan], Protocol | None]]
    build: Callable[[Plan, Policy], Result]
    label: Callable[[str], str]
    calendar: Callable[[Plan, Policy, str, dt.time | None, Language], bytes]
    filename: str

    def plan(
        self, request: Request, policy: Policy
    ) -> tuple[forms.Form[Plan], Protocol | None, Result | None]:
        """The form read from the query, its template, and the plan (None until it parses)."""
        default_interval = request.app.state.settings.default_interval_days
        form, protocol = self.parse(
            request.query_params, request.app.state.protocols, default_interval
        )
        return form, protocol, forms.run(form, lambda r: self.build(r, policy), self.label)

    def view(self, request: Request, policy: Policy) -> PlanPage[Plan, Result]:
        """What a plan page shows: the form, its plan, its template and the templates to offer."""
        form, protocol, result = self.plan(request, policy)
        offered = [p for p in request.app.state.protocols if p.route is self.route]
        return PlanPage(form, result, protocol, offered)

    def calendar_file(self, request: Request, policy: Policy) -> Response:
        """The plan as an .ics download for the patient's own calendar; it names no patient."""
        form, _protocol, result = self.plan(request, policy)
        if result is None or form.request is None:
            problems = nothing_to_print(form, self.what)
            context = {"title": "The calendar file cannot be made yet",
                       "message": " ".join(problems.values())}
            return render(request, "error.html", context, status_code=422)
        headers = {
            "Content-Disposition": f'attachment; filename="{self.filename}"',
            "Cache-Control": "no-store",  # like the printouts it goes with
        }
        words = print_language.chosen(request)
        body = self.calendar(
            form.request, policy, request.app.state.settings.clinic_name, form.at, words)
        return Response(body, media_type=CALENDAR_MEDIA_TYPE, headers=headers)


@dataclass(frozen=True)
class PlanPage(Generic[Plan, Result]):
    """A plan page's view: the form, its plan (None until it parses), the template it was
    loaded from and the templates to offer."""

    form: forms.Form[Plan]
    result: Result | None
    protocol: Protocol | None
    protocols: list[Protocol]

    def context(self) -> dict[str, object]:
        """The page's template context: the four, by name."""
        return {"form": self.form, "result": self.result, "protocol": self.protocol,
                "protocols": self.protocols}


# page, route, what to fill in, parse, build, label, calendar file, its file name
INJECTION: PlanKind[InjectionPlanRequest, InjectionPlanResult] = PlanKind(
    "/injection", Route.INTRALESIONAL, "injection plan (start date and sites)",
    plan_forms.injection_form, plans.plan_injection, plan_forms.injection_label,
    plans.injection_calendar_file, "sts-injection-visits.ics",
)
TOPICAL: PlanKind[TopicalPlanRequest, TopicalPlanResult] = PlanKind(
    "/topical", Route.TOPICAL, "topical plan (start date, steps and sites)",
    topical_form.topical_form, plans.plan_topical, topical_form.topical_label,
    plans.topical_calendar_file, "sts-topical-course.ics",
)
# Either kind, where a page takes the kind from its address (a course's).
EitherPlanKind = (PlanKind[InjectionPlanRequest, InjectionPlanResult]
                  | PlanKind[TopicalPlanRequest, TopicalPlanResult])
EitherPlanForm = forms.Form[InjectionPlanRequest] | forms.Form[TopicalPlanRequest]
