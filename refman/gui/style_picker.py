"""The searchable list of every bundled citation style (the style chooser's "More styles…" and
Edit > Citation Style…).

A module of its own, imported when a picker is first opened: PySide6 builds each Qt class it
imports, and the class's enums, on import (QDialog, QDialogButtonBox, QLineEdit, QListWidget:
~1.5 ms), and the style chooser in the toolbar (refman.gui.citations) is made before the
window's first paint, where no picker is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from refman.gui.citations import style_id, style_title
from refman.gui.qt_namespace import Qt
from refman.gui.sizing import fit_to_screen

if TYPE_CHECKING:
    from refman.gui.citations import StyleCombo


class StylePickerDialog(QDialog):
    """Every bundled CSL style, filtered as you type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a citation style")
        fit_to_screen(self, 560, 520)
        self.chosen: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search styles by name…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._fill)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.accept)
        self.search.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self._fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down/Page keys typed in the search box move in the list: type, arrow, Enter."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            if self._timer.isActive():
                self._fill()
            QCoreApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    def select_style(self, sid: str) -> None:
        """Make `sid` the current row (when the current filter shows it)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == sid:
                self.list.setCurrentRow(row)
                self.list.scrollToItem(self.list.item(row))
                return

    def _fill(self) -> None:
        self.list.clear()
        try:
            from refman.library import list_styles

            styles = list_styles(self.search.text().strip())
        except Exception as exc:  # engine missing or broken: say so instead of an empty list
            self.status.setText(f"Cannot list styles: {exc}")
            return
        for s in styles[:2000]:
            item = QListWidgetItem(style_title(s))
            item.setData(Qt.ItemDataRole.UserRole, style_id(s))
            item.setToolTip(style_id(s))
            self.list.addItem(item)
        shown = min(len(styles), 2000)
        self.status.setText(f"{len(styles):,} styles" + (f" (first {shown:,} shown)" if shown < len(styles) else ""))
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        if self._timer.isActive():  # Enter right after typing: the list must match the text first
            self._fill()
        item = self.list.currentItem()
        if item is not None:
            self.chosen = (str(item.data(Qt.ItemDataRole.UserRole)), item.text())
        super().accept()


def open_style_picker(combo: StyleCombo, parent: QWidget) -> StylePickerDialog:
    """Edit > Citation Style…: the searchable picker, opened (not exec'd) on the current style;
    accepting it sets the combo's style (which builds it in the background)."""
    dialog = StylePickerDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.select_style(combo.current_style())

    def chosen() -> None:
        if dialog.chosen is not None:
            combo.set_style(*dialog.chosen)

    dialog.accepted.connect(chosen)
    dialog.open()
    dialog.search.setFocus()
    return dialog
