"""Issue 20: @string macros as library data: `macros` (definitions per source) and `macro_uses`
(macros an entry uses that its own file did not define); key formulas: `unpinned_keys` (keys
refman made, which "Regenerate keys" may change) and `library_settings` (the key formula).

Revision ID: 0002_issue20
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issue20"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "macros",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
    )
    op.create_index("ix_macros_name", "macros", ["name"])
    op.create_index("ix_macros_source", "macros", ["source_id", "position"])
    op.create_table(
        "macro_uses",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
    )
    op.create_index("ix_macro_uses_name", "macro_uses", ["name"])
    op.create_table(
        "unpinned_keys",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "library_settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("library_settings")
    op.drop_table("unpinned_keys")
    op.drop_table("macro_uses")
    op.drop_table("macros")
