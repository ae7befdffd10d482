"""Duplicates in the GUI: the sidebar's "Duplicates" scope, the side-by-side merge dialog and
its undo command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from refman.core.merging import CHOOSABLE, richer_choice
from refman.core.model import Changes, Entry, Person
from refman.gui.commands import Notify, ReportError, _LibraryCommand

if TYPE_CHECKING:
    from refman.library import Library, MergeUndo
    from refman.library.callbacks import Progress

_LABELS = {"entry_type": "Type", "original_type": "Source type", "title": "Title", "contributors": "People",
           "year": "Year", "date": "Date", "container": "Journal / book", "doi": "DOI", "isbn": "ISBN",
           "issn": "ISSN", "url": "URL", "licence_url": "Licence URL", "copyright_holder": "Copyright",
           "copyright_year": "Copyright year"}


def duplicate_clusters(lib: Library, progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> list[list[int]]:
    """The clusters, oldest entry first in each (what the view lists and a merge keeps). The
    worker's work for the Duplicates view: no Qt here, and `cancelled` stops it (Cancelled)."""
    found = lib.find_duplicates(progress, cancelled)
    added = {e.id: (e.added is None, e.added, e.id or 0) for e in lib.get_many([i for c in found for i in c])}
    ordered = [sorted((i for i in c if i in added), key=lambda i: added[i]) for c in found]
    return [c for c in ordered if len(c) > 1]


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(p.display() if isinstance(p, Person) else str(p) for p in value)
    return "" if value is None else str(value)


class MergeDialog(QDialog):
    """Side by side: one column per entry, one row per field where they differ. The entry to keep
    (default: the oldest) is chosen in the first row; each field's value is chosen in its row,
    the richer value pre-selected. "Not Duplicates" remembers the entries as different works."""

    NOT_DUPLICATES = 2  # done() code besides Accepted/Rejected

    def __init__(self, entries: Sequence[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {len(entries)} Entries")
        self.entries = list(entries)
        self.fields = [f for f in CHOOSABLE if len({repr(getattr(e, f)) for e in entries}) > 1]
        pick = richer_choice(self.entries)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the entry to keep and, for each field that differs, the value to keep. "
                                "Keywords, notes and extra fields of all are kept; the others' raw records "
                                "stay with the kept entry. Edit > Undo reverses the merge."))
        self.table = QTableWidget(1 + len(self.fields), len(entries))
        self.table.setHorizontalHeaderLabels([e.citekey for e in entries])
        self.table.setVerticalHeaderLabels(["Keep", *(_LABELS.get(f, f.replace("_", " ").capitalize())
                                                      for f in self.fields)])
        self.keep_group = QButtonGroup(self)
        for col, e in enumerate(entries):
            button = QRadioButton(f"keep {e.citekey}")
            button.setChecked(col == 0)
            self.keep_group.addButton(button, col)
            self.table.setCellWidget(0, col, button)
        self.groups: dict[str, QButtonGroup] = {}
        for row, name in enumerate(self.fields, 1):
            group = QButtonGroup(self)
            self.groups[name] = group
            for col, e in enumerate(entries):
                text = _show(getattr(e, name))
                button = QRadioButton(text or "(empty)")
                button.setToolTip(text)
                button.setChecked(col == pick[name])
                group.addButton(button, col)
                self.table.setCellWidget(row, col, button)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        self.dismiss_button: QPushButton = buttons.addButton("&Not Duplicates", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.dismiss_button.clicked.connect(lambda: self.done(self.NOT_DUPLICATES))
        layout.addWidget(buttons)
        self.resize(900, 420)

    def keep_index(self) -> int:
        return max(0, self.keep_group.checkedId())

    def ordered(self) -> list[Entry]:
        """The entries with the kept one first (the order `Library.merge_entries` numbers them)."""
        k = self.keep_index()
        return [self.entries[k], *(e for i, e in enumerate(self.entries) if i != k)]

    def choice(self) -> dict[str, int]:
        """field -> index into `ordered()` of the entry whose value is kept."""
        k = self.keep_index()
        order = [k, *(i for i in range(len(self.entries)) if i != k)]
        return {name: order.index(max(0, group.checkedId())) for name, group in self.groups.items()}


class MergeCommand(_LibraryCommand):
    """Undo takes the merged entries out of the Trash and puts relations, records, collections,
    tags and notes back (`Library.undo_merge`)."""

    def __init__(self, keep: Entry, others: Sequence[Entry], choice: dict[str, int], undo: MergeUndo,
                 library: Library, notify: Notify, report: ReportError) -> None:
        super().__init__(f"Merge {len(others) + 1} entries into {keep.citekey}", library, notify, report)
        self.keep_id = keep.id
        self.other_ids = [e.id for e in others if e.id is not None]
        self.choice = choice
        self.undo_state = undo

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        assert self.keep_id is not None
        self.undo_state, changes = lib.merge_entries(self.keep_id, self.other_ids, self.choice)
        return changes

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        return lib.undo_merge(self.undo_state)
