"""The database's lifetime in the app: opened and migrated when the app is built, closed when
its lifespan ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from app.storage.engine import Database, make_engine
from app.storage.schema import upgrade


def open_database(url: str) -> Database:
    """An engine on `url` with its schema brought up to date (before any request is served)."""
    database = Database(make_engine(url))
    upgrade(database, url)
    return database


def install(app: FastAPI, url: str) -> Database:
    """Open the app's database now (`app.state.database`) and close it when the app stops."""
    database = open_database(url)
    app.state.database = database
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        try:
            async with previous(app) as state:
                yield state
        finally:
            database.close()

    app.router.lifespan_context = lifespan
    return database
