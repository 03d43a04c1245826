"""The database's lifetime in the app: opened and migrated when the app is built, closed when
its lifespan ends."""

from __future__ import annotations

from fastapi import FastAPI

from app.lifespans import also_on_lifespan
from app.settings import Settings
from app.storage.engine import Database, make_engine
from app.storage.schema import upgrade
from app.storage.seal import load_seal


def open_database(settings: Settings) -> Database:
    """The settings' database with its schema brought up to date (before any request is
    served), sealing the audit with the deployment's key (made on first start)."""
    url = settings.database()
    database = Database(make_engine(url),
                        load_seal(settings.data_dir, settings.audit_key, url, create=True))
    upgrade(database, url)
    return database


def install(app: FastAPI, settings: Settings) -> Database:
    """Open the app's database now (`app.state.database`) and close it when the app stops."""
    database = open_database(settings)
    app.state.database = database
    also_on_lifespan(app, stop=database.close)
    return database
