"""Organising a library: collections (a tree), tags, notes, saved searches, the Trash.

Revision ID: 0002_issue18
Revises: 0002_issue16
Create Date: 2026-12-04

Entries in the Trash stay in `entries` with `trashed_at` set, so that their relations, tags,
notes and collection memberships are still there when they are restored; emptying the Trash
deletes them for good. Every new table hangs off `entries` with ON DELETE CASCADE.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issue18"
down_revision = "0002_issue16"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy): instant even at 100k entries.
    op.add_column("entries", sa.Column("trashed_at", sa.DateTime, nullable=True))
    op.create_index("ix_entries_trashed", "entries", ["trashed_at"])
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("collections.id", ondelete="CASCADE")),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("meta", sa.Text, nullable=False, server_default=""),  # JSON: e.g. a JabRef group's settings
    )
    op.create_index("ix_collections_parent", "collections", ["parent_id", "name"])
    op.create_table(
        "collection_items",
        sa.Column("collection_id", sa.Integer, sa.ForeignKey("collections.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_collection_items_entry", "collection_items", ["entry_id"])
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("colour", sa.String(16), nullable=False, server_default=""),
        sa.Column("position", sa.Integer),  # 1-9: the key that toggles a coloured tag
        sa.Column("automatic", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_tags_name", "tags", ["name"], unique=True)
    op.create_table(
        "entry_tags",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_entry_tags_tag", "entry_tags", ["tag_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("format", sa.String(16), nullable=False, server_default="markdown"),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("plain", sa.Text, nullable=False, server_default=""),  # what note: searches
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("ix_notes_entry", "notes", ["entry_id"])
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False, server_default=""),  # JSON: e.g. its place in a JabRef tree
    )
    op.create_index("ix_saved_searches_name", "saved_searches", ["name"], unique=True)
    op.create_table(
        "keep_updated",  # exports written again after each change (Better BibTeX's auto-export)
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("query", sa.Text, nullable=False, server_default=""),
        sa.Column("options", sa.Text, nullable=False, server_default=""),  # JSON
        sa.Column("written", sa.DateTime),
    )
    op.create_index("ix_keep_updated_path", "keep_updated", ["path"], unique=True)


def downgrade() -> None:
    for table in ("keep_updated", "saved_searches", "notes", "entry_tags", "tags", "collection_items", "collections"):
        op.drop_table(table)
    op.drop_index("ix_entries_trashed", "entries")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("trashed_at")
