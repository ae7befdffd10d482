"""The LaTeX writer's workflow (issue 20): File ▸ Export Cited by a Document… (the entries a
document cites, with their crossref parents and macros, written to a .bib: the CLI's
`export --aux/--tex`) and Edit ▸ Regenerate Keys (undoable; keys refman made, by the library's
formula: the CLI's `keys --regenerate`)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from refman.core.changes import Changes
from refman.gui import settings as keys
from refman.gui.tasks import BackgroundTask

if TYPE_CHECKING:
    from refman.gui.window_base import WindowBase
    from refman.gui.window_files import WindowFilesMixin
    from refman.library import Library
    from refman.library.keys import KeyChanges

    class _Base(WindowFilesMixin, WindowBase):
        """run_task comes from WindowFilesMixin, the rest from MainWindow."""
else:
    _Base = object

DOCUMENT_FILTER = "LaTeX documents (*.aux *.bcf *.tex);;All files (*)"


class RegenerateKeysCommand(QUndoCommand):
    """Undo/redo of a key regeneration (pushed after it ran, so the first redo does nothing)."""

    def __init__(self, done: KeyChanges, library: Library, notify: Callable[[Changes], None]) -> None:
        n = len(done.changes)
        super().__init__(f"Regenerate {n} key{'s' if n != 1 else ''}")
        self.done = done
        self._lib = library
        self._notify = notify
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        from refman.library.keys import redo_regenerate

        self._notify(redo_regenerate(self._lib.store, self.done))

    def undo(self) -> None:
        from refman.library.keys import undo_regenerate

        self._notify(undo_regenerate(self._lib.store, self.done))


class WindowLatexMixin(_Base):
    """Export of what a document cites; key regeneration."""

    last_cited: object = None  # the last CitedExport, for the status line and tests

    def export_cited_dialog(self) -> BackgroundTask | None:
        start = keys.get_str(self.settings, keys.LAST_DIR, os.path.expanduser("~"))
        from PySide6.QtWidgets import QFileDialog  # made when first used, not before the first paint

        doc, _ = QFileDialog.getOpenFileName(self, "Export Cited by a Document", start, DOCUMENT_FILTER)
        if not doc:
            return None
        out, _ = QFileDialog.getSaveFileName(self, "Save the Cited Entries As", str(Path(doc).with_suffix(".bib")),
                                             "BibTeX (*.bib);;All files (*)")
        if not out:
            return None
        return self.export_cited_to(doc, out)

    def export_cited_to(self, document: str, path: str) -> BackgroundTask | None:
        """Write the entries `document` (.aux, .bcf or .tex) cites to `path`, in the background."""
        kind = "tex" if document.lower().endswith(".tex") else "aux"
        self.settings.setValue(keys.LAST_DIR, str(Path(document).parent))

        def work(lib: Library, _progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            from refman.library.cited import export_cited
            from refman.library.exporting import write_atomically

            buf = io.StringIO()
            result = export_cited(lib, buf, document, kind)
            write_atomically(path, buf.getvalue())
            return result

        def done(result: object) -> None:
            from refman.library.cited import CitedExport

            assert isinstance(result, CitedExport)
            self.last_cited = result
            message = f"Exported {len(result.written)} entries cited by {Path(document).name} to {path}"
            if result.missing:
                shown = ", ".join(result.missing[:10]) + (" …" if len(result.missing) > 10 else "")
                self.show_error("Cited keys not in the library",
                                f"{message}.\n{len(result.missing)} cited keys are not in the library: {shown}")
            else:
                self.statusBar().showMessage(message, 8000)

        return self.run_task("Exporting", f"Exporting what {Path(document).name} cites…", work, done)

    def regenerate_selected_keys(self) -> KeyChanges:
        """Keys by the library's formula for the selected entries whose key refman made (keys from
        files or typed by the user are pinned and stay); undoable."""
        from refman.library.keys import regenerate_keys

        ids = self.view.selected_ids()
        done = regenerate_keys(self.lib.store, ids)
        if not done.changes:
            self.statusBar().showMessage("No key changed: the selected keys are pinned (from a file or typed) "
                                         "or already follow the formula.", 8000)
            return done
        self.undo_stack.push(RegenerateKeysCommand(done, self.lib, self._command_done))
        self._command_done(done.as_changes())
        self.statusBar().showMessage(f"{len(done.changes)} keys regenerated (Undo puts them back).", 8000)
        return done
