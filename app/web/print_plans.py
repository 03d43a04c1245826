"""The clinic round sheet and the patients' calendars, worded from the plans the pages build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from app.api.plan_requests import InjectionPlanRequest
from app.calendar.grid import ONE_DAY, GridDay, fortnights
from app.injection.plan import InjectionPlanResult
from app.policy import Policy
from app.quantities import display
from app.quantities.display import date as display_date
from app.quantities.display import quantity
from app.quantities.registry import (
    CM2,
    KG,
    MG,
    MG_PER_ML,
    ML,
    MMOL,
    G,
)
from app.web.plan_kinds import INJECTION, TOPICAL, PlanKind
from app.web.print_common import Line, drawn, nothing_to_print, plan_query, sources_of


@dataclass(frozen=True)
class SiteRow:
    """One site on the round sheet: its name, what to draw up, and the STS it carries."""

    name: str
    draw_up: str
    planned: str  # the unrounded volume, shown when rounding changed it
    sts: str
    changed: bool


@dataclass(frozen=True)
class VisitRows:
    """One visit on the round sheet, every figure already worded."""

    round: int
    date: str
    moved: str
    sites: list[SiteRow]
    total: str
    warnings: list[Any]


def planned(
    request: Request, policy: Policy, kind: PlanKind, *, calendar: bool = False
) -> dict[str, Any]:
    """The plan of the query, parsed and built as its page does, with links back to the page."""
    form, _protocol, result = kind.plan(request, policy)
    query = plan_query(request.query_params)
    suffix = f"?{query}" if query else ""
    context: dict[str, Any] = {"form": form, "result": result, "back_url": kind.page + suffix}
    if calendar:
        context["ics_url"] = f"{kind.page}/calendar.ics{suffix}"
    if result is None:
        context["errors"] = nothing_to_print(form, kind.what)
    else:
        context["sources"] = sources_of(result.working)
    return context


def injection_plan(request: Request, policy: Policy, *, calendar: bool = False) -> dict[str, Any]:
    """The injection plan of the query, as the injection page builds it."""
    return planned(request, policy, INJECTION, calendar=calendar)


def mix_summary(request: InjectionPlanRequest, result: InjectionPlanResult) -> list[Line]:
    """What is injected: the mix, its strength on both bases, and its lidocaine."""
    mix = request.mix
    lines = [
        Line("Injection strength", f"{quantity(result.concentration, MG_PER_ML)} STS pentahydrate",
             f"= {quantity(result.concentration_anhydrous, MG_PER_ML)} anhydrous"),
        Line("Made from", f"{quantity(mix.stock, MG_PER_ML)} stock ({mix.stock_basis.value})",
             "stock used as it is, not diluted" if mix.diluent_parts == 0 else
             f"{mix.stock_parts:g} part stock to {mix.diluent_parts:g} part {mix.diluent.value}"
             " (volumes taken as additive)"),
    ]
    if result.lidocaine_concentration is not None:
        lines.append(Line("Lidocaine in the mix",
                          quantity(result.lidocaine_concentration, MG_PER_ML)))
    lines.append(Line("Interval", f"every {request.interval_days} days",
                      f"first visit {display_date(request.start_date)}"))
    if request.patient_weight is None:
        lines.append(Line("Patient weight", "not given",
                          "the dose ceilings use their adult caps; see the working"))
    else:
        lines.append(Line("Patient weight", quantity(request.patient_weight, KG),
                          "used for the dose ceilings"))
    return lines


def round_sheet(request: Request, policy: Policy) -> dict[str, Any]:
    """The clinic round sheet: each visit's sites and draw-up volumes, totals, warnings, working."""
    context = injection_plan(request, policy)
    result = context["result"]
    if result is None:
        return context
    plan = context["form"].request
    hows: dict[str, str] = {}
    visits = []
    for visit in result.visits:
        rows = []
        for dose in visit.sites:
            line = drawn(dose.name, dose.volume, result.working)
            hows.setdefault(line.amount, line.note)
            exact = quantity(dose.volume, ML)
            rows.append(SiteRow(dose.name, line.amount, "" if exact == line.amount else exact,
                                quantity(dose.sts_pentahydrate, MG), dose.changed))
        lidocaine = (f"; lidocaine {quantity(visit.lidocaine, MG)}"
                     if visit.lidocaine is not None else "")
        total = (f"{quantity(visit.volume, ML)}; STS {quantity(visit.sts_pentahydrate, MG)} "
                 f"pentahydrate ({quantity(visit.sts_anhydrous, MG)} anhydrous); sodium "
                 f"{quantity(visit.sodium, MMOL)}{lidocaine}")
        moved = "" if visit.moved_from is None else (
            f"planned for {display_date(visit.moved_from)}"
            + ("; given on this day" if visit.given else "; moved: clinic closed"))
        visits.append(VisitRows(visit.round, display_date(visit.date), moved, rows, total,
                                list(visit.warnings)))
    totals = result.totals
    context.update(
        summary=mix_summary(plan, result),
        visits=visits,
        rounding=list(hows.values()),
        totals=[
            Line("Visits", str(len(result.visits))),
            Line("Volume", quantity(totals.volume, ML)),
            Line("STS", f"{quantity(totals.sts_pentahydrate, MG)} pentahydrate",
                 f"= {quantity(totals.sts_anhydrous, MG)} anhydrous"),
            Line("Sodium from the STS", quantity(totals.sodium, MMOL)),
            *([Line("Lidocaine", quantity(totals.lidocaine, MG))]
              if totals.lidocaine is not None else []),
        ],
        warnings=list(result.warnings),
        sources=sources_of(result.working),
    )
    return context


