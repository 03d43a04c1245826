"""Fixtures for the course tests: an app on a fresh SQLite file, accounts of every role, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import accounts
from app.settings import Settings, load_settings
from app.storage.engine import Database
from tests.pages.conftest import csrf_of

ROLES = ("admin", "clinician", "pharmacist", "viewer")
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path: Path, ready_db_url: str) -> Settings:
    """Settings whose database is this test's own: a SQLite file, then a PostgreSQL database."""
    return load_settings(data_dir=tmp_path / "data", database_url=ready_db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A client for an app on the test's own database."""
    app = create_app(settings)
    with TestClient(app) as http:
        yield http
    app.state.database.close()


@pytest.fixture
def database(client: TestClient) -> Database:
    """The database the app uses."""
    db: Database = client.app.state.database  # type: ignore[attr-defined]
    return db


@pytest.fixture
def tokens(database: Database) -> dict[str, str]:
    """An account and an API token for each role, by role."""
    issued = {}
    for role in ROLES:
        accounts.add_user(database, role, role, PASSWORD)
        issued[role] = accounts.add_token(database, role)
    return issued


INJECTION_PLAN = {
    "start_date": "2026-01-05",
    "interval_days": 14,
    "sites": [
        {"name": "elbow", "volume": "1 mL", "rounds": 3},
        {"name": "knee", "volume": "0.5 mL", "rounds": 2, "first_round": 2},
    ],
}
TOPICAL_PLAN = {
    "start_date": "2026-01-05",
    "steps": [{"strength": "10 % w/w", "days": 28}],
    "sites": [{"name": "left forearm", "area": "50 cm^2"}],
    "amount_per_area": "2 mg/cm^2",
}


def auth(token: str, version: int | None = None) -> dict[str, str]:
    """Headers for a request with a token, and an If-Match version when given."""
    headers = {"Authorization": f"Bearer {token}"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    return headers


def new_course(
    client: TestClient, token: str, kind: str = "injection", reference: str = "H1234567",
) -> dict[str, Any]:
    """Create a course (asserting 201) and give its body."""
    plan = INJECTION_PLAN if kind == "injection" else TOPICAL_PLAN
    body = {"patient": {"reference": reference, "name": "Ann Example"}, "kind": kind,
            "plan": plan}
    response = client.post("/api/v1/courses", json=body, headers=auth(token))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


GIVEN = {"status": "given", "lot": "LOT-1", "expiry": "2027-06-30"}


@pytest.fixture
def tightened(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """The same database served after a deployment lowered the most one site takes to 50 mL."""
    strict = load_settings(data_dir=tmp_path / "data", database_url=settings.database(),
                           site_volume_max="50 mL", site_volume_max_source="local rule 4")
    app = create_app(strict)
    with TestClient(app, follow_redirects=False) as http:
        yield http
    app.state.database.close()


def signed_in_nurse(http: TestClient) -> TestClient:
    """The client, signed in to the pages as a new clinician account, "nurse"."""
    accounts.add_user(http.app.state.database, "nurse", "clinician",  # type: ignore[attr-defined]
                      PASSWORD)
    form = http.get("/sign-in")
    signed = http.post("/sign-in", data={"username": "nurse", "password": PASSWORD,
                                         "csrf": csrf_of(form.text), "next": "/clinic"})
    assert signed.status_code == 303
    return http
