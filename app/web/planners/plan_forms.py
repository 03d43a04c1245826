"""Query strings of the injection and topical pages, turned into the plan API's request models."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import zip_longest

from starlette.datastructures import QueryParams

from app.contracts.plans import InjectionPlanRequest
from app.protocols import Protocol, Route
from app.web.forms import (
    Form,
    Loc,
    Model,
    apply_stock,
    labeller,
    listed_product_for,
    stock_fields,
    text,
    texts,
    validate,
    visit_time,
)

BLANK_ROWS = 3
MAX_FORM_ROWS = 60
WEEKDAYS = ((1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun"))
_DATE_SEPARATORS = re.compile(r"[\s,;]+")


def rows(
    params: QueryParams, prefix: str, names: Sequence[str], blank: int = BLANK_ROWS
) -> list[dict[str, str]]:
    """Repeated row fields (e.g. site_name, site_volume) as rows, with add and remove applied."""
    columns = [texts(params, f"{prefix}_{name}") for name in names]
    found = [dict(zip(names, (v or "" for v in values), strict=True))
             for values in zip_longest(*columns)]
    remove = text(params, f"remove_{prefix}")
    if remove.isdigit() and int(remove) < len(found):
        del found[int(remove)]
    if text(params, f"add_{prefix}") or not found:
        found.extend({name: "" for name in names} for _ in range(1 if found else blank))
    return found


def cap_rows(form: Form[Model], key: str, label: str) -> None:
    """Refuse more rows than the planner takes, saying so rather than dropping them silently."""
    found = form.values[key]
    if len(found) > MAX_FORM_ROWS:
        form.fail(key, f"{label}: at most {MAX_FORM_ROWS} rows; {len(found)} were given.")
        form.values[key] = found[:MAX_FORM_ROWS]


def filled(row: dict[str, str], ignore: Sequence[str] = ()) -> bool:
    """True when a row has anything typed in it, apart from fields with defaults."""
    return any(value for name, value in row.items() if name not in ignore)


def row_field(loc: Loc, prefix: str, kept: list[int]) -> str:
    """The form field for an error inside a list of rows, e.g. ('sites', 1, 'volume')."""
    if len(loc) >= 3 and isinstance(loc[1], int) and loc[1] < len(kept):
        return f"{prefix}_{loc[2]}-{kept[loc[1]]}"
    return f"{prefix}s"


def row_label(
    name: str, prefix: str, words: dict[str, str], noun: str = ""
) -> str | None:
    """'Site 2 volume' for 'site_volume-1', or None when the field is not a row field."""
    match = re.fullmatch(rf"{prefix}_(\w+)-(\d+)", name)
    if match is None:
        return None
    number = int(match.group(2)) + 1
    return f"{noun or prefix.capitalize()} {number} {words.get(match.group(1), '')}".strip()


def find_protocol(protocols: Sequence[Protocol], wanted: str, route: Route) -> Protocol | None:
    """The template with this id for this route, or None."""
    return next((p for p in protocols if p.id == wanted and p.route is route), None)


def start_form(
    params: QueryParams, protocols: Sequence[Protocol], route: Route,
    values: Callable[[QueryParams, Protocol | None], dict[str, object]], model: type[Model],
) -> tuple[Form[Model], Protocol | None]:
    """The form's values from the query, or from the chosen template, and the template itself;
    the form is to be parsed into a `model`."""
    wanted = text(params, "protocol")
    protocol = find_protocol(protocols, wanted, route) if wanted else None
    form: Form[Model] = Form(values(params, protocol))
    form.values["protocol"] = protocol.id if protocol else ""
    if wanted and protocol is None:
        form.fail("protocol", "Protocol template is not one the planner has; choose one.")
    return form, protocol


def row_slots(form: Form[Model], columns: Mapping[str, Sequence[str]]) -> list[str]:
    """The key of every row field on the form, e.g. 'site_volume-0', each with an error slot."""
    return [
        f"{prefix}_{column}-{index}"
        for prefix, names in columns.items()
        for index in range(len(form.values[f"{prefix}s"]))
        for column in names
    ]


INJECTION_LABELS = {
    "protocol": "Protocol template",
    "start_date": "Date of the first round",
    "interval_days": "Interval between rounds (days)",
    "stock_parts": "Parts of stock",
    "diluent_parts": "Parts of diluent",
    "patient_weight": "Patient weight",
    "closed_weekdays": "Clinic closed on",
    "closed_dates": "Closed dates",
    "sites": "Sites",
    "givens": "Rounds given",
    "given": "The list of rounds given",
    "product": "Stock product",
    "stock": "Custom stock strength",
    "stock_basis": "Custom stock basis",
    "diluent": "Diluent",
    "max_site_volume": "Volume limit per site",
    "max_visit_volume": "Volume limit per visit",
    "limits_source": "Where the limits come from",
    "visit_time": "Clinic visit time",
    "form": "The plan",
}
LIMIT_FIELDS = ("max_site_volume", "max_visit_volume")
SITE_WORDS = {"name": "name", "volume": "volume", "rounds": "rounds", "first_round": "first round"}
SITE_COLUMNS = ("name", "volume", "rounds", "first_round")
GIVEN_COLUMNS = ("round", "date")
GIVEN_WORDS = {"round": "round", "date": "date given"}
GIVEN_NOUN = "Given row"


def injection_label(name: str) -> str:
    """The words shown for an injection form field, including site rows."""
    return (
        row_label(name, "site", SITE_WORDS)
        or row_label(name, "given", GIVEN_WORDS, GIVEN_NOUN)
        or labeller(INJECTION_LABELS)(name)
    )


def _template_limits(protocol: Protocol) -> dict[str, str]:
    """The volume limits a template sets, with the template's citation as their source."""
    limits = protocol.plan.get("protocol_limits", {})
    values = {name: str(limits.get(name, "")) for name in LIMIT_FIELDS}
    values["limits_source"] = protocol.source if any(values.values()) else ""
    return values


