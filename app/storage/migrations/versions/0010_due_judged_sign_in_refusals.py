"""Each due row names the limits its course's plan was last judged under, so that a course whose
plan the planner now refuses is marked on the due list after a deployment changes its limits;
and sign-ins refused per account and client address, so that admins see an account tried from
many addresses.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.storage.models import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows kept so far were judged under limits no one noted: NULL, judged again when next read.
    op.add_column("due_entries", sa.Column("policy", sa.String(16), nullable=True))
    op.create_table(
        "sign_in_refusals",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("refusals", sa.Integer, nullable=False),
        sa.Column("window_start", UtcDateTime, nullable=False),
        sa.Column("last_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_sign_in_refusals_last_at", "sign_in_refusals", ["last_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_refusals_last_at", table_name="sign_in_refusals")
    op.drop_table("sign_in_refusals")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): a batch copy would lose the
    # table's WITHOUT ROWID.
    op.drop_column("due_entries", "policy")
