"""Full-text search on PostgreSQL: the same word and phrase semantics as SQLite's FTS5 table.

SQLite indexes five text columns with FTS5's `unicode61` tokenizer (a token is a run of letters
and digits, case and diacritics folded) and every query word is a prefix (`"word"*`). Here the
same five columns live in `entries_fts` as text already split into those tokens (done in Python,
so both databases cut words at the same places: PostgreSQL's own parser would keep `3.5` or
`foo-bar` whole), and PostgreSQL folds case and accents (`unaccent`, through an IMMUTABLE wrapper
so it can feed generated `tsvector` columns) and matches with a GIN index on one weighted tsvector.
A word matches in any column, and a multi-token word or a phrase must match inside one column,
as FTS5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, false, select, text

from refman.core.query import Text
from refman.store.schema import entries

FTS_COLUMNS = ("title", "contributors", "container", "abstract", "keywords")
# Each column's words carry a weight in the one indexed tsvector, so that `title:` or a phrase
# stays inside its column. There are four weights for five columns: abstract and keywords share
# D, and a query on one of them is checked again against that column's own text.
_WEIGHT = {"title": "A", "contributors": "B", "container": "C", "abstract": "D", "keywords": "D"}
_RECHECKED = ("abstract", "keywords")
_TOKEN = re.compile(r"[^\W_]+")
_MATCH = "entries_fts.doc @@ to_tsquery('simple', refman_unaccent({p}))"
_RECHECK = "to_tsvector('simple', refman_unaccent(entries_fts.{c})) @@ to_tsquery('simple', refman_unaccent({p}))"


def tokens(value: str) -> list[str]:
    """Lower-cased letter-and-digit runs: FTS5 unicode61's idea of a token."""
    return _TOKEN.findall(value.lower())


def prepared(value: str) -> str:
    """A column's text as stored for indexing: its tokens separated by single spaces."""
    return " ".join(_TOKEN.findall(value.lower()))


def _group_query(toks: Sequence[str], weight: str = "") -> str:
    """tsquery text for tokens that must follow each other, the last one a prefix (FTS5 `"a b"*`).
    Tokens are letters and digits only, so quoting them cannot break out of the syntax."""
    parts = [f"'{t}'" + (f":{weight}" if weight else "") for t in toks[:-1]]
    parts.append(f"'{toks[-1]}':*{weight}")
    return " <-> ".join(parts)


def _groups(node: Text) -> list[list[str]]:
    """The token groups of a node: one per FTS5 phrase it stands for (a phrase node is one)."""
    if node.phrase:
        toks = [t for w in node.words for t in tokens(w)]
        return [toks] if toks else []
    return [toks for w in node.words if (toks := tokens(w))]


def queries(node: Text) -> tuple[str, str | None, str] | None:
    """(tsquery for the indexed doc, column to check again or None, tsquery for that check), or
    None when the node has no word characters at all (FTS5 finds nothing then either)."""
    groups = _groups(node)
    if not groups:
        return None
    plain = " & ".join(f"({_group_query(g)})" for g in groups)
    if node.column:
        weight = _WEIGHT[node.column]
        doc = " & ".join(f"({_group_query(g, weight)})" for g in groups)
        return doc, node.column if node.column in _RECHECKED else None, plain
    parts = []
    for g in groups:
        if len(g) == 1:
            parts.append(f"({_group_query(g)})")
        else:  # a phrase must not run from one column into the next
            parts.append("(" + " | ".join(f"({_group_query(g, w)})" for w in "ABCD") + ")")
    return " & ".join(parts), None, plain


def rows_sql(node: Text) -> tuple[str, tuple[str, ...]] | None:
    """Driver-level SQL (psycopg `%s` parameters) for the ids of the entries a node matches."""
    found = queries(node)
    if found is None:
        return None
    doc, column, plain = found
    sql = "SELECT rowid FROM entries_fts WHERE " + _MATCH.format(p="%s")
    if column is None:
        return sql, (doc,)
    return sql + " AND " + _RECHECK.format(c=column, p="%s"), (doc, plain)


def text_clause(node: Text) -> ColumnElement[bool]:
    """`entries.id IN (matching FTS rows)` for a Text node whose column FTS holds."""
    found = queries(node)
    if found is None:  # only punctuation: FTS5 finds nothing for an empty phrase either
        return false()
    doc, column, plain = found
    cond = text(_MATCH.format(p=":tsq")).bindparams(bindparam("tsq", doc, unique=True))
    if column is not None:
        cond = and_(cond, text(_RECHECK.format(c=column, p=":tsq")).bindparams(  # type: ignore[assignment]
            bindparam("tsq", plain, unique=True)))
    sub = select(text("entries_fts.rowid")).select_from(text("entries_fts")).where(cond)
    return entries.c.id.in_(sub.scalar_subquery())


def fts_values(entry_id: int, row: dict[str, Any]) -> tuple[Any, ...]:
    """One entries_fts row (id and the five prepared texts) from `rows.fts_row`'s dict."""
    return (entry_id, *(prepared(row[c]) for c in FTS_COLUMNS))


# --- schema (run by the 0001 migration on PostgreSQL) ----------------------------------------------

def create_sql(extension_schema: str) -> list[str]:
    """DDL for the full-text table: text columns, one generated tsvector of them all (weighted
    by column), one GIN index."""
    wrapper = (
        "CREATE OR REPLACE FUNCTION refman_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {extension_schema}.unaccent('{extension_schema}.unaccent'::regdictionary, $1) $$"
    )
    cols = ", ".join(f"{c} text NOT NULL DEFAULT ''" for c in FTS_COLUMNS)
    doc = " || ".join(f"setweight(to_tsvector('simple'::regconfig, refman_unaccent({c})), '{_WEIGHT[c]}')"
                      for c in FTS_COLUMNS)
    return [
        wrapper,
        f"CREATE TABLE entries_fts (rowid integer PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE, "
        f"{cols}, doc tsvector GENERATED ALWAYS AS ({doc}) STORED)",
        "CREATE INDEX ix_entries_fts ON entries_fts USING gin (doc)",
    ]
