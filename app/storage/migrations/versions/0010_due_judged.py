"""Each due row names the limits its course's plan was last judged under, so that a course whose
plan the planner now refuses is marked on the due list after a deployment changes its limits.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows kept so far were judged under limits no one noted: NULL, judged again when next read.
    op.add_column("due_entries", sa.Column("policy", sa.String(16), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): a batch copy would lose the
    # table's WITHOUT ROWID.
    op.drop_column("due_entries", "policy")
