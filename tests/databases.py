"""Databases for the storage tests: migrated templates, and ready copies of them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.storage.engine import Database, make_engine
from app.storage.schema import upgrade

if TYPE_CHECKING:
    from tests.pg import Cluster


def migrate(url: str) -> None:
    """Bring the database at `url` to the newest schema, as the app does when it starts."""
    database = Database(make_engine(url))
    try:
        upgrade(database, url)
    finally:
        database.close()


def ready_database(engine: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """A new database on `engine` already at the newest schema, copied from a template."""
    if engine == "sqlite":
        path = folder / "sts.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database("ready", template=request.getfixturevalue("pg_template"))
