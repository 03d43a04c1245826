"""What each print view shows: the page forms parse the query, the domain computes, we word it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.datastructures import QueryParams

from app import compounding, measure
from app.api.calculators import run_mix
from app.api.plans import build_injection_plan, build_topical_plan
from app.compounding import strength_unit
from app.display import date as display_date
from app.display import fixed, quantity, signed_percent
from app.facts import BALANCE_RESOLUTION
from app.units import (
    CM2,
    KG,
    MG,
    MG_PER_G,
    MG_PER_ML,
    ML,
    MMOL,
    PCT_WV,
    PCT_WW,
    G,
    is_weight_per_weight,
)
from app.web import forms, pages, plan_forms, topical_form
from app.web.print_calendar import ONE_DAY, Cell, fortnights

WORKSHEET_KINDS = {
    "mix": "dilution of a sodium thiosulfate stock",
    "compound": "topical sodium thiosulfate preparation",
    "check": "check of a batch against its label",
}


@dataclass(frozen=True)
class Line:
    """One row of a printed table: what, how much (already worded), and a note."""

    what: str
    amount: str
    note: str = ""


def places(step: Any) -> int:
    """Decimal places a measuring step such as 0.2 mL or 0.01 g is written with."""
    exponent = Decimal(repr(float(step.magnitude))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def drawn(what: str, volume: Any, working: Any) -> Line:
    """A volume to draw up, written to its syringe's marks, with the sentence saying how."""
    result = measure.draw_up(volume)
    working.cite(result.fact)
    step = measure.syringe_for(volume).graduation
    return Line(what, fixed(result.quantity, ML, places(step)), result.how)


def weighed(what: str, mass: Any, working: Any) -> Line:
    """A mass to weigh, written to the balance's resolution, with the sentence saying how."""
    result = measure.weigh(mass)
    working.cite(result.fact)
    return Line(what, fixed(result.quantity, G, places(BALANCE_RESOLUTION.value)), result.how)


def sources_of(working: Any) -> list[dict[str, str]]:
    """The facts a calculation cited, each with its value and source."""
    return list(working.sources()) if working is not None else []


def nothing_to_print(form: forms.Form[Any], what: str) -> dict[str, str]:
    """The form's errors, or a sentence saying the form is still empty."""
    if form.errors:
        return dict(form.errors)
    return {"form": f"There is nothing to print yet: fill in the {what} first."}


def worksheet(request: Request) -> dict[str, Any]:
    """The pharmacy worksheet for one calculator: what to measure, the working, sign-off lines."""
    params = request.query_params
    kind = params.get("kind", "mix")
    back_query = urlencode(
        [(key, value) for key, value in params.multi_items() if key not in {"kind", "paper"}]
    )
    context: dict[str, Any] = {"kind": kind, "title": WORKSHEET_KINDS.get(kind, "")}
    if kind not in WORKSHEET_KINDS:
        context["back_url"] = "/pharmacy"
        context["errors"] = {"kind": "Worksheet kind must be mix, compound or check."}
        return context
    context["back_url"] = f"/pharmacy/{kind}" + (f"?{back_query}" if back_query else "")
    if kind == "mix":
        mix = forms.mix_form(params)
        result = forms.run(mix, run_mix, forms.labeller(forms.MIX_LABELS))
        context.update(form=mix, result=result, product=forms.product(mix.values["product"]))
        what = "dilution"
    elif kind == "compound":
        prep = forms.compound_form(params)
        result = forms.run(
            prep,
            lambda r: compounding.compound(r.strength, r.quantity, r.strength_basis, r.powder),
            forms.labeller(forms.COMPOUND_LABELS),
        )
        context.update(form=prep, result=result)
        what = "preparation"
    else:
        check = forms.check_form(params)
        # The pharmacy page's own check, so the worksheet cannot disagree with the page.
        result = forms.run(check, pages._check, forms.labeller(forms.CHECK_LABELS))
        context.update(form=check, result=result)
        what = "batch check"
    if result is None:
        context["errors"] = nothing_to_print(context["form"], what)
        return context
    form = context["form"]
    context.update(WORKSHEET_PARTS[kind](form, form.request, result))
    context["sources"] = sources_of(result.working)
    return context