def _limits(form: Form[Model], protocol: Protocol | None) -> dict[str, str] | None:
    """The limits as the request takes them, from the fields (a template's or typed); a limit
    with no stated source is refused, since every warning cites where its limit comes from."""
    given = {name: form.values[name] for name in LIMIT_FIELDS if form.values[name]}
    if not given:
        return None
    source = form.values["limits_source"]
    if not source:
        form.fail("limits_source", "Where the limits come from is needed: name the protocol, "
                  "prescription or local policy that sets them.")
        return None
    chosen = protocol.id if protocol is not None else "this plan"
    return {"id": chosen, "source": source, **given}


def _injection_values(
    params: QueryParams, protocol: Protocol | None, default_interval: int
) -> dict[str, object]:
    """What the form shows: the query, or the chosen template's plan when it is being loaded."""
    if protocol is not None and not texts(params, "site_name"):
        plan, mix = protocol.plan, protocol.plan.get("mix", {})
        sites = [{"name": s["name"], "volume": s["volume"], "rounds": str(s["rounds"]),
                  "first_round": str(s.get("first_round", 1))} for s in plan["sites"]]
        loaded = {
            "start_date": "",
            "interval_days": str(plan.get("interval_days", 14)),
            "product": listed_product_for(mix.get("stock", "250 mg/mL"),
                                          mix.get("stock_basis", "pentahydrate")),
            "stock": mix.get("stock", "250 mg/mL"),
            "stock_basis": mix.get("stock_basis", "pentahydrate"),
            "diluent": mix.get("diluent", "saline"),
            "stock_parts": str(mix.get("stock_parts", 1)),
            "diluent_parts": str(mix.get("diluent_parts", 0)),
            "patient_weight": str(plan.get("patient_weight", "")),
            "closed_weekdays": [str(d) for d in plan.get("closed_weekdays", [])],
            "closed_dates": " ".join(str(day) for day in plan.get("closed_dates", [])),
            "sites": sites,
            "givens": rows(params, "given", GIVEN_COLUMNS, blank=1),
            **_template_limits(protocol),
            "visit_time": "",
        }
        # Anything else the address gives wins over the template, so no typed value is ignored.
        for name, value in loaded.items():
            if isinstance(value, str) and text(params, name):
                loaded[name] = text(params, name)
        if texts(params, "closed_weekdays"):
            loaded["closed_weekdays"] = texts(params, "closed_weekdays")
        return loaded
    names = ("start_date", "stock_parts", "diluent_parts", "patient_weight", "closed_dates",
             *LIMIT_FIELDS, "limits_source", "visit_time")
    values: dict[str, object] = {name: text(params, name) for name in names}
    values["interval_days"] = text(params, "interval_days", str(default_interval))
    values["stock_parts"] = values["stock_parts"] or "1"
    values["diluent_parts"] = values["diluent_parts"] or "0"
    values["diluent"] = text(params, "diluent", "saline")
    values["closed_weekdays"] = texts(params, "closed_weekdays")
    values["sites"] = rows(params, "site", SITE_COLUMNS)
    values["givens"] = rows(params, "given", GIVEN_COLUMNS, blank=1)
    return values


