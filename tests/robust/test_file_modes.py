"""Kept data is this account's alone: the data folder 0700; the database, its WAL and
shared-memory files 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import load_settings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that would leave new files readable by everyone (0644) and folders 0755."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.empty_data_folder
def test_a_new_database_its_wal_and_its_folder_are_private(
    tmp_path: Path, loose_umask: None
) -> None:
    data = tmp_path / "data"
    app = create_app(load_settings(data_dir=data))
    with TestClient(app) as http:
        assert http.get("/healthz").status_code == 200
    app.state.database.close()
    database = data / "sts-planner.db"
    assert mode(data) == 0o700
    for path in (database, database.with_name("sts-planner.db-wal")):
        if path.exists() or path == database:
            assert mode(path) == 0o600, path


def test_an_existing_database_left_readable_by_others_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    app = create_app(load_settings(data_dir=tmp_path / "data",
                                   database_url=f"sqlite:///{database}"))
    with TestClient(app):
        pass
    app.state.database.close()
    assert mode(database) == 0o600
