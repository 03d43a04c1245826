"""Plan use cases: injection rounds and topical courses, as results, JSON bodies and calendars."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from pydantic import ValidationError

from app import protocols
from app.calendar import ics
from app.clinical.errors import InputError
from app.contracts.json_values import JsonObject
from app.contracts.plan_bodies import injection_body, topical_body
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.contracts.specs import injection_spec, topical_spec
from app.i18n.language import Language
from app.injection.plan import (
    InjectionPlanResult,
    plan_injections,
)
from app.policy import Policy
from app.topical import plan as topical
from app.topical.plan import TopicalPlanResult

Body = JsonObject


def plan_injection(
    request: InjectionPlanRequest, policy: Policy, omitted: frozenset[int] = frozenset()
) -> InjectionPlanResult:
    """Plan intralesional rounds: visits, per-visit totals, course totals and warnings (a kept
    course may name `omitted` rounds, which stay listed but count in no total)."""
    return plan_injections(replace(injection_spec(request), omitted=omitted), policy)


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
    words: Language | None = None,
) -> bytes:
    """The injection plan as an iCalendar file: one event per visit (all day, or at `at`), in
    the patient's language (English unless one is given)."""
    return ics.injection_calendar(
        plan_injection(request, policy), injection_key(request), clinic, at=at, words=words)


def topical_calendar_file(
    request: TopicalPlanRequest, policy: Policy, clinic: str, at: dt.time | None = None,
    words: Language | None = None,
) -> bytes:
    """The topical plan as an iCalendar file: strength changes, and reviews (at `at` if given),
    in the patient's language (English unless one is given)."""
    return ics.topical_calendar(plan_topical(request, policy), topical_key(request), clinic,
                                at=at, words=words)


_PLACEHOLDER_START = dt.date(2025, 1, 6)


def checked_protocols(policy: Policy) -> tuple[protocols.Protocol, ...]:
    """The protocol templates in `schedules/`, each checked as its endpoint would check it under
    `policy`; a broken one raises. Planning every template costs more than the rest of making an
    app, so one check of the same files under the same limits serves every app of the process."""
    return _checked(protocols.files(), policy)


@functools.lru_cache(maxsize=8)
def _checked(texts: tuple[tuple[str, str], ...], policy: Policy) -> tuple[protocols.Protocol, ...]:
    return protocols.parse_all(texts, template_checker(policy))


def template_checker(policy: Policy) -> protocols.PlanCheck:
    """A check that validates and builds a template's plan as its endpoint would."""

    def check(route: protocols.Route, plan: dict[str, object], file: str) -> None:
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
