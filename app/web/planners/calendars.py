"""The patients' calendars (injection visits, daily skin treatment) worded in their language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fastapi import Request

from app.calendar.grid import ONE_DAY, Fortnight, GridDay, fortnights
from app.clinical.sites import plain_site
from app.clinical.working import Caution
from app.contracts.plans import TopicalPlanRequest
from app.i18n.language import Language
from app.policy import Policy
from app.quantities.registry import CM2, G, Qty
from app.topical.models import TopicalPlanResult
from app.web.forms import Form, Model
from app.web.planners.plan_kinds import TOPICAL
from app.web.planners.round_sheet import InjectionPlanned, Planned, injection_plan, planned
from app.web.printing.common import Line
from app.web.templating import fields_of

TopicalPlanned = Planned[TopicalPlanRequest, TopicalPlanResult]


@dataclass(frozen=True)
class VisitCalendar:
    """The patient's visit calendar, worded: each visit, the fortnight grid, moved visits."""

    visits: list[Line]
    fortnights: list[Fortnight]
    moved: list[Line]


def injection_calendar(request: Request, policy: Policy) -> Mapping[str, object]:
    """The patient's visit calendar: two weeks per block, a tick box per visit."""
    return injection_calendar_of(injection_plan(request, policy, calendar=True))


def injection_calendar_of(plan: InjectionPlanned) -> dict[str, object]:
    """The visit calendar's context for a plan already built (from a page's query or a course),
    in the plan's `language`."""
    found = visit_calendar(plan)
    return plan.context() if found is None else {**plan.context(), **fields_of(found)}


def visit_calendar(plan: InjectionPlanned) -> VisitCalendar | None:
    """The visit calendar's figures, or None while the plan has not been built."""
    result = plan.result
    if result is None:
        return None
    words = plan.words
    by_date = {visit.date: visit for visit in result.visits}
    at = at_time(plan.form, words)

    def fill(cell: GridDay) -> None:
        visit = by_date.get(cell.date)
        if visit is not None:
            sites = len(visit.sites)
            cell.lines.append(words.ngettext(
                "Clinic visit %(round)d%(at)s: injections, %(count)d site",
                "Clinic visit %(round)d%(at)s: injections, %(count)d sites", sites,
            ) % {"round": visit.round, "at": at, "count": sites})
            cell.boxes.append(words.gettext("Visit done"))

    # Site names: English plain words for an English sheet; in another language the clinic's
    # own name for the site, as typed (the plain words are English only).
    site = plain_site if words.is_source else str
    visits = [
        Line(words.date(visit.date) + at, str(visit.round),
             "; ".join(site(dose.name) for dose in visit.sites))
        for visit in result.visits
    ]
    return VisitCalendar(
        visits=visits,
        fortnights=fortnights(result.visits[0].date, result.visits[-1].date, fill),
        moved=[Line(words.date(v.date), words.date(v.moved_from))
               for v in result.visits if v.moved_from is not None],
    )


def at_time(form: Form[Model], words: Language) -> str:
    """' at 09:30' when a clinic visit time was set, else nothing."""
    if form.at is None:
        return ""
    return words.gettext(" at %(time)s") % {"time": words.time(form.at)}


def times_a_day(count: int, words: Language) -> str:
    """'once a day', 'twice a day', '3 times a day'."""
    if count == 1:
        return words.gettext("once a day")
    if count == 2:
        return words.gettext("twice a day")
    return words.gettext("%(count)d times a day") % {"count": count}


def topical_calendar(request: Request, policy: Policy) -> Mapping[str, object]:
    """The patient's daily sheet: a tick box per application and per dressing change, reviews."""
    return topical_calendar_of(planned(request, policy, TOPICAL, calendar=True))


def _day_filler(
    result: TopicalPlanResult, words: Language, at: str
) -> Callable[[GridDay], None]:
    """What each day of the topical grid says and holds: jar, tick boxes, review, the end."""
    days = {day.date: day for day in result.calendar}
    reviews = set(result.reviews)
    after_end = result.end_date + ONE_DAY
    review, finished = words.gettext("Clinic review") + at, words.gettext("Treatment finished")
    dressing = words.gettext("Dressing")

    def fill(cell: GridDay) -> None:
        if cell.date in reviews:
            cell.lines.append(review)
        day = days.get(cell.date)
        if day is None:
            # Between the last application and the last review nothing is applied.
            cell.in_course = cell.date in reviews
            if cell.date == after_end:
                cell.lines.append(finished)
            return
        before = days.get(cell.date - ONE_DAY)
        changed = before is not None and before.strength != day.strength
        # Said as the jar says it, so the patient can match the jar to the day.
        label = words.strength(day.strength, concentration=False)
        jar = words.gettext("Start the new jar: %(strength)s") if changed else words.gettext(
            "Jar: %(strength)s")
        cell.lines.append(jar % {"strength": label})
        many = day.applications > 1
        cell.boxes += [words.gettext("Apply %(number)d") % {"number": n} if many
                       else words.gettext("Apply") for n in range(1, day.applications + 1)]
        cell.boxes += [dressing] * day.dressing_changes

    return fill


def _span(words: Language, first: dt.date, last: dt.date) -> str:
    return words.gettext("%(first)s to %(last)s") % {
        "first": words.date(first), "last": words.date(last)}


@dataclass(frozen=True)
class DailySheet:
    """The patient's daily sheet, worded: strengths, amounts, sites, reviews, supply, grid."""

    steps: list[Line]
    per_application: str
    how_often: str
    dressings_per_day: int
    sites: list[Line]
    reviews: list[str]
    supply: list[Line]
    fortnights: list[Fortnight]
    end: str
    warnings: list[Caution]


def topical_calendar_of(planned: TopicalPlanned) -> dict[str, object]:
    """The daily sheet's context for a topical plan already built (from a page or a course),
    in the plan's `language`."""
    found = daily_sheet(planned)
    return planned.context() if found is None else {**planned.context(), **fields_of(found)}


def daily_sheet(planned: TopicalPlanned) -> DailySheet | None:
    """The daily sheet's figures, or None while the plan has not been built."""
    result, plan = planned.result, planned.form.request
    if result is None or plan is None:
        return None
    words = planned.words
    at = at_time(planned.form, words)
    runs: list[tuple[dt.date, dt.date, Qty]] = []  # each run of one strength: first, last day
    for day in result.calendar:
        if runs and runs[-1][2] == day.strength:
            runs[-1] = (runs[-1][0], day.date, day.strength)
        else:
            runs.append((day.date, day.date, day.strength))
    site = plain_site if words.is_source else str
    return DailySheet(
        steps=[Line(_span(words, first, last), words.strength(strength))
               for first, last, strength in runs],
        per_application=words.quantity(result.amount_per_application, G, 2),
        how_often=times_a_day(plan.applications_per_day, words),
        dressings_per_day=result.calendar[0].dressing_changes,
        sites=[Line(site(s.name), words.quantity(s.area, CM2)) for s in plan.sites],
        reviews=[words.date(day) + at for day in result.reviews],
        supply=[Line(_span(words, b.start, b.end), words.quantity(b.dispense.amount, G),
                     words.strength(b.strength)) for b in result.blocks],
        fortnights=fortnights(plan.start_date, max(result.end_date, *result.reviews),
                              _day_filler(result, words, at)),
        end=words.date(result.end_date),
        warnings=list(result.warnings),
    )
