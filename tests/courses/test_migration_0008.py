"""Migration 0008 on SQLite and PostgreSQL: existing courses get their folded name (so a search
finds them), and the amendments table and visit time come and go with the revision."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from app.storage.engine import make_engine
from app.storage.models import UtcDateTime
from app.storage.schema import _config

# The courses table as revision 0007 left it (the columns a row needs).
OLD = sa.table(
    "courses", sa.column("id", sa.String), sa.column("version", sa.Integer),
    sa.column("kind", sa.String), sa.column("status", sa.String),
    sa.column("patient_reference", sa.String), sa.column("patient", sa.JSON),
    sa.column("plan", sa.JSON), sa.column("created_by", sa.String),
    sa.column("created_at", UtcDateTime),
)


def test_migration_0008_folds_the_names_already_kept(db_url: str) -> None:
    config = _config(db_url)
    command.upgrade(config, "0007")
    engine = make_engine(db_url)
    rows = [("c1", {"reference": "R-1", "name": "Zoë  STRAUß"}), ("c2", {"reference": "R-2"})]
    try:
        with engine.begin() as connection:
            connection.execute(sa.insert(OLD), [
                {"id": i, "version": 1, "kind": "injection", "status": "active",
                 "patient_reference": p["reference"], "patient": p, "plan": {},
                 "created_by": "ann", "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}
                for i, p in rows])
        command.upgrade(config, "head")
        with engine.connect() as connection:
            keys = dict(connection.execute(sa.text("SELECT id, name_key FROM courses")).all())
            assert keys == {"c1": "zoë strauss", "c2": None}
            assert sa.inspect(connection).has_table("course_amendments")
        command.downgrade(config, "0007")
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("courses")}
            assert "name_key" not in columns and "visit_time" not in columns
            assert not sa.inspect(connection).has_table("course_amendments")
            count = connection.execute(sa.text("SELECT count(*) FROM courses")).scalar_one()
            assert count == 2
    finally:
        engine.dispose()
