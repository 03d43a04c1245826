"""Bring a database's schema to the current version with the project's Alembic migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from app.storage.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Starting the app only compares it with the database's own record, so
# Alembic (about a tenth of a second of imports) is loaded only when there is something to do;
# a test checks it against Alembic's own reading of the migrations.
HEAD = "0010"


def _config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's config is an INI file: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def is_current(database: Database) -> bool:
    """True when the database already stands at the newest migration, as Alembic records it."""
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return list(versions) == [HEAD]


def upgrade(database: Database, url: str) -> None:
    """Apply every pending migration (a no-op when the schema is current)."""
    if not is_current(database):
        from alembic import command

        command.upgrade(_config(url), "head")
