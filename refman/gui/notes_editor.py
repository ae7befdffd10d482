"""The notes of one entry: a list, a Markdown editor and a preview that runs nothing.

The preview renders Markdown with raw HTML turned off (QTextDocument's MarkdownNoHTML) and
HTML notes only after the library sanitised them, in a QTextBrowser whose loadResource refuses
everything: no scripts exist in Qt's rich text, and no image or stylesheet is ever fetched.
Every change goes through `on_add`, `on_save` and `on_delete`, which the window runs as
undoable commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from refman.core.notes import plain_text
from refman.core.organise import Note

_MARKDOWN = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
             | QTextDocument.MarkdownFeature.MarkdownNoHTML)


class SafePreview(QTextBrowser):
    """Rich text that loads nothing: no remote (or local) images, no stylesheets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # type: ignore[override]
        self.refused.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def show_note(self, note: Note | None) -> None:
        if note is None:
            self.clear()
        elif note.format == "html":
            self.setHtml(note.body)  # sanitised by the library on the way in
        else:
            self.document().setMarkdown(note.body, _MARKDOWN)


class NotesDialog(QDialog):
    def __init__(self, title: str, notes: list[Note], on_add: Callable[[str], Note | None],
                 on_save: Callable[[Note, str], Note | None], on_delete: Callable[[Note], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Notes — {title}")
        self.resize(760, 480)
        self._on_add, self._on_save, self._on_delete = on_add, on_save, on_delete
        self.notes = list(notes)
        self.list = QListWidget()
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write a note in Markdown (**bold**, *italic*, - lists, [links](https://…))")
        self.preview = SafePreview()
        right = QSplitter()
        right.addWidget(self.editor)
        right.addWidget(self.preview)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([200, 560])
        self.add_button = QPushButton("&New Note")
        self.save_button = QPushButton("&Save")
        self.delete_button = QPushButton("&Delete Note")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_note)
        self.save_button.clicked.connect(self.save_note)
        self.delete_button.clicked.connect(self.delete_note)
        self.list.currentRowChanged.connect(self._show)
        self.editor.textChanged.connect(self._preview_text)
        self._fill()

    def _fill(self, select: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for n in self.notes:
            first = plain_text(n.body, n.format)[:60] or "(empty)"
            self.list.addItem(QListWidgetItem(first))
        self.list.blockSignals(False)
        if self.notes:
            self.list.setCurrentRow(min(select, len(self.notes) - 1))
            self._show(self.list.currentRow())
        else:
            self.editor.clear()
            self.preview.show_note(None)
        self.save_button.setEnabled(bool(self.notes))
        self.delete_button.setEnabled(bool(self.notes))

    def current(self) -> Note | None:
        row = self.list.currentRow()
        return self.notes[row] if 0 <= row < len(self.notes) else None

    def _show(self, row: int) -> None:
        note = self.current()
        self.editor.blockSignals(True)
        self.editor.setPlainText(note.body if note else "")
        self.editor.setReadOnly(note is not None and note.format == "html")  # HTML notes: read, not retype
        self.editor.blockSignals(False)
        self.preview.show_note(note)

    def _preview_text(self) -> None:
        note = self.current()
        if note is not None and note.format == "markdown":
            self.preview.document().setMarkdown(self.editor.toPlainText(), _MARKDOWN)

    def add_note(self, text: str = "") -> None:
        note = self._on_add(text)
        if note is not None:
            self.notes.append(note)
            self._fill(len(self.notes) - 1)
            self.editor.setFocus()

    def save_note(self) -> None:
        note = self.current()
        if note is None:
            return
        stored = self._on_save(note, self.editor.toPlainText())
        if stored is not None:
            row = self.list.currentRow()
            self.notes[row] = stored
            self._fill(row)

    def delete_note(self) -> None:
        note = self.current()
        if note is not None and self._on_delete(note):
            row = self.list.currentRow()
            del self.notes[row]
            self._fill(row)
