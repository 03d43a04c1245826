"""A clinic per engine: the app on a new database, started before any account is made, with one
account and token per role made by the console script's entry point."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.courses_contract.harness import ROLES, Clinic, add_user, environment
from tests.databases import ready_database

ENGINES = ["sqlite", "postgresql"]


@contextlib.contextmanager
def open_clinic(db_url: str, folder: Path, **settings: str) -> Iterator[Clinic]:
    """Start the app on `db_url` and make one account per role."""
    with environment(STS_DATABASE_URL=db_url, STS_DATA_DIR=str(folder), **settings):
        app = create_app()
        with TestClient(app) as http:
            clinic = Clinic(http=http, db_url=db_url)
            for role in ROLES:
                clinic.users[role], clinic.tokens[role] = add_user(role)
            yield clinic


@pytest.fixture(scope="module", params=ENGINES)
def clinic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Clinic]:
    """One app and database per module and engine; tests keep apart by patient and course."""
    folder = tmp_path_factory.mktemp(f"clinic-{request.param}")
    with open_clinic(ready_database(request.param, request, folder), folder) as shared:
        yield shared


@pytest.fixture(params=ENGINES)
def fresh_clinic(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Clinic]:
    """A clinic on a database of its own, for checks that need nothing else in it."""
    with open_clinic(ready_database(request.param, request, tmp_path), tmp_path) as own:
        yield own
