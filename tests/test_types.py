"""What the types say is what the values are: a quantity field gives a Quantity of float
magnitude, a plan body holds only JSON, and `Any` outside the pages stays at most 100 (issue 20)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args, get_origin

import pytest
from pint.facets.plain import PlainQuantity
from pydantic import TypeAdapter, ValidationError

from app.contracts import fields
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.policy import PUBLISHED
from app.quantities.registry import MG, Qty, Quantity
from app.services.plans import injection_plan_body, topical_plan_body
from tests.seed import SEED_INJECTION, SHORT_TOPICAL

APP = Path(__file__).resolve().parents[1] / "app"
MOST_ANY_OUTSIDE_THE_PAGES = 100


def test_a_quantity_is_typed_as_pints_plain_quantity_of_floats():
    assert get_origin(Qty) is PlainQuantity and get_args(Qty) == (float,)
    assert isinstance(Quantity(1.0, MG), PlainQuantity)


@pytest.mark.parametrize(("field", "text"), [
    (fields.Volume, "5 mL"), (fields.VolumeOrZero, "0 mL"), (fields.Concentration, "25 % w/v"),
    (fields.Strength, "10 % w/w"), (fields.BatchAmount, "100 g"), (fields.Mass, "500 mg"),
    (fields.BatchMass, "100 g"), (fields.BodyWeight, "20 kg"), (fields.Area, "50 cm2"),
    (fields.AmountPerArea, "2 mg/cm^2"), (fields.Density, "1 g/mL"),
])
def test_every_quantity_field_gives_a_quantity_with_a_float_magnitude(field, text):
    value = TypeAdapter(field).validate_python(text)
    assert isinstance(value, PlainQuantity)
    assert type(value.magnitude) is float


@pytest.mark.parametrize(("field", "text", "words"), [
    (fields.Volume, "5 kg", "must be a volume such as '5 mL'; got a mass"),
    (fields.Mass, "5", "must be a mass such as '5 g'; no unit given"),
])
def test_a_quantity_field_still_refuses_in_words(field, text, words):
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(field).validate_python(text)
    assert words in refused.value.errors()[0]["msg"]


def _only_json(value: object, where: str = "body") -> None:
    """Fail naming the first place in `value` that is not a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), where
            _only_json(item, f"{where}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _only_json(item, f"{where}.{number}")
    else:
        assert value is None or isinstance(value, str | int | float | bool), where


@pytest.mark.parametrize(("build", "model", "seed"), [
    (injection_plan_body, InjectionPlanRequest, SEED_INJECTION),
    (topical_plan_body, TopicalPlanRequest, SHORT_TOPICAL),
])
def test_a_plan_body_holds_only_json_values(build, model, seed):
    _only_json(build(model.model_validate(seed), PUBLISHED))


def test_any_outside_the_pages_stays_at_most_100():
    """The count issue 20 set: `Any` as a word in app/ outside app/web/."""
    found = {
        str(path.relative_to(APP)): len(re.findall(r"\bAny\b", path.read_text(encoding="utf-8")))
        for path in APP.rglob("*.py") if "web" not in path.relative_to(APP).parts[:1]
    }
    assert sum(found.values()) <= MOST_ANY_OUTSIDE_THE_PAGES, sorted(
        found.items(), key=lambda item: -item[1])[:10]
