"""A course's schedule, recomputed from its kept plan and records by the plan endpoints' code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from app.clinical.errors import ErrorItem, InputError
from app.clinical.text import plain
from app.clinical.working import Caution
from app.contracts.plan_bodies import injection_body, topical_body
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest, with_patient
from app.contracts.specs import injection_spec, topical_spec
from app.courses.errors import InvalidInput
from app.courses.kinds import OPEN_ROUND, PLANNED, CourseKind, RecordStatus
from app.courses.rounds import closing_records
from app.injection.models import InjectionPlanResult
from app.injection.plan import plan_injections
from app.policy import PUBLISHED, Policy

# The one seam to the planner: the same functions POST /api/v1/plans/* answer with.
from app.topical.models import TopicalPlanResult
from app.topical.plan import plan_topical


@dataclass(frozen=True)
class KeptRecord:
    """The parts of a stored record that shape the schedule."""

    id: str
    status: str
    date: dt.date
    round: int | None = None
    block: int | None = None
    review: int | None = None
    volumes: dict[str, str] = field(default_factory=dict)
    in_error: bool = False


@dataclass(frozen=True)
class OpenRound:
    """A round of an injection course still to be given: what the due list shows of it."""

    round: int
    date: dt.date
    sites: list[str]
    visit_volume: dict[str, float | str]  # {value, unit}, as the plan body has it
    sts_pentahydrate: dict[str, float | str]


@dataclass(frozen=True)
class Schedule:
    """The plan endpoint's object for a course, with each visit's status, and what is still open."""

    body: dict[str, Any]
    open_rounds: list[OpenRound]
    visit_dates: dict[int, dt.date]  # round (or review) number → its date now
    sites_at: dict[int, list[str]]  # round → the sites treated then
    next_due: dt.date | None
    complete: bool
    # The planner's own result the body was made from: what the pages word, with its quantities.
    result: InjectionPlanResult | TopicalPlanResult | None = None
    states: dict[int, str] = field(default_factory=dict)  # round → planned, given, deferred…
    dispensed: tuple[tuple[str, ...], ...] = ()  # each block's dispensing records that count
    review_records: tuple[str | None, ...] = ()  # each review's record, or None while pending
    # The plan request the result was worked out from, its records folded in: the print views
    # read both rather than plan the course again.
    request: InjectionPlanRequest | TopicalPlanRequest | None = None
    # Why the planner now refuses the kept plan (a limit lowered since it was saved), when the
    # schedule had to be worked out under the published limits instead; None when it did not.
    refused_now: str | None = None


def _invalid_plan(error: ValidationError) -> InvalidInput:
    items: list[ErrorItem] = [
        {**item, "loc": ["body", "plan", *item["loc"]]}
        for item in error.errors(include_url=False, include_context=False)
    ]
    return InvalidInput(items)


def validate_plan(
    kind: str, plan: Mapping[str, object]
) -> InjectionPlanRequest | TopicalPlanRequest:
    """The plan as its endpoint reads it; errors located under body.plan; no `given` list."""
    if "given" in plan:
        raise InvalidInput.at(
            "plan", "given", message="plan.given is not kept in a course: add records instead"
        )
    try:
        if kind == CourseKind.INJECTION:
            return InjectionPlanRequest.model_validate(plan)
        return TopicalPlanRequest.model_validate(plan)
    except ValidationError as error:
        raise _invalid_plan(error) from None


def _planner_error(error: InputError, at: str) -> InvalidInput:
    """A planner refusal: under body.plan for the plan, on the record's field for a record."""
    if error.field == "given":
        return InvalidInput.at(at, message=f"{at} {error.message.removeprefix('says ')}")
    where = error.field.split(".")
    return InvalidInput.at("plan", *where, message=f"plan.{error.field} {error.message}")


