"""Initial library schema: entries, contributors, extra fields, relations, sources, records, FTS.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False, server_default="utf-8"),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("digest", sa.String(40), nullable=False, server_default=""),
        sa.Column("entry_id", sa.Integer),  # FK added below: entries is created after records
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("citekey", sa.String(255), nullable=False, unique=True),
        sa.Column("entry_type", sa.String(40), nullable=False),
        sa.Column("original_type", sa.String(40), nullable=False, server_default=""),
        _text("title"),
        sa.Column("year", sa.Integer),
        sa.Column("date", sa.String(40), nullable=False, server_default=""),
        _text("container"),
        sa.Column("volume", sa.String(64), nullable=False, server_default=""),
        sa.Column("issue", sa.String(64), nullable=False, server_default=""),
        sa.Column("pages", sa.String(64), nullable=False, server_default=""),
        _text("publisher"),
        _text("place"),
        sa.Column("edition", sa.String(64), nullable=False, server_default=""),
        _text("genre"),
        _text("doi"),
        _text("url"),
        _text("isbn"),
        _text("issn"),
        _text("abstract"),
        _text("licence"),
        _text("licence_url"),
        _text("copyright_holder"),
        sa.Column("copyright_year", sa.Integer),
        sa.Column("language", sa.String(64), nullable=False, server_default=""),
        _text("keywords"),
        _text("note"),
        _text("authors_display"),
        _text("sort_author"),
        _text("sort_title"),
        _text("doi_norm"),
        _text("identity"),
        sa.Column("raw_record_id", sa.Integer, sa.ForeignKey("records.id", ondelete="SET NULL")),
        sa.Column("edited", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("added", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    for name, cols in (
        ("ix_entries_year", ["year"]),
        ("ix_entries_sort_author", ["sort_author"]),
        ("ix_entries_sort_title", ["sort_title"]),
        ("ix_entries_container", ["container"]),
        ("ix_entries_type", ["entry_type"]),
        ("ix_entries_added", ["added"]),
        ("ix_entries_doi_norm", ["doi_norm"]),
        ("ix_entries_identity", ["identity"]),
        ("ix_entries_raw_record", ["raw_record_id"]),
    ):
        op.create_index(name, "entries", cols)
    with op.batch_alter_table("records") as batch:
        batch.create_foreign_key("fk_records_entry", "entries", ["entry_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_records_source", "records", ["source_id", "position"])
    op.create_index("ix_records_entry", "records", ["entry_id"])
    op.create_index("ix_records_digest", "records", ["digest"])
    op.create_index("ix_records_source_entry", "records", ["source_id", "entry_id"])
    op.create_table(
        "contributors",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        _text("family"),
        _text("given"),
        _text("particle"),
        _text("suffix"),
        _text("literal"),
        _text("affiliations"),
    )
    op.create_table(
        "extra_fields",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "relations",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("source_id", "kind", "target_id", name="uq_relation"),
    )
    op.create_index("ix_relations_target", "relations", ["target_id", "kind"])
    op.create_index("ix_relations_source", "relations", ["source_id", "kind", "position"])
    if op.get_bind().dialect.name == "sqlite":
        # FTS5 table keyed by entry id (rowid); the store keeps it in sync in the same transaction
        # as every write. It keeps its own copy of the text because contentless tables cannot
        # delete rows before SQLite 3.43. remove_diacritics folds accents: 'stockl' finds 'Stöckl'.
        op.execute(
            "CREATE VIRTUAL TABLE entries_fts USING fts5("
            "title, contributors, container, abstract, keywords, "
            "tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')"
        )
    elif op.get_bind().dialect.name == "postgresql":
        from refman.store.pg_engine import create_objects

        create_objects(op.get_bind())  # tsvector columns with a GIN index, unaccent (refman/store/pg_fts.py)


def downgrade() -> None:
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):
        op.execute("DROP TABLE IF EXISTS entries_fts")
    for table in ("relations", "extra_fields", "contributors", "entries", "records", "sources"):
        op.drop_table(table)
