"""Saving an edit when someone else saved the same entry first (shared libraries, issue 16).

The library refuses the stale save (ConflictError with both versions); here the user sees the
fields that differ and chooses: merge (their version with my changes on top, reviewed in the
editor before saving), overwrite theirs, or cancel. Nothing is written without a choice.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from refman.core.errors import ConflictError
from refman.core.model import Changes, Entry

if TYPE_CHECKING:
    from refman.library import Library


def conflict_box(parent: QWidget | None, exc: ConflictError) -> QMessageBox:
    """The question shown for a conflict; its buttons carry the choices (see `save_edit`)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Entry changed by someone else")
    theirs = exc.theirs
    rows = "".join(f"<tr><td><b>{escape(name)}</b></td><td>{escape(a)}</td><td>{escape(b)}</td></tr>"
                   for name, a, b in exc.differences)
    box.setText(f"<p>'{escape(getattr(theirs, 'citekey', ''))}' was saved by someone else while you were "
                "editing it. Your changes have not been saved yet.</p>"
                f"<table border='1' cellpadding='3'><tr><th>Field</th><th>Yours</th><th>Theirs</th></tr>{rows}</table>")
    box.setDetailedText(str(exc))
    box.addButton("Merge…", QMessageBox.ButtonRole.AcceptRole).setObjectName("merge")
    box.addButton("Overwrite theirs", QMessageBox.ButtonRole.DestructiveRole).setObjectName("overwrite")
    box.addButton(QMessageBox.StandardButton.Cancel)
    return box


def save_edit(parent: QWidget | None, lib: Library, before: Entry, after: Entry) -> Changes | None:
    """`lib.update_entry(after)`, asking the user what to do while someone else saved first;
    None when the user cancels (nothing saved)."""
    from refman.gui.editor import EntryEditor

    while True:
        try:
            return lib.update_entry(after)
        except ConflictError as exc:
            box = conflict_box(parent, exc)
            box.exec()
            clicked = box.clickedButton()
            choice = clicked.objectName() if clicked is not None else ""
            if choice == "overwrite":
                return lib.update_entry(after, overwrite=True)
            if choice != "merge" or not isinstance(exc.theirs, Entry):
                return None
            from refman.library.editing import merge_edits

            dialog = EntryEditor(merge_edits(before, after, exc.theirs), lib, parent)
            if not dialog.exec() or dialog.result_entry is None:
                return None
            before, after = exc.theirs, dialog.result_entry
