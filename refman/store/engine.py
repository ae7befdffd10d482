"""Opening a library: URL resolution, SQLite pragmas, and migrations on open.

Opening takes no lock: the file is identified read-only (`identity`), and a write transaction is
started only when there is something to write (a new library, a migration, marking a library of
an older refman). Everything else a command does first is a read, which WAL never blocks.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from refman.core.errors import LibraryError
from refman.store import identity, locking

HEAD_REVISION = "0002_issue18"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def to_url(location: str) -> str | URL:
    """A SQLAlchemy URL when `location` starts with `scheme://`; otherwise a file path, used as the
    exact file name (a `?` or `%20` in it is part of the name, never a query or an escape)."""
    if _SCHEME.match(location):
        if location.startswith(("postgresql:", "postgres:")):  # the driver refman ships
            location = "postgresql+psycopg:" + location.split(":", 1)[1]
        try:
            make_url(location)
        except ArgumentError as exc:
            raise LibraryError(f"not a valid library URL: {location} ({exc})") from exc
        return location
    path = Path(location).expanduser()
    if path.is_dir():
        raise LibraryError(f"{path} is a folder; give a library file such as {path / 'library.sqlite'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
    return URL.create("sqlite", database=str(path.resolve()))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Connection settings only: journal_mode is a property of the file, set once when refman
    # creates or upgrades it (setting it here would rewrite another program's file).
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={locking.READ_BUSY_MS}")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk imports and deep sorts stay off the disk
    cur.close()


def make_engine(url: str | URL, wait: locking.WriteWait | None = None) -> Engine:
    kwargs: dict[str, Any] = {}
    wait = wait or locking.WriteWait()
    driver = url.drivername if isinstance(url, URL) else url
    if driver.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
    elif driver.startswith("postgresql"):
        kwargs.update(connect_args={"connect_timeout": 10}, pool_pre_ping=True)
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # driver missing, bad URL: a one-line message, not a traceback
        raise LibraryError(f"cannot open library {url}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that a whole import
        # is one transaction (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL").
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # Autocommit read connections must not hold a snapshot open: they would never see
            # later writes (WAL readers keep the snapshot their transaction started with).
            if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                locking.begin_write(conn.connection.driver_connection, wait)

    elif engine.dialect.name == "postgresql":
        from refman.store import pg_engine

        pg_engine.configure(engine)
    return engine


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def current_revision(engine: Engine) -> str | None:
    """Read without a transaction (autocommit): finding out the revision must not take the write lock."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def prepare(engine: Engine) -> None:
    """Make the library ready to use: refuse what refman must not open, create or migrate it
    when needed (the only cases that take the write lock), do nothing for an up-to-date library."""
    path = sqlite_file(engine)
    if path is None:
        try:
            rev = current_revision(engine)
        except Exception as exc:
            raise LibraryError(f"cannot read library {engine.url!r}: {exc}") from exc
        identity.check_revision(Path(str(engine.url)), rev, HEAD_REVISION)
        if rev != HEAD_REVISION:
            _upgrade(engine)
        return
    found = identity.inspect_file(path)
    if found.kind == "damaged":
        from refman.store.backup import DamagedLibrary, damaged_message

        raise DamagedLibrary(damaged_message(path, "it cannot be read"))
    identity.check_revision(path, found.revision, HEAD_REVISION)
    if found.kind == "refman" and found.revision == HEAD_REVISION and found.marked:
        return
    if found.kind == "refman" and found.revision == HEAD_REVISION:
        # Only the mark is missing (a library of an older refman): add it when the file can be
        # written now; a read-only or busy library is still opened, and marked another time.
        _mark(path)
        return
    if found.kind == "refman" and found.revision is not None:
        from refman.store.backup import make_backup

        make_backup(path, f"before-migration-from-{found.revision}")
    _set_wal(engine, path)
    _upgrade(engine)


def _mark(path: Path) -> None:
    """Mark a library of an older refman (WAL, application_id, user_version) without waiting:
    if another program is writing, or the file is read-only, it is opened unmarked this time."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA application_id={identity.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={identity.LIBRARY_FORMAT}")
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        pass
    finally:
        conn.close()


def _set_wal(engine: Engine, path: Path) -> None:
    """WAL lets readers go on while a writer works; it cannot be switched inside a transaction."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        try:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        except Exception as exc:  # read-only file or folder: reading still works, writing will say why
            if not isinstance(getattr(exc, "orig", None), sqlite3.OperationalError):
                raise


def _upgrade(engine: Engine) -> None:
    """Bring the schema to head and mark the file as a refman library, in one write transaction
    (Alembic re-reads the revision under the lock, so two processes creating one library at
    once do the work once)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={identity.APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={identity.LIBRARY_FORMAT}")


def library_file(location: str) -> Path | None:
    """The SQLite file a location names (as `to_url` reads it), or None for a server database."""
    url = to_url(location)
    parsed = url if isinstance(url, URL) else make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
