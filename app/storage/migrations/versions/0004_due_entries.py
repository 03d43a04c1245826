"""The due index holds both kinds: `due_rounds` becomes `due_entries`, keyed by (date,
patient_reference, course_id, what, number), where `what` is round, dispense or review and
`number` the round, block or review; each entry's JSON now says its `kind` and `what`.

The injection rows are carried over, their JSON gaining `"kind": "injection", "what": "round"`.
A topical course's blocks and reviews are not worked out here (that needs the planner, which a
migration must not hang on): `sts-planner db reindex` adds them; until it has run, the upgrade's
warning (logger `sts.schema`) and `db reindex --check` say how many are missing (docs/api.md).

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

_ROUNDS = sa.table(
    "due_rounds", sa.column("date", sa.Date), sa.column("patient_reference", sa.String),
    sa.column("course_id", sa.String), sa.column("round", sa.Integer),
    sa.column("line", sa.Text),
)
_COURSES = sa.table("courses", sa.column("kind", sa.String), sa.column("status", sa.String))
_ENTRIES = sa.table(
    "due_entries", sa.column("date", sa.Date), sa.column("patient_reference", sa.String),
    sa.column("course_id", sa.String), sa.column("what", sa.String),
    sa.column("number", sa.Integer), sa.column("line", sa.Text),
)


def _reference() -> Any:
    # By bytes on both engines: the list's order does not hang on the server's locale.
    return sa.String(40).with_variant(sa.String(40, collation="C"), "postgresql")


def _with_kind(line: str) -> str:
    """A 0002 entry as 0004 writes it (app/contracts/due_entries.py): kind and what after the
    patient, the rest in its order."""
    entry = json.loads(line)
    head = {"course_id": entry.pop("course_id"), "patient": entry.pop("patient"),
            "kind": "injection", "what": "round"}
    return json.dumps({**head, **entry}, separators=(",", ":"), allow_nan=False)


def _without_kind(line: str) -> str:
    entry = json.loads(line)
    return json.dumps({k: v for k, v in entry.items() if k not in ("kind", "what")},
                      separators=(",", ":"), allow_nan=False)


def upgrade() -> None:
    rows = [
        {"date": r.date, "patient_reference": r.patient_reference, "course_id": r.course_id,
         "what": "round", "number": r.round, "line": _with_kind(r.line)}
        for r in op.get_bind().execute(sa.select(_ROUNDS))
    ]
    op.create_table(
        "due_entries",
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("patient_reference", _reference(), nullable=False),
        sa.Column("course_id", sa.String(40), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("what", sa.String(8), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("date", "patient_reference", "course_id", "what", "number",
                                name="pk_due_entries"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_due_entries_course", "due_entries", ["course_id", "what", "number"],
                    unique=True)
    if rows:
        op.bulk_insert(_ENTRIES, rows)
    op.drop_index("ix_due_rounds_course_round", table_name="due_rounds")
    op.drop_table("due_rounds")
    waiting = op.get_bind().execute(
        sa.select(sa.func.count()).select_from(_COURSES)
        .where(_COURSES.c.kind == "topical", _COURSES.c.status == "active")).scalar_one()
    if waiting:  # never silent: these courses' blocks and reviews are not listed yet
        logging.getLogger("sts.schema").warning(
            "%d active topical course(s) are not on the due list until `sts-planner db "
            "reindex` has run", waiting)


def downgrade() -> None:
    # Revision 0002 kept injection rounds only: a topical course's rows are not carried back.
    rows = [
        {"date": r.date, "patient_reference": r.patient_reference, "course_id": r.course_id,
         "round": r.number, "line": _without_kind(r.line)}
        for r in op.get_bind().execute(sa.select(_ENTRIES).where(_ENTRIES.c.what == "round"))
    ]
    op.create_table(
        "due_rounds",
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("patient_reference", _reference(), nullable=False),
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
        op.bulk_insert(_ROUNDS, rows)
    op.drop_index("ix_due_entries_course", table_name="due_entries")
    op.drop_table("due_entries")
