"""Full-text search on PostgreSQL: the same word and phrase semantics as SQLite's FTS5 table.

SQLite indexes five text columns with FTS5's `unicode61` tokenizer (a token is a run of letters
and digits, case and diacritics folded) and every query word is a prefix (`"word"*`). Here the
same five columns live in `entries_fts` as text already split into those tokens (done in Python,
so both databases cut words at the same places: PostgreSQL's own parser would keep `3.5` or
`foo-bar` whole), and PostgreSQL folds case and accents (`unaccent`, through an IMMUTABLE wrapper
so it can feed generated `tsvector` columns) and matches with GIN indexes on weighted tsvectors.
A word matches in any column, and a multi-token word or a phrase must match inside one column,
as FTS5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, bindparam, column, exists, false, select, table, text

from refman.core.query import Text
from refman.store.schema import entries

FTS_COLUMNS = ("title", "contributors", "container", "abstract", "keywords")
# Two indexed tsvectors: `doc` holds the four short columns, each word weighted by its column
# (A-D, all four weights), so that `title:` or a phrase stays inside its column; `abstract_doc`
# holds the abstract alone. Kept apart, the short one is small enough to stay in the table row,
# so the recheck a weighted query needs never reads the abstract (measured: the abstract in the
# same tsvector made `author:` searches 5x slower at 100k entries).
_WEIGHT = {"title": "A", "contributors": "B", "container": "C", "keywords": "D"}
# The FTS table's id column, for correlating a subquery with the entries row it tests.
_FTS_TABLE = table("entries_fts", column("rowid", Integer))
_TOKEN = re.compile(r"[^\W_]+")
_DOC = "entries_fts.doc @@ to_tsquery('simple', refman_unaccent({p}))"
_ABSTRACT = "entries_fts.abstract_doc @@ to_tsquery('simple', refman_unaccent({p}))"
# A weighted query is found through the index with its plain form, then checked with weights on
# the rows found: ts_match_vq is @@ as a function, which the planner does not give the GIN index
# (the index cannot see weights; four weighted phrases there cost 3x the one plain phrase).
_WEIGHTED = "(" + _DOC + " AND ts_match_vq(entries_fts.doc, to_tsquery('simple', refman_unaccent({p}))))"


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


def conditions(node: Text) -> list[tuple[str, tuple[str, ...]]] | None:
    """The node as SQL conditions, all of which must hold: (SQL with `{p}` for each parameter,
    the tsquery texts). None when the node has no word characters (FTS5 finds nothing then)."""
    groups = _groups(node)
    if not groups:
        return None
    out: list[tuple[str, tuple[str, ...]]] = []
    for g in groups:
        plain = _group_query(g)
        if node.column == "abstract":
            out.append((_ABSTRACT, (plain,)))
        elif node.column:
            out.append((_WEIGHTED, (plain, _group_query(g, _WEIGHT[node.column]))))
        elif len(g) == 1:
            out.append((f"({_DOC} OR {_ABSTRACT})", (plain, plain)))
        else:  # anywhere, but a phrase must not run from one column into the next
            weighted = " | ".join(f"({_group_query(g, w)})" for w in "ABCD")
            out.append((f"({_WEIGHTED} OR {_ABSTRACT})", (plain, weighted, plain)))
    return out


def rows_sql(node: Text) -> tuple[str, tuple[str, ...]] | None:
    """Driver-level SQL (psycopg `%s` parameters) for the ids of the entries a node matches."""
    conds = conditions(node)
    if conds is None:
        return None
    sql = " AND ".join(c.replace("{p}", "%s") for c, _ in conds)
    return "SELECT rowid FROM entries_fts WHERE " + sql, tuple(p for _, ps in conds for p in ps)


def text_clause(node: Text) -> ColumnElement[bool]:
    """`EXISTS (the entry's FTS row, matching)` for a Text node whose column FTS holds.

    EXISTS rather than `id IN (...)`: negated, NOT IN cannot become an anti-join (the planner
    must allow for NULLs), and `-word` hashed or rescanned the FTS hits for every entry."""
    conds = conditions(node)
    if conds is None:  # only punctuation: FTS5 finds nothing for an empty phrase either
        return false()
    parts: list[Any] = []  # TextClause conditions
    for sql, params in conds:
        names = [f"tsq{i}" for i in range(len(params))]
        for name in names:
            sql = sql.replace("{p}", f":{name}", 1)
        parts.append(text(sql).bindparams(*(bindparam(n, v, unique=True) for n, v in zip(names, params, strict=True))))
    return exists(select(text("1")).select_from(_FTS_TABLE)
                  .where(_FTS_TABLE.c.rowid == entries.c.id, and_(*parts)))


def fts_values(entry_id: int, row: dict[str, Any]) -> tuple[Any, ...]:
    """One entries_fts row (id and the five prepared texts) from `rows.fts_row`'s dict."""
    return (entry_id, *(prepared(row[c]) for c in FTS_COLUMNS))


# --- schema (run by the 0001 migration on PostgreSQL) ----------------------------------------------

def create_sql(extension_schema: str) -> list[str]:
    """DDL for the full-text table: text columns, two generated tsvectors (see _WEIGHT), each
    with a GIN index."""
    wrapper = (
        "CREATE OR REPLACE FUNCTION refman_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {extension_schema}.unaccent('{extension_schema}.unaccent'::regdictionary, $1) $$"
    )
    cols = ", ".join(f"{c} text NOT NULL DEFAULT ''" for c in FTS_COLUMNS)
    doc = " || ".join(f"setweight(to_tsvector('simple'::regconfig, refman_unaccent({c})), '{w}')"
                      for c, w in _WEIGHT.items())
    abstract = "to_tsvector('simple'::regconfig, refman_unaccent(abstract))"
    return [
        wrapper,
        f"CREATE TABLE entries_fts (rowid integer PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE, "
        f"{cols}, doc tsvector GENERATED ALWAYS AS ({doc}) STORED, "
        f"abstract_doc tsvector GENERATED ALWAYS AS ({abstract}) STORED)",
        "CREATE INDEX ix_entries_fts ON entries_fts USING gin (doc)",
        "CREATE INDEX ix_entries_fts_abstract ON entries_fts USING gin (abstract_doc)",
    ]
