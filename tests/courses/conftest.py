"""Fixtures for the course tests: an app on a fresh SQLite file, accounts of every role, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.accounts import service as accounts
from app.main import create_app
from app.settings import Settings, load_settings
from app.storage.engine import Database

ROLES = ("admin", "clinician", "pharmacist", "viewer")
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose database is a SQLite file of this test's own."""
    return load_settings(data_dir=tmp_path / "data")


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


def auth(token: str, version: int | None = None) -> dict[str, str]:
    """Headers for a request with a token, and an If-Match version when given."""
    headers = {"Authorization": f"Bearer {token}"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    return headers
