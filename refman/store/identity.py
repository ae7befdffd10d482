"""What a file given as a library is, found out without writing to it.

refman marks its libraries with SQLite's `application_id` (a number in the file header meant for
exactly this) and `user_version` (the library format). Libraries made before the mark existed are
recognised by their tables (`alembic_version` and `entries`) and marked when next opened for
writing. Anything else that is a non-empty SQLite database belongs to another program and is
refused before SQLAlchemy, Alembic or a journal-mode change can touch it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from refman.core.errors import LibraryError
from refman.store.failures import explain

APPLICATION_ID = 0x52464D4E  # "RFMN" in the SQLite header (offset 68)
LIBRARY_FORMAT = 1  # PRAGMA user_version of a refman library; the schema revision is in alembic_version
SQLITE_MAGIC = b"SQLite format 3\x00"
_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FileKind:
    """kind: "new" (missing or empty file, or SQLite without tables), "refman" (marked or recognised
    by its tables) or "damaged" (a file we cannot read as SQLite). `marked` is False for a library
    of an older refman that has no application_id yet."""

    kind: str
    revision: str | None = None
    marked: bool = False


@cache
def known_revisions() -> frozenset[str]:
    """The Alembic revision ids this version of refman ships (read from the migration files, so
    that Alembic itself is imported only when there is something to migrate)."""
    found = set()
    for script in _VERSIONS.glob("*.py"):
        m = _REVISION.search(script.read_text(encoding="utf-8"))
        if m:
            found.add(m.group(1))
    return frozenset(found)


def inspect_file(path: Path) -> FileKind:
    """Classify `path` without writing to it; raise LibraryError for a file refman must not open."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return FileKind("new")
    except IsADirectoryError as exc:
        raise LibraryError(f"{path} is a folder; give a library file such as {path / 'library.sqlite'}") from exc
    except OSError as exc:
        raise LibraryError(f"cannot read library {path}: {exc.strerror or exc}") from exc
    if not header:
        return FileKind("new")
    if not header.startswith(SQLITE_MAGIC):
        raise LibraryError(f"{path} is not a refman library (not an SQLite database); refman will not change it")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise LibraryError(f"{path} belongs to another program (SQLite application id {app_id:#x}); "
                           "refman will not change it")
    try:
        tables, revision, wal_app_id = _tables_and_revision(path)
    except sqlite3.DatabaseError as exc:
        msg = str(exc).lower()
        if "malformed" not in msg and "not a database" not in msg:  # a full disk, a read-only folder
            raise LibraryError(explain(exc, path) or str(exc)) from exc
        if app_id == APPLICATION_ID:
            return FileKind("damaged", None, True)
        raise LibraryError(f"cannot read {path} as a library: {exc}") from exc
    if app_id == APPLICATION_ID or wal_app_id == APPLICATION_ID:
        # In WAL mode the header on disk lags until a checkpoint: a library marked a moment ago by
        # another open connection shows its mark only through SQLite. Reading the raw header
        # alone made every second connection mark the file again, a commit that other windows
        # took for a change made elsewhere.
        return FileKind("refman", revision, True)
    if not tables:
        return FileKind("new")
    if "alembic_version" in tables and "entries" in tables and revision is not None:
        return FileKind("refman", revision, False)
    raise LibraryError(f"{path} is an SQLite database of another program (tables: {', '.join(sorted(tables)[:5])}"
                       f"{', …' if len(tables) > 5 else ''}); refman will not change it")


def _tables_and_revision(path: Path) -> tuple[set[str], str | None, int]:
    # query_only: this connection cannot write, whatever the file turns out to be. It is opened
    # read-write when it may be, so that closing it removes the -wal/-shm files reading a WAL
    # file creates (a mode=ro connection would leave them behind).
    mode = "rw" if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) else "ro"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        conn.execute("PRAGMA query_only=1")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        return tables, revision, app_id
    finally:
        conn.close()


def check_revision(path: Path, revision: str | None, head: str) -> None:
    """Refuse a library made by a newer refman, before anything (a backup, a migration) happens."""
    if revision is not None and revision != head and revision not in known_revisions():
        raise LibraryError(f"{path} was made by a newer version of refman (revision {revision}); "
                           f"this version is {head}: update refman to open it (nothing was changed)")

