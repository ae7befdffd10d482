"""The library store: the only place that talks SQL. Everything it returns is a core dataclass."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from refman.core.errors import LibraryError
from refman.store import backup as backup_mod
from refman.store import engine as engine_mod
from refman.store import locking
from refman.store.dupkeys import DuplicateReads
from refman.store.integrity import IntegrityMixin
from refman.store.keys import KeyReadMixin
from refman.store.links import LinksMixin
from refman.store.macros import MacroReadMixin
from refman.store.organise import OrganiseReads
from refman.store.txn import Txn

CHECKPOINT_WAL_BYTES = 4 << 20  # a write that left this much in the -wal file is checkpointed (and the WAL truncated) at once


class Store(IntegrityMixin, LinksMixin, MacroReadMixin, KeyReadMixin, DuplicateReads, OrganiseReads):
    """A library database. Open with `Store.open(path_or_url)`; migrations run on open."""

    def __init__(self, engine: Engine, wait: locking.WriteWait | None = None) -> None:
        self.engine = engine
        self.wait = wait or locking.WriteWait()
        self.dialect = engine.dialect.name
        self._read_conn: Connection | None = None
        # (data_version, id -> date-added rank, id -> year): see _order_index
        self._rank: tuple[int, dict[int, int], dict[int, int | None], bool] | None = None

    @classmethod
    def open(cls, location: str, on_wait: Callable[[float], None] | None = None) -> Store:
        """Open without taking the write lock (see engine.prepare); `on_wait(seconds)` is called
        when a write has to wait for another program's write (the CLI says so)."""
        wait = locking.WriteWait(notice=on_wait)
        url = engine_mod.to_url(location)
        eng = engine_mod.make_engine(url, wait)
        try:
            engine_mod.prepare(eng)
        except BaseException:
            eng.dispose()
            raise
        return cls(eng, wait)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def connect_url(self) -> str:
        """The URL this library was opened with, password included: for the app's own worker
        connections only (kept in memory, never shown or saved)."""
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def file_path(self) -> Path | None:
        """The SQLite file behind this library, or None for a server database."""
        return engine_mod.sqlite_file(self.engine)

    def backup(self, reason: str) -> Path | None:
        path = self.file_path
        return backup_mod.make_backup(path, reason) if path is not None else None

    def backups(self) -> list[backup_mod.Backup]:
        path = self.file_path
        return backup_mod.list_backups(path) if path is not None else []

    def close(self) -> None:
        if self._read_conn is not None:
            self._read_conn.close()
            self._read_conn = None
        self._rank = None
        self.engine.dispose()

    def _conn(self) -> Connection:
        # Reads share one autocommit connection: cheap for the table's many small page queries.
        if self._read_conn is None:
            self._read_conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._read_conn

    @contextmanager
    def transaction(self) -> Iterator[Txn]:
        """One atomic unit: everything inside commits together or not at all."""
        try:
            with self.engine.begin() as conn:
                yield Txn(conn, self.dialect)
        except OperationalError as exc:
            from refman.store.pg_engine import LOCK_WAIT_MS, is_lock_timeout

            if not is_lock_timeout(exc):
                raise
            raise LibraryError(f"the library is busy: another client has been writing to it for over "
                               f"{LOCK_WAIT_MS // 1000} s (a big import?); nothing was saved, try again") from exc
        self._checkpoint_if_big()

    def data_version(self) -> int:
        """A number that changes when another connection (another process) commits: the change
        feed polls it (store/changes.py). SQLite: PRAGMA data_version (this store's own writes,
        made on other pooled connections, move it too); PostgreSQL: the change triggers' counter
        (every commit moves it); 0 on other databases."""
        raw: Any = self._conn().connection.driver_connection
        if self.dialect == "sqlite":
            return int(raw.execute("PRAGMA data_version").fetchone()[0])
        if self.dialect == "postgresql":
            return int(raw.execute("SELECT changes FROM refman_state").fetchone()[0])
        return 0

    def _checkpoint_if_big(self) -> None:
        path = self.file_path
        if path is None:
            return
        try:
            wal_size = Path(f"{path}-wal").stat().st_size
        except OSError:
            return
        if wal_size >= CHECKPOINT_WAL_BYTES:
            # committed data is safe in the WAL whatever happens here; SQLite checkpoints later
            with contextlib.suppress(Exception):
                locking.checkpoint(self._conn().connection.driver_connection)
