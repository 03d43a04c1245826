"""The schema's patterns: every text a quantity field's pattern matches is accepted by its field,
its ends included, and text that can never be a quantity (empty, zeros, a bare number) matches
none of them while still being a 422 naming its field; a birth date's pattern holds exactly the
days up to today."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.contracts import fields
from app.contracts.patterns import date_pattern_up_to, number_pattern
from app.main import create_app
from app.settings import load_settings
from tests.security_samples import INJECTION, TOPICAL

TYPES = ["Volume", "VolumeOrZero", "Concentration", "Strength", "BatchAmount", "Mass",
         "BatchMass", "BodyWeight", "Area", "AmountPerArea", "Density"]


def schema_of(name: str) -> dict[str, Any]:
    return TypeAdapter(getattr(fields, name)).json_schema()


def accepted(name: str, text: str) -> bool:
    """Whether the field type takes the text."""
    try:
        TypeAdapter(getattr(fields, name)).validate_python(text)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("name", TYPES)
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_text_the_pattern_matches_is_accepted(name: str, data: st.DataObject) -> None:
    schema = schema_of(name)
    text = data.draw(st.from_regex(schema["pattern"], fullmatch=True).filter(
        lambda t: schema["minLength"] <= len(t) <= schema["maxLength"]))
    assert accepted(name, text), text


# Each type's ends as its pattern writes them, and the nearest text beyond each end.
ENDS = {
    "Volume": (["0.01 mL", "1000 mL", "1000.0mL", "5 mL"], ["0.009 mL", "1000.01 mL"]),
    "VolumeOrZero": (["0 mL", "0.00 mL", "0.01 mL", "1000 mL"], ["0.009 mL", "1001 mL"]),
    "Concentration": (["0.01 mg/mL", "1000 mg/mL", "0.001 % w/v", "100 % w/v", "25%w/v"],
                      ["0.009 mg/mL", "1000.1 mg/mL", "100.1 % w/v", "0.0009 % w/v"]),
    "Strength": (["0.01 mg/g", "1000 mg/g", "0.01 mg/mL", "1000 mg/mL", "0.001 % w/w",
                  "100 % w/w", "0.001 % w/v", "100 % w/v", "10 % w/w"],
                 ["0.009 mg/g", "1000.5 mg/g", "100.01 % w/w", "0.0009 % w/w"]),
    "BatchAmount": (["0.1 g", "10000 g", "0.1 mL", "10000 mL", "100 g"],
                    ["0.09 g", "10000.1 g", "0.09 mL", "10001 mL"]),
    "Mass": (["0.001 g", "10000 g", "5 g"], ["0.0009 g", "10000.01 g"]),
    "BatchMass": (["0.1 g", "10000 g", "100 g"], ["0.09 g", "10001 g"]),
    "BodyWeight": (["0.2 kg", "500 kg", "20 kg"], ["0.19 kg", "0.1 kg", "500.1 kg"]),
    "Area": (["0.01 cm^2", "30000 cm^2", "50 cm^2"], ["0.009 cm^2", "30000.1 cm^2"]),
    "AmountPerArea": (["0.001 mg/cm^2", "1000 mg/cm^2", "2 mg/cm^2"],
                      ["0.0009 mg/cm^2", "1000.1 mg/cm^2"]),
    "Density": (["0.1 g/mL", "5 g/mL", "1 g/mL"], ["0.09 g/mL", "5.01 g/mL"]),
}


@pytest.mark.parametrize("name", TYPES)
def test_the_ends_of_every_range_are_in_the_pattern_and_accepted(name: str) -> None:
    pattern = schema_of(name)["pattern"]
    inside, beyond = ENDS[name]
    assert [text for text in inside if not re.search(pattern, text)] == []
    assert [text for text in inside if not accepted(name, text)] == []
    assert [text for text in beyond if re.search(pattern, text)] == []


def test_the_examples_match_their_patterns() -> None:
    for name in TYPES:
        schema = schema_of(name)
        assert all(re.search(schema["pattern"], text) for text in schema["examples"]), name


@pytest.mark.parametrize(("low", "high", "inside", "outside"), [
    ("0.01", "1000", ["0.01", ".5", "999.999", "1000", "1000.000", "7"],
     ["0", "0.00", "0.009", "1000.01", "1001", "01", "1e3", ""]),
    ("0.2", "500", ["0.2", "0.25", "499.9", "500.0", "12"],
     ["0.19", "0.1", "500.5", "600", "5000"]),
    ("0.1", "5", ["0.1", "4.99", "5", "5.0"], ["0.09", "5.01", "6", "10"]),
    ("0.001", "10000", ["0.001", "9999.5", "10000"], ["0.0009", "10001", "20000"]),
])
def test_a_number_pattern_holds_its_range_and_nothing_else(
    low: str, high: str, inside: list[str], outside: list[str]
) -> None:
    pattern = re.compile(f"^{number_pattern(Decimal(low), Decimal(high))}$")
    assert [text for text in inside if not pattern.match(text)] == []
    assert [text for text in outside if pattern.match(text)] == []


# Text that can never be a quantity: the schema's pattern refuses it, and so does the server,
# naming the field (the adversarial pass's empty-string and zeros examples among them).
NEVER = ["", "000", "0" * 64, "5", "mL", " ", "1e3 mL", "-1 mL"]


@pytest.mark.parametrize("text", NEVER)
@pytest.mark.parametrize("name", [name for name in TYPES if name != "VolumeOrZero"])
def test_text_that_is_never_a_quantity_is_outside_every_pattern(name: str, text: str) -> None:
    assert not re.search(schema_of(name)["pattern"], text)


@pytest.fixture(scope="module")
def http() -> Iterator[TestClient]:
    with TestClient(create_app(load_settings())) as client:
        yield client


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/plans/injection", INJECTION, ("sites", 0, "volume")),
    ("/api/v1/plans/injection", INJECTION, ("patient_weight",)),
    ("/api/v1/plans/topical", TOPICAL, ("sites", 0, "area")),
    ("/api/v1/plans/topical", TOPICAL, ("amount_per_area",)),
])
@pytest.mark.parametrize("text", ["", "000", "0" * 64])
def test_such_text_is_a_422_naming_its_field(
    http: TestClient, path: str, body: dict[str, Any], field: tuple[Any, ...], text: str
) -> None:
    sent: Any = {**body}
    target = sent
    for step in field[:-1]:
        target[step] = [dict(item) for item in target[step]] if isinstance(
            target[step], list) else dict(target[step])
        target = target[step]
    target[field[-1]] = text
    response = http.post(path, json=sent)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", *field]
    assert error["msg"].startswith(f"{field[-1]} must be ")


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2027, 1, 1), dt.date(2100, 3, 1),
                                   dt.date(2000, 2, 29), dt.date(1999, 12, 31)])
def test_a_date_pattern_up_to_a_day_holds_every_day_until_it_and_none_after(
    today: dt.date
) -> None:
    pattern = re.compile(date_pattern_up_to(today))
    day, wrong = dt.date(1900, 1, 1), []
    while day <= dt.date(2200, 12, 31):
        if bool(pattern.match(day.isoformat())) != (day <= today):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == []


def test_the_birth_date_schema_ends_today_and_still_says_iso_date(http: TestClient) -> None:
    schema = http.get("/openapi.json").json()["components"]["schemas"]
    today = dt.datetime.now(dt.UTC).date()
    for plan in ("InjectionPlanRequest", "TopicalPlanRequest"):
        (stated,) = [option for option in schema[plan]["properties"]["patient_birth_date"]["anyOf"]
                     if option.get("type") == "string"]
        assert stated["format"] == "date"
        assert re.search(stated["pattern"], today.isoformat())
        assert re.search(stated["pattern"], "1900-01-01")
        assert not re.search(stated["pattern"], (today + dt.timedelta(days=1)).isoformat())
