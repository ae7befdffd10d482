"""The FTS5 side of the query compiler, free of SQLAlchemy: used by querysql (the SQL path) and by
refman.store.quick (the CLI's search through the standard sqlite3 module)."""

from __future__ import annotations

from refman.core.query import Text

FTS_COLUMNS = ("title", "contributors", "container", "abstract", "keywords")


def fts_expression(node: Text) -> str:
    """FTS5 MATCH syntax for one Text node; each word is quoted, so user input is never syntax."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in node.words]
    if node.phrase:
        body = '"' + " ".join(w.replace('"', '""') for w in node.words) + '"*'
    else:
        body = " AND ".join(q + "*" for q in quoted)
    if node.column:
        return "{" + node.column + "} : (" + body + ")"
    return body


def fts_searchable(node: Text) -> bool:
    """Whether the FTS index holds the node's column (`publisher:` is searched with LIKE instead)."""
    return node.column is None or node.column in FTS_COLUMNS
