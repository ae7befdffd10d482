"""What the window's mixins (window_*.py) may use of MainWindow, declared for the type checker.

At run time the mixins are plain classes and MainWindow (main_window.py) supplies all of this;
mypy checks each mixin against these declarations, and MainWindow against them in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget

from refman.core.changes import Changes
from refman.gui.citations import StyleCombo
from refman.gui.commands import Step
from refman.gui.importing import ImportOutcome, ImportReportDialog
from refman.gui.page_preview import PagePreviewDialog
from refman.gui.refresh import LibraryWatcher
from refman.gui.scope import Scope
from refman.gui.search import SearchBox
from refman.gui.table_model import EntryTableModel
from refman.gui.table_view import EntryTableView
from refman.gui.tasks import BackgroundTask, Work

if TYPE_CHECKING:
    from refman.core.model import ParseResult
    from refman.gui.detail import DetailView
    from refman.gui.keep_updated import KeepUpdatedScheduler
    from refman.gui.organise_panel import OrganiseTree, TagSelector
    from refman.gui.sidebar import Sidebar
    from refman.gui.welcome import WelcomePane
    from refman.library import Library


class WindowBase(QMainWindow):
    """MainWindow's state and the methods of main_window.py that the mixins call."""

    lib: Library
    location: str
    settings: QSettings
    scope: Scope
    _search_text: str
    _total: int
    _history: list[int]
    _forward: list[int]
    _scroll_memory: dict[int, int]
    _pending_scroll: tuple[int, int] | None
    tasks: list[BackgroundTask]
    last_error: str
    last_check: list[str]
    closed: bool
    last_outcome: ImportOutcome | None
    report_dialog: ImportReportDialog | None
    preview_dialog: PagePreviewDialog | None
    pending_previews: list[tuple[str, ParseResult]]
    pool: QThreadPool
    undo_stack: QUndoStack
    model: EntryTableModel
    view: EntryTableView
    search: SearchBox
    style_combo: StyleCombo
    count_label: QLabel
    right_splitter: QSplitter
    main_splitter: QSplitter
    stack: QStackedWidget
    _detail_timer: QTimer
    watcher: LibraryWatcher
    act_undo: QAction
    act_forward: QAction
    act_redo: QAction

    if TYPE_CHECKING:
        # built on first use (window_panels.py)
        @property
        def sidebar(self) -> Sidebar: ...

        @property
        def detail(self) -> DetailView: ...

        @property
        def welcome(self) -> WelcomePane: ...

        @property
        def organise_tree(self) -> OrganiseTree: ...

        @property
        def tag_selector(self) -> TagSelector: ...

        @property
        def keep_updated_scheduler(self) -> KeepUpdatedScheduler: ...

        @property
        def panels_built(self) -> bool: ...

        def show_error(self, title: str, text: str) -> None: ...

        def _changed(self, changes: Changes, keep: Sequence[int] | None = (), sidebar: bool = True) -> None: ...

        def _apply(self, select: Sequence[int] = ()) -> bool: ...

        def _update_actions(self) -> None: ...

        def _update_status(self) -> None: ...

        def _search_failed(self, message: str) -> None: ...

        def _hint_unknown_prefixes(self, text: str) -> None: ...

        def _update_title(self) -> None: ...

        def _command_done(self, changes: Changes) -> None: ...

        def _command_error(self, message: str) -> None: ...

        def edit_current(self) -> None: ...

        def delete_selected(self) -> None: ...

        def about(self) -> None: ...

        def search_help(self) -> None: ...

        def show_all(self) -> None: ...

        def set_scope(self, scope: Scope) -> None: ...  # window_navigation.py

        def run_task(self, title: str, label: str, work: Work, on_done: Callable[[object], None],
                     cancellable: bool = True, on_failed: Callable[[object], None] | None = None,
                     ) -> BackgroundTask | None: ...

        def run_step(self, title: str, size: int, step: Step, notify: Callable[[Changes], None],
                     report: Callable[[str], None]) -> None: ...

        def move_selection_to_trash(self, restore: bool = False) -> bool: ...  # window_bulk.py

        def load_organise(self) -> None: ...  # window_organise.py
