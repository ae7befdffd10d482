"""The library as the window's first paint sees it: its first rows and its size, read without SQLAlchemy.

At 100k entries, importing the library layer (SQLAlchemy and ~250 modules) and opening the Store
cost more than a bare PySide6 window takes to appear. So the desktop app builds its real window
on `FirstRows`, a stand-in holding the first page of the default view (date added) and the number
of entries, read with the standard sqlite3 module (refman.store.quick). Right after the first
paint the window opens the real `Library` and puts it in the stand-in's place
(MainWindow.library_ready), re-reading the view so that anything written in between shows.

Anything asked of the stand-in that those rows cannot answer (a search typed in the first
instants, another sort, an entry's details) opens the real library there and then and is answered
by it: nothing the user does before the swap fails, it only waits for the open. What opened it
early is kept in `early` (logged; the tests check that the first paint itself opens nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from refman.core.errors import RefmanError
from refman.core.query_root import MatchAll, Node
from refman.store.quick import FirstRead, first_rows

if TYPE_CHECKING:
    from refman.core.model import EntrySummary
    from refman.library import Library

FIRST_PAGE = 200  # the table model's page: its first page is answered from these rows

log = logging.getLogger("refman.gui")


class LibraryOpening(RefmanError):
    """Asked of the stand-in before the real library is open, where waiting for it would be wrong."""


def _whole(query: str | Node) -> bool:
    return isinstance(query, MatchAll) or (isinstance(query, str) and not query.strip())


class FirstRows:
    """Answers the first paint's questions (how many entries, the first page of the default
    order); everything else goes to the real Library, opened by `opener` on first need."""

    def __init__(self, location: str, read: FirstRead, opener: Callable[[], Library]) -> None:
        self.location = location
        self.rows = read.rows
        self.total = read.total
        self._read = read
        self._opener = opener
        self.real: Library | None = None
        self.early: list[str] = []  # what opened the real library before library_ready did

    @classmethod
    def read(cls, location: str, opener: Callable[[], Library], limit: int = FIRST_PAGE) -> FirstRows | None:
        """The stand-in for a SQLite library at the newest schema; None when the ordinary path
        must open it (a server URL, a file that does not exist yet or needs a migration)."""
        read = first_rows(location, limit)
        if read is None:
            return None
        return cls(location, read, opener)

    def open(self) -> Library:
        """The real library (opened now if it is not yet)."""
        if self.real is None:
            self.real = self._opener()
        return self.real

    def count(self, query: str | Node = "") -> int:
        if self.real is None and _whole(query):
            return self.total
        return self.open().count(query)

    def search(self, query: str | Node = "", order_by: str | None = None, descending: bool = False,
               offset: int = 0, limit: int = 1_000_000) -> list[EntrySummary]:
        rows = self.rows
        if (self.real is None and _whole(query) and order_by in (None, "natural", "added") and not descending
                and offset >= 0 and (offset + limit <= len(rows) or len(rows) == self.total)):
            return rows[offset : offset + limit]
        return self.open().search(query, order_by, descending, offset, limit)

    def data_version(self) -> int:
        """Before the open there is no version to compare with (the change watcher skips a read
        that fails and takes the first one after the swap as its start)."""
        if self.real is None:
            raise LibraryOpening("the library is still opening")
        return self.real.data_version()

    def unchanged(self) -> bool:
        """Whether nothing was committed to the library since the first rows were read (then
        the window keeps what it shows when the real library takes the stand-in's place)."""
        return self._read.unchanged()

    def forget(self) -> None:
        """Close the connection that tells whether the library changed (once the swap is done)."""
        self._read.close()

    def close(self) -> None:
        self.forget()
        if self.real is not None:
            self.real.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends probe for these: not a library question
            raise AttributeError(name)
        if self.real is None:
            self.early.append(name)
            log.info("the library was opened early, for %s", name)
        return getattr(self.open(), name)


def stand_in(library: object) -> FirstRows | None:
    """`library` if it is a stand-in (the window has not yet put the real library in its place)."""
    return library if isinstance(library, FirstRows) else None
