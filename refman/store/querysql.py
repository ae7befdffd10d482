"""Compile the query AST (refman.core.query) to a SQL WHERE clause.

Words go to FTS5 on SQLite (bound as a MATCH parameter, never spliced into SQL), to the
tsvector columns on PostgreSQL (refman.store.pg_fts); other dialects fall back to
case-insensitive LIKE.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, false, func, literal, not_, or_, select, true

from refman.core.normalize import normalize_doi
from refman.core.query import (
    And,
    Exact,
    Flag,
    HasTag,
    InCollection,
    MatchAll,
    Node,
    Not,
    NoteText,
    Or,
    RelationTo,
    Text,
    YearRange,
    mentions_trash,
)
from refman.store import pg_fts
from refman.store.fts import fts_expression, fts_searchable
from refman.store.schema import (
    collection_items,
    collections,
    contributors,
    entries,
    entry_tags,
    notes,
    relations,
    tags,
)

__all__ = ["compile_where", "fts_expression", "fts_searchable", "relation_order_key", "relation_position"]


def _text_clause(node: Text, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql" and fts_searchable(node):
        return pg_fts.text_clause(node)
    if dialect == "sqlite" and fts_searchable(node):
        from sqlalchemy import bindparam
        from sqlalchemy import text as sql_text

        # unique=True: several text terms in one query each get their own parameter.
        match = sql_text("entries_fts MATCH :m").bindparams(bindparam("m", fts_expression(node), unique=True))
        sub = select(sql_text("rowid")).select_from(sql_text("entries_fts")).where(match)
        return entries.c.id.in_(sub.scalar_subquery())
    columns = {
        "title": [entries.c.title],
        "container": [entries.c.container],
        "abstract": [entries.c.abstract],
        "keywords": [entries.c.keywords],
        "publisher": [entries.c.publisher],
    }
    clauses: list[ColumnElement[bool]] = []
    for word in node.words:
        pattern = f"%{word}%"
        if node.column == "contributors":
            people = select(contributors.c.entry_id).where(
                or_(contributors.c.family.ilike(pattern), contributors.c.given.ilike(pattern),
                    contributors.c.literal.ilike(pattern))
            )
            clauses.append(entries.c.id.in_(people))
            continue
        cols = columns.get(node.column or "", [entries.c.title, entries.c.container, entries.c.abstract,
                                               entries.c.keywords, entries.c.authors_display])
        clauses.append(or_(*(c.ilike(pattern) for c in cols)))
    return and_(*clauses)


def collection_path_id(path: tuple[str, ...]) -> ColumnElement[int]:
    """The id of the collection at `path` (NULL if there is none), as a scalar subquery."""
    parent: ColumnElement[int] | None = None
    for name in path:
        cond = [collections.c.name == name]
        cond.append(collections.c.parent_id.is_(None) if parent is None else collections.c.parent_id == parent)
        parent = select(collections.c.id).where(*cond).limit(1).scalar_subquery()
    assert parent is not None
    return parent


def collection_subtree(root: ColumnElement[int]) -> object:
    """A recursive CTE of `root` and all its descendants (column `id`)."""
    tree = select(collections.c.id).where(collections.c.id == root).cte(recursive=True)
    child = collections.alias("child")
    return tree.union_all(select(child.c.id).where(child.c.parent_id == tree.c.id))


def _collection_clause(node: InCollection) -> ColumnElement[bool]:
    root = collection_path_id(node.path)
    if node.recursive:
        tree = collection_subtree(root)
        members = select(collection_items.c.entry_id).where(
            collection_items.c.collection_id.in_(select(tree.c.id)))  # type: ignore[attr-defined]
    else:
        members = select(collection_items.c.entry_id).where(collection_items.c.collection_id == root)
    return entries.c.id.in_(members)


def _flag_clause(node: Flag) -> ColumnElement[bool]:
    if node.name == "trashed":
        # As an id list: tested on the rowid that ix_entries_added already holds, so the default
        # order does not look up 100k rows to check their trashed_at (1 s at 100k).
        trashed = entries.alias("trashed")
        return entries.c.id.in_(select(trashed.c.id).where(trashed.c.trashed_at.is_not(None)))
    if node.name == "unfiled":
        return ~exists().where(collection_items.c.entry_id == entries.c.id)
    if node.name == "note":
        return exists().where(notes.c.entry_id == entries.c.id)
    if node.name == "tag":
        return exists().where(entry_tags.c.entry_id == entries.c.id)
    if node.name == "doi":
        return entries.c.doi_norm != ""
    if node.name == "abstract":
        return entries.c.abstract != ""
    return false()


def _like_any(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return column.like(literal("%") + escaped + "%", escape="\\")


def compile_where(node: Node, dialect: str) -> ColumnElement[bool]:
    if isinstance(node, InCollection):
        return _collection_clause(node)
    if isinstance(node, HasTag):
        # The tag's id first, then its entries through ix_entry_tags_tag (a join made SQLite
        # scan every entry_tags row: 200 ms at 100k entries with 50 tags).
        tag_ids = select(tags.c.id).where(func.lower(tags.c.name) == node.name.lower())
        return entries.c.id.in_(select(entry_tags.c.entry_id).where(entry_tags.c.tag_id.in_(tag_ids)))
    if isinstance(node, NoteText):
        noted = select(notes.c.entry_id).where(and_(*(_like_any(notes.c.plain, w) for w in node.words)))
        return entries.c.id.in_(noted)
    if isinstance(node, Flag):
        return _flag_clause(node)
    if isinstance(node, MatchAll):
        return true()
    if isinstance(node, Text):
        return _text_clause(node, dialect)
    if isinstance(node, Exact):
        if node.column == "entry_type":
            value = node.value.lower()
            return or_(entries.c.entry_type == value, entries.c.original_type == value)
        if node.column == "doi":
            return entries.c.doi_norm == normalize_doi(node.value)
        col = entries.c.citekey
        if node.prefix:
            if dialect == "postgresql":  # SQLite's LIKE ignores case; lower() on both sides uses an index
                pattern = node.value.lower().replace("%", r"\%").replace("_", r"\_") + "%"
                return func.lower(col).like(pattern, escape="\\")
            return col.like(node.value.replace("%", r"\%").replace("_", r"\_") + "%", escape="\\")
        return col == node.value
    if isinstance(node, YearRange):
        parts: list[ColumnElement[bool]] = []
        if node.low is not None:
            parts.append(entries.c.year >= node.low)
        if node.high is not None:
            parts.append(entries.c.year <= node.high)
        return and_(*parts) if parts else entries.c.year.is_not(None)
    if isinstance(node, RelationTo):
        keyed = select(entries.c.id).where(entries.c.citekey == node.key).scalar_subquery()
        if node.kind == "cited-by":
            sub = select(relations.c.target_id).where(relations.c.source_id == keyed, relations.c.kind == "cites")
        else:
            sub = select(relations.c.source_id).where(relations.c.target_id == keyed, relations.c.kind == "cites")
        return entries.c.id.in_(sub)
    if isinstance(node, Not):
        return not_(compile_where(node.node, dialect))
    if isinstance(node, And):
        return and_(*(compile_where(n, dialect) for n in node.nodes))
    if isinstance(node, Or):
        return or_(*(compile_where(n, dialect) for n in node.nodes))
    return false()


def visible_where(node: Node, dialect: str, counting: bool = False) -> ColumnElement[bool]:
    """compile_where, with entries in the Trash left out unless the query asks for them."""
    live: ColumnElement[bool] = entries.c.trashed_at.is_(None)
    if dialect == "sqlite" and not counting:
        # As "not one of the trashed ids" (from ix_entries_trashed), tested on the rowid that every
        # sort index holds: `trashed_at IS NULL` made SQLite either sort every visible row for
        # each page of the table (it chose ix_entries_trashed) or look up every row it skipped
        # to a deep page (585 ms for the last page of 100k sorted by title; 35 ms this way).
        # A count is quicker from ix_entries_trashed itself.
        trashed = entries.alias("trashed")
        live = entries.c.id.not_in(select(trashed.c.id).where(trashed.c.trashed_at.is_not(None)))
    if mentions_trash(node):
        if counting and node == Flag("is", "trashed"):
            return entries.c.trashed_at.is_not(None)  # the Trash view's count, from ix_entries_trashed alone
        return compile_where(node, dialect)
    if isinstance(node, MatchAll):
        return live
    return and_(live, compile_where(node, dialect))


def relation_order_key(node: Node) -> RelationTo | None:
    """The cited-by filter whose list order should order the results, if the query has one."""
    if isinstance(node, RelationTo) and node.kind == "cited-by":
        return node
    if isinstance(node, And):
        for n in node.nodes:
            found = relation_order_key(n)
            if found:
                return found
    return None


def relation_position(rel: RelationTo) -> ColumnElement[int]:
    keyed = select(entries.c.id).where(entries.c.citekey == rel.key).scalar_subquery()
    return (
        select(relations.c.position)
        .where(relations.c.source_id == keyed, relations.c.kind == "cites", relations.c.target_id == entries.c.id)
        .scalar_subquery()
    )

