"""The state of a course as its rows hold it, hashed: an audit entry of a write keeps this hash,
so that `audit verify` can recompute it from the rows as they are now and find one edited in
the database (a given volume changed, a record deleted)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import Select, String, Table, select, type_coerce
from sqlalchemy.orm import Session

from app.storage import preparation_tables as preparation_tables  # its tables are SEALED
from app.storage.models import Course

# The tables that record what happened to a course, in a fixed order. The due index is not
# here: it is derived from them and rebuilt by `db reindex` without an audit entry.
# tests/robust/test_audit_tampering.py checks that every table that names a course (or a row of
# one of these) is listed here or in DERIVED, so a new table is a decision, not an accident.
# Each with the columns hashed: a column added later (a search key, say) changes no hash.
SEALED: dict[str, tuple[str, ...]] = {
    "courses": ("id", "version", "kind", "patient_reference", "patient", "plan", "created_by",
                "created_at", "stopped_by", "stopped_at", "stop_reason"),
    "records": ("id", "course_id", "position", "status", "round", "block", "review", "date",
                "volumes", "amount", "lot", "expiry", "reason", "note", "by", "at"),
    "record_corrections": ("record_id", "by", "at", "reason"),
    "preparations": ("id", "course_id", "position", "block", "batch", "compounded",
                     "beyond_use", "made", "by", "at"),
    "preparation_checks": ("preparation_id", "by", "at", "note"),
    # An amendment keeps the plan it replaced: editing it would rewrite the course's history.
    "course_amendments": ("id", "course_id", "version", "by", "at", "reason", "previous_plan"),
}
DERIVED = frozenset({"due_entries", "audit_entries"})
def _owned_by(table: Table, course_id: str) -> Select[*tuple[str, ...]]:
    """A query for the rows of `table` that belong to the course, in primary-key order."""
    # As the driver gives them, without the models' own conversions (a tenth of the cost): the
    # same database always gives the same values, which is all a hash compared in place needs.
    columns = [type_coerce(table.c[name], String) for name in SEALED[table.name]]
    query = select(*columns).order_by(*table.primary_key.columns)
    if "course_id" in table.columns:
        return query.where(table.c.course_id == course_id)
    if table.name == "courses":
        return query.where(table.c.id == course_id)
    foreign = next(iter(table.foreign_keys))
    parent = foreign.column.table
    owners = select(parent.c.id).where(parent.c.course_id == course_id)
    return query.where(foreign.parent.in_(owners))


def _plain(value: object) -> str:
    """JSON for what JSON lacks (json.dumps calls this only for those): moments in UTC, days."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sealed_tables() -> list[Table]:
    """The tables of SEALED, in that order."""
    tables = Course.metadata.tables
    return [tables[name] for name in SEALED]


def state_hash(session: Session, course_id: str) -> str:
    """SHA-256 over every fact row of the course, table by table, in a canonical JSON (one
    encoding per table: a course at the 2,000-record bound is hashed in milliseconds)."""
    digest = hashlib.sha256()
    for table in sealed_tables():
        rows = [tuple(row) for row in session.execute(_owned_by(table, course_id))]
        digest.update(json.dumps({"t": table.name, "r": rows}, sort_keys=True,
                                 separators=(",", ":"), ensure_ascii=False,
                                 default=_plain).encode())
        digest.update(b"\n")
    return digest.hexdigest()
