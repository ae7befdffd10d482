"""Long work (import, export) off the GUI thread, behind a progress dialog that can cancel it.

The work function runs in a QThreadPool thread and receives `progress(done, total)` and
`cancelled() -> bool` callbacks, exactly the ones `Library.import_file` takes, so a cancel
makes the library roll the whole transaction back. The work opens its own `Library` on the
same location (its own connections): SQLAlchemy connections are not shared across threads,
and SQLite in WAL mode lets the GUI keep reading while the worker writes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from refman.library import Library

Work: TypeAlias = "Callable[[Library, Callable[[int, int], None], Callable[[], bool]], Any]"

SHOW_AFTER_MS = 400


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


def _in_memory(location: str) -> bool:
    loc = location.strip()
    return loc in ("", ":memory:", "sqlite://", "sqlite:///:memory:") or loc.endswith(":memory:")


_gc_lock = threading.Lock()
_gc_users = [0, 0]  # [works running, the generation-2 threshold to restore]


@contextmanager
def no_full_collections() -> Iterator[None]:
    """No full (generation-2) garbage collection while a worker runs.

    Python's cyclic collector stops every thread while it scans all tracked objects. A worker
    that reads 100,000 entries (a bulk delete, its undo) grows the heap by a million objects,
    and each growth of a quarter triggered a full scan: pauses of 140 to 870 ms on the GUI
    thread too. Young generations are still collected (cheap, and they free the work's own
    cycles); at the end the objects that survived are frozen (gc.freeze: never scanned again,
    still freed by reference counting), so the delayed full scan does not land on the GUI."""
    with _gc_lock:
        if _gc_users[0] == 0:
            t0, t1, t2 = gc.get_threshold()
            _gc_users[1] = t2
            gc.set_threshold(t0, t1, 1_000_000_000)
        _gc_users[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users[0] -= 1
            if _gc_users[0] == 0:
                gc.freeze()
                t0, t1, _ = gc.get_threshold()
                gc.set_threshold(t0, t1, _gc_users[1])


class _Runnable(QRunnable):
    def __init__(self, location: str, shared: Library, work: Work, signals: _Signals,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._location = location
        self._shared = shared
        self._work = work
        self._signals = signals
        self._cancel = cancel

    def run(self) -> None:
        lib: Library | None = None
        own = False
        try:
            if _in_memory(self._location):
                lib = self._shared  # an in-memory database exists only on its one connection
            else:
                from refman.library import Library

                lib = Library.open(self._location)
                own = True
            # A cancel that arrives after the work committed changes nothing: the result stands.
            with no_full_collections():
                result = self._work(lib, self._signals.progress.emit, self._cancel.is_set)
        except BaseException as exc:  # reported to the GUI thread, never lost in a worker
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)
        finally:
            if own and lib is not None:
                lib.close()


class BackgroundTask(QObject):
    """One piece of long work with its progress dialog. Emits `finished(result)` or `failed(exc)`."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, pool: QThreadPool, location: str, library: Library, title: str,
                 label: str, work: Work, cancellable: bool = True) -> None:
        super().__init__(parent)
        self._pool = pool
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._runnable = _Runnable(location, library, work, self._signals, self._cancel)
        from PySide6.QtWidgets import QProgressDialog  # made with the first task, not before the first paint

        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        if not cancellable:  # work that cannot stop half-way gets no button that pretends it can
            self.dialog.setCancelButton(None)
        self._label = label
        self.running = False

    def start(self) -> None:
        self.running = True
        self._pool.start(self._runnable)

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.dialog.setLabelText("Cancelling…")

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _on_progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            return
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setLabelText(f"{self._label} ({total:,} entries)")
        self.dialog.setValue(min(done, total))

    def _finish(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.hide()
        # Deleted later: this slot may run inside the dialog's own signal emission.
        QTimer.singleShot(0, self.dialog.deleteLater)

    def _on_done(self, result: object) -> None:
        self._finish()
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)
