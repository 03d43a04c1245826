"""Plan endpoints: injection rounds, topical courses, their iCalendar twins, and the protocols."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from app import protocols
from app.api.plan_requests import InjectionPlanRequest, TopicalPlanRequest
from app.api.plan_responses import (
    InjectionPlanOut,
    TopicalPlanOut,
    injection_body,
    json_bytes,
    topical_body,
)
from app.api.strict_json import StrictJsonRoute
from app.calendar import ics
from app.calendar.series import Closures
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.clinical.working import Working
from app.injection.plan import (
    Given,
    InjectionPlanResult,
    InjectionSpec,
    ProtocolLimits,
    Site,
    plan_injections,
)
from app.pharmacy import mixing
from app.pharmacy.compounding import strength_unit
from app.pharmacy.mixing import Mixture
from app.pharmacy.products import Diluent
from app.quantities.registry import MG_PER_ML, Quantity, canonical
from app.topical.amounts import preset
from app.topical.plan import Step, TopicalPlanResult, TopicalSite, TopicalSpec, plan_topical

# JSON without a Content-Type header is read as JSON: see app/api/calculators.py.
router = APIRouter(prefix="/api/v1", tags=["plans"], strict_content_type=False,
                   route_class=StrictJsonRoute)
CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"


@lru_cache(maxsize=256)
def _mixture(
    magnitude: float, unit: Any, basis: Basis, diluent: Diluent, stock_parts: float,
    diluent_parts: float,
) -> Mixture:
    """The mix of a recipe, worked out once per distinct recipe: a clinic uses a handful."""
    mix = mixing.by_parts(Quantity(magnitude, unit), basis, diluent, stock_parts, diluent_parts)
    lidocaine = mix.lidocaine
    if lidocaine is not None:  # none at all, not 0 mg/mL, when there are no diluent parts
        lidocaine = canonical(lidocaine, MG_PER_ML) if lidocaine.magnitude else None
    # Canonical units make the plan's per-visit arithmetic identity checks (quantities.registry).
    return dataclasses.replace(
        mix, concentration=canonical(mix.concentration, MG_PER_ML), lidocaine=lidocaine
    )


def build_injection_plan(request: InjectionPlanRequest) -> InjectionPlanResult:
    """Turn a validated injection request into a plan (the routes and the pages call this)."""
    m = request.mix
    mix = _mixture(
        m.stock.magnitude, m.stock.units, m.stock_basis, m.diluent, m.stock_parts,
        m.diluent_parts,
    )
    # Each plan gets its own copy of the working, so no caller can change the cached one.
    copied = Working(list(mix.working.lines), list(mix.working.facts))
    mix = dataclasses.replace(mix, working=copied)
    limits = None
    if request.protocol_limits is not None:
        p = request.protocol_limits
        limits = ProtocolLimits(p.id, p.source, p.max_site_volume, p.max_visit_volume)
    spec = InjectionSpec(
        start_date=request.start_date,
        interval_days=request.interval_days,
        mixture=mix,
        sites=tuple(Site(s.name, s.volume, s.rounds, s.first_round) for s in request.sites),
        patient_weight=request.patient_weight,
        closures=Closures.of(request.closed_weekdays, request.closed_dates),
        given=tuple(Given(g.round, g.date, dict(g.volumes)) for g in request.given),
        limits=limits,
        diluent_share=m.diluent_parts / (m.stock_parts + m.diluent_parts),
    )
    return plan_injections(spec)


def build_topical_plan(request: TopicalPlanRequest) -> TopicalPlanResult:
    """Turn a validated topical request into a plan (the routes and the pages call this)."""
    chosen = preset(request.amount_convention) if request.amount_convention else None
    per_area, per_application = request.amount_per_area, request.amount_per_application
    if chosen is not None and chosen.per_area:
        per_area = chosen.value
    elif chosen is not None:
        per_application = chosen.value
    spec = TopicalSpec(
        start_date=request.start_date,
        steps=tuple(Step(s.strength.to(strength_unit(s.strength)), s.days) for s in request.steps),
        sites=tuple(TopicalSite(s.name, s.area) for s in request.sites),
        applications_per_day=request.applications_per_day,
        amount_per_area=per_area,
        amount_per_application=per_application,
        preset=chosen,
        review_interval_days=request.review_interval_days,
        strength_basis=request.strength_basis,
        density=request.density,
        dispense_step=request.dispense_step,
    )
    return plan_topical(spec)


def injection_key(request: InjectionPlanRequest) -> str:
    """The iCalendar key: the caller's plan_id, else the start date and the site names."""
    if request.plan_id:
        return request.plan_id
    names = (s.name for s in request.sites)
    return ics.plan_key("injection", request.start_date.isoformat(), *names)


