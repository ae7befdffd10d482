"""Files handed to `refman FILE…` (a double-click on a .bib or .ris file): offer to import them.

The offer is a question, not an import: a double-click should never change a library silently,
and the researcher sees which library the entries would go into.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from refman.gui.main_window import MainWindow


def offer_import(window: MainWindow, paths: Sequence[str]) -> QMessageBox:
    """Ask (window-modal, not blocking) whether to import `paths` into the open library; Import runs
    the ordinary import (progress, Cancel, report, Undo)."""
    paths = list(paths)
    names = "<br>".join(escape(Path(p).name) for p in paths[:10])
    if len(paths) > 10:
        names += f"<br>… and {len(paths) - 10} more"
    library = Path(window.location).name if "://" not in window.location else window.location
    box = QMessageBox(QMessageBox.Icon.Question, "Import into refman",
                      f"Import {'this file' if len(paths) == 1 else f'these {len(paths)} files'} "
                      f"into the library <b>{escape(library)}</b>?<br><br>{names}",
                      QMessageBox.StandardButton.NoButton, window)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setDetailedText("\n".join(paths))
    import_button = box.addButton("&Import", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(import_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    import_button.clicked.connect(lambda: window.import_files(paths))
    box.open()
    return box