def injection_calendar(request: Request, policy: Policy) -> dict[str, Any]:
    """The patient's visit calendar: two weeks per block, a tick box per visit."""
    context = injection_plan(request, policy, calendar=True)
    result = context["result"]
    if result is None:
        return context
    by_date = {visit.date: visit for visit in result.visits}

    def fill(cell: GridDay) -> None:
        visit = by_date.get(cell.date)
        if visit is not None:
            sites = "site" if len(visit.sites) == 1 else "sites"
            cell.lines.append(f"Clinic visit {visit.round}: injections, {len(visit.sites)} {sites}")
            cell.boxes.append("Visit done")

    visits = [
        Line(display_date(visit.date), str(visit.round),
             ", ".join(dose.name for dose in visit.sites))
        for visit in result.visits
    ]
    context.update(
        visits=visits,
        fortnights=fortnights(result.visits[0].date, result.visits[-1].date, fill),
        moved=[Line(display_date(v.date), display_date(v.moved_from))
               for v in result.visits if v.moved_from is not None],
    )
    return context


def times_a_day(count: int) -> str:
    """'once a day', 'twice a day', '3 times a day'."""
    return {1: "once a day", 2: "twice a day"}.get(count, f"{count} times a day")


def topical_calendar(request: Request, policy: Policy) -> dict[str, Any]:
    """The patient's daily sheet: a tick box per application and per dressing change, reviews."""
    context = planned(request, policy, TOPICAL, calendar=True)
    result = context["result"]
    if result is None:
        return context
    plan = context["form"].request
    assert plan is not None  # a plan was built, so the form parsed
    days = {day.date: day for day in result.calendar}
    reviews = set(result.reviews)

    after_end = result.end_date + ONE_DAY

    def fill(cell: GridDay) -> None:
        if cell.date in reviews:
            cell.lines.append("Clinic review")
        day = days.get(cell.date)
        if day is None:
            # Between the last application and the last review nothing is applied.
            cell.in_course = cell.date in reviews
            if cell.date == after_end:
                cell.lines.append("Treatment finished")
            return
        before = days.get(cell.date - ONE_DAY)
        changed = before is not None and before.strength != day.strength
        label = display.strength(day.strength, concentration=False)
        cell.lines.append(("New strength: " if changed else "") + label)
        many = day.applications > 1
        cell.boxes += [f"Apply {n}" if many else "Apply" for n in range(1, day.applications + 1)]
        cell.boxes += ["Dressing"] * day.dressing_changes

    steps: list[Line] = []
    for day in result.calendar:
        if steps and steps[-1].amount == display.strength(day.strength):
            steps[-1] = Line(steps[-1].what.split(" to ")[0] + f" to {display_date(day.date)}",
                             steps[-1].amount)
        else:
            steps.append(Line(f"{display_date(day.date)} to {display_date(day.date)}",
                              display.strength(day.strength)))
    last = max(result.end_date, *result.reviews)
    context.update(
        steps=steps,
        per_application=quantity(result.amount_per_application, G, 2),
        how_often=times_a_day(plan.applications_per_day),
        dressings_per_day=result.calendar[0].dressing_changes,
        sites=[Line(site.name, quantity(site.area, CM2)) for site in plan.sites],
        reviews=[display_date(day) for day in result.reviews],
        supply=[Line(f"{display_date(b.start)} to {display_date(b.end)}",
                     quantity(b.dispense.amount, G), display.strength(b.strength))
                for b in result.blocks],
        fortnights=fortnights(plan.start_date, last, fill),
        end=display_date(result.end_date),
        warnings=list(result.warnings),
    )
    return context
