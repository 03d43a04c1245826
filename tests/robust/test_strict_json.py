"""Strict JSON: lone surrogates, undecodable bytes, duplicate keys, control and direction
characters, booleans as numbers, numbers as dates and text as integers are all a 422 naming
the field, at every endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.robust.conftest import assert_secured
from tests.security_samples import BODIES, replaced, string_leaves

INJECTION, TOPICAL = "/api/v1/plans/injection", "/api/v1/plans/topical"

# Every text field of every endpoint's sample body.
TEXT_FIELDS = [(path, leaf) for path, body in BODIES.items() for leaf in string_leaves(body)]
NAME_FIELDS = [
    (INJECTION, ("sites", 0, "name")), (INJECTION + ".ics", ("sites", 1, "name")),
    (TOPICAL, ("sites", 0, "name")), (TOPICAL + ".ics", ("sites", 0, "name")),
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


def post_raw(http: Any, path: str, text: str) -> Any:
    """POST text as it is, so that json.dumps cannot repair it."""
    return http.post(path, content=text.encode("utf-8", "surrogatepass"),
                     headers={"content-type": "application/json"})


@pytest.mark.parametrize(("path", "leaf"), TEXT_FIELDS)
def test_a_lone_surrogate_in_any_text_field_is_a_422_naming_it(http, path, leaf):
    text = json.dumps(replaced(BODIES[path], leaf, "elbow \ud800"))  # escaped as \\ud800
    response = post_raw(http, path, text)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", *leaf]
    assert "half of a character" in error["msg"]
    assert_secured(response)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"stock_volume": "1 mL\xff"}', "not valid UTF-8"),
        (b'\xef\xbb\xbf{"stock_volume": "1 mL"}', "not valid JSON"),  # a byte-order mark
        (b'{"stock_volume": "1 mL", "stock_volume": "999 mL"}', "'stock_volume' is given more"),
        (b'{"stock_volume": NaN}', "NaN is not a JSON number"),
        (b'{"stock_volume": -Infinity}', "-Infinity is not a JSON number"),
        (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
        (b'{"diluent_parts": ' + b"9" * 5000 + b"}", "number too long"),
    ],
)
def test_a_body_that_is_not_strict_json_is_a_422_in_the_contract_shape(http, raw, message):
    response = http.post("/api/v1/mix", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["type"] == "json_invalid" and message in detail[0]["msg"]
    assert len(response.content) < 1000


@pytest.mark.parametrize(
    ("path", "body", "key"),
    [
        ("/api/v1/mix", '{"stock_volume": "1 mL", "diluent_volume": "1 mL", '
                        '"stock_volume": "999 mL"}', "stock_volume"),
        (INJECTION, '{"start_date": "2025-01-06", "sites": [{"name": "a", "name": "b", '
                    '"volume": "1 mL", "rounds": 1}]}', "name"),
        (TOPICAL, '{"start_date": "2025-01-06", "start_date": "2025-01-07"}', "start_date"),
    ],
)
def test_a_duplicated_key_is_a_422_naming_it(http, path, body, key):
    response = post_raw(http, path, body)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == key and f"'{key}' is given more than once" in error["msg"]


@pytest.mark.parametrize(
    "char", ["\u202e", "\u2028", "\u2029", "\u0085", "\u0007", "\u001b", "\u2066", "\u200f",
             "\u0000", "\t", "\n", "\u009b", "\u061c"],
)
@pytest.mark.parametrize(("path", "leaf"), NAME_FIELDS)
def test_control_and_direction_characters_are_refused_in_names(http, path, leaf, char):
    response = http.post(path, json=replaced(BODIES[path], leaf, f"left{char}elbow"))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", *leaf]
    assert f"U+{ord(char):04X}" in error["msg"]


@pytest.mark.parametrize(
    ("path", "where", "value"),
    [
        (INJECTION, ("interval_days",), True),
        (INJECTION, ("interval_days",), "7"),
        (INJECTION, ("interval_days",), 7.5),
        (INJECTION, ("sites", 0, "rounds"), True),
        (INJECTION, ("sites", 0, "rounds"), "2"),
        (INJECTION, ("sites", 0, "first_round"), False),
        (INJECTION, ("closed_weekdays",), [True]),
        (INJECTION, ("mix", "stock_parts"), True),
        (INJECTION, ("mix", "diluent_parts"), "1"),
        (INJECTION, ("start_date",), 0),
        (INJECTION, ("start_date",), 1588809600),
        (INJECTION, ("start_date",), "2020-05-07T00:00:00"),
        (INJECTION, ("closed_dates",), [0, 86400]),
        (INJECTION, ("given",), [{"round": True}]),
        (TOPICAL, ("applications_per_day",), True),
        (TOPICAL, ("review_interval_days",), "14"),
        (TOPICAL, ("steps", 0, "days"), True),
        (TOPICAL, ("start_date",), 0),
        ("/api/v1/compound/check", ("tolerance_percent",), True),
        ("/api/v1/compound/check", ("tolerance_percent",), "10"),
    ],
)
def test_booleans_are_not_numbers_and_numbers_are_not_dates(http, path, where, value):
    response = http.post(path, json=put(BODIES[path], where, value))
    assert response.status_code == 422, response.text
    located = response.json()["detail"][0]["loc"]
    assert [str(part) for part in located[1:len(where) + 1]] == [str(part) for part in where]


@pytest.mark.parametrize(("path", "where", "value"), [
    (INJECTION, ("interval_days",), 7), (INJECTION, ("mix", "stock_parts"), 2),
    (INJECTION, ("mix", "diluent_parts"), 0.5), ("/api/v1/compound/check",
                                                ("tolerance_percent",), 5.5),
])
def test_real_numbers_are_still_accepted(http, path, where, value):
    assert http.post(path, json=put(BODIES[path], where, value)).status_code == 200


def test_a_body_without_a_content_type_is_still_read_as_json(http):
    response = http.post("/api/v1/mix", content=json.dumps(BODIES["/api/v1/mix"]))
    assert response.status_code == 200


def test_a_page_form_still_reads_numbers_typed_as_text(http):
    query = {"start_date": "2025-01-06", "interval_days": "7", "site_name": "elbow",
             "site_volume": "1 mL", "site_rounds": "2", "site_first_round": "1"}
    response = http.get("/injection", params=query)
    assert response.status_code == 200 and "2 visits" in response.text
