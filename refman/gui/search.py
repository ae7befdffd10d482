"""The search box: the CLI's query language, debounced so typing never waits for the database."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from refman.gui.qt_namespace import Qt

DEBOUNCE_MS = 150


class SearchBox(QLineEdit):
    """Emits `search(text)` ~150 ms after the last keystroke (at once on Enter or Esc).

    Esc clears the box (a second Esc moves to the table: `leave` is emitted). Enter or Down runs
    the search at once and moves to the results (`to_results`): the window selects the first hit
    there, so copying and editing work straight away from the keyboard.
    """

    search = Signal(str)
    leave = Signal()
    to_results = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText('Search  (e.g. author:smith year:2020..2024 "exact phrase" -word)   Ctrl+F')
        self.setClearButtonEnabled(True)
        self.setAcceptDrops(False)
        self._help = (
            "word: any field, prefix match · \"a phrase\" · author: title: journal: abstract: keyword: publisher:\n"
            "year:2020  year:2020..2024 · type:book · key:smith2020 · doi:10.1000/x\n"
            "cited-by:KEY (its reference list) · cites:KEY · -word (not) · a OR b · ( ... )"
        )
        self.setToolTip(self._help)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.fire)
        self.textChanged.connect(lambda _t: self.timer.start())

    def fire(self) -> None:
        self.timer.stop()
        self.search.emit(self.text())

    def set_error(self, message: str | None) -> None:
        """Mark the box while the query cannot be run; the status bar carries the message."""
        self.setProperty("invalid", bool(message))
        self.setToolTip(message or self._help)
        self.setStyleSheet("QLineEdit { border: 1px solid #d0463b; }" if message else "")  # red reads as an error on light and dark

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
                self.fire()
            else:
                self.leave.emit()
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            if self.timer.isActive() or key != Qt.Key.Key_Down:
                self.fire()
            self.to_results.emit()
            event.accept()
            return
        super().keyPressEvent(event)
