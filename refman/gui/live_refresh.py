"""Other clients' changes appear without a restart (shared libraries, issue 16).

A timer polls the library's change feed (refman.library.sharing: LISTEN/NOTIFY on PostgreSQL,
polling as its fallback; data_version for another process writing a SQLite file) three times a
second; `poll()` never blocks, so the window stays responsive. On news the table, sidebar and
detail pane are refreshed, keeping the selection. While this window's own import or export runs
it waits: that work refreshes the window when it ends.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from refman.core.model import Changes

if TYPE_CHECKING:
    from refman.gui.main_window import MainWindow
    from refman.library import Library
    from refman.library.sharing import ChangeFeed

INTERVAL_MS = 300


class LiveRefresh(QObject):
    def __init__(self, window: MainWindow, follow: bool = True) -> None:
        super().__init__(window)
        self._window = window
        self._feed: ChangeFeed | None = None
        self.refreshes = 0  # how many times others' changes were shown (tests, status)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        if follow:  # False: the window calls follow() once its library is open
            self.follow(window.lib)
        self._timer.start()

    def follow(self, lib: Library) -> None:
        """Watch `lib` from now on (after File > Open switched libraries)."""
        self.close()
        try:
            from refman.library.sharing import change_feed

            self._feed = change_feed(lib)
        except Exception:  # no feed (e.g. the server refused a second connection): no live refresh
            self._feed = None

    def _tick(self) -> None:
        window = self._window
        if self._feed is None or any(t.running for t in window.tasks):
            return
        try:
            changed = self._feed.poll()
        except Exception:
            return
        if changed:
            self.refreshes += 1
            window._changed(Changes(), keep=())
            window.show_current_entry()
            window.statusBar().showMessage("The library was changed elsewhere; the view is up to date.", 3000)

    def resync(self) -> None:
        """After this window's own background task wrote: nothing changed *elsewhere*."""
        if self._feed is not None:
            with contextlib.suppress(Exception):
                self._feed.resync()

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None
