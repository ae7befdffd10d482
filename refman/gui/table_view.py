"""The entry table view: fixed row heights, SQL sorting, column chooser, and its own shortcuts.

QTableView handles Ctrl+C itself (it copies cell text), so shortcuts meant for the selection are
claimed on the view: a ShortcutOverride for the actions' key sequences, then keyPressEvent
triggers the action. The same actions sit in the menus and the right-click menu.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from refman.gui.table_model import COLUMN_KEYS, COLUMNS, EntryTableModel

TITLE_COLUMN = COLUMN_KEYS.index("title")


def _key_sequence(event: QKeyEvent) -> QKeySequence:
    return QKeySequence(event.keyCombination())


class EntryTableView(QTableView):
    activated_entry = Signal(int)  # Enter or double-click on a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setSortingEnabled(False)  # enabled after the model is set, without an initial sort
        self.setTabKeyNavigation(False)
        self.setAcceptDrops(False)
        self.setDragEnabled(True)  # rows drag onto a collection in the sidebar
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vh = self.verticalHeader()
        vh.setVisible(False)
        # Fixed, uniform heights: the view never asks a row's content for its size (never ResizeToContents).
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setMinimumSectionSize(1)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setMinimumSectionSize(36)
        hh.setSortIndicatorShown(True)
        hh.setSortIndicatorClearable(True)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.doubleClicked.connect(self._activate)
        self._selection_actions: list[QAction] = []
        self.context_actions: list[QAction | None] = []

    def setModel(self, model: object) -> None:  # type: ignore[override]
        super().setModel(model)  # type: ignore[arg-type]
        hh = self.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            hh.resizeSection(i, col.width)
            hh.setSectionHidden(i, not col.visible)
        # The title takes whatever width the other columns leave (they keep their own widths).
        hh.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def entry_model(self) -> EntryTableModel:
        model = self.model()
        assert isinstance(model, EntryTableModel)
        return model

    # --- selection --------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """Selected rows in order, from the selection's ranges (cheap even for a select-all of 100k rows)."""
        sm = self.selectionModel()
        if sm is None or not sm.hasSelection():
            return []
        rows: set[int] = set()
        selection = sm.selection()
        for k in range(selection.count()):
            rng = selection.at(k)
            rows.update(range(rng.top(), rng.bottom() + 1))
        return sorted(rows)

    def selected_count(self) -> int:
        sm = self.selectionModel()
        if sm is None or not sm.hasSelection():
            return 0
        selection = sm.selection()
        spans = sorted((selection.at(k).top(), selection.at(k).bottom()) for k in range(selection.count()))
        count, end = 0, -1
        for top, bottom in spans:  # ranges of different columns may cover the same rows
            if bottom > end:
                count += bottom - max(top, end + 1) + 1
                end = bottom
        return count

    def selected_ids(self) -> list[int]:
        return self.entry_model().ids_at(self.selected_rows())

    def current_id(self) -> int | None:
        idx = self.currentIndex()
        return self.entry_model().id_at(idx.row()) if idx.isValid() else None

    def select_row(self, row: int) -> None:
        model = self.entry_model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, max(self.horizontalHeader().logicalIndex(0), 0))
        sm = self.selectionModel()
        sm.setCurrentIndex(index, sm.SelectionFlag.ClearAndSelect | sm.SelectionFlag.Rows)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def select_ids(self, ids: Sequence[int]) -> bool:
        """Select these entries where they are shown; the first one becomes current."""
        model = self.entry_model()
        rows = [r for r in (model.row_of_id(i) for i in ids) if r is not None]
        if not rows:
            return False
        self.select_row(rows[0])
        sm = self.selectionModel()
        for r in rows[1:]:
            sm.select(model.index(r, 0), sm.SelectionFlag.Select | sm.SelectionFlag.Rows)
        return True

    # --- shortcuts on the view ----------------------------------------------------------------

    def set_selection_actions(self, actions: Sequence[QAction]) -> None:
        """Actions whose shortcuts the view must not swallow (copy citation, delete, ...)."""
        self._selection_actions = list(actions)

    def add_selection_actions(self, actions: Sequence[QAction]) -> None:
        self._selection_actions.extend(actions)

    def startDrag(self, supported: Qt.DropAction) -> None:
        """Drag the selected entries' ids (refman.gui.organise_panel.ENTRY_MIME), not cell text."""
        from PySide6.QtGui import QDrag

        from refman.gui.organise_panel import entry_mime

        ids = self.selected_ids()
        if not ids:
            return
        drag = QDrag(self)
        drag.setMimeData(entry_mime(ids))
        drag.exec(Qt.DropAction.CopyAction)

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        seq = _key_sequence(event)
        for action in self._selection_actions:
            if action.isEnabled() and any(s.matches(seq) == QKeySequence.SequenceMatch.ExactMatch
                                          for s in action.shortcuts()):
                return action
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._action_for(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._action_for(event)
        if action is not None:
            action.trigger()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _activate(self, index: object) -> None:
        entry_id = self.current_id()
        if entry_id is not None:
            self.activated_entry.emit(entry_id)

    # --- menus ------------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def column_menu(self) -> QMenu:
        menu = QMenu("Columns", self)
        self.fill_column_menu(menu)
        return menu

    def fill_column_menu(self, menu: QMenu) -> None:
        """Checkable column actions (owned by `menu`), then Reset."""
        hh = self.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            action = menu.addAction(col.title)
            action.setCheckable(True)
            action.setChecked(not hh.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
        menu.addSeparator()
        reset = menu.addAction("Reset columns")
        reset.triggered.connect(self.reset_columns)

    def set_column_visible(self, logical: int, visible: bool) -> None:
        hh = self.horizontalHeader()
        if not visible and hh.count() - hh.hiddenSectionCount() <= 1:
            return  # keep at least one column
        hh.setSectionHidden(logical, not visible)
        if visible and hh.sectionSize(logical) < 30:
            hh.resizeSection(logical, COLUMNS[logical].width)

    def reset_columns(self) -> None:
        hh = self.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            hh.moveSection(hh.visualIndex(i), i)
            hh.setSectionHidden(i, not col.visible)
            hh.resizeSection(i, col.width)

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))
