"""A topical course's forms: record a block dispensed, and a clinic review done."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.api.auth import DatabaseDep
from app.api.deps import PolicyDep
from app.courses.errors import CourseRefusal, InvalidInput, PreconditionFailed
from app.services import course_pages as service
from app.web.course_records import Count, Version, conflict_of, saved
from app.web.course_topical_view import DispenseForm, ReviewForm
from app.web.courses_pages import CourseId, Long, Short, course_page, messages, today
from app.web.csrf import Dispenser, PageRefused, PageUser, Writer

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Number = Annotated[int, Form(ge=1, le=1000)]


def _record(
    request: Request, db: Any, policy: Any, user: PageUser, course_id: str, version: int,
    seen: int, form: DispenseForm | ReviewForm, record: dict[str, Any], said: str,
) -> Response:
    """Send the record; a stale version or a refusal shows the page again with what was typed."""
    try:
        service.add_record(db, policy, user.actor, course_id, version, record, today(request))
    except PreconditionFailed:
        conflict = conflict_of(db, policy, user, course_id, seen, record)
        return course_page(request, db, policy, user, course_id, form=form, conflict=conflict,
                           status=412)
    except InvalidInput as error:
        form.errors = messages(error)
        return course_page(request, db, policy, user, course_id, form=form, status=422)
    except CourseRefusal as refusal:
        if refusal.status == 404:
            raise PageRefused(404, "Course not found", refusal.message) from None
        form.errors = [refusal.message]
        return course_page(request, db, policy, user, course_id, form=form, status=refusal.status)
    return saved(request, db, policy, user, course_id, f"/courses/{course_id}#blocks", said)


@router.post("/courses/{course_id}/dispensed")
def dispensed(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Dispenser,
    course_id: CourseId, version: Version, seen: Count, block: Number,
    date: Short = "", amount: Short = "", lot: Short = "", expiry: Short = "", note: Long = "",
) -> Response:
    """Record a supply block dispensed: amount, lot and expiry (pharmacists, clinicians, admins)."""
    form = DispenseForm(block=block, date=date.strip(), amount=amount.strip(), lot=lot.strip(),
                        expiry=expiry.strip(), note=note.strip())
    record: dict[str, Any] = {"status": "dispensed", "block": block, "date": form.date,
                              "amount": form.amount, "lot": form.lot or None,
                              "expiry": form.expiry or None}
    if form.note:
        record["note"] = form.note
    return _record(request, db, policy, user, course_id, version, seen, form, record,
                   f"Saved: block {block} dispensed.")


@router.post("/courses/{course_id}/reviewed")
def reviewed(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Writer,
    course_id: CourseId, version: Version, seen: Count, review: Number,
    date: Short = "", note: Long = "",
) -> Response:
    """Record a clinic review done (clinicians and admins)."""
    form = ReviewForm(review=review, date=date.strip(), note=note.strip())
    record: dict[str, Any] = {"status": "reviewed", "review": review, "date": form.date}
    if form.note:
        record["note"] = form.note
    return _record(request, db, policy, user, course_id, version, seen, form, record,
                   f"Saved: review {review} recorded.")
