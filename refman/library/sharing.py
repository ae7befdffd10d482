"""Shared libraries: learning that another client changed the library (issue 16).

`change_feed(library)` gives an object whose `poll()` says, without blocking, whether someone
else committed a change since the last call (LISTEN/NOTIFY on PostgreSQL, polling as a
fallback; SQLite's data_version for another process writing the same file).
"""

from __future__ import annotations

from refman.library.core import Library
from refman.store.changes import ChangeFeed, open_feed

__all__ = ["ChangeFeed", "change_feed"]


def change_feed(library: Library, poll_every: float = 1.0) -> ChangeFeed:
    return open_feed(library.store.engine, poll_every)
