"""The clinic round sheet, worded from the plans the pages build (the calendars: calendars.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic

from fastapi import Request

from app.clinical.working import Caution
from app.contracts.plans import InjectionPlanRequest
from app.i18n.language import Language
from app.injection.models import InjectionPlanResult, Visit
from app.policy import Policy
from app.quantities.display import date as display_date
from app.quantities.display import days, quantity
from app.quantities.registry import (
    KG,
    MG,
    MG_PER_ML,
    ML,
    MMOL,
)
from app.web.forms import Form
from app.web.planners.plan_kinds import INJECTION, Plan, PlanKind, Result
from app.web.printing import dilution as print_dilution
from app.web.printing import language as print_language
from app.web.printing.common import Line, drawn, nothing_to_print, plan_query, sources_of
from app.web.printing.plan_warnings import SheetWarning, grouped, numbers_for
from app.web.templating import fields_of


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
    heading: str  # "Round 2: moved from … to … (deferred: …)"
    sites: list[SiteRow]
    total: str
    warnings: list[Caution]


@dataclass(frozen=True)
class Planned(Generic[Plan, Result]):
    """A plan to print, from a planner's query or a kept course: the form it came from, its
    result (None until the form parses, with `errors` saying why), where "back" goes, and the
    patient's language for a patient's sheet."""

    form: Form[Plan]
    result: Result | None
    back_url: str
    language: Language | None = None
    ics_url: str | None = None
    errors: Mapping[str, str] | None = None
    deferrals: Mapping[int, str] = field(default_factory=dict)  # a course's deferred rounds
    about: Mapping[str, object] = field(default_factory=dict)  # a course's patient lines

    @property
    def words(self) -> Language:
        """The patient's language; a patient's sheet is always built with one."""
        assert self.language is not None, "a patient's sheet is built with its language"
        return self.language

    def context(self) -> dict[str, object]:
        """The printout's context for what every sheet shows: form, result, links, sources."""
        shown: dict[str, object] = {"form": self.form, "result": self.result,
                                    "back_url": self.back_url}
        if self.language is not None:
            shown["language"] = self.language
        if self.ics_url is not None:
            shown["ics_url"] = self.ics_url
        if self.errors:
            shown["errors"] = self.errors
        if self.result is not None:
            shown["sources"] = sources_of(self.result.working)
        return {**shown, **self.about}


def planned(
    request: Request, policy: Policy, kind: PlanKind[Plan, Result], *, calendar: bool = False
) -> Planned[Plan, Result]:
    """The plan of the query, parsed and built as its page does, with links back to the page."""
    form, _protocol, result = kind.plan(request, policy)
    query = plan_query(request.query_params)
    suffix = f"?{query}" if query else ""
    return Planned(
        form, result, kind.page + suffix, print_language.chosen(request),
        ics_url=f"{kind.page}/calendar.ics{suffix}" if calendar else None,
        errors=nothing_to_print(form, kind.what) if result is None else None,
    )


InjectionPlanned = Planned[InjectionPlanRequest, InjectionPlanResult]


def injection_plan(request: Request, policy: Policy, *, calendar: bool = False
                   ) -> InjectionPlanned:
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
    lines.append(Line("Interval", f"every {days(request.interval_days)}",
                      f"first visit {display_date(request.start_date)}"))
    if request.patient_weight is None:
        lines.append(Line("Patient weight", "not given",
                          "compared with the adult reference; give a child's weight "
                          "(see the working)"))
    else:
        lines.append(Line("Patient weight", quantity(request.patient_weight, KG),
                          "used for the per-kg references"))
    return lines


def round_sheet(request: Request, policy: Policy) -> Mapping[str, object]:
    """The clinic round sheet: each visit's sites and draw-up volumes, totals, warnings, working."""
    plan = injection_plan(request, policy)
    if plan.result is None or plan.form.request is None:
        return plan.context()
    # Issue 9: a diluted stock gets its per-visit volumes, vials and sterile worksheet.
    return {**round_sheet_of(plan), **print_dilution.round_sheet_dilution(
        request.query_params, plan.form.request, plan.result)}


