"""Query strings into plan and calculator requests; errors into plain words next to their field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

import pytest
from starlette.datastructures import QueryParams

from app.clinical.chemistry import Basis
from app.policy import PUBLISHED
from app.protocols import load
from app.quantities.registry import MG_PER_ML, ML, Quantity
from app.services.plans import template_checker
from app.web import forms
from app.web.planners import plan_forms, topical_form

PROTOCOLS = load(template_checker(PUBLISHED))


def query(*pairs: tuple[str, str]) -> QueryParams:
    """A query string as the page receives it."""
    return QueryParams(urlencode(pairs))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        ({"type": "missing", "msg": "Field required"}, "is needed"),
        ({"type": "int_parsing", "msg": "x"}, "must be a whole number, such as 4"),
        ({"type": "greater_than_equal", "msg": "x", "ctx": {"ge": 1}}, "must be at least 1"),
        ({"type": "less_than_equal", "msg": "x", "ctx": {"le": 365}}, "must be at most 365"),
        ({"type": "date_from_datetime_parsing", "msg": "x"}, "must be a date such as 2020-05-07"),
        ({"type": "quantity", "msg": "x", "ctx": {"reason": "must be a volume"}},
         "must be a volume"),
        ({"type": "value_error", "msg": "Value error, give a target"}, "give a target"),
    ],
)
def test_pydantic_errors_become_plain_words(error, words):
    assert forms.plain_message(error) == words


@pytest.mark.parametrize(
    ("pairs", "names"),
    [
        ((), ["", "", ""]),  # a blank form offers three rows
        ((("site_name", "a"), ("site_name", "b")), ["a", "b"]),
        ((("site_name", "a"), ("site_name", "b"), ("add_site", "1")), ["a", "b", ""]),
        ((("site_name", "a"), ("site_name", "b"), ("remove_site", "0")), ["b"]),
        ((("site_name", "a"), ("remove_site", "7")), ["a"]),  # out of range: nothing removed
    ],
)
def test_rows_are_added_and_removed_by_the_query(pairs, names):
    found = plan_forms.rows(query(*pairs), "site", ("name", "volume"))
    assert [row["name"] for row in found] == names


def test_the_injection_form_builds_the_api_request():
    form, protocol = plan_forms.injection_form(query(
        ("start_date", "2020-05-07"), ("interval_days", "14"), ("product", "custom"),
        ("stock", "150 mg/mL"), ("stock_basis", "pentahydrate"), ("diluent", "lidocaine 1%"),
        ("stock_parts", "1"), ("diluent_parts", "1"), ("closed_weekdays", "6"),
        ("closed_weekdays", "7"), ("closed_dates", "2020-05-25, 2020-12-25"),
        ("site_name", "elbow"), ("site_volume", "1 mL"), ("site_rounds", "3"),
        ("site_first_round", "2"),
        ("site_name", ""), ("site_volume", ""), ("site_rounds", ""), ("site_first_round", "1"),
    ), PROTOCOLS)
    assert form.errors == {} and protocol is None
    request = form.request
    assert request is not None
    assert request.start_date == dt.date(2020, 5, 7)
    assert request.mix.stock == Quantity(150, MG_PER_ML)
    assert (request.mix.stock_parts, request.mix.diluent_parts) == (1, 1)
    assert request.closed_weekdays == [6, 7]
    assert request.closed_dates == [dt.date(2020, 5, 25), dt.date(2020, 12, 25)]
    assert len(request.sites) == 1  # the blank row is ignored
    assert request.sites[0].volume == Quantity(1, ML) and request.sites[0].first_round == 2


@pytest.mark.parametrize(
    ("product", "strength", "basis"),
    [("sts-25-usp", 250, Basis.PENTAHYDRATE), ("pedmark", 125, Basis.PENTAHYDRATE),
     ("pedmarqsi", 80, Basis.ANHYDROUS)],
)
def test_a_listed_product_brings_its_labelled_strength_and_basis(product, strength, basis):
    form = forms.mix_form(query(("product", product),
                                ("stock_volume", "1 mL"), ("diluent_volume", "1 mL")))
    assert form.request is not None
    assert form.request.stock == Quantity(strength, MG_PER_ML)
    assert form.request.stock_basis is basis


@pytest.mark.parametrize("product", ["sts-25-usp", "pedmark", "pedmarqsi"])
def test_a_custom_strength_beside_a_listed_product_is_refused_not_ignored(product):
    form = forms.mix_form(query(("product", product), ("stock", "200 mg/mL"),
                                ("stock_volume", "1 mL"), ("diluent_volume", "1 mL")))
    assert form.request is None
    assert form.errors["stock"] == ("Custom stock strength is used only with 'Another stock': "
                                    "choose that product, or clear this field.")


@pytest.mark.parametrize(
    ("pairs", "field", "message"),
    [
        ((("site_name", "elbow"), ("site_volume", "1 mL"), ("site_rounds", "3")),
         "start_date", "Date of the first round is needed."),
        ((("start_date", "2020-05-07"), ("site_name", "elbow"), ("site_volume", "1 mL")),
         "site_rounds-0", "Site 1 rounds is needed."),
        ((("start_date", "2020-05-07"), ("site_name", "a"), ("site_volume", "1 mL"),
          ("site_rounds", "two")),
         "site_rounds-0", "Site 1 rounds must be a whole number, such as 4."),
        ((("start_date", "2020-05-07"), ("interval_days", "0"), ("site_name", "a"),
          ("site_volume", "1 mL"), ("site_rounds", "2")),
         "interval_days", "Interval between rounds (days) must be at least 1."),
        ((("start_date", "2020-05-07"),), "sites", "Sites: add at least one site"),
        ((("start_date", "2020-05-07"), ("closed_dates", "25/05/2020"), ("site_name", "a"),
          ("site_volume", "1 mL"), ("site_rounds", "2")),
         "closed_dates", "Closed dates must be a date such as 2020-05-07."),
        ((("start_date", "2020-05-07"), ("patient_weight", "20 mL"), ("site_name", "a"),
          ("site_volume", "1 mL"), ("site_rounds", "2")),
         "patient_weight", "Patient weight must be a mass"),
        ((("protocol", "no-such-thing"),), "protocol", "Protocol template is not one"),
    ],
)
def test_injection_errors_name_the_field_in_plain_words(pairs, field, message):
    form, _ = plan_forms.injection_form(query(*pairs), PROTOCOLS)
    assert form.errors[field].startswith(message)


def test_an_error_in_the_second_filled_row_points_at_that_row():
    form, _ = plan_forms.injection_form(query(
        ("start_date", "2020-05-07"),
        ("site_name", "a"), ("site_volume", "1 mL"), ("site_rounds", "2"),
        ("site_name", ""), ("site_volume", ""), ("site_rounds", ""),
        ("site_name", "c"), ("site_volume", "1 g"), ("site_rounds", "2"),
    ), PROTOCOLS)
    assert list(form.errors) == ["site_volume-2"]
    assert form.errors["site_volume-2"].startswith("Site 3 volume must be a volume")


def test_a_protocol_template_fills_the_form_and_its_limits_go_with_the_plan():
    golub = next(p for p in PROTOCOLS if p.id == "golub-2020-hands-elbow")
    # The seed template sets no limit (a reported amount is not one); a template that does
    # has its limits carried into the plan.
    limited = dataclasses.replace(golub, plan={**golub.plan, "protocol_limits": {
        "id": golub.id, "source": golub.source, "max_visit_volume": "5 mL"}})
    for template, expected in ((golub, None), (limited, Quantity(5, ML))):
        form, protocol = plan_forms.injection_form(
            query(("protocol", "golub-2020-hands-elbow"), ("start_date", "2020-05-07")),
            (template,),
        )
        assert protocol is not None and form.request is not None
        assert [s["name"] for s in form.values["sites"]][-1] == "right elbow"
        limits = form.request.protocol_limits
        assert (limits.max_visit_volume if limits else None) == expected


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ((), "amount_mode"),
        ((("amount_mode", "convention"),), "amount_convention"),
        ((("amount_mode", "per_area"),), "amount"),
        ((("amount_mode", "per_area"), ("amount", "0.5 g")), "amount"),
        ((("amount_mode", "per_application"), ("amount", "2 mg/cm^2")), "amount"),
    ],
)
def test_the_topical_form_asks_for_the_amount_and_never_assumes_it(amount, field):
    form, _ = topical_form.topical_form(query(
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "28"),
        ("site_name", "arm"), ("site_area", "50 cm^2"), *amount,
    ), PROTOCOLS)
    assert form.request is None or field in form.errors
    assert field in form.errors


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ((("amount_mode", "convention"), ("amount_convention", "ftu_adult_woman")),
         ("amount_convention", "ftu_adult_woman")),
        ((("amount_mode", "per_area"), ("amount", "2 mg/cm^2")),
         ("amount_per_area", "2 mg/cm**2")),
        ((("amount_mode", "per_application"), ("amount", "0.5 g")),
         ("amount_per_application", "0.5 g")),
    ],
)
def test_the_topical_form_passes_exactly_the_amount_chosen(amount, expected):
    form, _ = topical_form.topical_form(query(
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "28"),
        ("site_name", "arm"), ("site_area", "50 cm^2"), *amount,
    ), PROTOCOLS)
    assert form.errors == {}
    assert form.request is not None
    field, value = expected
    chosen = getattr(form.request, field)
    assert (chosen.value if field == "amount_convention" else chosen) == (
        value if field == "amount_convention" else Quantity(value))
    others = {"amount_convention", "amount_per_area", "amount_per_application"} - {field}
    assert all(getattr(form.request, other) is None for other in others)


def test_a_bare_percentage_in_a_step_is_refused_next_to_that_step():
    form, _ = topical_form.topical_form(query(
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "28"),
        ("step_strength", "10 %"), ("step_days", "28"), ("site_name", "arm"),
        ("site_area", "50 cm^2"), ("amount_mode", "per_application"), ("amount", "0.5 g"),
    ), PROTOCOLS)
    assert "w/w or w/v" in form.errors["step_strength-1"]
    assert form.errors["step_strength-1"].startswith("Step 2 strength")


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ((("given_round", "x"), ("given_date", "2020-05-26")), "given_round-0",
         "Given row 1 round must be a whole number"),
        ((("given_round", "2"), ("given_date", "26/05/2020")), "given_date-0",
         "Given row 1 date given must be a date such as 2020-05-07"),
    ],
)
def test_rounds_given_are_checked_row_by_row(given, field, message):
    form, _ = plan_forms.injection_form(query(
        ("start_date", "2020-05-07"), ("site_name", "a"), ("site_volume", "1 mL"),
        ("site_rounds", "3"), *given,
    ), PROTOCOLS)
    assert form.errors[field].startswith(message)


def test_blank_given_rows_are_ignored():
    form, _ = plan_forms.injection_form(query(
        ("start_date", "2020-05-07"), ("site_name", "a"), ("site_volume", "1 mL"),
        ("site_rounds", "3"), ("given_round", ""), ("given_date", ""),
    ), PROTOCOLS)
    assert form.request is not None and form.request.given == []


def test_too_many_rows_are_refused_not_dropped_silently():
    pairs = [("start_date", "2020-05-07")]
    for index in range(plan_forms.MAX_FORM_ROWS + 5):
        pairs += [("site_name", f"s{index}"), ("site_volume", "0.1 mL"), ("site_rounds", "1")]
    form, _ = plan_forms.injection_form(query(*pairs), PROTOCOLS)
    assert form.errors["sites"] == "Sites: at most 60 rows; 65 were given."
    assert forms.run(form, lambda request: "a plan", plan_forms.injection_label) is None


@pytest.mark.parametrize(("template_id", "product"), [
    ("golub-2020-hands-elbow", "sts-25-usp"),  # 250 mg/mL pentahydrate: the USP 25 % product
    ("clin-rheumatol-2021-monthly-3x-250", "sts-25-usp"),
    ("baumgartner-4weekly-4x-150", "sts-25-usp"),
])
def test_a_template_loads_the_listed_product_its_stock_matches(template_id, product):
    form, protocol = plan_forms.injection_form(
        query(("protocol", template_id), ("start_date", "2020-05-07")), PROTOCOLS)
    assert protocol is not None and form.request is not None
    assert form.values["product"] == product
    assert form.request.mix.stock.magnitude == pytest.approx(250)


@pytest.mark.parametrize(("stock", "basis", "expected"), [
    ("250 mg/mL", "pentahydrate", "sts-25-usp"),
    ("25 % w/v", "pentahydrate", "sts-25-usp"),
    ("250 mg/mL", "anhydrous", "custom"),  # no listed label states that
    ("200 mg/mL", "pentahydrate", "custom"),
    ("not a strength", "pentahydrate", "custom"),
])
def test_listed_product_for(stock, basis, expected):
    assert forms.listed_product_for(stock, basis) == expected


def test_template_notes_use_the_forms_words_not_field_names():
    for template in PROTOCOLS:
        for note in template.assumptions:
            assert "stock_parts" not in note and "diluent_parts" not in note, template.id
