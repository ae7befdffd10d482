"""Keep-updated exports from the window: written again in the background once the library has
been quiet for KEEP_UPDATED_DELAY_MS after a change (every change restarts the wait).

The writing runs on this scheduler's own one-thread pool with its own `Library` on the same
file, kept open between runs so that its store's entry cache makes each refresh read only the
entries that changed (refman/library/keep_updated.py). A run that is asked for while one is
going waits for it and then runs once more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

if TYPE_CHECKING:
    from refman.library import Library


class _Signals(QObject):
    done = Signal(object)  # list[(path, written)]
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, scheduler: KeepUpdatedScheduler, location: str) -> None:
        super().__init__()
        self._scheduler = scheduler
        self._location = location

    def run(self) -> None:
        sched = self._scheduler
        try:
            if sched.worker_lib is None or sched.worker_location != self._location:
                if sched.worker_lib is not None:
                    sched.worker_lib.close()
                from refman.library import Library

                sched.worker_lib = Library.open(self._location)
                sched.worker_location = self._location
            result = sched.worker_lib.refresh_keep_updated()
        except Exception as exc:  # reported in the status bar, never lost in the worker
            sched.signals.failed.emit(str(exc))
            return
        sched.signals.done.emit(result)


class KeepUpdatedScheduler(QObject):
    written = Signal(object)  # list[(path, written)] of the last run
    failed = Signal(str)

    def __init__(self, location: Callable[[], str], parent: QObject | None = None,
                 delay_ms: int | None = None) -> None:
        super().__init__(parent)
        self._location = location
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._delay_ms = delay_ms  # None: KEEP_UPDATED_DELAY_MS, read at the first change (not at start-up)
        self._timer.timeout.connect(self._start)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.signals = _Signals(self)
        self.signals.done.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.worker_lib: Library | None = None
        self.worker_location = ""
        self.running = False
        self._again = False
        self.runs = 0

    def library_changed(self) -> None:
        """Call after every change: the write happens once changes stop for the delay."""
        self._wait()

    def _wait(self) -> None:
        if self._delay_ms is None:
            from refman.library.keep_updated import KEEP_UPDATED_DELAY_MS

            self._delay_ms = KEEP_UPDATED_DELAY_MS
        self._timer.setInterval(self._delay_ms)
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        self._start()

    def _start(self) -> None:
        if self.running:
            self._again = True
            return
        location = self._location()
        if not location or location.endswith(":memory:"):
            return
        self.running = True
        self._pool.start(_Job(self, location))

    def _finished(self, result: object) -> None:
        self.running = False
        self.runs += 1
        self.written.emit(result)
        self._next()

    def _failed(self, message: str) -> None:
        self.running = False
        self.runs += 1
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self._wait()

    def close(self) -> None:
        self._timer.stop()
        self._pool.waitForDone()
        if self.worker_lib is not None:
            self.worker_lib.close()
            self.worker_lib = None
