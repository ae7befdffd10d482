"""`REFMAN_QUIT_AFTER_PAINT=1`: print one line when the window has first painted, then quit.

It lets a process check a real start of the app (the installed-wheel test, packaging checks) and
lets benchmarks/startup.py time process start to first paint, from outside, with nothing mocked.
`REFMAN_QUIT_AFTER_PAINT=report` first prints a line saying what that paint showed (the row count,
the first row, whether SQLAlchemy was loaded yet), for tests that check a real start from outside.
`REFMAN_QUIT_AFTER_PAINT=ready` prints LINE at the first paint but quits only once the window's
library is open and its sidebar loaded (READY): the benchmark's time until the app is fully usable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "REFMAN_QUIT_AFTER_PAINT"
LINE = "refman: first paint"
REPORT = "refman: painted "
READY = "refman: library ready"


def wanted(environ: Mapping[str, str]) -> bool:
    return environ.get(ENV, "") not in ("", "0")


def reporting(environ: Mapping[str, str]) -> bool:
    return environ.get(ENV, "") == "report"


def until_ready(environ: Mapping[str, str]) -> bool:
    return environ.get(ENV, "") == "ready"


class QuitAfterFirstPaint(QObject):
    """Watches `widgets`; at the first Paint event of any of them, prints LINE and quits the app
    once the event loop is idle again (so the paint completes). With `wait_ready`, quitting waits
    for the caller's `ready()` (which prints READY)."""

    def __init__(self, widgets: Sequence[QWidget], app: QApplication,
                 report: Callable[[], str] | None = None, wait_ready: bool = False) -> None:
        super().__init__(app)
        self._app = app
        self._report = report
        self._wait_ready = wait_ready
        self._widgets = list(widgets)
        self._done = False
        for w in self._widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            if self._report is not None:
                print(REPORT + self._report(), flush=True, file=sys.stdout)
            print(LINE, flush=True, file=sys.stdout)
            if not self._wait_ready:
                QTimer.singleShot(0, self._app.quit)
        return False

    def ready(self) -> None:
        if self._wait_ready:
            self._wait_ready = False
            print(READY, flush=True, file=sys.stdout)
            QTimer.singleShot(0, self._app.quit)
