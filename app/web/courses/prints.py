"""Printouts from a kept course: the next round's sheet, the patient calendar, the .ics."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.courses.errors import CourseRefusal
from app.courses.kinds import OPEN_ROUND, CourseKind, CourseStatus, RecordStatus
from app.courses.views import CourseView
from app.http.deps import DatabaseDep, PolicyDep
from app.i18n.catalogues import SOURCE
from app.i18n.language import Language, language
from app.quantities import display
from app.services import course_actions as service
from app.services import course_timeline as timeline
from app.web import forms
from app.web.accounts.access import Reader
from app.web.accounts.session import PageUser
from app.web.courses import topical_view as topical_view
from app.web.courses.pages import CourseId
from app.web.courses.view import day
from app.web.planners import calendars as print_calendars
from app.web.planners import round_sheet as print_plans
from app.web.planners.calendars import DailySheet
from app.web.planners.plan_kinds import CALENDAR_MEDIA_TYPE, Plan
from app.web.planners.round_sheet import InjectionPlanned, Planned
from app.web.printing import language as print_language
from app.web.printing.common import Line
from app.web.printing.views import NO_STORE, render_print
from app.web.refusals import PageRefused
from app.web.templating import fields_of

router = APIRouter(include_in_schema=False)


def _course(
    db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str, which: str = ""
) -> CourseView:
    """The course (its read audited), or a refusal page; a topical course has no round sheet."""
    try:
        course = service.read_course(db, policy, user.actor, course_id)
    except CourseRefusal as refusal:
        raise PageRefused(refusal.status, "Course not found", refusal.message) from None
    if course.kind == CourseKind.TOPICAL and which == "round-sheet":
        raise PageRefused(404, "No such printout", "A topical course has no round sheet: print "
                          "its patient calendar, or a worksheet per block from the planner.")
    return course


def refuse_round_sheet(course: CourseView, ended: dt.date | None) -> None:
    """A stopped or completed course prints no round sheet: a 409 page saying why."""
    if course.stopped is not None and ended is not None:
        raise PageRefused(
            409, "No round sheet: this course is stopped",
            f"This course was stopped on {display.date(ended)} by {course.stopped.by}. Reason: "
            f"{course.stopped.reason}. Nothing more is to be given from it, so no round sheet "
            "is printed. Its records and calendar stay on the course page.")
    if course.status == CourseStatus.COMPLETED:
        raise PageRefused(
            409, "No round sheet: this course is complete",
            "Every round of this course is recorded (given or omitted): no round is left to "
            "prepare, so no round sheet is printed.")


def banner(course: CourseView, ended: dt.date | None, words: Language | None = None) -> str:
    """What every page of a finished course's printouts says at its top, or '' while active
    (in the patient's language where its catalogue has the words)."""
    words = words or language(SOURCE)  # the messages are written out here for extraction
    if ended is not None:
        return words.gettext("Stopped on %(day)s — no further doses") % {
            "day": words.long_date(ended)}
    if course.status == CourseStatus.COMPLETED:
        return words.gettext("Completed — every round, block and review recorded; no further "
                             "doses")
    return ""


def _form(course: CourseView, request: Plan) -> forms.Form[Plan]:
    """The print views' form: the plan request, and the visit time the course was saved with."""
    form: forms.Form[Plan] = forms.Form(values={}, request=request)
    form.at = timeline.visit_clock(course)
    return form


def _about(course: CourseView, words: Language | None) -> dict[str, object]:
    """The patient lines every course printout heads with (from the database, not a form)."""
    born = _born(course, words) if words is not None else day(course.patient.get("birth_date"))
    return {"patient": course.patient, "birth_date": born, "known_patient": True}


def _planned(course: CourseView, *, calendar: bool, words: Language | None
             ) -> InjectionPlanned:
    """The course's injection plan, to print; a calendar also links its .ics in `words`."""
    request, result = timeline.course_plan(course)
    return Planned(
        _form(course, request), result, f"/courses/{course.id}",
        words if calendar else None,
        ics_url=f"/courses/{course.id}/calendar.ics?lang={words.code}"
        if calendar and words is not None else None,
        about=_about(course, words if calendar else None),
    )


def _born(course: CourseView, words: Language) -> str | None:
    """The patient's birth date as the patient's language writes a date, if recorded."""
    born = course.patient.get("birth_date")
    return words.long_date(dt.date.fromisoformat(born)) if born else None


def round_sheet(course: CourseView, ended: dt.date | None, words: Language | None = None
                ) -> dict[str, object]:
    """The sheet for the next round only: its sites, draw-up volumes, lot and sign-off lines."""
    plan = _planned(course, calendar=False, words=None)
    states, result = timeline.round_states(course), plan.result
    assert result is not None  # a kept course's plan is always built
    upcoming = [v for v in result.visits if states.get(v.round) in OPEN_ROUND]
    if not upcoming:
        return {**plan.context(), "errors": {
            "course": "Every round of this course is recorded: no round is left to prepare."}}
    visit = upcoming[0]
    plan = dataclasses.replace(plan, result=dataclasses.replace(result, visits=(visit,)),
                               deferrals=deferrals(course))
    sheet = print_plans.sheet_figures(plan)
    assert sheet is not None
    totals = [Line("Round", str(visit.round)), Line("Visit volume", sheet.visits[0].total)]
    if course.visit_time is not None:
        totals.insert(1, Line("Clinic visit time", course.visit_time))
    return {**plan.context(), **fields_of(dataclasses.replace(sheet, totals=totals))}


def deferrals(course: CourseView) -> dict[int, str]:
    """Each deferred round's reason, from its latest deferral record not entered in error."""
    kept = sorted((r for r in course.records if r.status == RecordStatus.DEFERRED
                   and r.round is not None and not r.in_error), key=lambda r: r.at)
    return {r.round: r.reason or "no reason recorded" for r in kept if r.round is not None}


def calendar(course: CourseView, ended: dt.date | None, words: Language) -> dict[str, object]:
    """The patient calendar as the course now stands, in the patient's language: given rounds
    marked, omitted ones left out; a stopped course's only the rounds given, nothing to come."""
    plan = _planned(course, calendar=True, words=words)
    states, result = timeline.round_states(course), plan.result
    assert result is not None  # a kept course's plan is always built
    shown = tuple(v for v in result.visits if states.get(v.round) != RecordStatus.OMITTED
                  and (ended is None or states.get(v.round) == RecordStatus.GIVEN))
    plan = dataclasses.replace(plan, result=dataclasses.replace(result, visits=shown))
    found = print_calendars.visit_calendar(plan) if shown else None
    if found is None:  # stopped before any round was given: no visit, no grid
        return {**plan.context(), "visits": [], "fortnights": [], "moved": []}
    said: dict[str, str] = {RecordStatus.GIVEN: words.gettext(" — given"),
                            RecordStatus.DEFERRED: words.gettext(" — moved to this date")}
    visits = [Line(line.what, line.amount, line.note + said.get(states.get(v.round, ""), ""))
              for line, v in zip(found.visits, shown, strict=True)]
    return {**plan.context(), **fields_of(dataclasses.replace(found, visits=visits))}


def topical_calendar(course: CourseView, ended: dt.date | None, words: Language
                     ) -> dict[str, object]:
    """The patient's daily sheet as the course now stands, in the patient's language: what was
    given out, reviews held; a stopped course's nothing after the day it stopped."""
    request, result = timeline.topical_plan(course)
    plan = Planned(_form(course, request), result, f"/courses/{course.id}", words,
                   ics_url=f"/courses/{course.id}/calendar.ics?lang={words.code}",
                   about=_about(course, words))
    sheet = print_calendars.daily_sheet(plan)
    assert sheet is not None  # a kept course's plan is always built
    given = topical_view.given_out(course, words)
    supply = [
        Line(line.what + (words.gettext("; given out %(when)s") % {"when": ", ".join(given[n])}
                          if given.get(n) else words.gettext("; still to be given out")),
             line.amount, line.note)
        for n, line in enumerate(sheet.supply, start=1)]
    on = held_on(course)
    reviews = [review_words(words, said, planned, on.get(n))
               for n, (said, planned) in enumerate(
                   zip(sheet.reviews, result.reviews, strict=True), start=1)]
    # Only a review held on its own day is ticked in the grid: one held early never marks the
    # planned (perhaps future) day as held, so nobody reads that day as done.
    held = {d for n, d in enumerate(result.reviews, start=1) if on.get(n) == d}
    review, held_mark = words.gettext("Clinic review"), words.gettext(" (held)")
    for fortnight in sheet.fortnights:
        for cell in (c for week in fortnight.weeks for c in week if c.date in held):
            cell.lines = [line + held_mark if line.startswith(review) else line
                          for line in cell.lines]
    sheet = dataclasses.replace(sheet, supply=supply, reviews=reviews)
    if ended is not None:
        sheet = _stopped_topical(sheet, course, ended, words)
    return {**plan.context(), **fields_of(sheet)}


def held_on(course: CourseView) -> dict[int, dt.date]:
    """The day each held review's record gives, by review number."""
    dates = {r.id: r.date for r in course.records if not r.in_error}
    return {n: dates[found] for n, found in enumerate(course.schedule.review_records, start=1)
            if found is not None and found in dates}


def review_words(words: Language, said: str, planned: dt.date, held: dt.date | None) -> str:
    """A review as the list prints it: planned, held that day, or held on another day."""
    if held is None:
        return said
    if held == planned:
        return said + words.gettext(" (held)")
    return words.gettext("held on %(held)s (planned %(planned)s)") % {
        "held": words.date(held), "planned": said}


def _stopped_topical(sheet: DailySheet, course: CourseView, ended: dt.date, words: Language
                     ) -> DailySheet:
    """A stopped topical sheet: the jars given out and reviews held, no day after the stop."""
    given, done = topical_view.given_out(course, words), timeline.reviews_done(course)
    for fortnight in sheet.fortnights:
        for cell in (c for week in fortnight.weeks for c in week if c.date > ended):
            cell.lines, cell.boxes, cell.in_course = [], [], False
    return dataclasses.replace(
        sheet, supply=[line for n, line in enumerate(sheet.supply, start=1) if given.get(n)],
        reviews=[said for n, said in enumerate(sheet.reviews, start=1) if n in done])


PRINTS = {"round-sheet": ("print/course_round_sheet.html", round_sheet, "sts-round-sheet.pdf"),
          "calendar": ("print/course_calendar.html", calendar, "sts-patient-calendar.pdf")}


def _print(request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser,
           course_id: str, which: str, pdf: bool) -> Response:
    template, build, filename = PRINTS[which]
    course = _course(db, policy, user, course_id, which)
    ended = timeline.ended_on(course, request.app.state.zone)
    if which == "round-sheet":
        refuse_round_sheet(course, ended)
    if course.kind == CourseKind.TOPICAL:
        template, build = "print/course_topical_calendar.html", topical_calendar
    words = print_language.chosen(request, course.patient.get("language"))
    context = {**build(course, ended, words), "course_banner": banner(course, ended, words)}
    return render_print(request, template, context, pdf=pdf,
                        patient_name=course.patient.get("name"), filename=filename)


def _register(which: str) -> None:
    """The page and its PDF; POST too, as the print controls post (the name comes from the DB)."""

    def show(request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader,
             course_id: CourseId) -> Response:
        return _print(request, db, policy, user, course_id, which, pdf=False)

    def download(request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader,
                 course_id: CourseId) -> Response:
        return _print(request, db, policy, user, course_id, which, pdf=True)

    path = f"/courses/{{course_id}}/{which}"
    router.add_api_route(path, show, methods=["GET", "POST"], response_class=HTMLResponse)
    router.add_api_route(path + ".pdf", download, methods=["GET", "POST"], response_class=Response)


for _which in PRINTS:
    _register(_which)


@router.get("/courses/{course_id}/calendar.ics")
def calendar_file(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader, course_id: CourseId
) -> Response:
    """The rounds (or strength changes and reviews) still to come as an .ics; it names no
    patient."""
    course = _course(db, policy, user, course_id)
    headers = {**NO_STORE, "Content-Disposition": 'attachment; filename="sts-course-visits.ics"'}
    clinic = request.app.state.settings.clinic_name
    words = print_language.chosen(request, course.patient.get("language"))
    if course.kind == CourseKind.TOPICAL:
        ended = timeline.ended_on(course, request.app.state.zone)
        calendar = timeline.topical_to_come_ics(course, clinic, ended, words)
    else:
        calendar = timeline.rounds_to_come_ics(course, clinic, words)
    return Response(calendar, media_type=CALENDAR_MEDIA_TYPE, headers=headers)
