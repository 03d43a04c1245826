"""The clinic's course pages: save a plan as a course, the due list, a course and its records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import QueryParams

from app.accounts.roles import Action, may_strike
from app.courses.errors import CourseRefusal, InvalidInput
from app.courses.kinds import CourseKind, CourseStatus
from app.courses.patients import PatientMismatch
from app.courses.views import CourseView
from app.http.deps import DatabaseDep, PolicyDep
from app.quantities import display
from app.services import course_actions as service
from app.services import course_timeline as timeline
from app.services import preparations as preparation_service
from app.web.accounts.access import Reader, Writer, WriterPage
from app.web.accounts.session import PageUser
from app.web.courses import audit_words
from app.web.courses import topical_apply as course_topical_apply
from app.web.courses import topical_view as topical_view
from app.web.courses import view as course_view
from app.web.courses.plan_form import AmendForm, amend_form
from app.web.courses.topical_view import DispenseForm, ReviewForm
from app.web.planners.plan_kinds import INJECTION, TOPICAL, EitherPlanForm, EitherPlanKind
from app.web.refusals import PageRefused
from app.web.templating import page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
CourseId = Annotated[str, Path(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=2000)]
# A page of a long course's records or history; a number past the last shows the oldest page.
PageNumber = Annotated[int, Query(ge=1, le=1000)]
KINDS: dict[str, EitherPlanKind] = {CourseKind.INJECTION: INJECTION, CourseKind.TOPICAL: TOPICAL}
LABELS = {"reference": "Patient reference", "name": "Patient name",
          "birth_date": "Date of birth", "date": "Date", "lot": "Lot", "expiry": "Expiry",
          "reason": "Reason", "note": "Note", "volumes": "Volume", "round": "Round",
          "status": "What happened", "plan": "The plan",
          "amount": "Amount dispensed", "block": "Block", "review": "Review"}


def today(request: Request) -> dt.date:
    """Today in the clinic's time zone."""
    return dt.datetime.now(request.app.state.zone).date()


def messages(error: InvalidInput) -> list[str]:
    """Each refused field as a sentence naming it (never echoing what was typed)."""
    said = []
    for item in error.errors:
        loc = [str(p) for p in item.get("loc", []) if p != "body"]
        label = next((LABELS[p] for p in reversed(loc) if p in LABELS), "The form")
        if loc[:1] == ["volumes"] and len(loc) > 1:
            label = f"Volume at {loc[1]}"
        said.append(f"{label}: {item['msg']}")
    return said


def _kind(kind: str) -> EitherPlanKind:
    if kind not in KINDS:
        raise PageRefused(404, "Page not found", "There is no such kind of plan.")
    return KINDS[kind]


def _plan(
    request: Request, kind: str, plan_query: str
) -> tuple[dict[str, object] | None, EitherPlanForm]:
    """The planner's current input as the API's plan body, and the form (with its errors)."""
    settings = request.app.state.settings
    form, _protocol = _kind(kind).parse(QueryParams(plan_query), request.app.state.protocols,
                                        settings.default_interval_days)
    if form.errors or form.body is None:
        return None, form
    plan = {k: v for k, v in form.body.items() if k != "given" or v}
    return plan, form


@router.get("/courses/new/{kind}")
def new_course(request: Request, user: WriterPage, kind: str) -> Response:
    """The form that keeps the planner's plan for a patient (the plan travels as the query)."""
    plan, form = _plan(request, kind, request.url.query)
    context = {"user": user, "kind": kind, "plan_query": request.url.query, "plan": plan,
               "form": form, "errors": [], "patient": {}}
    return page(request, "courses/new.html", context, 200 if plan else 422)


