"""Duplicates: indexed blocking keys per entry, 'not a duplicate' marks, and a log of merges.

Revision ID: 0002_issue19
Revises: 0002_issue20
Create Date: 2026-12-04

The keys are filled for every existing entry here (the same function the store uses when it
writes an entry), so an old library finds its duplicates right after the upgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issue19"
down_revision = "0002_issue20"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dup_keys",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
    )
    op.create_index("ix_dup_keys_key", "dup_keys", ["kind", "key"])
    op.create_index("ix_dup_keys_entry", "dup_keys", ["entry_id"])
    op.create_table(
        "not_duplicates",
        sa.Column("a_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("b_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("marked_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("keep_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("merged_id", sa.Integer, nullable=False),
        sa.Column("merged_key", sa.Text, nullable=False),
        sa.Column("merged_title", sa.Text, nullable=False, server_default=""),
        sa.Column("merged_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_merges_keep", "merges", ["keep_id"])
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from refman.store.dupkeys import key_rows_for_ids

    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM entries ORDER BY id"))]
    for start in range(0, len(ids), 2000):
        rows = key_rows_for_ids(conn, ids[start:start + 2000])
        if rows:
            conn.execute(sa.text("INSERT INTO dup_keys (entry_id, kind, key) VALUES (:entry_id, :kind, :key)"), rows)


def downgrade() -> None:
    op.drop_table("merges")
    op.drop_table("not_duplicates")
    op.drop_index("ix_dup_keys_entry", "dup_keys")
    op.drop_index("ix_dup_keys_key", "dup_keys")
    op.drop_table("dup_keys")
