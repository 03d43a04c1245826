"""Shared fixtures: a fresh app and an in-process HTTP client (httpx) for it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher, profiles
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from tests.databases import migrate, ready_database

if TYPE_CHECKING:
    from tests.pg import Cluster


_RUN_DATA = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Apps made by tests start no PDF workers until one prints (hundreds of apps are made, and
    a test that wants them started says so), and keep their data outside the checkout: servers
    started as subprocesses inherit a data folder of this run's own."""
    os.environ.setdefault("STS_PDF_PRESTART", "false")
    folder = tempfile.mkdtemp(prefix="sts-data-")
    config.stash[_RUN_DATA] = folder
    os.environ["STS_DATA_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's data folder."""
    shutil.rmtree(config.stash.get(_RUN_DATA, ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def own_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Every app a test builds keeps its database and first-run links in the test's own folder.

    The folder starts with the default database already migrated, copied from the run's template:
    migrating a new file costs a quarter of a second and the suite builds thousands of apps. A test
    marked `empty_data_folder` starts from nothing, as the app does on a fresh machine."""
    folder = tmp_path / "data"
    monkeypatch.setenv("STS_DATA_DIR", str(folder))
    if request.node.get_closest_marker("empty_data_folder") is None:
        folder.mkdir(mode=0o700)
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "sts-planner.db")


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashes() -> Iterator[None]:
    """Accounts that tests make in-process are hashed with Argon2id's cheapest parameters, which
    their sign-ins then use too: the app's own cost is 0.2 s a hash, and the suite makes
    thousands. tests/courses/test_accounts.py checks the parameters the app itself uses."""
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("app.services.accounts.hash_password", cheap.hash)
        yield


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
# `db_url`, which runs a test once on an empty SQLite file and once on an empty PostgreSQL
# database, and `ready_db_url`, the same at the newest schema, copied from a template.
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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per run, copied for every test that wants a ready database."""
    path = tmp_path_factory.mktemp("template") / "sts.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """The name of a PostgreSQL database migrated once per run, the template of every ready one."""
    url = pg_cluster.create_database("template")
    migrate(url)
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def ready_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the newest schema on each engine in turn (a SQLite file, then PostgreSQL),
    as the app leaves it on its first start."""
    url = ready_database(request.param, request, tmp_path)
    yield url
    if request.param == "postgresql":
        request.getfixturevalue("pg_cluster").drop_database(url)
