"""Amending a course: a new plan for what is not yet recorded, the previous plan kept."""

from __future__ import annotations

import datetime as dt

from app.accounts.secrets import new_id
from app.contracts.courses import AmendIn
from app.courses.amend import check_kind, check_records_kept, plan_changes
from app.courses.errors import Conflict, InvalidInput
from app.courses.kinds import CourseStatus
from app.courses.schedule import schedule, validate_plan
from app.courses.views import CourseView
from app.policy import Policy
from app.services.accounts import Actor
from app.services.course_rows import kept
from app.services.courses import _commit_write, _load, _state, _status, _version, view
from app.storage import audit
from app.storage.engine import Database
from app.storage.models import Amendment


def _under_plan(error: InvalidInput) -> InvalidInput:
    """A refusal of the new plan with the records, located under body.plan as the contract has
    every amendment's 422 (a record's own field would point at a body this request did not send)."""
    return InvalidInput([
        item if list(item.get("loc", []))[:2] == ["body", "plan"]
        else {**item, "loc": ["body", "plan"]}
        for item in error.errors
    ])


def amend_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, request: AmendIn,
    expected_version: int | None,
) -> CourseView:
    """Replace a course's plan: what is recorded stays as recorded, the new plan governs the
    rest, and the plan replaced is kept in an amendment row (and its changes in the audit)."""
    with db.writing() as session:
        course = _load(session, course_id)
        _version(expected_version, course)
        check_kind(course.kind, request.plan)
        validate_plan(course.kind, request.plan)
        fresh = schedule(course.kind, request.plan, [], policy, course.patient)
        rows, current = _state(session, course, policy)
        history = [kept(r, c) for r, c in rows]
        check_records_kept(course.kind, fresh, history)
        try:
            after = schedule(course.kind, request.plan, history, policy, course.patient)
        except InvalidInput as error:
            raise _under_plan(error) from None
        status = _status(course, current)
        if status != CourseStatus.ACTIVE:
            raise Conflict(f"the course is {status}: a {status} course takes no new plan; "
                           "start a new course instead")
        previous, expected = course.plan, course.version
        changes = plan_changes(previous, request.plan)
        course.plan = request.plan
        session.flush()
        _commit_write(session, course, expected, after, policy)
        session.add(Amendment(
            id=new_id(), course_id=course.id, version=course.version, by=actor.username,
            at=dt.datetime.now(dt.UTC), reason=request.reason, previous_plan=previous,
        ))
        session.flush()
        audit.append(session, actor.username, "course.amended", course.id,
                     {"version": course.version, "changes": changes})
        return view(session, course, rows, after)
