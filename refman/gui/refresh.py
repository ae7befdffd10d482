"""Seeing what another program wrote: the window refreshes after a CLI import commits.

SQLite's `PRAGMA data_version` changes whenever another connection commits; reading it is a
few microseconds and takes no lock, so a timer polls it once a second and the window reloads
its table and sidebar only when it moved. (A file-system watcher on the -wal file would fire on
every page a writer touches, long before the commit.)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

POLL_MS = 1000


class LibraryWatcher(QObject):
    """Calls `on_change()` after `version()` changes; a failing read is skipped (the library may
    be mid-restore or gone; the next action the person takes reports that)."""

    def __init__(self, version: Callable[[], int], on_change: Callable[[], None], parent: QObject,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._version = version
        self._on_change = on_change
        self._last = self._read()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _read(self) -> int | None:
        try:
            return self._version()
        except Exception:  # a closed or damaged library: try again on the next tick
            return None

    def poll(self) -> bool:
        """Check once; True when the library changed and the window was refreshed."""
        now = self._read()
        if now is None:
            return False
        before, self._last = self._last, now
        if before is None or now == before:  # unreadable before (closed, restoring): nothing to compare
            return False
        self._on_change()
        return True

    def resync(self) -> None:
        """Take the current version as seen (the window's own background task changed it)."""
        self._last = self._read()

    def stop(self) -> None:
        self.timer.stop()