@router.post("/courses/new/{kind}")
def save_course(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Writer, kind: str,
    plan_query: Long,
    reference: Short, name: Short = "", birth_date: Short = "", language: Short = "",
) -> Response:
    """Keep the plan as a course; the patient came in this POST body only."""
    plan, form = _plan(request, kind, plan_query)
    status = 422
    patient = {"reference": reference.strip(), "name": " ".join(name.split()) or None,
               "birth_date": birth_date.strip() or None, "language": language.strip() or None}
    errors: list[str] = []
    existing: list[course_view.CourseRow] = []
    if plan is not None and "given" in plan:
        errors.append("The plan lists rounds already given. A course keeps those as records: "
                      "remove them from the plan, save it, then record each round on the course.")
    elif plan is not None:
        try:
            at = None if form.at is None else f"{form.at:%H:%M}"
            answer = service.save_course(db, policy, user.actor, kind, plan,
                                         {k: v for k, v in patient.items() if v}, today(request),
                                         at)
        except InvalidInput as error:
            errors = messages(error)
        except PatientMismatch as mismatch:
            errors, existing = mismatch_words(db, mismatch, patient["reference"] or "")
            status = 409
        else:
            return RedirectResponse(f"/courses/{answer.id}", status_code=303)
    context = {"user": user, "kind": kind, "plan_query": plan_query, "plan": plan,
               "form": form, "errors": errors, "patient": patient, "existing": existing}
    return page(request, "courses/new.html", context, status)


def mismatch_words(
    db: DatabaseDep, mismatch: PatientMismatch, reference: str
) -> tuple[list[str], list[course_view.CourseRow]]:
    """Which field differs from the courses kept under the reference, and those courses."""
    said = [f"{LABELS[item['loc'][-1]]} differs: {item['msg']}." for item in mismatch.items]
    ids = {i for item in mismatch.items for i in item["courses"]}
    kept = [course_view.course_row(c) for c in service.courses_of(db, reference) if c.id in ids]
    return said, kept


Typed = course_view.RecordForm | DispenseForm | ReviewForm
FORM_KEYS = {course_view.RecordForm: "form", DispenseForm: "dispense", ReviewForm: "review"}


def _number(form: Typed) -> tuple[str, int]:
    if isinstance(form, course_view.RecordForm):
        return "Round", form.round
    return ("Block", form.block) if isinstance(form, DispenseForm) else ("Review", form.review)


def record_forms(
    course: CourseView, day: dt.date, user: PageUser, typed: Typed | None
) -> dict[str, Typed | None]:
    """The record forms this account may send on this course: fresh, or as typed (with a word
    when what was typed is no longer the next round, block or review)."""
    topical = course.kind == CourseKind.TOPICAL
    forms: dict[str, Typed | None] = {
        "form": (course_view.record_form(course, day)
                 if not topical and user.may(Action.RECORD_ROUND) else None),
        "dispense": (topical_view.dispense_form(course, day)
                     if topical and user.may(Action.DISPENSE) else None),
        "review": (topical_view.review_form(course, day)
                   if topical and user.may(Action.REVIEW) else None),
    }
    if typed is None:
        return forms
    key = FORM_KEYS[type(typed)]
    fresh = forms[key]
    if fresh is not None and _number(fresh) != _number(typed):
        (what, mine), (_, now) = _number(typed), _number(fresh)
        typed.errors.append(f"{what} {mine} is no longer the next one: {what.lower()} {now} "
                            "is. Check the form before sending it again.")
    if isinstance(typed, DispenseForm):
        typed = topical_view.with_plan(typed, course)
    forms[key] = typed
    return forms


