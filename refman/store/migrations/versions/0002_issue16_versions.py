"""Entry versions for concurrent editing (issue 16): every save raises `entries.version`, and a
save based on an older version is refused.

Revision ID: 0002_issue16
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issue16"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: no table rebuild on SQLite, no rewrite on PostgreSQL.
    op.add_column("entries", sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("version")
