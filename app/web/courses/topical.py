"""A topical course's forms: record a block dispensed, and a clinic review done."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.courses.kinds import RecordStatus
from app.http.deps import DatabaseDep, PolicyDep
from app.web.accounts.access import Dispenser, Reviewer
from app.web.courses.pages import CourseId, Long, Short
from app.web.courses.records import Count, Version, send_record
from app.web.courses.topical_view import DispenseForm, ReviewForm

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Number = Annotated[int, Form(ge=1, le=1000)]


@router.post("/courses/{course_id}/dispensed")
def dispensed(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Dispenser,
    course_id: CourseId, version: Version, seen: Count, block: Number,
    date: Short = "", amount: Short = "", lot: Short = "", expiry: Short = "", note: Long = "",
) -> Response:
    """Record a supply block dispensed: amount, lot and expiry (pharmacists, clinicians, admins)."""
    form = DispenseForm(block=block, date=date.strip(), amount=amount.strip(), lot=lot.strip(),
                        expiry=expiry.strip(), note=note.strip())
    record: dict[str, object] = {
        "status": RecordStatus.DISPENSED, "block": block, "date": form.date,
        "amount": form.amount, "lot": form.lot or None, "expiry": form.expiry or None}
    if form.note:
        record["note"] = form.note
    return send_record(request, db, policy, user, course_id, version, seen, form, record,
                       f"/courses/{course_id}#blocks", f"Saved: block {block} dispensed.")


@router.post("/courses/{course_id}/reviewed")
def reviewed(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Reviewer,
    course_id: CourseId, version: Version, seen: Count, review: Number,
    date: Short = "", note: Long = "",
) -> Response:
    """Record a clinic review done (clinicians and admins)."""
    form = ReviewForm(review=review, date=date.strip(), note=note.strip())
    record: dict[str, object] = {"status": RecordStatus.REVIEWED, "review": review,
                                 "date": form.date}
    if form.note:
        record["note"] = form.note
    return send_record(request, db, policy, user, course_id, version, seen, form, record,
                       f"/courses/{course_id}#blocks", f"Saved: review {review} recorded.")
