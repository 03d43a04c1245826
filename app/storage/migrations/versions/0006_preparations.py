"""Preparations kept with a course, and their second-person checks.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.storage.models import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "preparations",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("course_id", sa.String(40), sa.ForeignKey("courses.id"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("block", sa.Integer, nullable=False),
        sa.Column("batch", sa.String(64), nullable=False),
        sa.Column("compounded", sa.Date, nullable=False),
        sa.Column("beyond_use", sa.Date, nullable=False),
        sa.Column("made", sa.JSON, nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "preparation_checks",
        sa.Column("preparation_id", sa.String(40), sa.ForeignKey("preparations.id"),
                  primary_key=True),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("preparation_checks")
    op.drop_table("preparations")
