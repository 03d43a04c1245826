"""Bring a database's schema to the current version with the project's Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.storage.engine import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's config is an INI file: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def is_current(database: Database, url: str) -> bool:
    """True when the database already stands at the newest migration."""
    heads = set(ScriptDirectory.from_config(_config(url)).get_heads())
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def upgrade(database: Database, url: str) -> None:
    """Apply every pending migration (a no-op when the schema is current)."""
    if not is_current(database, url):
        command.upgrade(_config(url), "head")
