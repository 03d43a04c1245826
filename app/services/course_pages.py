"""Course use cases as the clinic pages need them, each a call into app/services/courses.py."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any

from app.accounts.service import Actor
from app.api.plan_requests import InjectionPlanRequest, TopicalPlanRequest
from app.calendar import ics
from app.clinical.text import plain
from app.courses.views import due_list_json
from app.injection.models import InjectionPlanResult
from app.policy import Policy
from app.services import courses
from app.services.courses import Answer
from app.services.plans import plan_injection, plan_topical
from app.storage import courses as store
from app.storage.engine import Database
from app.topical.models import TopicalPlanResult

# Overdue rounds are looked for this far back: a course open longer than this is long forgotten.
OVERDUE_SINCE = dt.date(2000, 1, 1)


def _raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def _if_match(version: int) -> str:
    return f'"{version}"'


def save_course(
    db: Database, policy: Policy, actor: Actor, kind: str, plan: dict[str, Any],
    patient: dict[str, Any], today: dt.date,
) -> Answer:
    """Keep a planner's plan as a patient's course (checked exactly as the API checks it)."""
    body = {"patient": patient, "kind": kind, "plan": plan}
    return courses.create_course(db, policy, actor, _raw(body), today)


def read_course(db: Database, policy: Policy, actor: Actor, course_id: str) -> Answer:
    """A course for its page (the read is audited, as the API's is)."""
    return courses.get_course(db, policy, actor, course_id)


def add_record(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int,
    record: dict[str, Any], today: dt.date,
) -> Answer:
    """Record a round given, deferred or omitted, against the version the page showed."""
    return courses.add_record(db, policy, actor, course_id, _if_match(version), _raw(record),
                              today)


def mark_in_error(
    db: Database, policy: Policy, actor: Actor, course_id: str, record_id: str, version: int,
    reason: str,
) -> Answer:
    """Strike a record out as entered in error, with its reason."""
    return courses.mark_in_error(db, policy, actor, course_id, record_id, _if_match(version),
                                 _raw({"reason": reason}))


def stop_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, version: int, reason: str
) -> Answer:
    """Stop a course, with its reason."""
    return courses.stop_course(db, policy, actor, course_id, _if_match(version),
                               _raw({"reason": reason}))


def history(db: Database, course_id: str) -> list[dict[str, Any]]:
    """The course's audit entries, in the order written."""
    return courses.audit_trail(db, course_id)


@dataclass(frozen=True)
class DueBoard:
    """The clinic's landing page: overdue rounds, then this week and next, by day."""

    overdue: list[dict[str, Any]]
    days: list[tuple[dt.date, list[dict[str, Any]]]] = field(default_factory=list)
    first: dt.date = dt.date.min
    last: dt.date = dt.date.min


def due_board(db: Database, today: dt.date) -> DueBoard:
    """Open rounds planned before today (overdue), and those from Monday this week for 14 days."""
    first = today - dt.timedelta(days=today.weekday())
    last = first + dt.timedelta(days=13)
    with db.reading() as session:
        overdue = json.loads(due_list_json(store.due(session, OVERDUE_SINCE,
                                                     today - dt.timedelta(days=1))))
    coming = [e for e in json.loads(courses.due_list(db, first, last))
              if dt.date.fromisoformat(e["date"]) >= today]
    days: dict[dt.date, list[dict[str, Any]]] = {}
    for entry in coming:
        days.setdefault(dt.date.fromisoformat(entry["date"]), []).append(entry)
    return DueBoard(overdue, sorted(days.items()), first, last)


def _closing_records(body: dict[str, Any]) -> tuple[dict[int, dict[str, Any]], frozenset[int]]:
    """The record that fixes or moves each round (latest deferral; given/omitted win), omitted."""
    kept = [r for r in body["records"]
            if r.get("round") is not None and r.get("entered_in_error") is None]
    fixed = {r["round"]: r for r in kept if r["status"] in ("given", "omitted")}
    closing = {r["round"]: r for r in kept if r["status"] == "deferred" and r["round"] not in fixed}
    closing.update(fixed)
    return closing, frozenset(n for n, r in fixed.items() if r["status"] == "omitted")


def course_plan(
    body: dict[str, Any], policy: Policy
) -> tuple[InjectionPlanRequest, InjectionPlanResult]:
    """An injection course's plan rebuilt with its records, for the print views and the .ics."""
    planned = {plain(s["name"]): s.get("volume") for s in body["plan"].get("sites", [])}
    closing, omitted = _closing_records(body)
    given = []
    for number, record in sorted(closing.items()):
        if number in omitted:
            continue
        entry: dict[str, Any] = {"round": number, "date": record["date"]}
        changed = {n: v for n, v in (record.get("volumes") or {}).items() if planned.get(n) != v}
        if changed:
            entry["volumes"] = changed
        given.append(entry)
    request = InjectionPlanRequest.model_validate({**body["plan"], "given": given})
    return request, plan_injection(request, policy, omitted)


def round_states(body: dict[str, Any]) -> dict[int, str]:
    """Each round's status as the course's schedule now gives it."""
    return {v["round"]: v.get("status", "planned") for v in body["schedule"].get("visits", [])}


def rounds_to_come_ics(body: dict[str, Any], policy: Policy, clinic: str) -> bytes:
    """The rounds neither given nor omitted as an .ics, keyed by the course id; no patient in it."""
    states = round_states(body)
    _request, result = course_plan(body, policy)
    rest = replace(result, visits=tuple(v for v in result.visits
                                        if states.get(v.round) in ("planned", "deferred")))
    return ics.injection_calendar(rest, f"course-{body['id']}", clinic)


def topical_plan(
    body: dict[str, Any], policy: Policy
) -> tuple[TopicalPlanRequest, TopicalPlanResult]:
    """A topical course's plan rebuilt for the print views (records never move its dates)."""
    request = TopicalPlanRequest.model_validate(body["plan"])
    return request, plan_topical(request, policy)


def reviews_done(body: dict[str, Any]) -> frozenset[int]:
    """The numbers of the reviews a record (not entered in error) says were held."""
    records = body["schedule"].get("review_records") or []
    return frozenset(n for n, found in enumerate(records, start=1) if found is not None)


def topical_to_come_ics(body: dict[str, Any], policy: Policy, clinic: str) -> bytes:
    """The strength changes and the reviews not yet held as an .ics; no patient in it."""
    _request, result = topical_plan(body, policy)
    return ics.topical_calendar(result, f"course-{body['id']}", clinic, done=reviews_done(body))
