"""Opening a library: URL resolution, SQLite pragmas, and migrations on open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from refman.core.errors import LibraryError

HEAD_REVISION = "0002_issue18"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def to_url(location: str) -> str:
    """A SQLAlchemy URL as given, or a file path turned into a SQLite URL."""
    if "://" in location:
        try:
            make_url(location)
        except ArgumentError as exc:
            raise LibraryError(f"not a valid library URL: {location} ({exc})") from exc
        return location
    path = Path(location).expanduser()
    if path.is_dir():
        raise LibraryError(f"{path} is a folder; give a library file such as {path / 'library.sqlite'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk imports and deep sorts stay off the disk
    cur.close()


def make_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
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
                # IMMEDIATE: take the write lock up front, so that ids handed out by a bulk insert
                # (max(id) + n) cannot race another writer, and a busy library waits, not fails.
                conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to head. Alembic is imported only when there is something to do."""
    try:
        rev = current_revision(engine)
    except Exception as exc:
        raise LibraryError(f"cannot read library {engine.url!r}: {exc}") from exc
    if rev == HEAD_REVISION:
        return
    path = sqlite_file(engine)
    if rev is not None and path is not None:
        from refman.store.backup import make_backup

        make_backup(path, f"before-migration-from-{rev}")
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
