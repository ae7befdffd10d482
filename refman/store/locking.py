"""Who waits for whom in a SQLite library.

Readers never wait: the library is in WAL mode, reads run on autocommit connections that take
no lock, and nothing on open starts a write transaction. Writers take the write lock up front
(`BEGIN IMMEDIATE`, so that ids handed out by a bulk insert cannot race another writer). When
another process holds it, the writer says so once (`WriteWait.notice`, the CLI prints a line)
and waits up to `WRITE_WAIT_SECONDS`; after that it gives up with one clear sentence.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from refman.core.errors import LibraryError

WRITE_WAIT_SECONDS = 120.0  # a 100k-entry import holds the lock for about a minute
FIRST_TRY_MS = 200  # how long a writer waits quietly before saying it is waiting
READ_BUSY_MS = 5000  # readers only meet this while a crashed writer's WAL index is rebuilt


@dataclass
class WriteWait:
    """Per-library settings of the write-lock wait; `notice(seconds)` is called once per wait."""

    timeout: float = WRITE_WAIT_SECONDS
    notice: Callable[[float], None] | None = field(default=None)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def begin_write(dbapi_connection: Any, wait: WriteWait) -> None:
    """`BEGIN IMMEDIATE` on a raw sqlite3 connection, waiting for another writer as described above."""
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={FIRST_TRY_MS}")
        try:
            cur.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        if wait.notice is not None:
            wait.notice(wait.timeout)
        cur.execute(f"PRAGMA busy_timeout={int(wait.timeout * 1000)}")
        try:
            cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            raise LibraryError(f"another program has been writing to the library for {wait.timeout:.0f} s; "
                               "nothing was changed: try again when it has finished") from exc
    finally:
        cur.execute(f"PRAGMA busy_timeout={READ_BUSY_MS}")
        cur.close()


def checkpoint(dbapi_connection: Any) -> None:
    """Move committed pages from the -wal file into the library after a big write, so that the
    data lives in the library file itself (a full disk later cannot strand it in the WAL). PASSIVE
    never waits for readers; TRUNCATE, which also shrinks the WAL, is tried without waiting."""
    cur = dbapi_connection.cursor()
    try:
        cur.execute("PRAGMA wal_checkpoint(PASSIVE)")
        cur.execute("PRAGMA busy_timeout=0")
        with contextlib.suppress(sqlite3.OperationalError):
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        cur.execute(f"PRAGMA busy_timeout={READ_BUSY_MS}")
        cur.close()
