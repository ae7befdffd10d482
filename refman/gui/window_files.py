"""Files and background work: import (files, pasted text, drops), export, check, restore,
opening and creating libraries, and the task runner they share."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from refman.core.changes import Changes
from refman.core.errors import Cancelled, RefmanError
from refman.gui import settings as keys
from refman.gui.qt_namespace import Qt
from refman.gui.scope import ALL
from refman.gui.tasks import BackgroundTask, Work

if TYPE_CHECKING:  # dialogs and commands are imported when first used, not before the first paint
    from refman.core.model import ImportReport, ParseResult
    from refman.gui.exporting import ExportDialog
    from refman.gui.importing import ImportOutcome
    from refman.gui.window_base import WindowBase
    from refman.library import Library
else:
    WindowBase = object

IMPORT_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("All supported files (*.bib *.bibtex *.json *.csljson *.ris *.txt *.html *.htm)", None),
    ("BibTeX / BibLaTeX (*.bib *.bibtex)", None),
    ("CSL-JSON (*.json *.csljson)", None),
    ("RIS (*.ris)", None),
    ("Article page, text (*.txt *.html *.htm)", "article-page"),
    ("Reference list, one per line (*.txt)", "references"),
    ("All files (*)", None),
)
LIBRARY_FILTER = "refman libraries (*.sqlite *.db *.refman);;All files (*)"


class WindowFilesMixin(WindowBase):
    """Import, export, maintenance, drag and drop and library switching of MainWindow."""

    # --- importing --------------------------------------------------------------------------

    def import_dialog(self) -> None:
        start = keys.get_str(self.settings, keys.LAST_DIR, os.path.expanduser("~"))
        filters = ";;".join(f for f, _ in IMPORT_FILTERS)
        from PySide6.QtWidgets import QFileDialog

        paths, chosen = QFileDialog.getOpenFileNames(self, "Import", start, filters)
        if not paths:
            return
        self.settings.setValue(keys.LAST_DIR, str(Path(paths[0]).parent))
        fmt = dict(IMPORT_FILTERS).get(chosen)
        self.import_files(paths, fmt)

    def import_sample(self) -> None:
        from refman.gui.welcome import sample_article_path  # imported when needed: see window_panels.py

        path = sample_article_path()
        if path is None:
            self.show_error("No sample", "The sample article is not installed (resources/samples/).")
            return
        self.import_files([path], "article-page", preview=False)  # the demo imports at once

    def import_files(self, paths: Sequence[str], fmt: str | None = None, preview: bool = True) -> BackgroundTask | None:
        """Import files in the background; article pages are read first and shown in a preview
        (PagePreviewDialog), and only what the user accepts there is imported."""
        from refman.gui.importing import ImportOutcome  # here, not in the worker: a Qt module

        paths = list(paths)

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportOutcome:
            from refman.library import read_file, sniff_file

            outcome = ImportOutcome()
            for path in paths:
                if cancelled():
                    outcome.cancelled = True
                    outcome.failures.append((path, "cancelled; nothing from this file was imported"))
                    continue
                try:
                    if preview and (fmt or sniff_file(path)) == "article-page":
                        result, _encoding = read_file(path, "article-page")
                        outcome.previews.append((path, result))
                        continue
                    report, changes = lib.import_file(path, fmt=fmt, progress=progress, cancelled=cancelled)
                except Cancelled:
                    outcome.cancelled = True
                    outcome.failures.append((path, "cancelled; nothing from this file was imported"))
                    continue
                except RefmanError as exc:
                    outcome.failures.append((path, str(exc)))
                    continue
                except Exception as exc:  # a reader bug must not cost the other files (or the app)
                    outcome.failures.append((path, f"internal error: {type(exc).__name__}: {exc}"))
                    continue
                outcome.reports.append(report)
                outcome.added.extend(changes.added)
                outcome.updated.extend(changes.updated)
            return outcome

        label = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} files"
        return self.run_task("Importing", f"Importing {label}…", work,
                             lambda outcome: self._import_finished(outcome, label))  # type: ignore[arg-type]

    def import_parsed(self, result: ParseResult, source: str = "pasted text") -> BackgroundTask | None:
        from refman.gui.importing import ImportOutcome

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportOutcome:
            outcome = ImportOutcome()
            report, changes = lib.import_result(result, source, progress=progress, cancelled=cancelled)
            outcome.reports.append(report)
            outcome.added.extend(changes.added)
            outcome.updated.extend(changes.updated)
            return outcome

        return self.run_task("Importing", "Importing pasted references…", work,
                             lambda outcome: self._import_finished(outcome, source))  # type: ignore[arg-type]

    def paste_dialog(self) -> None:
        from refman.gui.importing import PasteDialog

        dialog = PasteDialog(parent=self)
        if dialog.exec():
            result = dialog.corrected()
            if result is not None:
                self.import_parsed(result)

    def _import_finished(self, outcome: ImportOutcome, label: str) -> None:
        from refman.gui.commands import ImportCommand
        from refman.gui.importing import ImportReportDialog

        self.pending_previews.extend(outcome.previews)
        if not (outcome.reports or outcome.failures):
            self._next_preview()
            return
        self.last_outcome = outcome
        if outcome.added or outcome.updated:
            updated_only = len(set(outcome.updated) - set(outcome.added))
            if outcome.added:
                self.undo_stack.push(ImportCommand(label, tuple(outcome.added), updated_only, self.lib,
                                                   self._command_done, self._command_error, self.run_step))
        select = self._imported_focus(outcome.reports, outcome.added + outcome.updated)
        self._changed(Changes(added=tuple(outcome.added), updated=tuple(outcome.updated)), keep=select)
        if select and self.view.current_id() != select[0]:
            self.show_all()  # the new entries are outside the current search or sidebar choice
            self.view.select_ids(select)
        self.statusBar().showMessage(f"Import: {outcome.headline()}", 8000)
        self.report_dialog = ImportReportDialog(outcome, self)
        self.report_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog.destroyed.connect(lambda *_: setattr(self, "report_dialog", None))
        self.report_dialog.open()
        self._next_preview()

    def _next_preview(self) -> None:
        """Show the next article page read by an import, if any; accepting it imports what it shows."""
        if not self.pending_previews or self.preview_dialog is not None:
            return
        path, result = self.pending_previews.pop(0)
        if not result.entries:
            reasons = "; ".join(str(p) for p in result.problems if p.severity == "error") or "nothing recognised"
            self.show_error("Nothing to import", f"{Path(path).name}: {reasons}")
            self._next_preview()
            return
        from refman.gui.page_preview import PagePreviewDialog

        dialog = PagePreviewDialog(result, Path(path).name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog

        def closed(code: int) -> None:
            self.preview_dialog = None
            corrected = dialog.corrected() if code == PagePreviewDialog.DialogCode.Accepted else None
            if corrected is not None:
                self.import_parsed(corrected, path)
            else:
                self._next_preview()

        dialog.finished.connect(closed)
        dialog.open()

    def _imported_focus(self, reports: Sequence[ImportReport], ids: Sequence[int]) -> list[int]:
        """After an import, select the article (if it was one) or the first new entry."""
        for r in reports:
            if r.citing_key:
                try:
                    entry = self.lib.by_key(r.citing_key)
                except RefmanError:
                    continue
                if entry.id is not None:
                    return [entry.id]
        return list(ids[:1])

    # --- exporting --------------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog | None:
        from refman.gui.exporting import ExportDialog, default_export_dir

        searching = bool(self._search_text.strip()) or self.scope.kind != "all"
        start = keys.get_str(self.settings, keys.LAST_EXPORT_DIR, default_export_dir())
        dialog = ExportDialog(self._total, self.model.rowCount(), self.view.selected_count(), searching,
                              start, self)
        if not dialog.exec():
            return None
        self.export_to(dialog.path.text().strip(), dialog.fmt, dialog.scope, dialog.journals)
        return dialog

    def export_to(self, path: str, fmt: str, scope: str, journals: str | None = None) -> BackgroundTask | None:
        query: str | None = None
        ids: list[int] | None = None
        if scope == "selection":
            ids = self.view.selected_ids()
        elif scope == "search":
            if self.scope.kind == "all":
                query = self._search_text
            else:
                ids = self.model.all_ids()
        self.settings.setValue(keys.LAST_EXPORT_DIR, str(Path(path).parent))
        from refman.gui.exporting import export_file

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return export_file(lib, path, fmt, query, ids, cancelled, progress, journals)

        def done(n: object) -> None:
            self.statusBar().showMessage(f"Exported {n} entries to {path}", 8000)

        return self.run_task("Exporting", f"Exporting to {Path(path).name}…", work, done)

    # --- maintenance ------------------------------------------------------------------------

    def check_library(self) -> BackgroundTask | None:
        """What `refman check --repair` does: verify, back up, and repair what can be repaired."""
        def work(lib: Library, _progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            return lib.check(repair=True)

        def done(result: object) -> None:
            assert isinstance(result, tuple)
            repaired: list[str] = list(result[1])
            problems: list[str] = list(result[2])
            lines = [f"Repaired: {line}." for line in repaired]
            lines += list(problems) or ["The library is consistent."]
            self.last_check = lines
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Information if not problems else QMessageBox.Icon.Warning,
                              "Check library", "\n".join(lines), QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self._changed(Changes())

        return self.run_task("Checking", "Checking the library…", work, done, cancellable=False)

    # --- background work --------------------------------------------------------------------

    def run_task(self, title: str, label: str, work: Work, on_done: Callable[[object], None],
                 cancellable: bool = True, on_failed: Callable[[object], None] | None = None,
                 ) -> BackgroundTask | None:
        """Run `work` in the worker; `on_failed` (if given) replaces the default error handling."""
        if any(t.running for t in self.tasks):
            self.statusBar().showMessage("Busy: wait for the current import or export to finish.", 4000)
            return None
        from refman.library.sharing import worker_location

        location = worker_location(self.lib, self.location)  # a server library's password stays in memory
        task = BackgroundTask(self, self.pool, location, self.lib, title, label, work, cancellable)
        self.tasks.append(task)

        def finished(result: object) -> None:
            self._forget(task)
            on_done(result)

        def failed(exc: object) -> None:
            self._forget(task)
            if on_failed is not None:
                on_failed(exc)
            elif isinstance(exc, Cancelled):
                self.statusBar().showMessage(f"{title} cancelled: {exc}", 8000)
                self._changed(Changes())
            elif isinstance(exc, RefmanError | OSError):
                self.show_error(f"{title} failed", str(exc))
                self._changed(Changes())
            else:
                self.show_error(f"{title} failed", f"{type(exc).__name__}: {exc}")
                self._changed(Changes())

        task.finished.connect(finished)
        task.failed.connect(failed)
        task.start()
        self._update_actions()
        return task

    def _forget(self, task: BackgroundTask) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        task.deleteLater()
        # What the task wrote is no news from elsewhere: the window's refresh after it (every
        # writing task's done or failed handler refreshes) resyncs the change watcher. Not here,
        # or what others committed during a read-only task (an export) would never be shown.

    # --- drag and drop ----------------------------------------------------------------------

    @staticmethod
    def _local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and os.path.isfile(u.toLocalFile())]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.import_files(files)
        else:
            event.ignore()

    # --- libraries --------------------------------------------------------------------------

    def open_library_dialog(self) -> None:
        start = str(Path(self.location).parent) if "://" not in self.location else os.path.expanduser("~")
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open library", start, LIBRARY_FILTER)
        if path:
            self.switch_library(path)

    def new_library_dialog(self) -> None:
        start = str(Path(self.location).parent) if "://" not in self.location else os.path.expanduser("~")
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "New library", os.path.join(start, "library.sqlite"),
                                              LIBRARY_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not Path(path).suffix:
            path += ".sqlite"
        if os.path.exists(path):
            self.show_error("New library", f"{path} already exists; use File > Open Library to open it.")
            return
        self.switch_library(path)

    def restore_backup_dialog(self) -> None:
        backups = self.lib.backups()
        if not backups:
            self.show_error("Restore backup", "There are no backups of this library yet. refman makes one before "
                            "deleting many entries, before a schema upgrade and before a repair.")
            return
        labels = [f"{b.taken:%Y-%m-%d %H:%M:%S} — {b.reason.replace('-', ' ')} — "
                  f"{f'{b.entries:,} entries' if b.verified and b.entries is not None else 'not verified'}"
                  for b in backups]
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(self, "Restore backup", "Replace the library with:", labels, 0, False)
        if ok and label:
            self.restore_backup(backups[labels.index(label)].path)

    def restore_backup(self, path: Path) -> bool:
        """Restore a backup (undoable: the state it replaces is backed up first), then reload."""
        if any(t.running for t in self.tasks):
            self.statusBar().showMessage("Busy: wait for the current import or export to finish.", 4000)
            return False
        try:
            safety = self.lib.restore(path)
        except (RefmanError, OSError) as exc:
            self.show_error("Restore backup", str(exc))
            return False
        self.switch_library(self.location)
        self.statusBar().showMessage(f"Restored {path.name}; the previous state was saved as "
                                     f"{safety.name if safety else 'nothing'}", 8000)
        return True

    def switch_library(self, location: str, connect_url: str | None = None) -> bool:
        """Open `location` (remembered in the settings); `connect_url`, if given, is what to
        connect with instead: the same server URL with a password that must not be remembered."""
        if any(t.running for t in self.tasks):
            self.statusBar().showMessage("Busy: wait for the current import or export to finish.", 4000)
            return False
        from refman.library import Library

        try:
            new = Library.open(connect_url or location)
        except RefmanError as exc:
            self.show_error("Cannot open library", str(exc))
            return False
        old = self.lib
        self.lib = new
        self.location = location
        self.undo_stack.clear()
        self._history.clear()
        self._forward.clear()
        self.scope = ALL
        self.model.set_library(new)
        self.sidebar.set_library(new)
        self.sidebar.select_all_entries()
        self.watcher.follow(new)
        self.load_organise()  # collections, saved searches and tags of the new library
        old.close()
        keys.remember_library(self.settings, location)
        self._update_title()
        self._changed(Changes(), keep=None, sidebar=False)
        self.statusBar().showMessage(f"Opened {location}", 4000)
        return True
