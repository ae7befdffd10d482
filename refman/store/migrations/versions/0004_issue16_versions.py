"""Shared libraries (issue 16): entry versions for concurrent editing (every save raises
`entries.version`, and a save based on an older version is refused); on PostgreSQL, triggers that
NOTIFY other clients of every committed change.

Revision ID: 0002_issue16
Revises: 0002_issue19
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issue16"
down_revision = "0002_issue19"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: no table rebuild on SQLite, no rewrite on PostgreSQL.
    op.add_column("entries", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    if op.get_bind().dialect.name == "postgresql":
        from refman.store.changes import NOTIFY_SQL

        for sql in NOTIFY_SQL:  # other clients refresh on commit (refman/store/changes.py)
            op.execute(sql)
        # `key:smith*` ignores case as SQLite's LIKE does; this index serves it (querysql.py).
        op.execute("CREATE INDEX ix_entries_citekey_lower ON entries (lower(citekey) text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("entries", "relations", "sources"):
            op.execute(f"DROP TRIGGER IF EXISTS refman_{table}_changed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refman_notify_change()")
        op.execute("DROP TABLE IF EXISTS refman_state")
        op.execute("DROP INDEX IF EXISTS ix_entries_citekey_lower")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("version")