def mix_parts(form: forms.Form[Any], request: Any, result: Any) -> dict[str, Any]:
    """A dilution: the volumes to draw up, and what the finished mix holds."""
    product = forms.product(form.values["product"])
    stock = product.name if product is not None else f"custom stock {form.values['stock']}"
    basis = request.stock_basis.value
    draw = [
        drawn(f"Sodium thiosulfate stock: {stock} ({basis} basis)", result.stock_volume,
              result.working),
        drawn(f"Diluent: {request.diluent.value}", result.diluent_volume, result.working),
    ]
    mixture = result.mixture
    holds = [
        Line("STS concentration", f"{quantity(mixture.concentration, MG_PER_ML)} pentahydrate",
             f"= {quantity(mixture.concentration_anhydrous, MG_PER_ML)} anhydrous"),
        Line("STS in the mix", f"{quantity(result.sts_pentahydrate, MG)} pentahydrate",
             f"= {quantity(result.sts_anhydrous, MG)} anhydrous"),
        Line("Thiosulfate", quantity(result.thiosulfate, MMOL)),
        Line("Sodium from the STS", quantity(result.sodium, MMOL),
             "2 mmol sodium per mmol thiosulfate"),
    ]
    if result.diluent_sodium is not None:
        holds.append(Line("Sodium from the saline diluent", quantity(result.diluent_sodium, MMOL),
                          "reported apart from the STS sodium"))
    if mixture.lidocaine is not None and result.lidocaine_amount is not None:
        holds.append(Line("Lidocaine", quantity(result.lidocaine_amount, MG),
                          f"{quantity(mixture.lidocaine, MG_PER_ML)} in the mix"))
    return {
        "measure_heading": "What to draw up",
        "measure_lines": draw,
        "measure_total": Line("Final volume (volumes taken as additive)",
                              quantity(result.final_volume, ML)),
        "holds": holds,
        "warnings": [],
    }


def compound_parts(form: forms.Form[Any], request: Any, result: Any) -> dict[str, Any]:
    """A topical preparation: the powder and base to weigh, and the STS the batch holds."""
    unit = strength_unit(result.strength)
    convention = "w/w" if unit != MG_PER_ML else "w/v"
    weigh = [
        weighed(f"Sodium thiosulfate powder, {request.powder.value}", result.powder,
                result.working),
    ]
    if result.vehicle is not None:
        weigh.append(weighed("Base (vehicle)", result.vehicle, result.working))
        total = Line("Batch", quantity(request.quantity, G))
    else:
        total = Line("Make up to volume with the vehicle", quantity(request.quantity, ML),
                     "dissolve the powder, then add vehicle to the final volume")
    holds = [
        Line("Strength", f"{quantity(result.strength, unit)} {convention}",
             f"on the {request.strength_basis.value} basis, as labelled: "
             f"{form.values['strength']}"),
        Line("STS in the batch", f"{quantity(result.sts_pentahydrate, G)} pentahydrate",
             f"= {quantity(result.sts_anhydrous, G)} anhydrous"),
    ]
    return {
        "measure_heading": "What to weigh",
        "measure_lines": weigh,
        "measure_total": total,
        "holds": holds,
        "warnings": list(result.warnings),
    }


def check_parts(form: forms.Form[Any], request: Any, result: Any) -> dict[str, Any]:
    """A batch check: what was made, its actual strength and whether it is within tolerance."""
    unit = strength_unit(result.actual_strength)
    total = request.total_mass if unit != MG_PER_ML else request.total_volume
    holds = [
        Line("Label", form.values["strength"], f"on the {request.strength_basis.value} basis"),
        Line("Powder weighed", quantity(request.powder_mass, G), request.powder.value),
        Line("Batch total", quantity(total, G if unit != MG_PER_ML else ML)),
        Line("Actual strength", quantity(result.actual_strength, unit),
             f"{signed_percent(result.deviation_percent)} from the label"),
    ]
    verdict = "within" if result.within_tolerance else "OUTSIDE"
    return {
        "holds": holds,
        "verdict_ok": result.within_tolerance,
        "verdict": f"The batch is {verdict} the ±{request.tolerance_percent:g} % tolerance.",
        "warnings": [],
    }


WORKSHEET_PARTS: dict[str, Callable[[forms.Form[Any], Any, Any], dict[str, Any]]] = {
    "mix": mix_parts,
    "compound": compound_parts,
    "check": check_parts,
}


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


def plan_query(params: QueryParams) -> str:
    """The plan's own query string, without the print-only parameter."""
    return urlencode([(k, v) for k, v in params.multi_items() if k != "paper"])


