"""Change feeds: how an open library learns that another client changed it (issue 16).

PostgreSQL: the 0002 migration adds statement-level triggers that NOTIFY `refman_changes` with the
library's schema as payload; notifications arrive when the writing transaction commits. The feed
LISTENs on a connection of its own and ignores notifications sent by this process's own
connections (the window already refreshed after its own edit). If LISTEN is not possible (a
pooler in transaction mode, a dropped connection), it falls back to polling a cheap fingerprint.
SQLite: `PRAGMA data_version` on a connection of the feed's own moves whenever any other
connection commits to the file.

`poll()` never blocks: the GUI calls it from a timer (refman.gui.live_refresh).
"""

from __future__ import annotations

import time
import weakref
from typing import Any, Protocol, cast

from sqlalchemy import Engine, event

CHANNEL = "refman_changes"
_OWN_PIDS: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()


class ChangeFeed(Protocol):
    def poll(self) -> bool:
        """Whether the library changed (by someone else) since the last poll."""

    def resync(self) -> None:
        """Take the current state as seen: the window's own background work just wrote it."""

    def close(self) -> None: ...


def track_own_connections(engine: Engine) -> None:
    """Remember the server process of each connection this engine opens (see `own_pids`)."""
    pids: set[int] = set()
    _OWN_PIDS[engine] = pids

    @event.listens_for(engine, "connect")
    def _remember(dbapi_connection: Any, _record: Any) -> None:
        pids.add(int(dbapi_connection.info.backend_pid))


class _PgFeed:
    def __init__(self, engine: Engine, poll_every: float) -> None:
        import psycopg

        self._engine = engine
        self._poll_every = poll_every
        self._last_poll = 0.0
        self._fingerprint: tuple[Any, ...] | None = None
        raw = engine.raw_connection()
        self._conn: Any = cast(Any, raw.driver_connection)
        raw.detach()  # its own connection: autocommit, LISTENing, never handed back to the pool
        self._conn.autocommit = True
        self._schema = self._conn.execute("SELECT current_schema()").fetchone()[0]
        self._listening = False
        try:
            self._conn.execute(f"LISTEN {CHANNEL}")
            self._listening = True
        except psycopg.Error:
            self._fingerprint = self._read_fingerprint()

    def _read_fingerprint(self) -> tuple[Any, ...]:
        row = self._conn.execute(
            "SELECT count(*), max(id), max(modified), sum(version) FROM entries").fetchone()
        return tuple(row) + tuple(self._conn.execute("SELECT count(*) FROM relations").fetchone())

    def poll(self) -> bool:
        import psycopg

        if self._listening:
            own = _OWN_PIDS.get(self._engine, set())
            changed = False
            try:
                for note in self._conn.notifies(timeout=0.0):
                    if note.payload == self._schema and note.pid not in own:
                        changed = True
            except psycopg.Error:
                self._listening = False
                self._fingerprint = None
            else:
                return changed
        now = time.monotonic()
        if now - self._last_poll < self._poll_every:
            return False
        self._last_poll = now
        try:
            current = self._read_fingerprint()
        except psycopg.Error:
            return False
        changed = self._fingerprint is not None and current != self._fingerprint
        self._fingerprint = current
        return changed

    def resync(self) -> None:
        import psycopg

        try:
            if self._listening:
                for _note in self._conn.notifies(timeout=0.0):
                    pass
            else:
                self._fingerprint = self._read_fingerprint()
        except psycopg.Error:
            pass

    def close(self) -> None:
        self._conn.close()


class _SqliteFeed:
    def __init__(self, engine: Engine) -> None:
        raw = engine.raw_connection()
        self._conn: Any = cast(Any, raw.driver_connection)
        raw.detach()  # its own connection: it never writes, so every commit moves its data_version
        self._version = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> bool:
        current = self._read()
        changed = current != self._version
        self._version = current
        return changed

    def resync(self) -> None:
        """Take the current state as seen (after this window's own background writes)."""
        self._version = self._read()

    def close(self) -> None:
        self._conn.close()


def open_feed(engine: Engine, poll_every: float = 1.0) -> ChangeFeed:
    if engine.dialect.name == "postgresql":
        return _PgFeed(engine, poll_every)
    return _SqliteFeed(engine)


# --- schema: the triggers (run by the 0002_issue16 migration on PostgreSQL) ---------------------

# refman_state.changes counts committed changes: the search cache's token (store/search.py), as
# SQLite's PRAGMA data_version is there. Writers are serialised already (pg_engine's write lock),
# so the one row is no bottleneck.
NOTIFY_SQL = [
    "CREATE TABLE refman_state (id integer PRIMARY KEY CHECK (id = 1), changes bigint NOT NULL DEFAULT 0)",
    "INSERT INTO refman_state (id, changes) VALUES (1, 0)",
    "CREATE OR REPLACE FUNCTION refman_notify_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN UPDATE refman_state SET changes = changes + 1 WHERE id = 1; "
    f"PERFORM pg_notify('{CHANNEL}', current_schema()); RETURN NULL; END $$",
    *(f"CREATE TRIGGER refman_{table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION refman_notify_change()"
      for table in ("entries", "relations", "sources")),
]
