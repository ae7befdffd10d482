"""The change feed: how an open library learns that another client changed it (issues 14, 16).

One code path for both databases. The library's change counter (`Store.data_version`: SQLite's
`PRAGMA data_version`, which moves whenever another connection commits to the file; on
PostgreSQL `refman_state.changes`, counted by the triggers below) is compared with the value seen
last. On PostgreSQL a connection of the feed's own also LISTENs to `refman_changes`, which the
triggers NOTIFY with the library's schema when the writing transaction commits: news arrives at
once, without a query, and this process's own writes are told apart (their server processes are
known, see `track_own_connections`), so the counter is not read at all while LISTEN works. If it
cannot (a pooler in transaction mode, a dropped connection, a server restart) the feed falls back
to polling the counter, and tries to LISTEN again now and then.

`poll()` never blocks on another client's lock: the GUI calls it from a timer (refman.gui.refresh).
"""

from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Engine, event

CHANNEL = "refman_changes"
RELISTEN_EVERY = 30.0  # seconds between attempts to LISTEN again after the listener was lost
_OWN_PIDS: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()


def track_own_connections(engine: Engine) -> None:
    """Remember the server process of each connection this engine opens (see `own_pids`)."""
    pids: set[int] = set()
    _OWN_PIDS[engine] = pids

    @event.listens_for(engine, "connect")
    def _remember(dbapi_connection: Any, _record: Any) -> None:
        pids.add(int(dbapi_connection.info.backend_pid))


class _Listener:
    """A PostgreSQL connection of its own (autocommit, never handed back to the pool) that LISTENs."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        raw = engine.raw_connection()
        self.conn: Any = cast(Any, raw.driver_connection)
        raw.detach()
        try:
            self.conn.autocommit = True
            self._schema = self.conn.execute("SELECT current_schema()").fetchone()[0]
            self.conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            self.conn.close()
            raise

    @property
    def pid(self) -> int:
        """The listening server process (a test ends it to exercise the fallback)."""
        return int(self.conn.info.backend_pid)

    def news(self) -> bool:
        """Whether another client committed to this library since the last call; raises the
        driver's error if the connection is gone."""
        own = _OWN_PIDS.get(self._engine, set())
        changed = False
        for note in self.conn.notifies(timeout=0.0):
            if note.payload == self._schema and note.pid not in own:
                changed = True
        return changed

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


class ChangeFeed:
    """Tells whether the library changed (by someone else) since it last looked.

    `version` reads the library's change counter; it is read at most every `poll_every` seconds
    on a server (a round trip), at every poll on SQLite (a few microseconds, no lock). `listen`
    False polls on PostgreSQL too."""

    def __init__(self, engine: Engine, version: Callable[[], int], poll_every: float = 1.0,
                 listen: bool = True) -> None:
        self._engine = engine
        self._version = version
        server = engine.dialect.name == "postgresql"
        self._poll_every = poll_every if server else 0.0
        self._want_listener = listen and server
        self._listener: _Listener | None = None
        self._next_listen = 0.0
        self._last_read = 0.0
        self._seen = self._read()
        if self._want_listener:
            self._listen()

    @property
    def listening(self) -> bool:
        """Whether news comes by LISTEN/NOTIFY (False: by polling the change counter)."""
        return self._listener is not None

    @property
    def listener_pid(self) -> int | None:
        return self._listener.pid if self._listener is not None else None

    def _read(self) -> int | None:
        try:
            return self._version()
        except Exception:  # closed, restoring, or the server away: try again on the next poll
            return None

    def _listen(self) -> None:
        try:
            self._listener = _Listener(self._engine)
        except Exception:
            self._listener = None
            self._next_listen = time.monotonic() + RELISTEN_EVERY

    def _drop_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._next_listen = time.monotonic() + RELISTEN_EVERY

    def poll(self) -> bool:
        """Whether the library changed (by someone else) since the last poll or resync."""
        if self._listener is not None:
            try:
                news = self._listener.news()
            except Exception:  # the listener is gone: compare the counter, now and from now on
                self._drop_listener()
                self._last_read = 0.0
            else:
                if news:  # the counter as of now, for a later fall back to polling
                    current = self._read()
                    if current is not None:
                        self._seen = current
                return news
        elif self._want_listener and time.monotonic() >= self._next_listen:
            self._listen()
            self._last_read = 0.0  # what was missed without a listener: the counter tells, now
        now = time.monotonic()
        if now - self._last_read < self._poll_every:
            return False
        self._last_read = now
        current = self._read()
        if current is None:
            return False
        before, self._seen = self._seen, current
        return before is not None and current != before

    def resync(self) -> None:
        """Take the library as it is now as seen: the window is about to show all of it (or its
        own background work just wrote it)."""
        if self._listener is not None:
            try:
                self._listener.news()
            except Exception:
                self._drop_listener()
        current = self._read()
        if current is not None:
            self._seen = current

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._want_listener = False


def open_feed(engine: Engine, version: Callable[[], int], poll_every: float = 1.0,
              listen: bool = True) -> ChangeFeed:
    return ChangeFeed(engine, version, poll_every, listen)


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
