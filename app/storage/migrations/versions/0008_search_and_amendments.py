"""Finding and amending courses: a folded patient name to search, the visit time, amendments.

`courses.name_key` holds the patient's name as the search and the one-reference-one-patient rule
compare it (Unicode NFC, case-folded, white space collapsed), so a search is one LIKE on both
engines; existing rows are filled in from the kept `patient` JSON. `courses.visit_time` keeps the
clinic visit time a plan was saved with ("09:30", or none). `course_amendments` keeps each
amendment: who, when, why, and the plan it replaced, so no plan is ever lost.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

from app.storage.models import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COURSES = sa.table("courses", sa.column("id", sa.String), sa.column("patient", sa.JSON),
                    sa.column("name_key", sa.Text))


def _fold(name: str) -> str:
    """The name as revision 0008 folds it (app/courses/patients.py: fold), frozen here."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def upgrade() -> None:
    op.add_column("courses", sa.Column("name_key", sa.Text, nullable=True))
    op.add_column("courses", sa.Column("visit_time", sa.String(5), nullable=True))
    op.create_index("ix_courses_created", "courses", ["created_at", "id"])
    op.create_table(
        "course_amendments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("course_id", sa.String(40), sa.ForeignKey("courses.id"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("previous_plan", sa.JSON, nullable=False),
    )
    bind = op.get_bind()
    found = [(row.id, row.patient) for row in bind.execute(sa.select(_COURSES))]
    for course_id, patient in found:
        name = patient.get("name") if isinstance(patient, dict) else None
        if name:
            bind.execute(sa.update(_COURSES).where(_COURSES.c.id == course_id)
                         .values(name_key=_fold(name)))


def downgrade() -> None:
    op.drop_table("course_amendments")
    op.drop_index("ix_courses_created", table_name="courses")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): a batch copy of the table would
    # drop `courses` itself, which the records' foreign keys refuse.
    op.drop_column("courses", "visit_time")
    op.drop_column("courses", "name_key")
