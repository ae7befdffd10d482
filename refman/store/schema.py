"""Table definitions used to build queries. The schema itself is created by Alembic migrations
(`refman/store/migrations/versions`); a test checks that the two agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("encoding", String(32), nullable=False, server_default="utf-8"),
    Column("imported_at", DateTime, nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citekey", String(255), nullable=False, unique=True),
    Column("entry_type", String(40), nullable=False),
    Column("original_type", String(40), nullable=False, server_default=""),
    Column("title", Text, nullable=False, server_default=""),
    Column("year", Integer),
    Column("date", String(40), nullable=False, server_default=""),
    Column("container", Text, nullable=False, server_default=""),
    Column("volume", String(64), nullable=False, server_default=""),
    Column("issue", String(64), nullable=False, server_default=""),
    Column("pages", String(64), nullable=False, server_default=""),
    Column("publisher", Text, nullable=False, server_default=""),
    Column("place", Text, nullable=False, server_default=""),
    Column("edition", String(64), nullable=False, server_default=""),
    Column("genre", Text, nullable=False, server_default=""),
    Column("doi", Text, nullable=False, server_default=""),
    Column("url", Text, nullable=False, server_default=""),
    Column("isbn", Text, nullable=False, server_default=""),
    Column("issn", Text, nullable=False, server_default=""),
    Column("abstract", Text, nullable=False, server_default=""),
    Column("licence", Text, nullable=False, server_default=""),
    Column("licence_url", Text, nullable=False, server_default=""),
    Column("copyright_holder", Text, nullable=False, server_default=""),
    Column("copyright_year", Integer),
    Column("language", String(64), nullable=False, server_default=""),
    Column("keywords", Text, nullable=False, server_default=""),  # JSON array
    Column("note", Text, nullable=False, server_default=""),
    # Derived columns: what the table shows and sorts by, kept so a page query touches one table.
    Column("authors_display", Text, nullable=False, server_default=""),
    Column("sort_author", Text, nullable=False, server_default=""),
    Column("sort_title", Text, nullable=False, server_default=""),
    Column("doi_norm", Text, nullable=False, server_default=""),
    Column("identity", Text, nullable=False, server_default=""),
    Column("raw_record_id", Integer, ForeignKey("records.id", ondelete="SET NULL")),
    Column("edited", Boolean, nullable=False, server_default="0"),
    Column("added", DateTime, nullable=False),
    Column("modified", DateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # optimistic locking (issue 16)
    Column("trashed_at", DateTime),  # set while the entry is in the Trash
    Index("ix_entries_year", "year"),
    Index("ix_entries_sort_author", "sort_author"),
    Index("ix_entries_sort_title", "sort_title"),
    Index("ix_entries_container", "container"),
    Index("ix_entries_type", "entry_type"),
    Index("ix_entries_added", "added"),
    Index("ix_entries_doi_norm", "doi_norm"),
    Index("ix_entries_identity", "identity"),
    Index("ix_entries_raw_record", "raw_record_id"),
    Index("ix_entries_trashed", "trashed_at"),
)

contributors = Table(
    "contributors",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("role", String(16), nullable=False),
    Column("family", Text, nullable=False, server_default=""),
    Column("given", Text, nullable=False, server_default=""),
    Column("particle", Text, nullable=False, server_default=""),
    Column("suffix", Text, nullable=False, server_default=""),
    Column("literal", Text, nullable=False, server_default=""),
    Column("affiliations", Text, nullable=False, server_default=""),  # JSON array
)

extra_fields = Table(
    "extra_fields",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("value", Text, nullable=False),
)

relations = Table(
    "relations",
    metadata,
    Column("source_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("target_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    UniqueConstraint("source_id", "kind", "target_id", name="uq_relation"),
    Index("ix_relations_target", "target_id", "kind"),
    Index("ix_relations_source", "source_id", "kind", "position"),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("line", Integer),
    Column("raw", Text, nullable=False),
    Column("digest", String(40), nullable=False, server_default=""),  # sha1 of raw: finds re-imports
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="SET NULL")),
    Index("ix_records_source", "source_id", "position"),
    Index("ix_records_entry", "entry_id"),
    Index("ix_records_digest", "digest"),
    Index("ix_records_source_entry", "source_id", "entry_id"),  # covers the sidebar's per-import counts
)

# Issue 20: @string macros are library data. Each definition is kept with the source that gave
# it (`raw` is its @string block, written out again with the entries that use it); `uses` lists
# the macros an entry's own fields name that its own file did not define, so that a definition
# imported later (an IEEEabrv.bib after the paper's .bib) resolves them.
macros = Table(
    "macros",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),  # lower-case: BibTeX macro names ignore case
    Column("value", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Index("ix_macros_name", "name"),
    Index("ix_macros_source", "source_id", "position"),
)

macro_uses = Table(
    "macro_uses",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, primary_key=True),
    Index("ix_macro_uses_name", "name"),
)

# Issue 20: keys made by refman (an entry that came without one) may be regenerated by the
# library's key formula; a key a file or the user set is pinned (never listed here).
unpinned_keys = Table(
    "unpinned_keys",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
)

library_settings = Table(
    "library_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Duplicates (issue 19): blocking keys kept with every write, dismissed pairs, merges done.
dup_keys = Table(
    "dup_keys",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("key", Text, nullable=False),
    Index("ix_dup_keys_key", "kind", "key"),
    Index("ix_dup_keys_entry", "entry_id"),
)

not_duplicates = Table(
    "not_duplicates",
    metadata,
    Column("a_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("b_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("marked_at", DateTime, nullable=False),
)

merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("keep_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("merged_id", Integer, nullable=False),  # no foreign key: the merged entry goes away
    Column("merged_key", Text, nullable=False),
    Column("merged_title", Text, nullable=False, server_default=""),
    Column("merged_at", DateTime, nullable=False),
    Index("ix_merges_keep", "keep_id"),
)

# --- organising (revision 0002_issue18) ---------------------------------------------------------

collections = Table(
    "collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", Integer, ForeignKey("collections.id", ondelete="CASCADE")),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("meta", Text, nullable=False, server_default=""),
    Index("ix_collections_parent", "parent_id", "name"),
)

collection_items = Table(
    "collection_items",
    metadata,
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_collection_items_entry", "entry_id"),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("colour", String(16), nullable=False, server_default=""),
    Column("position", Integer),
    Column("automatic", Boolean, nullable=False, server_default="0"),
    Index("ix_tags_name", "name", unique=True),
)

entry_tags = Table(
    "entry_tags",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_entry_tags_tag", "tag_id"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("format", String(16), nullable=False, server_default="markdown"),
    Column("body", Text, nullable=False, server_default=""),
    Column("plain", Text, nullable=False, server_default=""),
    Column("created", DateTime, nullable=False),
    Column("modified", DateTime, nullable=False),
    Index("ix_notes_entry", "entry_id"),
)

saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("meta", Text, nullable=False, server_default=""),
    Index("ix_saved_searches_name", "name", unique=True),
)

keep_updated = Table(
    "keep_updated",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("query", Text, nullable=False, server_default=""),
    Column("options", Text, nullable=False, server_default=""),
    Column("written", DateTime),
    Index("ix_keep_updated_path", "path", unique=True),
)
