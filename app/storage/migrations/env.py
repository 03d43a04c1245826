"""Alembic's entry point: migrates the database named by the caller or by the one Settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from app.settings import load_settings
from app.storage.engine import make_engine
from app.storage.models import Base

# A fixed key: two app processes starting together on PostgreSQL migrate one after the other.
_MIGRATION_LOCK = 814_208_001


def run() -> None:
    """Run the pending migrations inside one transaction."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or load_settings().database()
    engine = make_engine(url)
    try:
        # On SQLite the migration takes the write lock at BEGIN, so a second process starting
        # at the same moment waits, then finds the schema current.
        with engine.execution_options(sts_write=True).connect() as connection:
            postgres = connection.dialect.name == "postgresql"
            if postgres:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
                connection.commit()
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=connection.dialect.name == "sqlite",
            )
            with context.begin_transaction():
                context.run_migrations()
            if postgres:
                unlock = text("SELECT pg_advisory_unlock(:key)")
                connection.execute(unlock, {"key": _MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


run()
