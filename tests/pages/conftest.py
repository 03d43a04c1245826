"""Fixtures for the page tests: an app on a real SQLite file, accounts of every role, sign-in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import accounts
from app.settings import Settings, load_settings
from app.storage.engine import Database

ROLES = ("admin", "clinician", "pharmacist", "viewer")
PASSWORD = "correct horse battery"
PATIENT_NAME = "Zebedee Quartermain"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = CSRF.search(html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def plan_query(start: dt.date) -> str:
    """The injection planner's query for a two-site plan starting on `start`."""
    return (f"start_date={start.isoformat()}&interval_days=14"
            "&site_name=elbow&site_volume=1+mL&site_rounds=4&site_first_round=1"
            "&site_name=knee&site_volume=0.5+mL&site_rounds=3&site_first_round=2")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose database is a fresh SQLite file of this test."""
    return load_settings(data_dir=tmp_path / "data",
                         database_url=f"sqlite:///{tmp_path / 'pages.db'}")


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    """The app on the test's database."""
    application = create_app(settings)
    yield application
    application.state.database.close()


@pytest.fixture
def database(app: FastAPI) -> Database:
    """The database the app uses."""
    db: Database = app.state.database
    return db


@pytest.fixture
def users(database: Database) -> tuple[str, ...]:
    """One account per role, each named after its role."""
    for role in ROLES:
        accounts.add_user(database, role, role, PASSWORD)
    return ROLES


@pytest.fixture
def browser(app: FastAPI, users: tuple[str, ...]) -> Iterator[Callable[[str], TestClient]]:
    """A signed-in client per role (each with its own cookies)."""
    opened: list[TestClient] = []

    def sign_in(role: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        client.__enter__()
        opened.append(client)
        form = client.get("/sign-in")
        answer = client.post("/sign-in", data={"username": role, "password": PASSWORD,
                                               "csrf": csrf_of(form.text), "next": "/clinic"})
        assert answer.status_code == 303, answer.text
        return client

    yield sign_in
    for client in opened:
        client.__exit__(None, None, None)


def save_plan(client: TestClient, kind: str, query: str, reference: str, name: str,
              birth_date: str) -> str:
    """Save a plan of `kind` as a course through the pages; the new course's id."""
    form = client.get(f"/courses/new/{kind}?{query}")
    assert form.status_code == 200, form.text
    answer = client.post(f"/courses/new/{kind}", data={
        "csrf": csrf_of(form.text), "plan_query": query, "reference": reference,
        "name": name, "birth_date": birth_date})
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert name.split()[0] not in location
    return str(location.rsplit("/", 1)[1])


def save_course(client: TestClient, start: dt.date, name: str = PATIENT_NAME) -> str:
    """Save the two-site plan as a course through the pages; the new course's id."""
    return save_plan(client, "injection", plan_query(start), "H7654321", name, "1951-03-04")


def enter_first_record_in_error(client: TestClient, course: str, reason: str) -> str:
    """Strike the course's first record through its page; the course page afterwards."""
    page = client.get(f"/courses/{course}")
    record_id = page.text.split("/entered-in-error")[0].rsplit("/records/", 1)[1]
    answer = client.post(f"/courses/{course}/records/{record_id}/entered-in-error", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "reason": reason})
    assert answer.status_code == 303
    return str(client.get(f"/courses/{course}").text)


def version_of(html: str) -> str:
    """The course version a course page's forms carry."""
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found is not None
    return found.group(1)
