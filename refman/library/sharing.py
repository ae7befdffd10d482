"""Shared libraries: learning that another client changed the library (issue 16).

`change_feed(library)` gives an object whose `poll()` says, without blocking, whether someone
else committed a change since the last call (LISTEN/NOTIFY on PostgreSQL, polling the change
counter as a fallback; SQLite's data_version for another process writing the same file).
"""

from __future__ import annotations

from refman.library.core import Library
from refman.store.changes import ChangeFeed, open_feed

__all__ = ["ChangeFeed", "change_feed", "worker_location"]


def change_feed(library: Library, poll_every: float = 1.0, listen: bool = True) -> ChangeFeed:
    """The library's change feed; `poll_every` seconds between polls of a server's change
    counter, `listen` False to poll on PostgreSQL too (see store/changes.py)."""
    return open_feed(library.store.engine, library.store.data_version, poll_every, listen)


def worker_location(library: Library, location: str) -> str:
    """Where a worker thread opens its own connection to `library` (opened from `location`): the
    same place, with the password it was opened with if it is a server library (that password is
    in no setting, see gui/shared_library.py)."""
    if library.store.file_path is not None or "://" not in location or location.startswith("sqlite"):
        return location
    return library.store.connect_url
