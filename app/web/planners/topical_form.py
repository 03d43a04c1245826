"""The topical page's query string, turned into the plan API's TopicalPlanRequest."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import QueryParams

from app.contracts.plans import TopicalPlanRequest
from app.protocols import Protocol, Route
from app.topical.amounts import PRESETS
from app.web.forms import Form, Loc, labeller, text, texts, validate, visit_time
from app.web.planners.durations import MONTH_RULE, parse_duration
from app.web.planners.plan_forms import cap_rows, filled, row_field, row_label, rows, start_form

STEP_COLUMNS = ("strength", "days")
SITE_COLUMNS = ("name", "area")
AMOUNT_MODES = (
    ("convention", "a named convention (fingertip units by area, or 1 g per 10 × 10 cm)"),
    ("per_area", "an amount per area, e.g. 2 mg/cm²"),
    ("per_application", "an amount per application for all sites together, e.g. 0.5 g"),
)
TOPICAL_LABELS = {
    "protocol": "Protocol template",
    "start_date": "First day",
    "steps": "Strength steps",
    "sites": "Sites",
    "applications_per_day": "Applications per day",
    "amount_mode": "The amount per application is",
    "amount_convention": "Named convention",
    "amount": "Amount",
    "review_interval_days": "Review every (days)",
    "visit_time": "Clinic visit time",
    "strength_basis": "Strength basis",
    "density": "Density of the preparation",
    "dispense_step": "Dispense in steps of",
    "patient_weight": "Patient weight",
    "form": "The plan",
}


def convention_options() -> list[tuple[str, str]]:
    """Each named convention with its amount and source, for the select."""
    return [("", "Choose a convention")] + [
        (name.value, f"{p.fact.name}: {p.amount_text} ({p.meaning}) — {p.source}")
        for name, p in PRESETS.items()
    ]


def clinical(text: str) -> str:
    """Template text written the way clinicians write areas: cm² rather than cm^2."""
    return text.replace("^2", "²").replace("**2", "²")


def topical_label(name: str) -> str:
    """The words shown for a topical form field, including step and site rows."""
    return (
        row_label(name, "step", {"strength": "strength", "days": "duration"})
        or row_label(name, "site", {"name": "name", "area": "area"})
        or labeller(TOPICAL_LABELS)(name)
    )


def _values(params: QueryParams, protocol: Protocol | None) -> dict[str, object]:
    """What the form shows: the query, or the chosen template's plan when it is being loaded."""
    if protocol is not None and not texts(params, "step_strength"):
        plan = protocol.plan
        convention = plan.get("amount_convention", "")
        mode = "convention" if convention else (
            "per_area" if "amount_per_area" in plan else
            "per_application" if "amount_per_application" in plan else "")
        loaded = {
            "start_date": "",
            "steps": [{"strength": s["strength"], "days": str(s["days"])} for s in plan["steps"]],
            "sites": [{"name": s["name"], "area": clinical(s["area"])} for s in plan["sites"]],
            "applications_per_day": str(plan.get("applications_per_day", 1)),
            "amount_mode": mode,
            "amount_convention": convention,
            "amount": clinical(
                plan.get("amount_per_area") or plan.get("amount_per_application") or ""),
            "review_interval_days": str(plan.get("review_interval_days", 14)),
            "strength_basis": plan.get("strength_basis", "pentahydrate"),
            "density": plan.get("density", ""),
            "dispense_step": plan.get("dispense_step", "5 g"),
            "visit_time": "",
            "patient_weight": "",
        }
        # Anything else the address gives wins over the template, so no typed value is ignored.
        for name, value in loaded.items():
            if isinstance(value, str) and text(params, name):
                loaded[name] = text(params, name)
        return loaded
    names = ("start_date", "amount_mode", "amount_convention", "amount", "density", "visit_time",
             "patient_weight")
    values: dict[str, object] = {name: text(params, name) for name in names}
    values["applications_per_day"] = text(params, "applications_per_day") or "1"
    values["review_interval_days"] = text(params, "review_interval_days") or "14"
    values["strength_basis"] = text(params, "strength_basis") or "pentahydrate"
    values["dispense_step"] = text(params, "dispense_step") or "5 g"
    values["steps"] = rows(params, "step", STEP_COLUMNS)
    values["sites"] = rows(params, "site", SITE_COLUMNS)
    return values


