"""Fixtures for the FHIR export tests: an app on a real database (SQLite unless a test asks for
PostgreSQL), a token for each role, and the seeds' two courses with their records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import accounts
from app.settings import Settings, load_settings
from tests.courses.conftest import PASSWORD, ROLES, auth
from tests.databases import ready_database
from tests.seed import SEED_INJECTION, SHORT_TOPICAL

PATIENT = {"reference": "H1234567", "name": "Ann Example", "birth_date": "1997-03-02"}
LOT = {"lot": "LOT-7", "expiry": "2025-12-31"}
# The injection seed (Golub et al.): round 1 given; round 2 given with a wrong volume and struck
# out, then deferred four days and given; round 3 omitted; round 4 still planned.
INJECTION_RECORDS: list[dict[str, Any]] = [
    {"round": 1, "status": "given", "date": "2020-05-07", **LOT, "note": "tolerated well"},
    {"round": 2, "status": "given", "date": "2020-05-21", "volumes": {"right elbow": "2 mL"},
     **LOT},
    {"strike": 1, "reason": "wrong course"},
    {"round": 2, "status": "deferred", "date": "2020-05-25", "reason": "clinic closed"},
    {"round": 2, "status": "given", "date": "2020-05-25", "volumes": {"right elbow": "1 mL"},
     **LOT},
    {"round": 3, "status": "omitted", "date": "2020-06-04", "reason": "skin infection"},
]
# The topical seed (Pagnini et al.: 3 % then 10 % w/w under occlusion): blocks 1 and 2
# dispensed, review 1 held.
TOPICAL_RECORDS: list[dict[str, Any]] = [
    {"block": 1, "status": "dispensed", "date": "2025-01-06", "amount": "10 g", **LOT},
    {"block": 2, "status": "dispensed", "date": "2025-01-20", "amount": "5 g", **LOT,
     "note": "collected by a relative"},
    {"review": 1, "status": "reviewed", "date": "2025-01-20", "note": "less pain"},
]


@pytest.fixture
def db_engine() -> str:
    """The engine a test runs on: SQLite; a test parametrises it to run on PostgreSQL."""
    return "sqlite"


@pytest.fixture
def settings(tmp_path: Path, request: pytest.FixtureRequest, db_engine: str) -> Iterator[Settings]:
    """Settings whose database is this test's own, at the newest schema."""
    url = ready_database(db_engine, request, tmp_path)
    yield load_settings(data_dir=tmp_path / "data", database_url=url)
    if db_engine == "postgresql":
        request.getfixturevalue("pg_cluster").drop_database(url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A client for an app on the test's own database."""
    app = create_app(settings)
    with TestClient(app) as http:
        yield http
    app.state.database.close()


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    """An account and an API token for each role, by role."""
    database = client.app.state.database  # type: ignore[attr-defined]
    issued = {}
    for role in ROLES:
        accounts.add_user(database, role, role, PASSWORD)
        issued[role] = accounts.add_token(database, role)
    return issued


def seeded(client: TestClient, token: str, kind: str) -> dict[str, Any]:
    """A course of the seed of `kind` with its records, as the API last answered it."""
    plan = SEED_INJECTION if kind == "injection" else SHORT_TOPICAL
    made = client.post("/api/v1/courses", headers=auth(token),
                       json={"patient": PATIENT, "kind": kind, "plan": plan})
    assert made.status_code == 201, made.text
    course: dict[str, Any] = made.json()
    for body in INJECTION_RECORDS if kind == "injection" else TOPICAL_RECORDS:
        if "strike" in body:
            record = course["records"][body["strike"]]["id"]
            url = f"/api/v1/courses/{course['id']}/records/{record}/entered-in-error"
            answer = client.post(url, headers=auth(token, course["version"]),
                                 json={"reason": body["reason"]})
        else:
            answer = client.post(f"/api/v1/courses/{course['id']}/records",
                                 headers=auth(token, course["version"]), json=body)
        assert answer.status_code in (200, 201), answer.text
        course = answer.json()
    return course


@pytest.fixture
def injection_course(client: TestClient, tokens: dict[str, str]) -> dict[str, Any]:
    """The injection seed with a given, a struck, a deferred and an omitted round."""
    return seeded(client, tokens["clinician"], "injection")


@pytest.fixture
def topical_course(client: TestClient, tokens: dict[str, str]) -> dict[str, Any]:
    """The topical seed with two blocks dispensed and a review held."""
    return seeded(client, tokens["clinician"], "topical")
