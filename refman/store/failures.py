"""Database failures in words: what a person can do about a full disk, a read-only file or
folder, or a damaged library, instead of a driver traceback. Used by the command line."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def _db_error(exc: BaseException) -> sqlite3.Error | None:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        orig = getattr(cur, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        if isinstance(cur, sqlite3.Error):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def explain(exc: BaseException, library: Path | None) -> str | None:
    """One line for a database failure, or None when `exc` is not one."""
    err = _db_error(exc)
    if err is None:
        return None
    msg = str(err).lower()
    where = str(library) if library is not None else "the library"
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"the disk holding {where} is full; the write was rolled back and the library is unchanged"
    if "readonly" in msg or "read-only" in msg:
        return f"{where} is read-only: refman cannot write to it (nothing was changed)"
    if "unable to open database" in msg:
        if library is not None and library.exists() and not os.access(library.parent, os.W_OK):
            return (f"cannot open {where}: its folder {library.parent} is not writable, and SQLite needs "
                    f"to create {library.name}-wal and {library.name}-shm beside it; copy the library to a "
                    "folder you can write to")
        return f"cannot open {where}: {err}"
    if "malformed" in msg or "not a database" in msg or "disk i/o" in msg:
        if library is not None:
            from refman.store.backup import damaged_message

            return damaged_message(library, str(err))
        return f"the library is damaged: {err}"
    if "locked" in msg or "busy" in msg:
        return f"{where} is busy (another program is writing to it); try again when it has finished"
    return f"database error in {where}: {err}"