def _mix(params: QueryParams, form: Form[InjectionPlanRequest], loading: bool) -> dict[str, object]:
    """The mix as the plan request takes it: a template's stock while the template is being
    loaded (unless the address names a product), else the stock the form names."""
    mix: dict[str, object] = {"diluent": form.values["diluent"]}
    if loading:
        apply_stock(form, mix)
    else:
        stock_fields(params, form, mix)
    mix.update(stock_parts=form.values["stock_parts"], diluent_parts=form.values["diluent_parts"])
    return mix


def _injection_field(kept: list[int], given: list[int]) -> Callable[[Loc], str]:
    """Where on the injection form an error at a request location belongs."""

    def field_for(loc: Loc) -> str:
        if loc[:1] == ("sites",):
            return row_field(loc, "site", kept)
        if loc[:1] == ("given",):
            return row_field(loc, "given", given)
        if loc[:1] == ("mix",) and len(loc) > 1:
            return str(loc[1])
        if loc[:1] == ("protocol_limits",) and len(loc) > 1 and loc[1] in LIMIT_FIELDS:
            return str(loc[1])
        return str(loc[0]) if loc else "form"

    return field_for


def injection_form(
    params: QueryParams, protocols: Sequence[Protocol], default_interval: int = 14
) -> tuple[Form[InjectionPlanRequest], Protocol | None]:
    """The injection-rounds form, parsed into a plan request when it has been filled in."""
    form, protocol = start_form(
        params, protocols, Route.INTRALESIONAL,
        lambda query, chosen: _injection_values(query, chosen, default_interval),
        InjectionPlanRequest,
    )
    cap_rows(form, "sites", "Sites")
    cap_rows(form, "givens", "Rounds given")
    loading = protocol is not None and not texts(params, "site_name")
    mix = _mix(params, form, loading)
    kept = [i for i, row in enumerate(form.values["sites"]) if filled(row, ("first_round",))]
    sites = [{k: v for k, v in form.values["sites"][i].items() if v} for i in kept]
    # A template just loaded has no date yet: that is the next thing to fill in, not an error.
    form.submitted = bool(form.values["start_date"] or (kept and not loading))
    if not form.submitted:
        return form, protocol
    data: dict[str, object] = {
        "start_date": form.values["start_date"] or None,
        "interval_days": form.values["interval_days"],
        "mix": mix,
        "sites": sites,
        "patient_weight": form.values["patient_weight"] or None,
        "closed_weekdays": form.values["closed_weekdays"],
        "closed_dates": [d for d in _DATE_SEPARATORS.split(form.values["closed_dates"]) if d],
    }
    given = [i for i, row in enumerate(form.values["givens"]) if filled(row)]
    data["given"] = [{k: v for k, v in form.values["givens"][i].items() if v} for i in given]
    data["protocol_limits"] = _limits(form, protocol)
    field_for = _injection_field(kept, given)
    validate(form, InjectionPlanRequest, data, field_for, injection_label)
    visit_time(form, INJECTION_LABELS["visit_time"])
    if not kept:
        form.errors["sites"] = "Sites: add at least one site with its name, volume and rounds."
    return form, protocol
