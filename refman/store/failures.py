"""Database failures in words: what a person can do about a full disk, a read-only file or
folder, or a damaged library, instead of a driver traceback. Used by the command line."""

from __future__ import annotations

import os
import shutil
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


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def explain(exc: BaseException, library: Path | None) -> str | None:
    """One line for a database failure, or None when `exc` is not one."""
    err = _db_error(exc)
    if err is None:
        return None
    msg = str(err).lower()
    where = str(library) if library is not None else "the library"
    if "unable to open database" in msg or getattr(err, "sqlite_errorname", "") == "SQLITE_READONLY_DIRECTORY":
        return cannot_open(library, err) if library is not None else f"cannot open the library: {err}"
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"the disk holding {where} is full; nothing was changed (the write, if any, was rolled back): free some space"
    if "readonly" in msg or "read-only" in msg:
        return f"{where} is read-only: refman cannot write to it (nothing was changed)"
    if "disk i/o" in msg:
        if library is not None and _nearly_full(library.parent):
            return f"the disk holding {where} is full: SQLite cannot even read it; free some space (nothing was changed)"
        return f"disk I/O error on {where}: the disk may be failing or full (nothing was changed)"
    if "malformed" in msg or "not a database" in msg:
        if library is not None:
            from refman.store.backup import damaged_message

            return damaged_message(library, str(err))
        return f"the library is damaged: {err}"
    if "could not decode" in msg:
        return f"{where} holds text that is not valid UTF-8 ({err}); nothing was written: restore a backup or fix that entry"
    if "locked" in msg or "busy" in msg:
        return f"{where} is busy (another program is writing to it); try again when it has finished"
    return f"database error in {where}: {err}"


def cannot_open(path: Path, exc: BaseException) -> str:
    """Why SQLite could not open an existing file: most often a folder it cannot write in."""
    if path.exists() and not os.access(path.parent, os.W_OK):
        return (f"cannot open {path}: its folder {path.parent} is not writable, and SQLite needs to create "
                f"{path.name}-wal and {path.name}-shm beside it; copy the library to a folder you can write to")
    if not path.exists() and not os.access(path.parent, os.W_OK):
        return f"cannot create the library {path}: its folder {path.parent} is not writable"
    return f"cannot open {path}: {exc}"
