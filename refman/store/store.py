"""The library store: the only place that talks SQL. Everything it returns is a core dataclass."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from refman.store import backup as backup_mod
from refman.store import engine as engine_mod
from refman.store.integrity import IntegrityMixin
from refman.store.links import LinksMixin
from refman.store.organise import OrganiseReads
from refman.store.txn import Txn


class Store(IntegrityMixin, LinksMixin, OrganiseReads):
    """A library database. Open with `Store.open(path_or_url)`; migrations run on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._read_conn: Connection | None = None
        # (data_version, id -> date-added rank, id -> year): see _order_index
        self._rank: tuple[int, dict[int, int], dict[int, int | None], bool] | None = None

    @classmethod
    def open(cls, location: str) -> Store:
        url = engine_mod.to_url(location)
        eng = engine_mod.make_engine(url)
        engine_mod.migrate(eng)
        return cls(eng)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

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
        with self.engine.begin() as conn:
            yield Txn(conn, self.dialect)
