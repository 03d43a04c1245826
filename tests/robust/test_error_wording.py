"""Error wording over the error paths: no 422 message says the same thing twice (a field's label
in front of a sentence that already names it), and a body that is not JSON reads the same at
the plan endpoints and at the course endpoints."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import accounts
from app.settings import load_settings
from tests.security_samples import BODIES, replaced

# Values no field of any endpoint takes, of every JSON type, and text a quantity, date or name
# refuses in each of its ways.
BAD_VALUES: list[Any] = ["", "000", "-1 mL", "5 kg", "2020-02-30", "x" * 100, 1.5, None, {}]
# Bodies that are not JSON the API reads, each with the sentence it is refused with.
NOT_JSON = [
    (b"{", "the request body is not valid JSON: Expecting property name enclosed in double "
           "quotes at character 1"),
    (b"\xff", "the request body is not valid UTF-8 text"),
    (b'{"plan": 1, "plan": 2}', "the key 'plan' is given more than once"),
    (b'{"plan": NaN}', "NaN is not a JSON number"),
    (b'{"plan": "\\ud800"}', "the text holds half of a character (a lone surrogate)"),
    (b"[" * 20_000, "the request body is nested too deeply"),
]
COURSE_POSTS = ["/api/v1/courses", "/api/v1/courses/{id}/records", "/api/v1/courses/{id}/stop",
                "/api/v1/courses/{id}/amend", "/api/v1/courses/search",
                "/api/v1/courses/{id}/preparations"]


def said_twice(message: str) -> list[str]:
    """Every run of three words that a message holds more than once, and a field's label put in
    front of a sentence that starts with it again ("volume: volume must be …")."""
    words = re.findall(r"[\w.']+", message.lower())
    runs = Counter(" ".join(words[i:i + 3]) for i in range(len(words) - 2))
    twice = [run for run, count in runs.items() if count > 1]
    label = re.match(r"^([\w.]+): \1\b", message)
    return twice + ([label.group(1)] if label else [])


@pytest.mark.parametrize(("message", "twice"), [
    ("the request body: the request body is not valid JSON", ["the request body"]),
    ("sites.0.volume: sites.0.volume must be a volume", ["sites.0.volume"]),
    ("sites.0.volume must be a volume such as '5 mL'; got a mass", []),
    ("sites.0.name: String should have at most 80 characters", []),
])
def test_the_detector_finds_what_is_said_twice(message: str, twice: list[str]) -> None:
    assert said_twice(message) == twice


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value of a JSON body that is neither an object nor a list."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app on its own SQLite file, with an admin's token and one course to write to."""
    data: Path = tmp_path_factory.mktemp("wording") / "data"
    app = create_app(load_settings(data_dir=data))
    with TestClient(app) as client:
        accounts.add_user(app.state.database, "admin", "admin", "correct horse battery")
        token = accounts.add_token(app.state.database, "admin")
        course = client.post("/api/v1/courses", headers={"Authorization": f"Bearer {token}"},
                             json={"patient": {"reference": "H1"}, "kind": "injection",
                                   "plan": BODIES["/api/v1/plans/injection"]})
        assert course.status_code == 201, course.text
        yield client, {"Authorization": f"Bearer {token}", "id": course.json()["id"]}
    app.state.database.close()


def current(client: TestClient, headers: dict[str, str]) -> dict[str, str]:
    """The admin's token and the course's version now, so that a write reaches its body."""
    version = client.get(f"/api/v1/courses/{headers['id']}",
                         headers={"Authorization": headers["Authorization"]})
    return {"Authorization": headers["Authorization"], "If-Match": version.headers["etag"]}


# A valid body for each course write, beside the plan and calculator endpoints' samples.
COURSE_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/courses": {"patient": {"reference": "H2", "name": "Ann Example",
                                    "birth_date": "1970-01-01"},
                        "kind": "injection", "plan": BODIES["/api/v1/plans/injection"]},
    "/api/v1/courses/{id}/records": {"status": "given", "date": "2020-05-07", "round": 1,
                                     "volumes": {"right middle MCP": "1 mL"}, "lot": "L1",
                                     "expiry": "2030-01-01", "note": "as planned"},
    "/api/v1/courses/{id}/stop": {"reason": "the lesions have gone"},
}
# The .ics endpoints read the same bodies as their plan endpoints, and a course's plan is read
# as its plan endpoint reads it: each is swept once.
SAMPLES = {path: body for path, body in {**BODIES, **COURSE_BODIES}.items()
           if not path.endswith(".ics")}


@pytest.mark.parametrize("path", sorted(SAMPLES))
def test_no_refusal_of_a_bad_field_says_anything_twice(served: Any, path: str) -> None:
    client, headers = served
    body, address = SAMPLES[path], path.replace("{id}", headers["id"])
    refused = 0
    for leaf in leaves({**body, "plan": {}} if "plan" in body else body):
        for bad in BAD_VALUES:
            response = client.post(address, json=replaced(body, leaf, bad),
                                   headers=current(client, headers))
            if response.status_code == 422:
                refused += 1
                for error in response.json()["detail"]:
                    assert said_twice(error["msg"]) == [], (leaf, bad, error["msg"])
    assert refused >= len(BAD_VALUES) // 2  # the paths were reached, not passed by


@pytest.mark.parametrize(("raw", "message"), NOT_JSON, ids=[m[:30] for _, m in NOT_JSON])
@pytest.mark.parametrize("path", ["/api/v1/plans/injection", "/api/v1/mix", *COURSE_POSTS])
def test_a_body_that_is_not_json_is_refused_in_the_same_words_everywhere(
    served: Any, path: str, raw: bytes, message: str
) -> None:
    client, headers = served
    sent = {**current(client, headers), "content-type": "application/json"}
    response = client.post(path.replace("{id}", headers["id"]), content=raw, headers=sent)
    assert response.status_code == 422, response.text[:300]
    (error,) = response.json()["detail"]
    assert error["msg"] == message
    assert error["type"] == "json_invalid"
    assert error["loc"][0] == "body"
