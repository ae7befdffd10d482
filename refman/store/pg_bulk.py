"""The import's fast paths on PostgreSQL, beside SQLite's in txn.py.

SQLite's are: ids handed out as max(id)+1.. under the write lock, rows sent straight to the
driver's executemany, lookups by one JSON parameter. Here: ids come from the table's sequence
(`nextval` for n rows in one query: safe with other clients inserting too), rows go in with
`COPY ... FROM STDIN` (no statement per row at all), and lookups bind one array (`= ANY(%s)`).
All of it runs on the psycopg connection underneath the SQLAlchemy transaction, so it commits
or rolls back with everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


def reserve_ids(conn: Connection, table: str, n: int) -> list[int]:
    """n fresh ids from the table's id sequence, ascending."""
    if n <= 0:
        return []
    cur = _driver(conn).execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table, n))
    return sorted(int(r[0]) for r in cur.fetchall())


def copy_rows(conn: Connection, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """COPY rows (values in `cols` order) into a table."""
    sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
    with _driver(conn).cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def rows_any(conn: Connection, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of `sql` whose one `%s` is bound to the list of values (use it as `= ANY(%s)`)."""
    return list(_driver(conn).execute(sql, (list(values),)).fetchall())


def link_records(conn: Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """Point records at entries: (record id, entry id) pairs, one statement."""
    if not pairs:
        return
    _driver(conn).execute(
        "UPDATE records SET entry_id = v.eid FROM unnest(%s::int[], %s::int[]) AS v(rid, eid) "
        "WHERE records.id = v.rid", ([p[0] for p in pairs], [p[1] for p in pairs]))


def defer_record_links(conn: Connection) -> None:
    """Check entries' links to records at commit: records reserved now are written later."""
    _driver(conn).execute("SET CONSTRAINTS entries_raw_record_id_fkey DEFERRED")


def analyze(conn: Connection) -> None:
    """Fresh planner statistics for the tables an import fills (inside its transaction), and the
    full-text indexes' pending lists merged into the indexes.

    A GIN index takes new rows into an unsorted pending list (up to 4 MB) that every search
    reads in full, and that only VACUUM or autovacuum merge (a plain ANALYZE does not): after
    a 100k-entry import the planner priced the index above a sequential scan of the whole
    full-text table, and word searches took 50-160 ms instead of 5-20 ms until autovacuum came."""
    raw = _driver(conn)
    for table in ("entries", "entries_fts", "contributors", "extra_fields", "records", "relations"):
        raw.execute(f"ANALYZE {table}")
    for index in ("ix_entries_fts", "ix_entries_fts_abstract"):
        # Only the indexes' owner may merge (a colleague's import would fail, where ANALYZE
        # just warns): others leave it to autovacuum, and the writers' small lists (pg_engine).
        raw.execute("SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
                    "WHERE c.oid = %s::regclass AND pg_has_role(c.relowner, 'USAGE')", (index,))
