"""Audit entries keep the hash of the course's rows a write left, and a keyed hash.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing entries keep their SHA-256 chain as it was: they are checked as before, and the
    # checkpoint file and the keyed hashes cover every entry written from now on.
    with op.batch_alter_table("audit_entries") as table:
        table.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
        table.add_column(sa.Column("key_id", sa.String(16), nullable=True))
        table.add_column(sa.Column("mac", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entries") as table:
        table.drop_column("mac")
        table.drop_column("key_id")
        table.drop_column("row_hash")
