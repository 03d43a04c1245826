"""Plan use cases: injection rounds and topical courses, as results, JSON bodies and calendars."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from app import protocols
from app.api.plan_bodies import injection_body, topical_body
from app.api.plan_requests import InjectionPlanRequest, TopicalPlanRequest
from app.calendar import ics
from app.calendar.series import Closures
from app.clinical.errors import InputError
from app.injection.plan import (
    Given,
    InjectionPlanResult,
    InjectionSpec,
    ProtocolLimits,
    Site,
    plan_injections,
)
from app.pharmacy import mixing
from app.policy import Policy
from app.quantities.registry import strength_unit
from app.topical import plan as topical
from app.topical.amounts import preset
from app.topical.plan import Step, TopicalPlanResult, TopicalSite, TopicalSpec

Body = dict[str, Any]


def injection_spec(request: InjectionPlanRequest) -> InjectionSpec:
    """The domain's view of a validated injection request."""
    m = request.mix
    limits = None
    if request.protocol_limits is not None:
        p = request.protocol_limits
        limits = ProtocolLimits(p.id, p.source, p.max_site_volume, p.max_visit_volume)
    return InjectionSpec(
        start_date=request.start_date,
        interval_days=request.interval_days,
        mixture=mixing.by_parts(m.stock, m.stock_basis, m.diluent, m.stock_parts, m.diluent_parts),
        sites=tuple(Site(s.name, s.volume, s.rounds, s.first_round) for s in request.sites),
        patient_weight=request.patient_weight,
        closures=Closures.of(request.closed_weekdays, request.closed_dates),
        given=tuple(Given(g.round, g.date, dict(g.volumes)) for g in request.given),
        limits=limits,
    )


def plan_injection(
    request: InjectionPlanRequest, policy: Policy, omitted: frozenset[int] = frozenset()
) -> InjectionPlanResult:
    """Plan intralesional rounds: visits, per-visit totals, course totals and warnings (a kept
    course may name `omitted` rounds, which stay listed but count in no total)."""
    return plan_injections(replace(injection_spec(request), omitted=omitted), policy)


def topical_spec(request: TopicalPlanRequest) -> TopicalSpec:
    """The domain's view of a validated topical request, a named amount convention filled in."""
    chosen = preset(request.amount_convention) if request.amount_convention else None
    per_area, per_application = request.amount_per_area, request.amount_per_application
    if chosen is not None and chosen.per_area:
        per_area = chosen.value  # fingertip units are counted from each site's area instead
    return TopicalSpec(
        start_date=request.start_date,
        steps=tuple(Step(s.strength.to(strength_unit(s.strength)), s.days) for s in request.steps),
        sites=tuple(TopicalSite(s.name, s.area) for s in request.sites),
        applications_per_day=request.applications_per_day,
        amount_per_area=per_area, amount_per_application=per_application, preset=chosen,
        review_interval_days=request.review_interval_days, strength_basis=request.strength_basis,
        density=request.density, dispense_step=request.dispense_step,
    )


def plan_topical(request: TopicalPlanRequest, policy: Policy) -> TopicalPlanResult:
    """Plan a topical course: reviews, blocks, preparation per block and the daily sheet."""
    return topical.plan_topical(topical_spec(request), policy)


def injection_plan_body(
    request: InjectionPlanRequest, policy: Policy, omitted: frozenset[int] = frozenset()
) -> Body:
    """The JSON object `POST /api/v1/plans/injection` answers with."""
    return injection_body(plan_injection(request, policy, omitted))


def topical_plan_body(request: TopicalPlanRequest, policy: Policy) -> Body:
    """The JSON object `POST /api/v1/plans/topical` answers with."""
    return topical_body(plan_topical(request, policy))


def injection_plan_and_body(
    request: InjectionPlanRequest, policy: Policy, omitted: frozenset[int] = frozenset()
) -> tuple[InjectionPlanResult, Body]:
    """The injection plan as a result and as the JSON object its endpoint answers with."""
    result = plan_injection(request, policy, omitted)
    return result, injection_body(result)


def topical_plan_and_body(
    request: TopicalPlanRequest, policy: Policy
) -> tuple[TopicalPlanResult, Body]:
    """The topical plan as a result and as the JSON object its endpoint answers with."""
    result = plan_topical(request, policy)
    return result, topical_body(result)


def injection_key(request: InjectionPlanRequest) -> str:
    """The iCalendar key: the caller's plan_id, else the start date and the site names."""
    if request.plan_id:
        return request.plan_id
    return ics.plan_key("injection", request.start_date.isoformat(),
                        *(s.name for s in request.sites))


def topical_key(request: TopicalPlanRequest) -> str:
    """The iCalendar key: the caller's plan_id, else the start date and the site names."""
    if request.plan_id:
        return request.plan_id
    return ics.plan_key("topical", request.start_date.isoformat(),
                        *(s.name for s in request.sites))


def injection_calendar_file(
    request: InjectionPlanRequest, policy: Policy, clinic: str, at: dt.time | None = None,
) -> bytes:
    """The injection plan as an iCalendar file: one event per visit (all day, or at `at`)."""
    return ics.injection_calendar(
        plan_injection(request, policy), injection_key(request), clinic, at=at)


def topical_calendar_file(
    request: TopicalPlanRequest, policy: Policy, clinic: str, at: dt.time | None = None,
) -> bytes:
    """The topical plan as an iCalendar file: strength changes, and reviews (at `at` if given)."""
    return ics.topical_calendar(plan_topical(request, policy), topical_key(request), clinic, at=at)


_PLACEHOLDER_START = dt.date(2025, 1, 6)


def template_checker(policy: Policy) -> protocols.PlanCheck:
    """A check that validates and builds a template's plan as its endpoint would."""

    def check(route: protocols.Route, plan: dict[str, Any], file: str) -> None:
        body = {**plan, "start_date": _PLACEHOLDER_START}
        try:
            if route is protocols.Route.INTRALESIONAL:
                plan_injection(InjectionPlanRequest.model_validate(body), policy)
            else:
                plan_topical(TopicalPlanRequest.model_validate(body), policy)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in ("plan", *first["loc"]))
            raise protocols.ProtocolError(file, where, first["msg"]) from error
        except InputError as error:
            raise protocols.ProtocolError(file, f"plan.{error.field}", error.message) from error

    return check
