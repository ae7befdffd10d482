"""PostgreSQL specifics of opening a library: the write lock, and the objects the 0001 migration
adds there (full-text table, deferrable record link).

One write transaction at a time, as on SQLite (where BEGIN IMMEDIATE takes the file's write
lock): every transaction that is not a read-only autocommit connection takes a transaction-level
advisory lock first. Writers then queue instead of racing, so two clients importing the same
file at once do not both decide that an entry is new, and the second one sees the first one's
entries and keys when its turn comes. The unique constraint on citekeys still stands behind it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event, text

from refman.store import pg_fts

# pg_advisory_xact_lock(class, object): class "refm" in ASCII, so that other applications' locks are
# unlikely to clash; object: the library's schema, so libraries in other schemas of the same
# database (copy-library between them, the tests) do not wait for each other.
WRITE_LOCK_CLASS = 0x7265666D
# How long a write waits for another client's write (a big import) before it is refused with a
# clear message instead of freezing the window; SQLite's busy_timeout plays this part there.
LOCK_WAIT_MS = 30_000
LOCK_TIMEOUT = "55P03"  # SQLSTATE lock_not_available
# The full-text GIN indexes take new rows into a pending list that every search reads in full
# until it is merged; the server's default lets it grow to 4 MB (a few thousand edited entries),
# at which size the planner prefers a sequential scan of the full-text table to the index (word
# searches 50-160 ms instead of 5-20 at 100k entries). A writer merges it past this size (kB),
# a few ms now and then (a 100k import used as much server CPU as with 4 MB); a big import
# merges what is left at the end (pg_bulk.analyze).
PENDING_LIST_KB = 512


def configure(engine: Engine) -> None:
    from refman.store.changes import track_own_connections

    track_own_connections(engine)

    @event.listens_for(engine, "begin")
    def _write_lock(conn: Connection) -> None:
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(LOCK_WAIT_MS)}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_CLASS}, hashtext(current_schema()))")
            conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
            conn.exec_driver_sql(f"SET LOCAL gin_pending_list_limit = {PENDING_LIST_KB}")


def is_lock_timeout(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == LOCK_TIMEOUT


def _extension_schema(conn: Any) -> str:
    row = conn.execute(text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'")).first()
    return str(row[0])


def create_objects(conn: Any) -> None:
    """What migration 0001 adds on PostgreSQL (SQLite gets its FTS5 table there instead)."""
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    schema = _extension_schema(conn)
    quoted = '"' + schema.replace('"', '""') + '"'
    for sql in pg_fts.create_sql(quoted):
        conn.execute(text(sql))
    # Entries may point at records reserved but not yet written in the same transaction
    # (Txn.reserve_records): the check waits until commit when a transaction asks it to.
    conn.execute(text(
        "ALTER TABLE entries ALTER CONSTRAINT entries_raw_record_id_fkey DEFERRABLE INITIALLY IMMEDIATE"))


def sync_sequences(conn: Connection, tables: tuple[str, ...] = ("entries", "records", "sources")) -> None:
    """Move id sequences past rows inserted with explicit ids (undo of a delete, copy-library)."""
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT max(id) FROM {table}), 1), (SELECT max(id) FROM {table}) IS NOT NULL)")
