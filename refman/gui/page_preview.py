"""The preview of an article-page import: the article's fields and its reference table, before anything is stored.

A page from a site refman has never seen may be read imperfectly; the researcher sees the article as
read (every field editable), the references in order (each cell editable, each row untickable) and every
problem with its line, and imports only what they accept — the same promise the Paste dialog makes.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from refman.core.model import Entry, ParseResult
from refman.gui.importing import PREVIEW_COLUMNS, apply_cell, cell_text, corrected_result, fill_preview_row

# The article's fields shown in the form: (label, Entry attribute).
ARTICLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("&Title", "title"),
    ("&Authors", "authors"),
    ("&Journal", "container"),
    ("&Year", "year"),
    ("&Volume", "volume"),
    ("&Issue", "issue"),
    ("&Pages", "pages"),
    ("&DOI", "doi"),
    ("&Publisher", "publisher"),
    ("&Licence", "licence"),
)


class PagePreviewDialog(QDialog):
    """Shows a parsed article page; `corrected()` is the ParseResult to import (None: nothing)."""

    def __init__(self, result: ParseResult, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import article page — {source}")
        self.result_ = result
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # fit the screen, whatever its size
            area = screen.availableGeometry()
            self.resize(min(1100, int(area.width() * 0.9)), min(760, int(area.height() * 0.9)))
        self.article = result.entries[result.citing_index] if result.citing_index is not None else None

        form_box = QWidget()
        form = QFormLayout(form_box)
        self.fields: dict[str, QLineEdit] = {}
        if self.article is not None:
            for label, attr in ARTICLE_FIELDS:
                edit = QLineEdit(cell_text(self.article, attr))
                edit.setCursorPosition(0)
                self.fields[attr] = edit
                form.addRow(label, edit)
            self.abstract = QPlainTextEdit(self.article.abstract)
            self.abstract.setTabChangesFocus(True)
            self.abstract.setMaximumHeight(110)
            form.addRow("A&bstract", self.abstract)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)

        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setHorizontalHeaderLabels([c[0] for c in PREVIEW_COLUMNS])
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(False)
        for col, width in enumerate((90, 120, 200, 50, 330, 200, 60, 50, 80, 160)):
            self.table.horizontalHeader().resizeSection(col, width)
        self._rows = list(result.cited_indexes) if result.citing_index is not None else list(range(len(result.entries)))
        self.table.setRowCount(len(self._rows))
        for row, index in enumerate(self._rows):
            fill_preview_row(self.table, row, str(row + 1), result.entries[index])
        self.table.itemChanged.connect(lambda _item: self._update_count())

        self.problems = QListWidget()
        for p in result.problems:
            self.problems.addItem(f"{p.severity}: {p}")
        self.problems.setVisible(bool(result.problems))
        self.problems.setMaximumHeight(100)
        refs = len(self._rows)
        self.summary = QLabel(
            f"Read as an article page with {refs} reference{'s' if refs != 1 else ''}. Nothing is stored until "
            "you import. Correct any field; untick references to leave them out."
        )
        self.summary.setWordWrap(True)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(self.table)
        splitter.setSizes([300, 400])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self._update_count()
        if self.fields:
            self.fields["title"].setFocus()

    def _included(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _update_count(self) -> None:
        refs = sum(1 for r in range(self.table.rowCount()) if self._included(r))
        total = refs + (1 if self.article is not None else 0)
        self.import_button.setEnabled(total > 0)
        what = f"the article and {refs} reference{'s' if refs != 1 else ''}" if self.article else f"{refs} entries"
        self.import_button.setText(f"&Import {what}")

    def _article(self) -> Entry:
        assert self.article is not None
        entry = self.article
        for attr, edit in self.fields.items():
            entry = apply_cell(entry, attr, edit.text())
        abstract = self.abstract.toPlainText().strip()
        if abstract != entry.abstract.strip():
            entry = dataclasses.replace(entry, abstract=abstract)
        return entry

    def corrections(self) -> list[Entry | None]:
        out: list[Entry | None] = list(self.result_.entries)
        if self.article is not None and self.result_.citing_index is not None:
            out[self.result_.citing_index] = self._article()
        for row, index in enumerate(self._rows):
            if not self._included(row):
                out[index] = None
                continue
            entry = self.result_.entries[index]
            for col, (_title, attr) in enumerate(PREVIEW_COLUMNS[1:], 1):
                item = self.table.item(row, col)
                if item is not None:
                    entry = apply_cell(entry, attr, item.text())
            out[index] = entry
        return out

    def corrected(self) -> ParseResult | None:
        result = corrected_result(self.result_, self.corrections())
        return result if result.entries else None
