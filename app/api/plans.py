"""Plan endpoints: injection rounds, topical courses, their iCalendar twins, and the protocols."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator

from app import protocols
from app.api.plan_responses import InjectionPlanOut, TopicalPlanOut
from app.api.strict_json import StrictJsonRoute
from app.contracts.json_values import JsonObject
from app.contracts.plan_bodies import json_bytes
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.http.deps import PolicyDep, SettingsDep
from app.i18n import catalogues
from app.i18n.language import language
from app.services import plans

# JSON without a Content-Type header is read as JSON: see app/api/calculators.py.
router = APIRouter(prefix="/api/v1", tags=["plans"], strict_content_type=False,
                   route_class=StrictJsonRoute)
CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"
_CALENDAR_RESPONSE: dict[int | str, JsonObject] = {
    200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}
}


def _lang(value: object) -> str:
    """A language there is a catalogue for; anything else (too long too) is told which there
    are, before the length limit the schema states is checked."""
    try:
        return catalogues.checked(value if isinstance(value, str) else "")
    except ValueError as error:
        raise ValueError(f"lang {error}") from None


# The patient's language of a calendar file's SUMMARY and DESCRIPTION (issue 25), English unless
# asked: the person calling the API is not the patient, so never their Accept-Language.
# The schema lists the languages with a catalogue, as the course schema does for the patient's.
Lang = Annotated[str, Query(max_length=16, json_schema_extra={"enum": list(catalogues.languages())},
                            description="The patient's language: 'en' (default) or 'it'."),
                 BeforeValidator(_lang)]


def json_response(body: JsonObject) -> Response:
    """A JSON body serialised once: FastAPI sends a Response as it is, where a returned model
    would be validated against `response_model` again and then serialised (benchmarks/load.py)."""
    return Response(json_bytes(body), media_type=JSON_MEDIA_TYPE)


def calendar_response(body: bytes) -> Response:
    """An iCalendar file as the answer."""
    return Response(body, media_type=CALENDAR_MEDIA_TYPE)


# The plan routes are async: planning is a fraction of a millisecond of pure CPU, and a sync
# route's hand-off to the thread pool cost more than that per request (benchmarks/load.py).
# `response_model` stays in each decorator: it is the schema OpenAPI publishes.
@router.post("/plans/injection", response_model=InjectionPlanOut)
async def injection_plan(request: InjectionPlanRequest, policy: PolicyDep) -> Response:
    """Plan intralesional rounds: visits, per-visit totals, course totals and safety warnings."""
    return json_response(plans.injection_plan_body(request, policy))


@router.post("/plans/topical", response_model=TopicalPlanOut)
async def topical_plan(request: TopicalPlanRequest, policy: PolicyDep) -> Response:
    """Plan a topical course: reviews, blocks, preparation per block and the daily sheet."""
    return json_response(plans.topical_plan_body(request, policy))


@router.post("/plans/injection.ics", response_class=Response, responses=_CALENDAR_RESPONSE)
async def injection_plan_ics(request: InjectionPlanRequest, policy: PolicyDep,
                             settings: SettingsDep, lang: Lang = catalogues.SOURCE) -> Response:
    """The injection plan as an iCalendar file: one all-day event per visit."""
    return calendar_response(plans.injection_calendar_file(
        request, policy, settings.clinic_name, words=language(lang)))


@router.post("/plans/topical.ics", response_class=Response, responses=_CALENDAR_RESPONSE)
async def topical_plan_ics(request: TopicalPlanRequest, policy: PolicyDep,
                           settings: SettingsDep, lang: Lang = catalogues.SOURCE) -> Response:
    """The topical plan as an iCalendar file: reviews and strength changes."""
    return calendar_response(plans.topical_calendar_file(
        request, policy, settings.clinic_name, words=language(lang)))


class ProtocolOut(BaseModel):
    """A published regimen and a starting plan for it."""

    id: str
    title: str
    route: protocols.Route
    source: str
    assumptions: list[str]
    plan: dict[str, object]


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


def install(app: FastAPI) -> None:
    """Load and check the protocol templates (a broken one stops start-up) and add the routes."""
    app.state.protocols = plans.checked_protocols(app.state.policy)
    app.include_router(router)
