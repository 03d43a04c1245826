"""The course page's amendment: the form's plan sent with its reason, or the page again as typed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.courses.errors import CourseRefusal, InvalidInput
from app.courses.kinds import CourseKind
from app.http.deps import DatabaseDep, PolicyDep
from app.services import course_actions as service
from app.web.accounts.access import Writer
from app.web.courses.pages import CourseId, Long, Short, course_page, messages
from app.web.courses.plan_form import AmendForm, plan_from, rows_of
from app.web.courses.records import Version, saved
from app.web.refusals import PageRefused

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Texts = Annotated[list[str], Form(max_length=60)]


@router.post("/courses/{course_id}/amend")
def amend_course(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Writer, course_id: CourseId,
    version: Version, reason: Long, interval: Short = "",
    site_name: Texts = [], site_volume: Texts = [],  # noqa: B006 - FastAPI copies defaults
    site_rounds: Texts = [], site_first_round: Texts = [],  # noqa: B006
    step_strength: Texts = [], step_days: Texts = [],  # noqa: B006
) -> Response:
    """Give the course a new plan from the form; refused, the page shows it again as typed."""
    try:
        kind_text, kept = service.kept_plan(db, course_id)
    except CourseRefusal as refusal:
        raise PageRefused(refusal.status, "Course not found", refusal.message) from None
    kind = CourseKind(kind_text)
    columns = ([site_name, site_volume, site_rounds, site_first_round]
               if kind == CourseKind.INJECTION else [step_strength, step_days])
    form = AmendForm(kind, interval.strip(), rows_of(kind, columns), reason.strip())
    try:
        service.amend_course(db, policy, user.actor, course_id, version, plan_from(kept, form),
                             form.reason)
    except InvalidInput as error:
        form.errors = messages(error)
        return course_page(request, db, policy, user, course_id, amend=form, status=422)
    except CourseRefusal as refusal:
        form.errors = [refusal.message]
        return course_page(request, db, policy, user, course_id, amend=form,
                           status=refusal.status)
    return saved(request, db, policy, user, course_id, f"/courses/{course_id}#amendments",
                 "Saved: the course has a new plan; what was recorded stays as recorded.")
