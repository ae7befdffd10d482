"""Seeing what another program wrote: the open window follows other clients' commits (issues 14, 16).

One watcher for every kind of library. A timer asks the library's change feed
(refman.library.sharing, store/changes.py) three times a second whether someone else committed:
on SQLite it compares `PRAGMA data_version` (a few microseconds, no lock, so a CLI import shows
up within the second); on PostgreSQL LISTEN/NOTIFY tells it, and when LISTEN is not possible the
feed polls the server's change counter once a second instead. `poll()` never blocks, so the window
stays responsive. On news the table, sidebar and detail pane are refreshed, keeping the
selection. (A file-system watcher on SQLite's -wal file would fire on every page a writer
touches, long before the commit.)

While this window's own background task (an import, a bulk delete) runs, the watcher waits: the
task's commits are no news, and the window refreshes when it ends. A refresh of the whole window
calls `resync()` first, so the window's own edits are not announced a moment later either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from refman.gui.main_window import MainWindow
    from refman.library import Library
    from refman.library.sharing import ChangeFeed

INTERVAL_MS = 300


class LibraryWatcher(QObject):
    """Refreshes `window` when another client changed its library; a failing read is skipped (the
    library may be mid-restore or gone; the next action the person takes reports that)."""

    def __init__(self, window: MainWindow, interval_ms: int = INTERVAL_MS, follow: bool = True) -> None:
        super().__init__(window)
        self._window = window
        self._feed: ChangeFeed | None = None
        self.refreshes = 0  # how many times others' changes were shown (tests, status)
        if follow:  # False: the first paint's stand-in is in place; the window calls follow() once it is open
            self.follow(window.lib)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    @property
    def feed(self) -> ChangeFeed | None:
        """The change feed in use (None: this library cannot be watched)."""
        return self._feed

    def follow(self, lib: Library) -> None:
        """Watch `lib` from now on (at start, and after File > Open switched libraries)."""
        from refman.library.sharing import change_feed  # the library layer loads after the first paint

        self.close()
        try:
            self._feed = change_feed(lib)
        except Exception:  # no feed (e.g. the library is unreadable now): no live refresh
            self._feed = None

    def poll(self) -> bool:
        """Check once; True when the library changed elsewhere and the window was refreshed."""
        window = self._window
        if self._feed is None or window.closed or any(t.running for t in window.tasks):
            return False
        try:
            changed = self._feed.poll()
        except Exception:  # the feed reports failures as "no news"; this is belt and braces
            return False
        if not changed:
            return False
        self.refreshes += 1
        window._changed_elsewhere()
        window.show_current_entry()
        window.statusBar().showMessage("The library was changed elsewhere; the view is up to date.", 3000)
        return True

    def resync(self) -> None:
        """Take the library as it is now as seen: the window is about to show all of it, or its
        own background task just wrote it (nothing changed *elsewhere*)."""
        if self._feed is not None:
            self._feed.resync()

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    def stop(self) -> None:
        """The window closes: no more polls, and the feed's connection is given back."""
        self.timer.stop()
        self.close()
