"""The main window: sidebar | search + table | detail pane, with menus, toolbar and status bar.

Everything the window does to the library goes through `refman.library`; long work runs in a
BackgroundTask; every change is an undoable command and ends in `_changed()`, which refreshes
the table, the sidebar and the detail pane while keeping the selection by entry id.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from refman import __version__
from refman.core.errors import Cancelled, QuerySyntaxError, RefmanError
from refman.core.model import Changes, Entry, ImportReport, ParseResult
from refman.core.query import MatchAll, Node, parse_query
from refman.gui import settings as keys
from refman.gui.citations import (
    DEFAULT_STYLE,
    CitationError,
    StyleCombo,
    bibtex_text,
    citation_mime,
    cite_command,
)
from refman.gui.commands import DeleteCommand, EditCommand, ImportCommand
from refman.gui.detail import DetailView
from refman.gui.editor import EntryEditor
from refman.gui.exporting import ExportDialog, export_file
from refman.gui.importing import ImportOutcome, ImportReportDialog, PasteDialog
from refman.gui.search import SearchBox
from refman.gui.sidebar import ALL, Scope, Sidebar
from refman.gui.table_model import EntryTableModel, combine
from refman.gui.table_view import EntryTableView
from refman.gui.tasks import BackgroundTask, Work
from refman.gui.welcome import WelcomePane, sample_article_path
from refman.library import Library

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
DETAIL_DELAY_MS = 30
BULK_DELETE_CONFIRM = 20


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


class MainWindow(QMainWindow):
    def __init__(self, library: Library, location: str, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = library
        self.location = location
        self.settings = settings
        self.scope: Scope = ALL
        self._search_text = ""
        self._total = 0
        self._history: list[int] = []
        self.tasks: list[BackgroundTask] = []
        self.last_error = ""
        self.last_check: list[str] = []
        self.last_outcome: ImportOutcome | None = None
        self.report_dialog: ImportReportDialog | None = None
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
        self.sidebar = Sidebar()
        self.detail = DetailView()
        self.welcome = WelcomePane()
        self.style_combo = StyleCombo()
        self.count_label = QLabel()

        table_area = QWidget()
        table_layout = QVBoxLayout(table_area)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addWidget(self.search)
        table_layout.addWidget(self.view, 1)
        self.right_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.right_splitter.addWidget(table_area)
        self.right_splitter.addWidget(self.detail)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.right_splitter.setChildrenCollapsible(False)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.sidebar)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.main_splitter)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.statusBar().addPermanentWidget(self.count_label)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self.show_current_entry)

        self._make_actions()
        self._make_menus()
        self._connect()
        self._restore_settings()
        self._update_title()
        self._changed(Changes(), keep=None, sidebar=False)
        # The sidebar's queries (sources with their entry counts: ~50 ms at 100k entries) wait
        # until the table (or the welcome pane) has painted, so they never delay the first paint;
        # a window that is never shown loads it at once.
        self._first_paint = _FirstPaint([self.view.viewport(), self.welcome], self._load_sidebar)
        if not self.isVisible():
            QTimer.singleShot(0, self._first_paint.fire_if_hidden)
        self.setTabOrder(self.sidebar, self.search)
        self.setTabOrder(self.search, self.view)
        self.setTabOrder(self.view, self.detail)

    def _load_sidebar(self) -> None:
        self.sidebar.set_library(self.lib)

    # --- construction -----------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.act_import = a("&Import…", self.import_dialog, "Ctrl+I",
                            "Import BibTeX, BibLaTeX, CSL-JSON, RIS or an article page")
        self.act_export = a("&Export…", self.export_dialog, "Ctrl+E", "Export all, the current view or the selection")
        self.act_new_library = a("&New Library…", self.new_library_dialog, "Ctrl+Shift+N")
        self.act_open_library = a("&Open Library…", self.open_library_dialog, QKeySequence.StandardKey.Open)
        self.act_check = a("&Check Library", self.check_library, None,
                           "Verify the database and rebuild the search index if needed")
        self.act_restore = a("&Restore Backup…", self.restore_backup_dialog, None,
                             "Replace the library with an automatic backup (the current state is backed up first)")
        self.act_quit = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_paste = a("&Paste References…", self.paste_dialog, "Ctrl+Shift+V",
                           "Paste an article page or a reference list and preview it before importing")
        self.act_copy_bib = a("Copy &Citation", self.copy_bibliography, "Ctrl+Shift+C",
                              "Copy the selected entries as formatted bibliography entries")
        self.act_copy_intext = a("Copy In-&text Citation", self.copy_in_text, "Ctrl+Shift+A",
                                 "Copy an in-text citation of the selected entries")
        self.act_copy_bibtex = a("Copy &BibTeX", self.copy_bibtex, "Ctrl+Shift+B")
        self.act_copy_cite = a("Copy \\&cite{key}", self.copy_cite_key, "Ctrl+Shift+K")
        self.act_edit = a("&Edit Entry…", self.edit_current, "F2")
        self.act_delete = a("&Delete", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.act_find = a("&Find", self.focus_search, QKeySequence.StandardKey.Find)
        self.act_back = a("&Back", self.go_back, "Alt+Left", "Back to the previously shown entry")
        self.act_focus_sidebar = a("Go to &Sidebar", self.sidebar_focus, "Alt+1")
        self.act_focus_table = a("Go to &Table", lambda: self.view.setFocus(), "Alt+2")
        self.act_focus_detail = a("Go to &Details", lambda: self.detail.setFocus(), "Alt+3")
        self.act_natural = a("&Natural Order", self.natural_order, "Ctrl+0",
                             "Date added, or reference-list order for an article's references")
        self.act_all = a("Show &All Entries", self.show_all, "Ctrl+Shift+L")
        self.act_about = a("&About refman", self.about)
        self.act_syntax = a("&Search Syntax", self.search_help, QKeySequence.StandardKey.HelpContents)
        selection_actions = [self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex, self.act_copy_cite,
                             self.act_edit, self.act_delete]
        self.view.set_selection_actions(selection_actions)
        self.view.context_actions = [self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex,
                                     self.act_copy_cite, None, self.act_edit, self.act_delete, None,
                                     self.act_export]

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.act_import)
        file.addAction(self.act_export)
        file.addSeparator()
        file.addAction(self.act_new_library)
        file.addAction(self.act_open_library)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addAction(self.act_check)
        file.addAction(self.act_restore)
        file.addSeparator()
        file.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(self.act_paste)
        edit.addSeparator()
        for act in (self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex, self.act_copy_cite):
            edit.addAction(act)
        edit.addSeparator()
        edit.addAction(self.act_edit)
        edit.addAction(self.act_delete)
        edit.addSeparator()
        edit.addAction(self.act_find)
        view = bar.addMenu("&View")
        view.addAction(self.act_all)
        view.addAction(self.act_back)
        view.addAction(self.act_natural)
        self.columns_menu = view.addMenu("&Columns")
        self.columns_menu.aboutToShow.connect(self._fill_columns)
        view.addSeparator()
        for act in (self.act_focus_sidebar, self.act_focus_table, self.act_focus_detail):
            view.addAction(act)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_syntax)
        help_menu.addAction(self.act_about)

        tools = QToolBar("Main")
        tools.setObjectName("mainToolBar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addAction(self.act_import)
        tools.addAction(self.act_paste)
        tools.addAction(self.act_export)
        tools.addSeparator()
        tools.addWidget(QLabel(" Style: "))
        tools.addWidget(self.style_combo)
        tools.addAction(self.act_copy_bib)
        tools.addAction(self.act_copy_intext)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        self.toolbar = tools

    def _connect(self) -> None:
        self.search.search.connect(self.apply_search)
        self.search.leave.connect(self.view.setFocus)
        self.sidebar.scope_selected.connect(self.set_scope)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._detail_timer.start())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_status())
        self.model.modelReset.connect(self._model_reset)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.view.context_menu().exec(self.view.viewport().mapToGlobal(pos)))
        self.view.activated_entry.connect(lambda _i: self.edit_current())
        self.detail.entry_requested.connect(self.navigate_to)
        self.detail.keyword_requested.connect(self.search_keyword)
        self.detail.link_refused.connect(lambda url: self.statusBar().showMessage(f"Not opened: {url}", 5000))
        self.style_combo.style_changed.connect(self._style_changed)
        self.welcome.import_sample.connect(self.import_sample)
        self.welcome.import_file.connect(self.import_dialog)
        self.welcome.paste.connect(self.paste_dialog)
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())

    # --- settings ---------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = keys.get_bytes(s, keys.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 820)
        state = keys.get_bytes(s, keys.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        for key, splitter in ((keys.MAIN_SPLITTER, self.main_splitter), (keys.RIGHT_SPLITTER, self.right_splitter)):
            value = keys.get_bytes(s, key)
            if value is None or not splitter.restoreState(value):
                if splitter is self.main_splitter:
                    splitter.setSizes([215, 1145])
                else:
                    splitter.setSizes([775, 370])
        header = keys.get_bytes(s, keys.HEADER)
        if header is not None:
            hh = self.view.horizontalHeader()
            if hh.restoreState(header):
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
        wanted = list(self.view.selected_ids()) if keep == () else list(keep or [])
        current = self.view.current_id()
        if keep == () and current is not None and current in wanted:
            wanted.remove(current)
            wanted.insert(0, current)
        self._total = self.lib.count()
        if sidebar:
            self.sidebar.refresh(sources=bool(changes.added or changes.deleted or changes.empty))
        self.scope = self.sidebar.current_scope() if self.scope.kind != "all" else ALL
        self._apply(select=wanted)
        self.stack.setCurrentWidget(self.welcome if self._total == 0 else self.main_splitter)
        self._update_actions()

    def _apply(self, select: Sequence[int] = ()) -> bool:
        """Run the search box's query within the sidebar scope; False (and a message) if it is invalid."""
        try:
            query: Node = parse_query(self._search_text) if self._search_text.strip() else MatchAll()
        except QuerySyntaxError as exc:
            self.search.set_error(str(exc))
            self.statusBar().showMessage(f"Search: {exc}")
            return False
        node = combine(self.scope.node, query)
        try:
            self.model.set_filter(node, self.scope.ids)
        except RefmanError as exc:
            self.search.set_error(str(exc))
            self.statusBar().showMessage(f"Search: {exc}")
            return False
        self.search.set_error(None)
        self.statusBar().clearMessage()
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
        has = self.view.selected_count() > 0
        for act in (self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex, self.act_copy_cite,
                    self.act_delete):
            act.setEnabled(has)
        self.act_edit.setEnabled(self.view.current_id() is not None)
        self.act_back.setEnabled(bool(self._history))

    def _update_title(self) -> None:
        name = Path(self.location).name if "://" not in self.location else self.location
        self.setWindowTitle(f"{name} — refman")

    def show_current_entry(self) -> None:
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
        self.detail.show_entry(entry, self.lib.references_of(entry_id), self.lib.cited_by(entry_id))
        self._update_actions()

    # --- search and navigation -----------------------------------------------------------------

    def apply_search(self, text: str) -> None:
        self._search_text = text
        keep = self.view.selected_ids()
        self._apply(select=keep)

    def set_search_text(self, text: str) -> None:
        """Type into the search box and run the search at once (no debounce)."""
        self.search.setText(text)
        self.search.fire()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def sidebar_focus(self) -> None:
        self.sidebar.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_scope(self, scope: Scope) -> None:
        previous = self.scope
        self.scope = scope
        if scope.kind == "references" and previous.ref != scope.ref:
            self.natural_order(apply=False)
        self._apply(select=[scope.select_id] if scope.select_id is not None else self.view.selected_ids())

    def natural_order(self, apply: bool = True) -> None:
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_order(None, False)
        if apply:
            self._apply(select=self.view.selected_ids())

    def show_all(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search_text = ""
        keep = self.view.selected_ids()
        if self.scope.kind != "all":
            self.sidebar.select_all_entries()  # emits scope_selected -> set_scope
        self.scope = ALL
        self._apply(select=keep)

    def navigate_to(self, entry_id: int, remember: bool = True) -> None:
        """Show one entry (a reference clicked in the detail pane), widening the view if needed."""
        shown = self.detail.entry
        current = shown.id if shown is not None else self.view.current_id()
        if self.model.row_of_id(entry_id) is None:
            self.show_all()
        if self.view.select_ids([entry_id]):
            if remember and current is not None and current != entry_id:
                self._history.append(current)
            self.view.setFocus()
        else:
            self.statusBar().showMessage("That entry is no longer in the library.", 4000)
        self._update_actions()

    def go_back(self) -> None:
        if self._history:
            self.navigate_to(self._history.pop(), remember=False)

    def search_keyword(self, keyword: str) -> None:
        self.set_search_text(f'keyword:"{keyword}"')

    # --- copying ----------------------------------------------------------------------------

    def selected_entries(self) -> list[Entry]:
        ids = self.view.selected_ids()
        if not ids:
            current = self.view.current_id()
            ids = [current] if current is not None else []
        return self.lib.get_many(ids)

    def _set_clipboard(self, make: Callable[[list[Entry]], object], what: str) -> bool:
        entries = self.selected_entries()
        if not entries:
            self.statusBar().showMessage("Select entries to copy.", 3000)
            return False
        try:
            payload = make(entries)
        except (CitationError, RefmanError, ImportError) as exc:
            self.show_error(f"Cannot copy {what}", str(exc))
            return False
        clipboard = QGuiApplication.clipboard()
        if isinstance(payload, str):
            clipboard.setText(payload)
        else:
            clipboard.setMimeData(payload)  # type: ignore[arg-type]
        n = len(entries)
        self.statusBar().showMessage(f"Copied {what} of {n} entr{'y' if n == 1 else 'ies'}.", 4000)
        return True

    def copy_bibliography(self) -> bool:
        style = self.style_combo.current_style()
        return self._set_clipboard(lambda es: citation_mime(es, style, in_text=False),
                                   f"{self.style_combo.currentText()} citation")

    def copy_in_text(self) -> bool:
        style = self.style_combo.current_style()
        return self._set_clipboard(lambda es: citation_mime(es, style, in_text=True),
                                   f"{self.style_combo.currentText()} in-text citation")

    def copy_bibtex(self) -> bool:
        def make(entries: list[Entry]) -> str:
            try:
                return bibtex_text(self.lib, entries)
            except RefmanError:
                raise
            except Exception as exc:  # the BibTeX writer may be missing: a message, not a crash
                raise CitationError(f"the BibTeX writer failed: {exc}") from exc
        return self._set_clipboard(make, "BibTeX")

    def copy_cite_key(self) -> bool:
        return self._set_clipboard(lambda es: cite_command([e.citekey for e in es]), "\\cite")

    def show_error(self, title: str, text: str) -> None:
        """A clear message that does not block (tests and keyboard users can carry on)."""
        self.last_error = f"{title}: {text}"
        self.statusBar().showMessage(self.last_error, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- editing ----------------------------------------------------------------------------

    def edit_current(self) -> None:
        entry_id = self.view.current_id()
        if entry_id is None:
            return
        before = self.lib.get(entry_id)
        dialog = EntryEditor(before, self.lib, self)
        if dialog.exec() and dialog.result_entry is not None:
            self.apply_edit(before, dialog.result_entry)

    def apply_edit(self, before: Entry, after: Entry) -> bool:
        if after == before:
            return True
        try:
            changes = self.lib.update_entry(after)
        except RefmanError as exc:
            self.show_error("Cannot save the entry", str(exc))
            return False
        stored = self.lib.get(after.id) if after.id is not None else after
        self.undo_stack.push(EditCommand(before, stored, self.lib, self._command_done, self._command_error))
        self._changed(changes, keep=[after.id] if after.id is not None else ())
        return True

    def delete_selected(self) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        if len(ids) >= BULK_DELETE_CONFIRM:
            answer = QMessageBox.question(self, "Delete entries",
                                          f"Delete {len(ids):,} entries? (Edit > Undo brings them back.)")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.delete_ids(ids)

    def delete_ids(self, ids: Sequence[int]) -> None:
        next_row = min(self.view.selected_rows() or [0])
        try:
            deleted, changes = self.lib.delete(list(ids))
        except RefmanError as exc:
            self.show_error("Cannot delete", str(exc))
            return
        if not deleted.entries:
            return
        self.undo_stack.push(DeleteCommand(deleted, self.lib, self._command_done, self._command_error))
        self._changed(changes, keep=[])
        if self.model.rowCount():
            self.view.select_row(min(next_row, self.model.rowCount() - 1))

    def _command_done(self, changes: Changes) -> None:
        keep = list(changes.added or changes.updated)
        self._changed(changes, keep=keep if keep else ())

    def _command_error(self, message: str) -> None:
        self.show_error("Undo", message)

    # --- importing --------------------------------------------------------------------------

    def import_dialog(self) -> None:
        start = keys.get_str(self.settings, keys.LAST_DIR, os.path.expanduser("~"))
        filters = ";;".join(f for f, _ in IMPORT_FILTERS)
        paths, chosen = QFileDialog.getOpenFileNames(self, "Import", start, filters)
        if not paths:
            return
        self.settings.setValue(keys.LAST_DIR, str(Path(paths[0]).parent))
        fmt = dict(IMPORT_FILTERS).get(chosen)
        self.import_files(paths, fmt)

    def import_sample(self) -> None:
        path = sample_article_path()
        if path is None:
            self.show_error("No sample", "The sample article is not installed (resources/samples/).")
            return
        self.import_files([path], "article-page")

    def import_files(self, paths: Sequence[str], fmt: str | None = None) -> BackgroundTask | None:
        paths = list(paths)

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportOutcome:
            outcome = ImportOutcome()
            for path in paths:
                if cancelled():
                    outcome.cancelled = True
                    outcome.failures.append((path, "cancelled; nothing from this file was imported"))
                    continue
                try:
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
        dialog = PasteDialog(parent=self)
        if dialog.exec():
            result = dialog.corrected()
            if result is not None:
                self.import_parsed(result)

    def _import_finished(self, outcome: ImportOutcome, label: str) -> None:
        self.last_outcome = outcome
        if outcome.added or outcome.updated:
            updated_only = len(set(outcome.updated) - set(outcome.added))
            if outcome.added:
                self.undo_stack.push(ImportCommand(label, tuple(outcome.added), updated_only, self.lib,
                                                   self._command_done, self._command_error))
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
        searching = bool(self._search_text.strip()) or self.scope.kind != "all"
        start = keys.get_str(self.settings, keys.LAST_DIR, os.path.expanduser("~"))
        dialog = ExportDialog(self._total, self.model.rowCount(), self.view.selected_count(), searching,
                              start, self)
        if not dialog.exec():
            return None
        self.export_to(dialog.path.text().strip(), dialog.fmt, dialog.scope)
        return dialog

    def export_to(self, path: str, fmt: str, scope: str) -> BackgroundTask | None:
        query: str | None = None
        ids: list[int] | None = None
        if scope == "selection":
            ids = self.view.selected_ids()
        elif scope == "search":
            if self.scope.kind == "all":
                query = self._search_text
            else:
                ids = self.model.all_ids()
        self.settings.setValue(keys.LAST_DIR, str(Path(path).parent))

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return export_file(lib, path, fmt, query, ids, cancelled, progress)

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
            box = QMessageBox(QMessageBox.Icon.Information if not problems else QMessageBox.Icon.Warning,
                              "Check library", "\n".join(lines), QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self._changed(Changes())

        return self.run_task("Checking", "Checking the library…", work, done, cancellable=False)

    # --- background work --------------------------------------------------------------------

    def run_task(self, title: str, label: str, work: Work, on_done: Callable[[object], None],
                 cancellable: bool = True) -> BackgroundTask | None:
        if any(t.running for t in self.tasks):
            self.statusBar().showMessage("Busy: wait for the current import or export to finish.", 4000)
            return None
        task = BackgroundTask(self, self.pool, self.location, self.lib, title, label, work, cancellable)
        self.tasks.append(task)

        def finished(result: object) -> None:
            self._forget(task)
            on_done(result)

        def failed(exc: object) -> None:
            self._forget(task)
            if isinstance(exc, Cancelled):
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
        return task

    def _forget(self, task: BackgroundTask) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        task.deleteLater()

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
        path, _ = QFileDialog.getOpenFileName(self, "Open library", start, LIBRARY_FILTER)
        if path:
            self.switch_library(path)

    def new_library_dialog(self) -> None:
        start = str(Path(self.location).parent) if "://" not in self.location else os.path.expanduser("~")
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
        labels = [f"{b.taken:%Y-%m-%d %H:%M:%S} — {b.reason.replace('-', ' ')}" for b in backups]
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

    def switch_library(self, location: str) -> bool:
        if any(t.running for t in self.tasks):
            self.statusBar().showMessage("Busy: wait for the current import or export to finish.", 4000)
            return False
        try:
            new = Library.open(location)
        except RefmanError as exc:
            self.show_error("Cannot open library", str(exc))
            return False
        old = self.lib
        self.lib = new
        self.location = location
        self.undo_stack.clear()
        self._history.clear()
        self.scope = ALL
        self.model.set_library(new)
        self.sidebar.set_library(new)
        self.sidebar.select_all_entries()
        old.close()
        keys.remember_library(self.settings, location)
        self._update_title()
        self._changed(Changes(), keep=None, sidebar=False)
        self.statusBar().showMessage(f"Opened {location}", 4000)
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for loc in keys.recent_libraries(self.settings):
            action = self.recent_menu.addAction(loc)
            action.setEnabled(loc != self.location)
            action.triggered.connect(lambda _c=False, loc=loc: self.switch_library(loc))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _fill_columns(self) -> None:
        self.columns_menu.clear()
        self.view.fill_column_menu(self.columns_menu)

    # --- help -------------------------------------------------------------------------------

    def about(self) -> None:
        from html import escape

        QMessageBox.about(self, "About refman",
                          f"<b>refman {__version__}</b><br>A fast, lossless reference manager.<br>"
                          f"Library: {escape(self.location)}<br><br>"
                          "Citations are formatted by citeproc-js, copyright Frank Bennett, "
                          "under CPAL-1.0 or AGPL-3.0 (its source ships with refman).<br>"
                          "CSL styles and locales: Citation Style Language project (CC BY-SA 3.0).<br>"
                          "Reference parser trained on AnyStyle data (BSD-2-Clause).")

    def search_help(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Search syntax", self.search._help,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for task in self.tasks:
            task.cancel()
        self.pool.waitForDone()
        self.save_settings()
        super().closeEvent(event)
