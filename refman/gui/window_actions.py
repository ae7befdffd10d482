"""The window's actions (with their shortcuts), menus and toolbar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

from refman.gui import settings as keys
from refman.gui.qt_namespace import TOOL_BUTTON_TEXT_ONLY, set_enum

if TYPE_CHECKING:
    from refman.gui.window_bulk import WindowBulkMixin
    from refman.gui.window_clipboard import WindowClipboardMixin
    from refman.gui.window_duplicates import WindowDuplicatesMixin
    from refman.gui.window_files import WindowFilesMixin
    from refman.gui.window_latex import WindowLatexMixin
    from refman.gui.window_navigation import WindowNavigationMixin

    class _Base(WindowBulkMixin, WindowClipboardMixin, WindowLatexMixin, WindowFilesMixin, WindowNavigationMixin,
                WindowDuplicatesMixin):
        """The other mixins, whose methods the actions trigger."""
else:
    _Base = object


def _open_shared_library(window: object) -> None:
    from refman.gui.shared_library import open_shared_library  # its dialog: imported when first used

    open_shared_library(window)  # type: ignore[arg-type]


class WindowActionsMixin(_Base):
    """Actions, menus and toolbar of MainWindow."""

    # --- construction -----------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:  # setShortcuts: PySide6's setShortcut (and QKeySequence(QKeySequence))
            # builds Qt's enums to choose an overload, before the first paint (qt_namespace.py)
            action.setShortcuts([shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)])
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
        self.act_export_cited = a("Export &Cited by a Document…", self.export_cited_dialog, None,
                                  "Export the entries a LaTeX document (.aux, .bcf or .tex) cites")
        self.act_new_library = a("&New Library…", self.new_library_dialog, "Ctrl+Shift+N")
        self.act_open_library = a("&Open Library…", self.open_library_dialog, QKeySequence.StandardKey.Open)
        self.act_open_shared = a("Open &Shared Library…", lambda: _open_shared_library(self), None,
                                 "Open a library on a PostgreSQL server that several people edit")
        self.act_check = a("&Check Library", self.check_library, None,
                           "Verify the database and rebuild the search index if needed")
        self.act_restore = a("&Restore Backup…", self.restore_backup_dialog, None,
                             "Replace the library with an automatic backup (the current state is backed up first)")
        self.act_quit = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        if self.act_quit.shortcut().isEmpty():  # Windows and the offscreen/minimal platforms name no Quit key
            self.act_quit.setShortcuts([QKeySequence("Ctrl+Q")])
        # Own actions, not the stack's: they stay disabled while a worker changes the library.
        self.act_undo = a("&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = a("&Redo", self.redo, "Ctrl+Shift+Z")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_paste = a("&Paste References…", self.paste_dialog, "Ctrl+Shift+V",
                           "Paste an article page or a reference list and preview it before importing")
        self.act_copy_bib = a("Copy &Citation", self.copy_bibliography, "Ctrl+Shift+C",
                              "Copy the selected entries as formatted bibliography entries")
        self.act_copy_intext = a("Copy In-&text Citation", self.copy_in_text, "Ctrl+Shift+A",
                                 "Copy an in-text citation of the selected entries")
        self.act_copy_bibtex = a("Copy &BibTeX", self.copy_bibtex, "Ctrl+Shift+B")
        self.act_copy_cite = a("Copy \\&cite{key}", self.copy_cite_key, "Ctrl+Shift+K")
        self.act_edit = a("&Edit Entry…", self.edit_current, "F2")
        self.act_regenerate_keys = a("Re&generate Keys", self.regenerate_selected_keys, None,
                                     "Give the selected entries whose key refman made keys by the library's formula")
        self.act_delete = a("Move to &Trash", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.act_merge = a("&Merge Duplicates…", self.merge_duplicates, "Ctrl+M",
                           "Merge the selected entries (or the current one's duplicates) side by side")
        self.act_find = a("&Find", self.focus_search, QKeySequence.StandardKey.Find)
        self.act_back = a("&Back", self.go_back, "Alt+Left", "Back to the previously shown entry")
        self.act_forward = a("&Forward", self.go_forward, "Alt+Right", "Forward again after Back")
        self.act_style = a("Citation &Style…", self.choose_style, "Ctrl+Shift+S",
                           "Choose the citation style for Copy Citation (type to search every bundled style)")
        self.act_focus_sidebar = a("Go to &Sidebar", self.sidebar_focus, "Alt+1")
        self.act_focus_table = a("Go to &Table", lambda: self.view.setFocus(), "Alt+2")
        self.act_focus_detail = a("Go to &Details", lambda: self.detail.setFocus(), "Alt+3")
        self.act_natural = a("&Natural Order", self.natural_order, "Ctrl+0",
                             "Date added, or reference-list order for an article's references")
        self.act_all = a("Show &All Entries", self.show_all, "Ctrl+Shift+L")
        self.act_about = a("&About refman", self.about)
        self.act_syntax = a("&Search Syntax", self.search_help, QKeySequence.StandardKey.HelpContents)
        selection_actions = [self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex, self.act_copy_cite,
                             self.act_edit, self.act_delete, self.act_regenerate_keys]
        self.view.set_selection_actions(selection_actions)
        self.view.context_actions = [self.act_copy_bib, self.act_copy_intext, self.act_copy_bibtex,
                                     self.act_copy_cite, None, self.act_edit, self.act_delete, None,
                                     self.act_export]

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.act_import)
        file.addAction(self.act_export)
        file.addAction(self.act_export_cited)
        file.addSeparator()
        file.addAction(self.act_new_library)
        file.addAction(self.act_open_library)
        file.addAction(self.act_open_shared)
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
        edit.addAction(self.act_style)
        edit.addSeparator()
        edit.addAction(self.act_edit)
        edit.addAction(self.act_regenerate_keys)
        edit.addAction(self.act_delete)
        edit.addAction(self.act_merge)
        edit.addSeparator()
        edit.addAction(self.act_find)
        view = bar.addMenu("&View")
        view.addAction(self.act_all)
        view.addAction(self.act_back)
        view.addAction(self.act_forward)
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
        set_enum(tools, "toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)
        tools.addAction(self.act_import)
        tools.addAction(self.act_paste)
        tools.addAction(self.act_export)
        tools.addSeparator()
        tools.addWidget(QLabel(" Style: "))
        tools.addWidget(self.style_combo)
        tools.addAction(self.act_copy_bib)
        tools.addAction(self.act_copy_intext)
        self.addToolBar(tools)  # at the top
        self.toolbar = tools

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
