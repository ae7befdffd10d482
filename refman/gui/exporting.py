"""File > Export…: what to export (all, current search, selection), in which format, to which file.

The file is written by a worker through a stream that checks for cancel on every write; it
goes to a temporary file in the target folder that replaces the target only when complete,
as `Library.export_to_file` does, so a cancelled or failed export never damages an old file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from refman.gui.sizing import fit_to_screen

if TYPE_CHECKING:
    from refman.library import Library

EXPORT_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("BibTeX", "bibtex", ".bib"),
    ("BibLaTeX", "biblatex", ".bib"),
    ("CSL-JSON", "csljson", ".json"),
    ("RIS", "ris", ".ris"),
)


def export_file(lib: Library, path: str, fmt: str, query: str | None, ids: Sequence[int] | None,
                cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None = None,
                journals: str | None = None) -> int:
    """Export atomically with cancel (the library writes a temporary file and renames it only
    when complete) and progress in entries; returns the number of entries written. `journals`:
    "abbreviated" or "full" journal names for this export (None: as stored)."""
    options = {"journals": journals} if journals else {}
    return lib.export_to_file(path, fmt, query, ids=ids, cancelled=cancelled, progress=progress, **options)


JOURNAL_CHOICES = (("As stored", None), ("Abbreviated (ISO 4)", "abbreviated"), ("Full", "full"))


def default_export_dir() -> str:
    """Where the first export goes: the user's Documents folder when there is one, else home."""
    home = os.path.expanduser("~")
    documents = os.path.join(home, "Documents")
    return documents if os.path.isdir(documents) else home


class ExportDialog(QDialog):
    """Choose scope, format and file. `scope` is "all", "search" or "selection"."""

    def __init__(self, total: int, shown: int, selected: int, searching: bool, start_dir: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        fit_to_screen(self, 560, 220)
        self.group = QButtonGroup(self)
        self.all = QRadioButton(f"&All entries ({total:,})")
        self.search = QRadioButton(f"Current &view ({shown:,})")
        self.selection = QRadioButton(f"&Selected entries ({selected:,})")
        self.search.setEnabled(searching)
        self.selection.setEnabled(selected > 0)
        for b in (self.all, self.search, self.selection):
            self.group.addButton(b)
        (self.selection if selected > 1 else self.search if searching else self.all).setChecked(True)
        self.format = QComboBox()
        for label, fmt, _ext in EXPORT_CHOICES:
            self.format.addItem(label, fmt)
        self.journal_names = QComboBox()
        for label, journal_form in JOURNAL_CHOICES:
            self.journal_names.addItem(label, journal_form)
        self.journal_names.setToolTip("Journal names by JabRef's abbreviation lists; the library is not changed")
        self.path = QLineEdit(os.path.join(start_dir or os.path.expanduser("~"), "references.bib"))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._fix_extension)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        scope = QVBoxLayout()
        for b in (self.all, self.search, self.selection):
            scope.addWidget(b)
        form = QFormLayout()
        form.addRow("Export", scope)
        form.addRow("&Format", self.format)
        form.addRow("&Journal names", self.journal_names)
        file_label = QLabel("F&ile")  # a row holding a layout gets no buddy: set it, or "&File" shows literally
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def scope(self) -> str:
        if self.selection.isChecked():
            return "selection"
        if self.search.isChecked():
            return "search"
        return "all"

    @property
    def journals(self) -> str | None:
        data = self.journal_names.currentData()
        return str(data) if data else None

    @property
    def fmt(self) -> str:
        return str(self.format.currentData())

    def _fix_extension(self) -> None:
        ext = EXPORT_CHOICES[self.format.currentIndex()][2]
        p = Path(self.path.text())
        if p.suffix.lower() in (".bib", ".json", ".ris") and p.suffix.lower() != ext:
            self.path.setText(str(p.with_suffix(ext)))

    def _browse(self) -> None:
        label, _fmt, ext = EXPORT_CHOICES[self.format.currentIndex()]
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), f"{label} (*{ext});;All files (*)")
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        if self.path.text().strip():
            super().accept()
