"""Every quantity has a floor as well as a ceiling: 1e-320 of anything is refused with a 422
naming the field, in JSON and on the pages, never an OverflowError."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.security_samples import BODIES

INJECTION, TOPICAL = "/api/v1/plans/injection", "/api/v1/plans/topical"
COMPOUND, CHECK, MIX = "/api/v1/compound", "/api/v1/compound/check", "/api/v1/mix"

# (endpoint, field path, a tiny amount in the field's kind): every quantity field of every body.
TINY = [
    (TOPICAL, ("dispense_step",), "1e-320 g"),
    (TOPICAL, ("amount_per_area",), "1e-320 mg/cm^2"),
    (TOPICAL, ("sites", 0, "area"), "1e-320 cm^2"),
    (TOPICAL, ("steps", 0, "strength"), "1e-320 % w/w"),
    (TOPICAL, ("density",), "1e-320 g/mL"),
    (INJECTION, ("sites", 0, "volume"), "1e-320 mL"),
    (INJECTION, ("patient_weight",), "1e-320 kg"),
    (INJECTION, ("patient_weight",), "1 mg"),
    (INJECTION, ("mix", "stock"), "1e-320 mg/mL"),
    (INJECTION, ("given",), [{"round": 1, "volumes": {"right middle MCP": "1e-320 mL"}}]),
    (MIX, ("stock_volume",), "1e-320 mL"),
    (MIX, ("diluent_volume",), "1e-320 mL"),
    (MIX, ("stock",), "1e-320 mg/mL"),
    (MIX, ("target",), "1e-320 mg/mL"),  # the "a mix to 1e-320 mg/mL in 1e-320 mL"
    (MIX, ("final_volume",), "1e-320 mL"),
    (CHECK, ("total_volume",), "1e-320 mL"),
    (TOPICAL, ("amount_per_application",), "1e-320 g"),
    (INJECTION, ("protocol_limits",), {"id": "t", "source": "s", "max_site_volume": "1e-320 mL"}),
    (COMPOUND, ("quantity",), "1e-320 g"),
    (COMPOUND, ("strength",), "1e-320 mg/g"),
    (CHECK, ("powder_mass",), "1e-320 g"),
    (CHECK, ("total_mass",), "1e-320 g"),
    ("/api/v1/compound/formula", ("quantity",), "1e-320 g"),
]
NUMBERS = [
    (INJECTION, ("mix", "stock_parts"), 1e-320),
    (INJECTION, ("mix", "diluent_parts"), -1),
    (CHECK, ("tolerance_percent",), 1e-320),
]


def put(body: Any, where: tuple[Any, ...], value: Any) -> Any:
    """A copy of a body with the item at `where` set, adding a missing last key."""
    *parents, last = where
    copy = json.loads(json.dumps(body))
    target = copy
    for step in parents:
        target = target[step]
    target[last] = value
    return copy


@pytest.mark.parametrize(("path", "where", "tiny"), TINY)
def test_a_vanishing_quantity_is_a_422_naming_its_field(http, path, where, tiny):
    response = http.post(path, json=put(BODIES[path], where, tiny))
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert [str(p) for p in error["loc"][1:len(where) + 1]] == [str(p) for p in where]
    if isinstance(tiny, str):
        assert "less than the planner accepts (at least" in error["msg"]


@pytest.mark.parametrize(("path", "where", "value"), NUMBERS)
def test_a_vanishing_or_negative_ratio_is_a_422(http, path, where, value):
    response = http.post(path, json=put(BODIES[path], where, value))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == where[-1]


@pytest.mark.parametrize(("path", "where", "value"), [
    (MIX, ("diluent_volume",), "0 mL"), (TOPICAL, ("dispense_step",), "1 mg"),
    (INJECTION, ("sites", 0, "volume"), "0.01 mL"),
])
def test_the_smallest_sensible_amounts_are_still_planned(http, path, where, value):
    assert http.post(path, json=put(BODIES[path], where, value)).status_code == 200


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("/topical", {"start_date": "2025-01-06", "step_strength": "3 % w/w", "step_days": "28",
                      "site_name": "arm", "site_area": "50 cm^2", "amount_mode": "per_area",
                      "amount": "2 mg/cm^2", "dispense_step": "1e-320 g"}),
        ("/topical", {"start_date": "2025-01-06", "step_strength": "3 % w/w", "step_days": "28",
                      "site_name": "arm", "site_area": "1e-320 cm^2", "amount_mode": "per_area",
                      "amount": "2 mg/cm^2"}),
        ("/injection", {"start_date": "2025-01-06", "site_name": "elbow",
                        "site_volume": "1e-320 mL", "site_rounds": "2"}),
        ("/pharmacy/mix", {"stock_volume": "1e-320 mL", "diluent_volume": "1 mL"}),
    ],
)
def test_pages_refuse_a_vanishing_quantity_in_words(http, page, query):
    for path in (page, page.replace("/topical", "/topical/calendar.pdf")):
        response = http.get(path, params=query, headers={"Accept": "text/html"})
        assert response.status_code < 500
    response = http.get(page, params=query)
    assert "less than the planner accepts" in response.text


def _mix_by_target(target: str, final: str) -> dict[str, str]:
    return {"stock": "250 mg/mL", "target": target, "final_volume": final}


# (endpoint, body or None for the sample, field, just below its floor, the floor as refused):
# the floors of docs/sources.md ("Floors"), each named in the refusal.
FLOORS = [
    (MIX, _mix_by_target("0.009 mg/mL", "10 mL"), ("target",), "", "at least 0.01 mg/mL"),
    (MIX, _mix_by_target("10 mg/mL", "0.009 mL"), ("final_volume",), "", "at least 0.01 mL"),
    (MIX, None, ("stock_volume",), "0.009 mL", "at least 0.01 mL"),
    (MIX, None, ("diluent_volume",), "0.009 mL", "at least 0.01 mL"),
    (MIX, None, ("stock",), "0.009 mg/mL", "at least 0.01 mg/mL"),
    (COMPOUND, None, ("quantity",), "0.09 g", "at least 0.1 g"),
    (COMPOUND, None, ("quantity",), "0.09 mL", "at least 0.1 mL"),
    (COMPOUND, None, ("strength",), "0.009 mg/g", "at least 0.01 mg/g"),
    (CHECK, None, ("powder_mass",), "0.9 mg", "at least 1 mg"),
    (TOPICAL, None, ("dispense_step",), "0.9 mg", "at least 1 mg"),
    (TOPICAL, None, ("density",), "0.09 g/mL", "at least 0.1 g/mL"),
    (TOPICAL, None, ("amount_per_area",), "0.0009 mg/cm^2", "at least 0.001 mg/cm**2"),
    (INJECTION, None, ("sites", 0, "volume"), "0.009 mL", "at least 0.01 mL"),
    (INJECTION, None, ("patient_weight",), "0.15 kg", "must be at least 0.2 kg"),
]


@pytest.mark.parametrize(("path", "body", "where", "below", "message"), FLOORS)
def test_just_below_each_floor_is_refused_naming_the_floor(http, path, body, where, below,
                                                          message):
    sent = body if body is not None else put(BODIES[path], where, below)
    response = http.post(path, json=sent)
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    named = [e for e in errors if [str(p) for p in e["loc"][1:]][:len(where)]
             == [str(p) for p in where]]
    assert named and message in named[0]["msg"], errors


def test_a_mix_at_its_floors_is_still_worked_out(http):
    response = http.post(MIX, json=_mix_by_target("0.01 mg/mL", "0.01 mL"))
    assert response.status_code == 200, response.text
