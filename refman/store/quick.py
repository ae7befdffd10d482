"""`refman search` on a SQLite library through the standard sqlite3 module, without SQLAlchemy.

A one-shot command pays for its imports on every run: SQLAlchemy alone costs more than the
search itself (at 100k entries the FTS5 query takes ~20 ms, importing SQLAlchemy ~100 ms). This
module answers the common searches — words, phrases, field words held by the FTS index, year
ranges, joined by AND/OR — in the default (date-added) order with the same SQL the store would run,
leaving out entries in the Trash as the store does, and says None for everything else, so that the
caller takes the ordinary path:

- a location that is not a SQLite file (another SQLAlchemy URL), or a file that does not exist yet;
- a schema that is not at the newest migration (the ordinary path migrates it first);
- other query terms (`-word`, `key:`, `type:`, `doi:`, `cited-by:`, LIKE-searched fields), other orders.

tests/test_quick_search.py checks that both paths give the same rows for a list of queries.
The desktop app paints its first window of rows from `first_rows` (refman/gui/first_rows.py), so
that the first paint does not wait for SQLAlchemy either.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

from refman.core.query_root import MatchAll, Node
from refman.core.summary import EntrySummary

# The query parser and its node classes (refman.core.query, ~7 ms to import) are imported by the
# searches that need them, not by first_rows: the desktop app paints before it imports them.

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_COLUMNS = "id, citekey, authors_display, year, title, container, entry_type, doi, publisher, added"


def head_revision(versions: Path = VERSIONS) -> str | None:
    """The newest Alembic revision, read from the revision files (the one no other revision names
    as its down_revision), so that it follows the migrations without importing Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*(?::\s*str\s*)?=\s*["\']([^"\']+)["\']', text, re.M)
        down = re.search(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", text, re.M)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.update(re.findall(r'["\']([^"\']+)["\']', down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def sqlite_path(location: str) -> Path | None:
    """The file of a plain path or a sqlite:/// URL; None for any other database URL."""
    if location.startswith("sqlite:///"):
        from urllib.parse import unquote

        location = unquote(location[len("sqlite:///"):])  # as SQLAlchemy reads the URL: %20 is a space
    elif "://" in location:
        return None
    path = Path(location).expanduser()
    return path if path.is_file() else None


def _where(node: Node, params: list[object]) -> str | None:
    """SQL for node over `entries`, or None when node has a term this module does not handle."""
    if isinstance(node, MatchAll):
        return "1"
    from refman.core.query import And, Or, Text, YearRange
    from refman.store.fts import fts_expression, fts_searchable

    if isinstance(node, Text):
        if not node.words or not fts_searchable(node):
            return None
        params.append(fts_expression(node))
        return "id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
    if isinstance(node, YearRange):
        parts = []
        if node.low is not None:
            parts.append("year >= ?")
            params.append(node.low)
        if node.high is not None:
            parts.append("year <= ?")
            params.append(node.high)
        return "(" + " AND ".join(parts) + ")" if parts else "year IS NOT NULL"
    if isinstance(node, And | Or) and node.nodes:
        inner = [_where(n, params) for n in node.nodes]
        if any(part is None for part in inner):
            return None
        return "(" + (" AND " if isinstance(node, And) else " OR ").join(p for p in inner if p) + ")"
    return None


def _summary(row: tuple[object, ...]) -> EntrySummary:
    added = row[9]
    return EntrySummary(
        id=row[0], citekey=row[1], authors=row[2], year=row[3], title=row[4],  # type: ignore[arg-type]
        container=row[5], entry_type=row[6], doi=row[7], publisher=row[8],  # type: ignore[arg-type]
        added=datetime.fromisoformat(added) if isinstance(added, str) else added,  # type: ignore[arg-type]
    )


def quick_search(location: str, query: str, descending: bool = False,
                 limit: int | None = None) -> tuple[list[EntrySummary], int] | None:
    """(rows in date-added order, number of entries in the library outside the Trash), or None:
    use the Store.

    Raises QuerySyntaxError (a RefmanError) for a query that does not parse, as the Store would."""
    path = sqlite_path(location)
    if path is None:
        return None
    node: Node = MatchAll()
    if query.strip():
        from refman.core.query import parse_query

        node = parse_query(query)
    params: list[object] = []
    where = _where(node, params)
    if where is None:
        return None
    head = head_revision()
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA busy_timeout=5000")
        found = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if head is None or found is None or found[0] != head:
            return None
        order = "added DESC, id DESC" if descending else "added, id"
        # `+trashed_at`: the unary plus keeps SQLite from choosing ix_entries_trashed and then
        # sorting every live row (60 ms at 100k for a first page); walking ix_entries_added in
        # order and skipping trashed rows answers a LIMIT at once.
        sql = f"SELECT {_COLUMNS} FROM entries WHERE +trashed_at IS NULL AND ({where}) ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = [_summary(r) for r in con.execute(sql, params)]
        # All rows less the trashed ones: SQLite counts a whole table from its b-tree pages (~0.03 ms
        # at 100k) but steps row by row through `trashed_at IS NULL` in its index (~3 ms at 100k).
        total = int(con.execute("SELECT (SELECT count(*) FROM entries) - "
                                "(SELECT count(*) FROM entries WHERE trashed_at IS NOT NULL)").fetchone()[0])
    except sqlite3.Error:
        return None  # locked, damaged, not a library: the ordinary path says what is wrong
    finally:
        con.close()
    return rows, total


class FirstRead:
    """The first rows of a library, its size, and a way to tell later whether they are still what
    the library holds: a read-only connection opened before the read, whose `PRAGMA data_version`
    changes when any other connection commits (the desktop app then re-reads its view)."""

    def __init__(self, rows: list[EntrySummary], total: int, probe: sqlite3.Connection, version: int) -> None:
        self.rows = rows
        self.total = total
        self._probe: sqlite3.Connection | None = probe
        self._version = version

    def unchanged(self) -> bool:
        """Whether no other connection has committed since before the rows were read."""
        if self._probe is None:
            return False
        try:
            return int(self._probe.execute("PRAGMA data_version").fetchone()[0]) == self._version
        except sqlite3.Error:
            return False

    def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
            self._probe = None


def first_rows(location: str, limit: int) -> FirstRead | None:
    """The first `limit` rows of the whole library in the default order (what the table shows at
    start) and the number of entries, or None when the ordinary path must answer."""
    path = sqlite_path(location)
    if path is None:
        return None
    try:
        probe = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        version = int(probe.execute("PRAGMA data_version").fetchone()[0])
    except sqlite3.Error:
        return None
    found = quick_search(location, "", False, limit)
    if found is None:
        probe.close()
        return None
    return FirstRead(found[0], found[1], probe, version)
