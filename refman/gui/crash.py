"""What the desktop app does with an error nobody caught: log it, and tell the researcher where the
log is, in a dialog, instead of vanishing (or printing to a terminal they do not have).

PySide6 hands an exception raised in a slot or an overridden Qt method to `sys.excepthook` and
goes on; Qt's own messages (warnings, and the last words before a fatal abort) go through the
message handler installed here into the same log.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from refman.gui.qt_namespace import Qt
from refman.logfile import open_log

if TYPE_CHECKING:  # made when a dialog first shows: QMessageBox and its enums cost the first paint ~1 ms
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("refman.crash")

QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], None]


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages into the log (and warnings and worse onto stderr too, as Qt would print them)."""
    level = QT_LEVELS.get(kind, logging.WARNING)
    category = getattr(context, "category", None) or "qt"
    log.log(level, "[%s] %s", category, message)
    if level >= logging.WARNING:
        print(message, file=sys.stderr, flush=True)
    if kind == QtMsgType.QtFatalMsg:
        open_log()  # what was held for the file until the first paint, before Qt aborts
        for handler in logging.getLogger("refman").handlers:
            handler.flush()


class CrashReporter:
    """sys.excepthook for the app: each uncaught exception is logged with its traceback and shown
    in a dialog naming the log file. Continue keeps the app running (the library is SQLite with
    transactions, so nothing half-written stays); Quit closes it."""

    def __init__(self, log_file: Path | None, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.log_file = log_file
        self.parent = parent
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous_hook: ExceptHook | None = None
        self._previous_handler: MessageHandler | None = None

    def install(self) -> CrashReporter:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle
        self._previous_handler = qInstallMessageHandler(qt_message)
        return self

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None
        qInstallMessageHandler(self._previous_handler)
        self._previous_handler = None

    def handle(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.count += 1
        log.critical("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)).rstrip())
        open_log()  # before the first paint the log is held in memory: the dialog names the file
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time: a repeating error must not stack them up
        self.dialog = self.show(f"{kind.__name__}: {exc}")

    def text(self, summary: str) -> str:
        where = str(self.log_file) if self.log_file else "(no log file: logging could not start)"
        return (f"refman hit an unexpected error:\n\n{summary}\n\n"
                f"The details are in the log file:\n{where}\n\n"
                "Your library is safe: every change is saved in a transaction. "
                "Please attach the log file when you report the problem.")

    def show(self, summary: str) -> QMessageBox:
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, "refman: unexpected error", self.text(summary),
                          QMessageBox.StandardButton.NoButton, self.parent())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
        box.addButton("&Continue", QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton("&Quit refman", QMessageBox.ButtonRole.DestructiveRole)
        quit_button.clicked.connect(_quit)
        if QThread.currentThread().loopLevel() > 0:
            box.open()  # inside the running app: do not block the event loop that called us
        else:
            box.exec()  # before or after the event loop (start-up failed): wait for the researcher
        return box


def _quit() -> None:
    app = QApplication.instance()
    if app is not None:
        app.exit(1)


def tell_previous_crash(report: Path, log_file: Path | None, parent: QWidget | None) -> QMessageBox:
    """At start-up: the last run ended in a hard crash (faulthandler wrote `report`); say where it is."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "refman stopped unexpectedly",
                      "refman stopped unexpectedly the last time it ran.\n\n"
                      f"What it was doing is in:\n{report}\n"
                      + (f"and the log in:\n{log_file}\n" if log_file else "")
                      + "\nPlease attach these files when you report the problem.",
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box
