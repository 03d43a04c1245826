"""The migrations build exactly the tables the models describe, on both engines: a model
changed without a migration (or a migration without its model) fails here, not in a clinic."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import app.storage
from app.storage.models import Base


def _every_table_module() -> None:
    """Import every storage module, so each table's model is in the metadata."""
    for module in pkgutil.iter_modules(app.storage.__path__):
        if module.name != "migrations":
            import_module(f"app.storage.{module.name}")


def test_the_migrated_schema_is_the_models_schema(ready_db_url: str) -> None:
    _every_table_module()
    engine = create_engine(ready_db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], differences
