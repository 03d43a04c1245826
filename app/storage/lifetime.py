"""The database's lifetime in the app: opened and migrated when the app is built, closed when
its lifespan ends."""

from __future__ import annotations

from fastapi import FastAPI

from app.lifespans import also_on_lifespan
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
    also_on_lifespan(app, stop=database.close)
    return database