def same(exact: str, shown: str) -> bool:
    """True when a rounded draw-up says the planned volume ("0.50 mL" is "0.5 mL")."""
    return exact == shown or (exact.split()[1:] == shown.split()[1:]
                              and _number(exact) == _number(shown))


def _number(text: str) -> float:
    """The leading number of a worded quantity, its grouping commas dropped."""
    return float(text.split()[0].replace(",", ""))


def visit_heading(visit: Visit, deferred: str | None) -> str:
    """A visit's caption, saying why it is on another day: deferred (with the reason kept in
    its record), given on that day, or moved for a closed clinic; "given" only when given."""
    on = display_date(visit.date)
    if visit.moved_from is None:
        return f"Round {visit.round}: {on}"
    before = display_date(visit.moved_from)
    if visit.moved_from.year == visit.date.year:
        before = before.rsplit(" ", 1)[0]  # "Sun 20 Dec to Sun 27 Dec 2026"
    if deferred is not None:
        return f"Round {visit.round}: moved from {before} to {on} (deferred: {deferred})"
    if visit.given:
        return (f"Round {visit.round}: given on {on} (planned for "
                f"{display_date(visit.moved_from)})")
    return f"Round {visit.round}: moved from {before} to {on} (clinic closed)"


@dataclass(frozen=True)
class RoundSheet:
    """The round sheet's figures, every one already worded."""

    summary: list[Line]
    diluted: bool
    visits: list[VisitRows]
    rounding: list[str]
    totals: list[Line]
    warnings: list[SheetWarning]
    warning_numbers: dict[int, list[int]]
    sources: list[dict[str, str]]


def round_sheet_of(plan: InjectionPlanned) -> dict[str, object]:
    """The round sheet's context for a plan already built (from a page's query or a course)."""
    sheet = sheet_figures(plan)
    return plan.context() if sheet is None else {**plan.context(), **fields_of(sheet)}


def sheet_figures(planned: InjectionPlanned) -> RoundSheet | None:
    """The round sheet's figures, or None while the plan has not been built."""
    result, plan = planned.result, planned.form.request
    if result is None or plan is None:
        return None
    deferrals = planned.deferrals
    hows: dict[str, str] = {}
    visits = []
    for visit in result.visits:
        rows = []
        for dose in visit.sites:
            # The plan's own draw-up, so the sheet prints what its checks were made on.
            line = (Line(dose.name, dose.drawn.shown, dose.drawn.how) if dose.drawn is not None
                    else drawn(dose.name, dose.volume, result.working))
            hows.setdefault(line.amount, line.note)
            exact = quantity(dose.volume, ML)
            rows.append(SiteRow(dose.name, line.amount, "" if same(exact, line.amount) else exact,
                                quantity(dose.sts_pentahydrate, MG), dose.changed))
        lidocaine = (f"; lidocaine {quantity(visit.lidocaine, MG)}"
                     if visit.lidocaine is not None else "")
        drawn_total = "" if visit.drawn_volume is None or quantity(
            visit.drawn_volume, ML) == quantity(visit.volume, ML) else (
            f" (drawn up: {quantity(visit.drawn_volume, ML)})")
        total = (f"{quantity(visit.volume, ML)}{drawn_total}; STS "
                 f"{quantity(visit.sts_pentahydrate, MG)} "
                 f"pentahydrate ({quantity(visit.sts_anhydrous, MG)} anhydrous); sodium "
                 f"{quantity(visit.sodium, MMOL)}{lidocaine}")
        visits.append(VisitRows(visit.round, display_date(visit.date),
                                visit_heading(visit, deferrals.get(visit.round)), rows, total,
                                list(visit.warnings)))
    groups = grouped(result.warnings)
    totals = result.totals
    return RoundSheet(
        summary=mix_summary(plan, result),
        diluted=plan.mix.diluent_parts > 0,
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
        warnings=groups,
        warning_numbers={v.round: numbers_for(groups, v.round) for v in result.visits},
        sources=sources_of(result.working),
    )