def topical_key(request: TopicalPlanRequest) -> str:
    """The iCalendar key: the caller's plan_id, else the start date and the site names."""
    if request.plan_id:
        return request.plan_id
    names = (s.name for s in request.sites)
    return ics.plan_key("topical", request.start_date.isoformat(), *names)


def json_response(body: dict[str, Any]) -> Response:
    """A JSON body serialised once: FastAPI sends a Response as it is, where a returned model
    would be validated against `response_model` again and then serialised (benchmarks/load.py)."""
    return Response(json_bytes(body), media_type=JSON_MEDIA_TYPE)


# The plan routes are async: planning is a fraction of a millisecond of pure CPU, and a sync
# route's hand-off to the thread pool cost more than that per request (benchmarks/load.py).
# `response_model` stays in each decorator: it is the schema OpenAPI publishes.
@router.post("/plans/injection", response_model=InjectionPlanOut)
async def injection_plan(request: InjectionPlanRequest) -> Response:
    """Plan intralesional rounds: visits, per-visit totals, course totals and safety warnings."""
    return json_response(injection_body(build_injection_plan(request)))


@router.post(
    "/plans/injection.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}},
)
async def injection_plan_ics(request: InjectionPlanRequest) -> Response:
    """The injection plan as an iCalendar file: one all-day event per visit."""
    body = ics.injection_calendar(build_injection_plan(request), injection_key(request))
    return Response(body, media_type=CALENDAR_MEDIA_TYPE)


@router.post("/plans/topical", response_model=TopicalPlanOut)
async def topical_plan(request: TopicalPlanRequest) -> Response:
    """Plan a topical course: reviews, blocks, preparation per block and the daily sheet."""
    return json_response(topical_body(build_topical_plan(request)))


@router.post(
    "/plans/topical.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}},
)
async def topical_plan_ics(request: TopicalPlanRequest) -> Response:
    """The topical plan as an iCalendar file: reviews and strength changes."""
    body = ics.topical_calendar(build_topical_plan(request), topical_key(request))
    return Response(body, media_type=CALENDAR_MEDIA_TYPE)


class ProtocolOut(BaseModel):
    """A published regimen and a starting plan for it."""

    id: str
    title: str
    route: protocols.Route
    source: str
    assumptions: list[str]
    plan: dict[str, Any]


@router.get("/protocols", response_model=list[ProtocolOut])
def list_protocols(request: Request) -> list[ProtocolOut]:
    """The protocol templates, each with its citation and what it assumes."""
    return [
        ProtocolOut(
            id=p.id, title=p.title, route=p.route, source=p.source,
            assumptions=list(p.assumptions), plan=p.plan,
        )
        for p in request.app.state.protocols
    ]


_PLACEHOLDER_START = dt.date(2025, 1, 6)


def check_template(route: protocols.Route, plan: dict[str, Any], file: str) -> None:
    """Validate and build a template's plan as its endpoint would, naming any field at fault."""
    body = {**plan, "start_date": _PLACEHOLDER_START}
    try:
        if route is protocols.Route.INTRALESIONAL:
            build_injection_plan(InjectionPlanRequest.model_validate(body))
        else:
            build_topical_plan(TopicalPlanRequest.model_validate(body))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in ("plan", *first["loc"]))
        raise protocols.ProtocolError(file, where, first["msg"]) from error
    except InputError as error:
        raise protocols.ProtocolError(file, f"plan.{error.field}", error.message) from error


def install(app: FastAPI) -> None:
    """Load and check the protocol templates (a broken one stops start-up) and add the routes."""
    app.state.protocols = protocols.load(check_template)
    app.include_router(router)
