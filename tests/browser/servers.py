"""A real uvicorn on its own SQLite file, with accounts made beforehand, for the browser tests
that play a clinic's day: started once per module, stopped afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.services import accounts
from app.storage.engine import Database, make_engine
from app.storage.schema import upgrade
from tests.browser.conftest import _free_port, serving


@contextmanager
def clinic_server(
    folder: Path, users: dict[str, str], password: str, token_for: str
) -> Iterator[tuple[str, httpx.Client]]:
    """Serve the app from `folder` with an account per user name (→ role), all with
    `password`; yields the address and an API client holding `token_for`'s token."""
    url = f"sqlite:///{folder / 'clinic.db'}"
    database = Database(make_engine(url))
    upgrade(database, url)
    for username, role in users.items():
        accounts.add_user(database, username, role, password)
    token = accounts.add_token(database, token_for)
    database.close()
    port = _free_port()
    env = {**os.environ, "STS_DATA_DIR": str(folder / "data"),
           "STS_DATABASE_URL": url, "STS_PORT": str(port)}
    with serving(env, folder / "server.log", port) as base, httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}) as api:
        yield base, api
