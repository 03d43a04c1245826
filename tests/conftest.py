"""Shared fixtures: a fresh app and an in-process HTTP client (httpx) for it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app

if TYPE_CHECKING:
    from tests.pg import Cluster


def pytest_configure(config: pytest.Config) -> None:
    """Apps made by tests start no PDF workers until one prints: hundreds of apps are made, and
    a test that wants them started says so."""
    os.environ.setdefault("STS_PDF_PRESTART", "false")


@pytest.fixture
def app() -> FastAPI:
    """A new application built by the factory."""
    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An httpx-based client that calls the app in-process."""
    with TestClient(app) as http:
        yield http


# Issue 8: a throwaway PostgreSQL cluster per session (tests/pg.py), a fresh database per test,
# and `db_url`, which runs a test once on a SQLite file and once on PostgreSQL.
@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL server for the whole session, removed at the end even on failure."""
    from tests.pg import running_cluster

    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_url(pg_cluster: Cluster) -> str:
    """A `postgresql+psycopg://` URL of one database shared by the session."""
    return pg_cluster.create_database("session")


@pytest.fixture
def fresh_pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A `postgresql+psycopg://` URL of a new, empty database, dropped after the test."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each engine in turn: a real SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sts.db'}"
    url: str = request.getfixturevalue("fresh_pg_url")
    return url
