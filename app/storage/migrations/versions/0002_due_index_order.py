"""The due index keyed in the due list's order, each row holding its entry's JSON text.

Revision 0001 kept each open round's sites and amounts as a JSON object beside a (date,
reference) index: a list of thousands of rounds then cost a lookup and a decode per row. Here
the table is keyed by (date, patient_reference, course_id, round), without rowid on SQLite so
that a date range is one contiguous run, and `line` holds the whole entry as the list writes it;
references sort by their bytes on PostgreSQL too (collation "C"), as they do on SQLite.
The rows are carried over from the stored entries (the same schedule made them);
`sts-planner db reindex` recomputes them all from the plans and records.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_OLD = sa.table(
    "due_rounds", sa.column("course_id", sa.String), sa.column("round", sa.Integer),
    sa.column("date", sa.Date), sa.column("patient_reference", sa.String),
    sa.column("entry", sa.JSON),
)
_NEW = sa.table(
    "due_rounds", sa.column("date", sa.Date), sa.column("patient_reference", sa.String),
    sa.column("course_id", sa.String), sa.column("round", sa.Integer),
    sa.column("line", sa.Text),
)


def _line(course_id: str, reference: str, number: int, day: dt.date, entry: Any) -> str:
    """The entry as revision 0002 writes it (app/courses/views.py: due_line)."""
    return json.dumps({
        "course_id": course_id, "patient": {"reference": reference}, "round": number,
        "date": day.isoformat(), "sites": entry["sites"], "visit_volume": entry["visit_volume"],
        "sts_pentahydrate": entry["sts_pentahydrate"],
    }, separators=(",", ":"), allow_nan=False)


def upgrade() -> None:
    rows = [
        {"date": r.date, "patient_reference": r.patient_reference, "course_id": r.course_id,
         "round": r.round,
         "line": _line(r.course_id, r.patient_reference, r.round, r.date, r.entry)}
        for r in op.get_bind().execute(sa.select(_OLD))
    ]
    op.drop_index("ix_due_rounds_date_reference", table_name="due_rounds")
    op.drop_table("due_rounds")
    op.create_table(
        "due_rounds",
        sa.Column("date", sa.Date, nullable=False),
        # By bytes on both engines: the list's order does not hang on the server's locale.
        sa.Column("patient_reference",
                  sa.String(40).with_variant(sa.String(40, collation="C"), "postgresql"),
                  nullable=False),
        sa.Column("course_id", sa.String(40), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("date", "patient_reference", "course_id", "round",
                                name="pk_due_rounds"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_due_rounds_course_round", "due_rounds", ["course_id", "round"],
                    unique=True)
    if rows:
        op.bulk_insert(_NEW, rows)


def downgrade() -> None:
    rows = []
    for r in op.get_bind().execute(sa.select(_NEW)):
        entry = json.loads(r.line)
        rows.append({"course_id": r.course_id, "round": r.round, "date": r.date,
                     "patient_reference": r.patient_reference,
                     "entry": {k: entry[k] for k in ("sites", "visit_volume", "sts_pentahydrate")}})
    op.drop_index("ix_due_rounds_course_round", table_name="due_rounds")
    op.drop_table("due_rounds")
    op.create_table(
        "due_rounds",
        sa.Column("course_id", sa.String(40), sa.ForeignKey("courses.id"), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("patient_reference", sa.String(40), nullable=False),
        sa.Column("entry", sa.JSON, nullable=False),
    )
    op.create_index("ix_due_rounds_date_reference", "due_rounds", ["date", "patient_reference"])
    if rows:
        op.bulk_insert(_OLD, rows)