def injection_schedule(
    plan: Mapping[str, object], records: Sequence[KeptRecord], policy: Policy,
    blame: str = "date",
) -> Schedule:
    """Recompute the rounds: given dates and volumes, deferred dates, omitted rounds uncounted."""
    rule = closing_records(records)
    closing, omitted = rule.records, rule.omitted
    sites = plan.get("sites", [])
    assert isinstance(sites, list)  # a kept plan was validated when it was saved
    planned = {plain(s["name"]): s.get("volume") for s in sites}
    given: list[dict[str, object]] = []
    for number, record in closing.items():
        if number in omitted:
            continue
        entry: dict[str, object] = {"round": number, "date": record.date.isoformat()}
        changed = {n: v for n, v in record.volumes.items() if planned.get(n) != v}
        if changed:
            entry["volumes"] = changed
        given.append(entry)
    try:
        request = InjectionPlanRequest.model_validate({**plan, "given": given})
        result = plan_injections(replace(injection_spec(request), omitted=omitted), policy)
        body: dict[str, Any] = injection_body(result)  # marked below with each round's state
    except ValidationError as error:
        raise _invalid_plan(error) from None
    except InputError as error:
        raise _planner_error(error, blame) from None
    open_rounds: list[OpenRound] = []
    dates: dict[int, dt.date] = {}
    sites_at: dict[int, list[str]] = {}
    for visit in body["visits"]:
        number = visit["round"]
        found = closing.get(number)
        visit["status"] = found.status if found else PLANNED
        visit["record"] = found.id if found else None
        dates[number] = dt.date.fromisoformat(visit["date"])
        sites_at[number] = [s["name"] for s in visit["sites"]]
        if visit["status"] in OPEN_ROUND:
            open_rounds.append(OpenRound(
                number, dates[number], sites_at[number], visit["volume"],
                visit["sts_pentahydrate"],
            ))
    next_due = min((r.date for r in open_rounds), default=None)
    states = {v["round"]: v["status"] for v in body["visits"]}
    return Schedule(body, open_rounds, dates, sites_at, next_due, not open_rounds, result, states,
                    request=request)


def topical_schedule(
    plan: Mapping[str, object], records: Sequence[KeptRecord], policy: Policy
) -> Schedule:
    """Recompute the topical plan and mark each block's dispensing and each review's record."""
    try:
        request = TopicalPlanRequest.model_validate(plan)
        result = plan_topical(topical_spec(request), policy)
        body: dict[str, Any] = topical_body(result)  # marked below with what was dispensed
    except ValidationError as error:
        raise _invalid_plan(error) from None
    except InputError as error:
        raise _planner_error(error, "plan") from None
    kept = [r for r in records if not r.in_error]
    dispensed = tuple(
        tuple(r.id for r in kept if r.status == RecordStatus.DISPENSED and r.block == number)
        for number in range(1, len(result.blocks) + 1)
    )
    for block, ids in zip(body["blocks"], dispensed, strict=True):
        block["dispensed"] = list(ids)
    reviewed: dict[int, str] = {}
    for record in kept:
        if record.status == RecordStatus.REVIEWED and record.review is not None:
            reviewed.setdefault(record.review, record.id)
    review_records = tuple(reviewed.get(n) for n in range(1, len(result.reviews) + 1))
    body["review_records"] = list(review_records)
    dates = dict(enumerate(result.reviews, start=1))
    pending = [day for n, day in dates.items() if n not in reviewed]
    return Schedule(body, [], dates, {}, min(pending, default=None), not pending, result,
                    dispensed=dispensed, review_records=review_records, request=request)


def schedule(
    kind: str, plan: Mapping[str, object], records: Sequence[KeptRecord], policy: Policy,
    patient: Mapping[str, object] | None = None,
) -> Schedule:
    """The schedule of a course of either kind, checked for its `patient` (the course's
    patient object: a birth date the plan does not state itself is used)."""
    if patient is not None:
        birth_date = patient.get("birth_date")  # kept as ISO text, or not at all
        plan = with_patient(plan, birth_date if isinstance(birth_date, str) else None)
    if kind == CourseKind.INJECTION:
        return injection_schedule(plan, records, policy)
    return topical_schedule(plan, records, policy)


REFUSED_NOW = "plan_refused_now"


def _refused(current: Schedule, refusal: InvalidInput) -> Schedule:
    """A schedule worked out under the published limits, saying why the planner now refuses it."""
    why = "; ".join(str(item["msg"]) for item in refusal.errors)
    caution = Caution(
        REFUSED_NOW,
        f"The planner now refuses this course's plan ({why}). The schedule shown is worked out "
        "with the published limits; amend the plan before recording another round given.",
        "this deployment's settings, changed since the course was saved",
    )
    body = {**current.body, "warnings": [caution.as_dict(), *current.body.get("warnings", [])]}
    result = current.result
    if result is not None:
        result = replace(result, warnings=(caution, *result.warnings))
    return replace(current, body=body, result=result, refused_now=why)


def kept_schedule(
    kind: str, plan: Mapping[str, object], records: Sequence[KeptRecord], policy: Policy,
    patient: Mapping[str, object] | None = None,
) -> Schedule:
    """The schedule of a kept course, whatever the planner now thinks of its plan: when the
    limits in force refuse it, the published ones work it out and a `plan_refused_now` warning
    says so, so the course can still be read, printed, stopped and amended."""
    try:
        return schedule(kind, plan, records, policy, patient)
    except InvalidInput as refusal:
        if not policy.overrides:
            raise
        try:
            fallback = schedule(kind, plan, records, PUBLISHED, patient)
        except InvalidInput:
            raise refusal from None
        return _refused(fallback, refusal)
