"""Full-text search on PostgreSQL: the same word and phrase semantics as SQLite's FTS5 table.

SQLite indexes five text columns with FTS5's `unicode61` tokenizer (a token is a run of letters
and digits, case and diacritics folded) and every query word is a prefix (`"word"*`). Here the
same five columns live in `entries_fts` as text already split into those tokens (done in Python,
so both databases cut words at the same places: PostgreSQL's own parser would keep `3.5` or
`foo-bar` whole), and PostgreSQL folds case and accents (`unaccent`, through an IMMUTABLE wrapper
so it can feed generated `tsvector` columns) and matches with a multi-column GIN index. A word
matches in any column, and a multi-token word or a phrase must match inside one column, as FTS5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, or_, select, text

from refman.core.query import Text
from refman.store.schema import entries

FTS_COLUMNS = ("title", "contributors", "container", "abstract", "keywords")
_TOKEN = re.compile(r"[^\W_]+")


def tokens(value: str) -> list[str]:
    """Lower-cased letter-and-digit runs: FTS5 unicode61's idea of a token."""
    return _TOKEN.findall(value.lower())


def prepared(value: str) -> str:
    """A column's text as stored for indexing: its tokens separated by single spaces."""
    return " ".join(_TOKEN.findall(value.lower()))


def _group_query(toks: Sequence[str]) -> str:
    """tsquery text for tokens that must follow each other, the last one a prefix (FTS5 `"a b"*`).
    Tokens are letters and digits only, so quoting them cannot break out of the syntax."""
    parts = [f"'{t}'" for t in toks]
    parts[-1] += ":*"
    return " <-> ".join(parts)


def groups(node: Text) -> list[str]:
    """One tsquery per FTS5 phrase the node stands for (a phrase node is one group)."""
    if node.phrase:
        toks = [t for w in node.words for t in tokens(w)]
        return [_group_query(toks)] if toks else []
    return [_group_query(toks) for w in node.words if (toks := tokens(w))]


def text_clause(node: Text) -> ColumnElement[bool]:
    """`entries.id IN (matching FTS rows)` for a Text node whose column FTS holds."""
    cols = [node.column] if node.column else list(FTS_COLUMNS)
    parts: list[ColumnElement[bool]] = []
    for query in groups(node):
        param: BindParameter[str] = bindparam("tsq", query, unique=True)
        parts.append(or_(*(
            text(f"entries_fts.{c}_tsv @@ to_tsquery('simple', refman_unaccent(:tsq))").bindparams(param)
            for c in cols
        )))
    if not parts:  # only punctuation: FTS5 finds nothing for an empty phrase either
        return entries.c.id.in_(text("SELECT NULL WHERE false"))
    sub = select(text("entries_fts.rowid")).select_from(text("entries_fts")).where(and_(*parts))
    return entries.c.id.in_(sub.scalar_subquery())


def fts_values(entry_id: int, row: dict[str, Any]) -> tuple[Any, ...]:
    """One entries_fts row (id and the five prepared texts) from `rows.fts_row`'s dict."""
    return (entry_id, *(prepared(row[c]) for c in FTS_COLUMNS))


# --- schema (run by the 0001 migration on PostgreSQL) ----------------------------------------------

def create_sql(extension_schema: str) -> list[str]:
    """DDL for the full-text table: text columns, generated tsvector columns, one GIN index."""
    wrapper = (
        "CREATE OR REPLACE FUNCTION refman_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {extension_schema}.unaccent('{extension_schema}.unaccent'::regdictionary, $1) $$"
    )
    cols = ", ".join(f"{c} text NOT NULL DEFAULT ''" for c in FTS_COLUMNS)
    tsvs = ", ".join(
        f"{c}_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, refman_unaccent({c}))) STORED"
        for c in FTS_COLUMNS
    )
    return [
        wrapper,
        f"CREATE TABLE entries_fts (rowid integer PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE, "
        f"{cols}, {tsvs})",
        "CREATE INDEX ix_entries_fts ON entries_fts USING gin ("
        + ", ".join(f"{c}_tsv" for c in FTS_COLUMNS) + ")",
    ]