def injection_plan(request: Request) -> dict[str, Any]:
    """Parse the injection query with the page's form and plan it with the API's function."""
    params = request.query_params
    form, _protocol = plan_forms.injection_form(params, request.app.state.protocols)
    result = forms.run(form, build_injection_plan, plan_forms.injection_label)
    query = plan_query(params)
    context: dict[str, Any] = {"form": form, "result": result,
                               "back_url": "/injection" + (f"?{query}" if query else "")}
    if result is None:
        context["errors"] = nothing_to_print(form, "injection plan (start date and sites)")
    else:
        context["sources"] = sources_of(result.working)
    return context


def mix_summary(request: Any, result: Any) -> list[Line]:
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


def round_sheet(request: Request) -> dict[str, Any]:
    """The clinic round sheet: each visit's sites and draw-up volumes, totals, warnings, working."""
    context = injection_plan(request)
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


def injection_calendar(request: Request) -> dict[str, Any]:
    """The patient's visit calendar: two weeks per block, a tick box per visit."""
    context = injection_plan(request)
    result = context["result"]
    if result is None:
        return context
    by_date = {visit.date: visit for visit in result.visits}

    def fill(cell: Cell) -> None:
        visit = by_date.get(cell.date)
        if visit is not None:
            sites = "site" if len(visit.sites) == 1 else "sites"
            cell.lines.append(f"Clinic visit {visit.round}: injections, {len(visit.sites)} {sites}")
            cell.boxes.append("Visit done")

    visits = [
        Line(display_date(visit.date), f"Visit {visit.round}",
             ", ".join(dose.name for dose in visit.sites))
        for visit in result.visits
    ]
    context.update(
        visits=visits,
        blocks=fortnights(result.visits[0].date, result.visits[-1].date, fill),
        moved=[Line(display_date(v.date), display_date(v.moved_from))
               for v in result.visits if v.moved_from is not None],
    )
    return context


def strength_label(strength: Any) -> str:
    """A strength as its jar is labelled, e.g. '3 % w/w'."""
    return quantity(strength, PCT_WW if is_weight_per_weight(strength) else PCT_WV)


def strength_words(strength: Any) -> str:
    """A strength with its mass concentration too, e.g. '3 % w/w (30 mg/g)'."""
    unit = MG_PER_G if is_weight_per_weight(strength) else MG_PER_ML
    return f"{strength_label(strength)} ({quantity(strength, unit)})"


def topical_calendar(request: Request) -> dict[str, Any]:
    """The patient's daily sheet: a tick box per application and per dressing change, reviews."""
    params = request.query_params
    form, _protocol = topical_form.topical_form(params, request.app.state.protocols)
    result = forms.run(form, build_topical_plan, topical_form.topical_label)
    query = plan_query(params)
    context: dict[str, Any] = {"form": form, "result": result,
                               "back_url": "/topical" + (f"?{query}" if query else "")}
    if result is None:
        context["errors"] = nothing_to_print(form, "topical plan (start date, steps and sites)")
        return context
    plan = form.request
    assert plan is not None  # a plan was built, so the form parsed
    days = {day.date: day for day in result.calendar}
    reviews = set(result.reviews)

    after_end = result.end_date + ONE_DAY

    def fill(cell: Cell) -> None:
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
        cell.lines.append(("New strength: " if changed else "") + strength_label(day.strength))
        many = day.applications > 1
        cell.boxes += [f"Apply {n}" if many else "Apply" for n in range(1, day.applications + 1)]
        cell.boxes += ["Dressing"] * day.dressing_changes

    steps: list[Line] = []
    for day in result.calendar:
        if steps and steps[-1].amount == strength_words(day.strength):
            steps[-1] = Line(steps[-1].what.split(" to ")[0] + f" to {display_date(day.date)}",
                             steps[-1].amount)
        else:
            steps.append(Line(f"{display_date(day.date)} to {display_date(day.date)}",
                              strength_words(day.strength)))
    last = max(result.end_date, *result.reviews)
    context.update(
        steps=steps,
        per_application=quantity(result.amount_per_application, G, 2),
        applications_per_day=plan.applications_per_day,
        dressings_per_day=result.calendar[0].dressing_changes,
        sites=[Line(site.name, quantity(site.area, CM2)) for site in plan.sites],
        reviews=[display_date(day) for day in result.reviews],
        supply=[Line(f"{display_date(b.start)} to {display_date(b.end)}",
                     quantity(b.dispense.amount, G), strength_words(b.strength))
                for b in result.blocks],
        blocks=fortnights(plan.start_date, last, fill),
        end=display_date(result.end_date),
        warnings=list(result.warnings),
    )
    return context
