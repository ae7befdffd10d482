"""Failures from outside refman (the disk, the file system, the database driver) as one line
each, so that `refman` never answers a full disk or a read-only file with a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

from refman.store.engine import library_file
from refman.store.failures import explain as explain_db

_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted (is the file immutable or read-only?)",
}


def _library(location: str | None) -> Path | None:
    if location is None:
        return None
    try:
        return library_file(location)
    except Exception:  # the location itself may be what failed; then name no file
        return None


def explain(exc: BaseException, location: str | None) -> str | None:
    """The line to print for `exc`, or None when it is a bug (then the traceback is wanted)."""
    line = explain_db(exc, _library(location))
    if line is not None:
        return line
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{reason}; nothing was changed"
    if isinstance(exc, UnicodeError):
        return f"text that is not valid UTF-8 ({exc}); nothing was changed"
    return None