def course_page(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str, *,
    form: Typed | None = None, conflict: Mapping[str, object] | None = None,
    errors: list[str] | None = None, status: int = 200, said: str = "",
    amend: AmendForm | None = None, records_page: int = 1, history_page: int = 1,
) -> Response:
    """A course as it now stands, with the forms its reader may send; for htmx, only its body."""
    try:
        course = service.read_course(db, policy, user.actor, course_id)
    except CourseRefusal as refusal:
        raise PageRefused(refusal.status, "Course not found", refusal.message) from None
    zone = request.app.state.zone
    topical = course.kind == CourseKind.TOPICAL
    history = audit_words.course_page_history(
        db, course_id, zone, request.query_params.get("views") == "all", history_page,
    ) if user.may(Action.READ_AUDIT) else None
    shown, paging = records_shown(course, user, zone, records_page)
    typed_forms = record_forms(course, today(request), user, form)
    context: dict[str, object] = {
        "user": user, "course": course, "version": course.version,
        "rounds": [] if topical else course_view.rounds(course, zone),
        "blocks": topical_view.blocks(course) if topical else [],
        "reviews": topical_view.reviews(course) if topical else [],
        "records": shown, "records_paging": paging,
        "records_links": page_links(request, course_id, "records", paging.page, paging.pages,
                                    "records-h"),
        **typed_forms,
        "may_write": user.may(Action.WRITE_COURSES), "conflict": conflict,
        "errors": errors or [], "said": said,
        "history": history,
        "history_links": page_links(request, course_id, "history", history_page,
                                    history_page + 1 if history and history.earlier
                                    else history_page, "history-h"),
        "warnings": list(course.schedule.result.warnings) if course.schedule.result else [],
        **course_parts(db, policy, course, user, zone, amend),
    }
    if topical:
        # Batches kept with the course: listed, and a checked one fills the dispensing form.
        found = preparation_service.preparations(db, course.id)
        context["preparations"] = topical_view.preparation_lines(found)
        context["may_compound"] = (user.may(Action.COMPOUND)
                                   and course.status == CourseStatus.ACTIVE)
        context["application"] = course_topical_apply.application(course)
        context["block_records"] = course_topical_apply.block_records(course)
        if form is None:
            fresh = typed_forms["dispense"]
            topical_view.from_preparation(fresh if isinstance(fresh, DispenseForm) else None,
                                          found)
    return page(request, "courses/course.html", context, status, block="course")


def page_links(request: Request, course_id: str, key: str, page: int, pages: int, anchor: str
                ) -> tuple[str, str]:
    """The addresses of the earlier and the later page of a list ('' when there is none),
    keeping the page's other choices (the other list's page, every view)."""
    def link(to: int) -> str:
        query = {**request.query_params, key: str(to)}
        return f"/courses/{course_id}?{urlencode(query)}#{anchor}"
    return (link(page + 1) if page < pages else "", link(page - 1) if page > 1 else "")


def records_shown(
    course: CourseView, user: PageUser, zone: dt.tzinfo, page: int
) -> tuple[list[course_view.RecordView], course_view.Paging]:
    """One page of the course's records (page 1: the latest), worded, each with whether its
    reader may strike it out, and where the page stands."""
    shown, paging = course_view.latest_page(course.records, page)
    actor = user.actor
    return [course_view.record_view(r, zone, may_strike(
        actor.role, actor.username, r.status, r.by)) for r in shown], paging


def course_parts(
    db: DatabaseDep, policy: PolicyDep, course: CourseView, user: PageUser, zone: dt.tzinfo,
    amend: AmendForm | None,
) -> dict[str, object]:
    """Version 2's parts of the course page: the patient's other courses, amendments and their
    form, when it stopped, and what it lacks (the printouts a finished course no longer has)."""
    active = course.status == CourseStatus.ACTIVE
    stopped = timeline.ended_on(course, zone)
    return {
        "others": [course_view.course_row(c) for c in service.patient_courses(db, course)],
        "amendments": course_view.amendment_lines(course, zone),
        "amend": (amend or amend_form(course)) if active and user.may(Action.WRITE_COURSES)
        else None,
        "active": active, "stopped_on": "" if stopped is None else display.date(stopped),
        "visit_time": course.visit_time, "moved": moved_by_last(policy, course),
    }


@router.get("/courses/{course_id}")
def show_course(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader, course_id: CourseId,
    records: PageNumber = 1, history: PageNumber = 1,
) -> Response:
    """One course: schedule, records, corrections, the next round's form, history for admins;
    a long course's records and history a page at a time (`records`, `history`: 1 the latest)."""
    return course_page(request, db, policy, user, course_id, records_page=records,
                       history_page=history)


def moved_by_last(policy: PolicyDep, course: CourseView) -> str:
    """Which later rounds the latest record (a round given on another day, or deferred) moved,
    and to which dates; '' when it moved none."""
    found = timeline.moved_by_last_record(policy, course)
    if found is None:
        return ""
    number, before, after = found
    return course_view.moved_words(before, after, number).strip()