def _amount(form: Form[TopicalPlanRequest], data: dict[str, object]) -> None:
    """The amount applied, exactly as the user chose it: never a silent default."""
    mode, amount = form.values["amount_mode"], form.values["amount"]
    if mode == "convention":
        data["amount_convention"] = form.values["amount_convention"] or None
        if not form.values["amount_convention"]:
            form.fail("amount_convention", "Named convention: choose one from the list.")
    elif mode in ("per_area", "per_application"):
        data[f"amount_{mode}"] = amount or None
        if not amount:
            form.fail("amount", "Amount is needed, e.g. 2 mg/cm² per area or 0.5 g in all.")
    else:
        form.fail("amount_mode", "Amount applied: choose a named convention or type an amount; "
                  "the planner does not assume one (conventions differ about six-fold).")


def _step(form: Form[TopicalPlanRequest], index: int) -> dict[str, str]:
    """One step row for the request, its duration read as days, weeks or months."""
    row = {k: v for k, v in form.values["steps"][index].items() if v}
    if "days" in row:
        duration = parse_duration(row["days"])
        if duration is None:
            form.fail(f"step_days-{index}", f"{topical_label(f'step_days-{index}')} must be a "
                      "whole number of days, weeks or months, such as 21 days, 6 weeks or "
                      f"3 months ({MONTH_RULE}).")
        else:
            row["days"] = str(duration.days)
            if duration.unit_days != 1:
                form.notes.append(f"Step {index + 1}: {duration.working}.")
    return row


def _optional(values: dict[str, object], names: Sequence[str]) -> dict[str, object]:
    """Optional fields as the request takes them: a blank one is left out (None)."""
    return {name: values[name] or None for name in names}


def topical_form(
    params: QueryParams, protocols: Sequence[Protocol], default_interval: int = 14
) -> tuple[Form[TopicalPlanRequest], Protocol | None]:
    """The topical-course form, parsed into a plan request when it has been filled in (the
    deployment's default interval is the injection form's; reviews start at 14 days)."""
    form, protocol = start_form(params, protocols, Route.TOPICAL, _values, TopicalPlanRequest)
    cap_rows(form, "steps", "Strength steps")
    cap_rows(form, "sites", "Sites")
    steps = [i for i, row in enumerate(form.values["steps"]) if filled(row)]
    sites = [i for i, row in enumerate(form.values["sites"]) if filled(row)]
    loading = protocol is not None and not texts(params, "step_strength")
    # A template just loaded has no date yet: that is the next thing to fill in, not an error.
    form.submitted = bool(form.values["start_date"] or ((steps or sites) and not loading))
    if not form.submitted:
        return form, protocol
    data: dict[str, object] = {
        "start_date": form.values["start_date"] or None,
        "steps": [_step(form, i) for i in steps],
        "sites": [{k: v for k, v in form.values["sites"][i].items() if v} for i in sites],
        **{name: form.values[name] for name in (
            "applications_per_day", "review_interval_days", "strength_basis", "dispense_step")},
        **_optional(form.values, ("density", "patient_weight")),
    }
    _amount(form, data)

    def field_for(loc: Loc) -> str:
        if loc[:1] == ("steps",):
            return row_field(loc, "step", steps)
        if loc[:1] == ("sites",):
            return row_field(loc, "site", sites)
        if loc[:1] in (("amount_per_area",), ("amount_per_application",)):
            return "amount"
        return str(loc[0]) if loc else "form"

    validate(form, TopicalPlanRequest, data, field_for, topical_label)
    visit_time(form, TOPICAL_LABELS["visit_time"])
    if {"amount_mode", "amount", "amount_convention"} & form.errors.keys():
        form.errors.pop("form", None)  # the same missing amount, said once next to its field
    for name, found in (("steps", steps), ("sites", sites)):
        if not found:
            form.errors[name] = f"{TOPICAL_LABELS[name]}: fill in at least one row."
    return form, protocol
