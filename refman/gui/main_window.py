"""The main window: sidebar | search + table | detail pane, with menus, toolbar and status bar.

Everything the window does to the library goes through `refman.library`; long work runs in a
BackgroundTask; every change is an undoable command and ends in `_changed()`, which refreshes
the table, the sidebar and the detail pane while keeping the selection by entry id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from refman.core.changes import Changes
from refman.core.errors import QuerySyntaxError, RefmanError
from refman.core.query_root import MatchAll, Node
from refman.gui import settings as keys
from refman.gui.citations import DEFAULT_STYLE, StyleCombo
from refman.gui.first_rows import stand_in
from refman.gui.qt_namespace import Qt
from refman.gui.refresh import LibraryWatcher
from refman.gui.scope import ALL, Scope
from refman.gui.search import SearchBox
from refman.gui.sizing import fit_to_screen
from refman.gui.table_model import EntryTableModel, combine
from refman.gui.table_view import EntryTableView
from refman.gui.tasks import BackgroundTask
from refman.gui.window_actions import WindowActionsMixin
from refman.gui.window_bulk import WindowBulkMixin
from refman.gui.window_clipboard import WindowClipboardMixin
from refman.gui.window_duplicates import WindowDuplicatesMixin
from refman.gui.window_files import WindowFilesMixin
from refman.gui.window_latex import WindowLatexMixin
from refman.gui.window_navigation import WindowNavigationMixin
from refman.gui.window_organise import WindowOrganiseMixin
from refman.gui.window_panels import WindowPanelsMixin

if TYPE_CHECKING:  # dialogs and commands are imported when first used, not before the first paint
    from refman.core.model import Entry, ParseResult
    from refman.gui.importing import ImportOutcome, ImportReportDialog
    from refman.gui.page_preview import PagePreviewDialog
    from refman.library import DeletedEntries, Library

DETAIL_DELAY_MS = 30
BULK_DELETE_CONFIRM = 20
SIDE_PANELS_LATER_MS = 15


class _FirstPaint(QObject):
    """Calls `callback` once, just after the first of `widgets` has painted (or at once when no
    window ever shows them), so that secondary queries never hold up the first paint."""

    def __init__(self, widgets: Sequence[QWidget], callback: Callable[[], None]) -> None:
        super().__init__(widgets[0])
        self._widgets = list(widgets)
        self._callback: Callable[[], None] | None = callback
        for w in self._widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self._fire)
        return False

    def fire_if_hidden(self) -> None:
        if not any(w.isVisible() for w in self._widgets):
            self._fire()

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        for w in self._widgets:
            w.removeEventFilter(self)
        callback()



class MainWindow(WindowPanelsMixin, WindowOrganiseMixin, WindowActionsMixin, WindowBulkMixin, WindowClipboardMixin, WindowLatexMixin,
                 WindowFilesMixin, WindowNavigationMixin, WindowDuplicatesMixin, QMainWindow):
    """The application window; its actions, copying, file work and navigation live in the
    window_*.py mixins, the layout, settings, refreshing and editing here. With `panels_later`
    (the desktop app) the side panels are built just after the first paint (window_panels.py)."""

    painted = Signal()  # just after the first paint (or at once for a window never shown)
    ready = Signal()  # the library is open and the sidebar loaded (just after the first paint)

    def __init__(self, library: Library, location: str, settings: QSettings,
                 parent: QWidget | None = None, panels_later: bool = False) -> None:
        super().__init__(parent)
        self.lib = library
        self.location = location
        self.settings = settings
        self.scope: Scope = ALL
        self._search_text = ""
        self._total = 0
        self._history: list[int] = []
        self._forward: list[int] = []  # Forward (Alt+Right) after Back; Back's scroll positions:
        self._scroll_memory: dict[int, int] = {}
        self._pending_scroll: tuple[int, int] | None = None
        self.tasks: list[BackgroundTask] = []
        self.closed = False  # set by closeEvent: late signals must not touch the library any more
        self.last_error = ""
        self.open_error: str | None = None  # the library could not be opened after the first paint
        self.last_check: list[str] = []
        self.last_outcome: ImportOutcome | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.preview_dialog: PagePreviewDialog | None = None  # an article page shown before import
        self.pending_previews: list[tuple[str, ParseResult]] = []
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer at a time, in order
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self.setAcceptDrops(True)
        self.setWindowTitle("refman")

        self.model = EntryTableModel(library, self)
        self.view = EntryTableView()
        self.view.setModel(self.model)
        self.search = SearchBox()
        sidebar_slot, detail_slot = self._panel_slots()
        self.style_combo = StyleCombo()
        self.style_combo.preload_held = stand_in(library) is not None  # until library_ready
        self.count_label = QLabel()

        table_area = QWidget()
        table_layout = QVBoxLayout(table_area)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addWidget(self.search)
        table_layout.addWidget(self.view, 1)
        self.right_splitter = QSplitter()  # horizontal
        self.right_splitter.addWidget(table_area)
        self.right_splitter.addWidget(detail_slot)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.right_splitter.setChildrenCollapsible(False)
        self.main_splitter = QSplitter()  # horizontal
        self.main_splitter.addWidget(sidebar_slot)  # sidebar, collections, tags
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.main_splitter)
        self.setCentralWidget(self.stack)
        self.statusBar().addPermanentWidget(self.count_label)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self.show_current_entry)

        self._make_actions()
        self._make_menus()
        self._make_organise_actions()
        self._connect()
        self._restore_settings()
        self._update_title()
        self._changed(Changes(), keep=None, sidebar=False)
        # The sidebar's queries (sources with their entry counts: ~50 ms at 100k entries) wait
        # until the table (or the welcome pane) has painted, so they never delay the first paint;
        # a window that is never shown loads it at once.
        self._first_paint = _FirstPaint(self.first_paint_widgets(), self._load_sidebar)
        if not self.isVisible():
            QTimer.singleShot(0, self._first_paint.fire_if_hidden)
        if not panels_later:
            self.build_panels()

    def _load_sidebar(self) -> None:
        self.build_panels()
        self.view.enable_sorting()  # its first sort call builds Qt's enums: not before the first paint
        self.painted.emit()
        self.library_ready()
        if self.closed:  # closed at once (or the library could not be opened): nothing to load
            return
        self.sidebar.set_library(self.lib)
        self.load_organise()
        self.ready.emit()

    def library_ready(self) -> None:
        """Put the real library in place of the first paint's stand-in (refman/gui/first_rows.py),
        then re-read the view if anything was committed since the first read (so those entries
        appear, the selection kept); otherwise the rows on screen stay as they are. A library
        that cannot be opened after all is reported and the window closes, as at start."""
        first = stand_in(self.lib)
        if first is None or self.closed:
            return
        try:
            library = first.open()
        except RefmanError as exc:
            self.open_error = str(exc)  # run_gui exits with 1, as when the library cannot be opened at start
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self, "refman", f"Cannot open the library {self.location}:\n\n{exc}")
            self.close()
            return
        self.lib = library
        self.model.use_library(library)
        self.watcher.follow(library)  # changes from here on are seen by the watcher ...
        if not first.unchanged():  # ... and the view shows what was committed before
            self._changed(Changes(), sidebar=False)
        first.forget()
        self.style_combo.release_preload()

    def _connect(self) -> None:
        self.search.search.connect(self.apply_search)
        self.search.leave.connect(self.view.setFocus)
        self.search.to_results.connect(self.enter_results)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._detail_timer.start())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_status())
        self.model.modelReset.connect(self._model_reset)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.view.context_menu().exec(self.view.viewport().mapToGlobal(pos)))
        self.view.activated_entry.connect(lambda _i: self.edit_current())
        self.style_combo.style_changed.connect(self._style_changed)
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        # other clients' changes (refman/gui/refresh.py); a stand-in is followed once replaced
        self.watcher = LibraryWatcher(self, follow=stand_in(self.lib) is None)

    # --- settings ---------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = keys.get_bytes(s, keys.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1360, 820)  # smaller screens get a smaller window, all of it visible
        state = keys.get_bytes(s, keys.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        for key, splitter in ((keys.MAIN_SPLITTER, self.main_splitter), (keys.RIGHT_SPLITTER, self.right_splitter)):
            value = keys.get_bytes(s, key)
            if value is None or not splitter.restoreState(value):
                width = self.width()  # proportions of the 1360-wide default, whatever the screen
                if splitter is self.main_splitter:
                    splitter.setSizes([width * 215 // 1360, width * 1145 // 1360])
                else:
                    splitter.setSizes([width * 775 // 1360, width * 370 // 1360])
        header = keys.get_bytes(s, keys.HEADER)
        if header is not None:
            hh = self.view.horizontalHeader()
            # A sort only where the saved indicator is shown: until the view's enable_sorting (just
            # after the first paint) it is hidden and Qt's default (column 0, descending) stands,
            # which a window closed that early saves; that was no sort (nor can one be clicked).
            if hh.restoreState(header) and hh.isSortIndicatorShown():
                section = hh.sortIndicatorSection()
                if 0 <= section < self.model.columnCount():
                    self.model.sort(section, hh.sortIndicatorOrder())
        style = keys.get_str(s, keys.STYLE, DEFAULT_STYLE)
        title = keys.get_str(s, keys.STYLE_TITLE) or None
        self.style_combo.set_style(style, title)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue(keys.GEOMETRY, self.saveGeometry())
        s.setValue(keys.WINDOW_STATE, self.saveState())
        s.setValue(keys.MAIN_SPLITTER, self.main_splitter.saveState())
        s.setValue(keys.RIGHT_SPLITTER, self.right_splitter.saveState())
        s.setValue(keys.HEADER, self.view.horizontalHeader().saveState())
        s.setValue(keys.STYLE, self.style_combo.current_style())
        s.setValue(keys.STYLE_TITLE, self.style_combo.currentText())
        keys.remember_library(s, self.location)
        s.sync()

    def _style_changed(self, style: str) -> None:
        self.settings.setValue(keys.STYLE, style)
        self.settings.setValue(keys.STYLE_TITLE, self.style_combo.currentText())
        self.statusBar().showMessage(f"Citation style: {self.style_combo.currentText()}", 3000)

    # --- refreshing -------------------------------------------------------------------------

    def _changed(self, changes: Changes, keep: Sequence[int] | None = (), sidebar: bool = True) -> None:
        """The library changed: refresh everything, then select `keep` (default: what was selected).

        An edit alone (only `updated`) leaves the sidebar's import list as it was: that query
        scans every import record, and an edit cannot change it.
        """
        if self.closed:
            return
        wanted = list(self.view.selected_ids()) if keep == () else list(keep or [])
        current = self.view.current_id()
        if keep == () and current is not None and current in wanted:
            wanted.remove(current)
            wanted.insert(0, current)
        if sidebar:
            self.watcher.resync()  # what follows reads every commit so far: none of it is news later
        self._total = self.lib.count()
        if sidebar:
            sources = bool(changes.added or changes.deleted or changes.empty)
            if len(changes.added) + len(changes.deleted) >= self.background_entries:
                # Thousands of entries (a bulk move, its undo): the table now, the side panels' counts
                # a moment later, after the event loop has painted and taken input in between, so
                # that neither holds the window 100 ms.
                QTimer.singleShot(SIDE_PANELS_LATER_MS, self, lambda: self._refresh_side_panels(sources, False))
                QTimer.singleShot(2 * SIDE_PANELS_LATER_MS, self, lambda: self._refresh_side_panels(False, True))
            else:
                self._refresh_side_panels(sources)
        self.scope = self.refreshed_scope()
        self._apply(select=wanted)
        self.stack.setCurrentWidget(self.welcome if self._total == 0 else self.main_splitter)
        self._update_actions()

    def _refresh_side_panels(self, sources: bool, organise: bool | None = None) -> None:
        """The sidebar (with its import list if `sources`), and the organise panel unless
        `organise` is False; with `organise` True only the organise panel."""
        if self.closed:
            return
        if organise is not True:
            self.sidebar.refresh(sources=sources)
        if organise is not False:
            self.refresh_organise()

    def _changed_elsewhere(self) -> None:
        """Another program (a CLI import) committed: reload table and sidebar, keeping the selection."""
        if self.busy():  # most likely this window's own worker committing; its end refreshes everything
            return
        self.sidebar.refresh(sources=True)
        self._changed(Changes(), sidebar=False)

    def _apply(self, select: Sequence[int] = ()) -> bool:
        """Run the search box's query within the sidebar scope; False (and a message) if it is invalid."""
        query: Node = MatchAll()
        try:
            if self._search_text.strip():  # the parser is imported at the first search, not for the first view
                from refman.core.query import parse_query

                query = parse_query(self._search_text)
        except QuerySyntaxError as exc:
            self._search_failed(str(exc))
            return False
        node = combine(combine(self.scope.node, self.tag_filter_node()), query)
        try:
            self.model.set_filter(node, self.scope.ids)
        except RefmanError as exc:
            self._search_failed(str(exc))
            return False
        self.search.set_error(None)
        self.statusBar().clearMessage()
        self._hint_unknown_prefixes(self._search_text)
        if select:
            self.view.select_ids(select)
        self._update_status()
        self._detail_timer.start()
        return True

    def _model_reset(self) -> None:
        self._update_status()
        self._detail_timer.start()

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        text = f"{shown:,} of {self._total:,} entries"
        selected = self.view.selected_count()
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.view.selected_count() > 0 or self.view.current_id() is not None  # copy acts on the current row
        for act in (self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex, self.act_copy_cite,
                    self.act_delete):
            act.setEnabled(has)
        self.act_edit.setEnabled(self.view.current_id() is not None)
        self.act_back.setEnabled(bool(self._history))
        self.act_forward.setEnabled(bool(self._forward))
        self._update_undo_actions()
        self._update_organise_actions()

    def _update_title(self) -> None:
        name = Path(self.location).name if "://" not in self.location else self.location
        self.setWindowTitle(f"{name} — refman")

    def show_current_entry(self) -> None:
        if self.closed:  # a selection signal while the window is torn down: its library may be gone
            return
        if not self.panels_built:  # before the first paint: build_panels shows it then
            return
        entry_id = self.view.current_id()
        if entry_id is None:
            selected = self.view.selected_count()
            self.detail.show_message(f"{selected} entries selected" if selected else
                                     "Select an entry to see its details." if self.model.rowCount() else
                                     "No entries match.")
            self._update_actions()
            return
        try:
            entry = self.lib.get(entry_id)
        except RefmanError as exc:
            self.detail.show_message(str(exc))
            return
        self.detail.show_entry(entry, self.lib.references_of(entry_id), self.lib.cited_by(entry_id),
                               *self.detail_organisation(entry_id))
        self.restore_detail_scroll(entry_id)
        self._update_actions()

    def show_error(self, title: str, text: str) -> None:
        """A clear message that does not block (tests and keyboard users can carry on)."""
        self.last_error = f"{title}: {text}"
        self.statusBar().showMessage(self.last_error, 10000)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- editing ----------------------------------------------------------------------------

    def edit_current(self) -> None:
        entry_id = self.view.current_id()
        if entry_id is None:
            return
        from refman.gui.editor import EntryEditor

        before = self.lib.get(entry_id)
        dialog = EntryEditor(before, self.lib, self)
        if dialog.exec() and dialog.result_entry is not None:
            self.apply_edit(before, dialog.result_entry)

    def apply_edit(self, before: Entry, after: Entry) -> bool:
        if after == before:
            return True
        from refman.gui.commands import EditCommand
        from refman.gui.conflicts import save_edit

        try:
            saved = save_edit(self, self.lib, before, after)  # asks the user if someone else saved first
        except RefmanError as exc:
            self.show_error("Cannot save the entry", str(exc))
            return False
        if saved is None:
            return False
        changes = saved
        stored = self.lib.get(after.id) if after.id is not None else after
        self.undo_stack.push(EditCommand(before, stored, self.lib, self._command_done, self._command_error))
        self._changed(changes, keep=[after.id] if after.id is not None else ())
        return True

    def delete_selected(self) -> None:
        if self.scope.kind != "trash":  # Delete moves to the Trash; in the Trash it deletes for good
            self.move_selection_to_trash()
            return
        rows = self.view.selected_rows()
        if not rows:
            return
        if len(rows) >= BULK_DELETE_CONFIRM:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(self, "Delete entries",
                                          f"Delete {len(rows):,} entries for good? (Edit > Undo brings them back.)")
            if answer != QMessageBox.StandardButton.Yes:
                return
        if len(rows) >= self.background_entries:  # the worker turns the rows into ids
            self.delete_ids(self.model.ids_later(rows), len(rows))
        else:
            self.delete_ids(self.model.ids_at(rows))

    def delete_ids(self, ids: Sequence[int] | Callable[[Library], list[int]], size: int | None = None) -> None:
        """Delete entries (undoable); a big delete runs in a worker with a progress dialog. `ids`
        may be a function that gives them in the worker (a view's ordered ids at 100k take 0.3 s)."""
        if callable(ids):
            resolve = ids
        else:
            known = list(ids)
            resolve, size = (lambda _lib: known), len(known)
        size = size or 0
        next_row = min(self.view.selected_rows() or [0])

        def finish(result: object) -> None:
            assert isinstance(result, tuple)
            deleted: DeletedEntries = result[0]
            changes: Changes = result[1]
            if not deleted.entries:
                return
            from refman.gui.commands import DeleteCommand

            self.undo_stack.push(DeleteCommand(deleted, self.lib, self._command_done, self._command_error,
                                               self.run_step))
            self._changed(changes, keep=[])
            if self.model.rowCount():
                self.view.select_row(min(next_row, self.model.rowCount() - 1))

        if size >= self.background_entries:
            self.run_task("Deleting", f"Deleting {size:,} entries…",
                          lambda lib, progress, _cancelled: lib.delete(resolve(lib), progress), finish,
                          cancellable=False)
            return
        try:
            result = self.lib.delete(resolve(self.lib))
        except RefmanError as exc:
            self.show_error("Cannot delete", str(exc))
            return
        finish(result)

    def _command_done(self, changes: Changes) -> None:
        keep = list(changes.added or changes.updated)
        self._changed(changes, keep=keep if keep else ())

    def _command_error(self, message: str) -> None:
        self.show_error("Undo", message)

    # --- help -------------------------------------------------------------------------------

    def about(self) -> None:
        from refman.gui.about import show_about

        self.about_dialog = show_about(self, self.location)

    def search_help(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, "Search syntax", self.search._help,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed = True
        for task in self.tasks:
            task.cancel()
        self.pool.waitForDone()
        self.watcher.stop()
        if self.panels_built:
            self.keep_updated_scheduler.close()
        self.save_settings()
        super().closeEvent(event)
