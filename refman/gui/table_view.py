"""The entry table view: fixed row heights, SQL sorting, column chooser, and its own shortcuts.

QTableView handles Ctrl+C itself (it copies cell text), so shortcuts meant for the selection are
claimed on the view: a ShortcutOverride for the actions' key sequences, then keyPressEvent
triggers the action. The same actions sit in the menus and the right-click menu.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QPoint, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QMenu, QTableView, QWidget

from refman.gui.qt_namespace import CUSTOM_CONTEXT_MENU, Qt, set_enum
from refman.gui.table_model import COLUMN_KEYS, COLUMNS, EntryTableModel, header_titles

TITLE_COLUMN = COLUMN_KEYS.index("title")
NARROW_COLUMN = 60  # columns this narrow keep their width when the others shrink to fit
MANY_IDS = 200  # selecting more ids than this looks their rows up in one pass


def row_ranges(rows: Sequence[int], presorted: bool = False) -> list[tuple[int, int]]:
    """Rows (any order, duplicates allowed; or `presorted`: ascending, unique) as sorted
    inclusive (top, bottom) runs."""
    if presorted and rows and rows[-1] - rows[0] + 1 == len(rows):
        return [(rows[0], rows[-1])]  # one run (every row of an undone select-all): no loop over 100k rows
    runs: list[tuple[int, int]] = []
    for r in rows if presorted else sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _viewport() -> QWidget:
    """A viewport made in Python, set up as QAbstractScrollArea makes its own. The first time Python
    is handed a QWidget that C++ made (`viewport()` of Qt's own viewport), PySide6 works out its
    exact class by creating every QtWidgets class and its enums (~5 ms at start-up, before the
    first paint); a widget made here is known to Python already. It looks and acts the same
    (tests/gui/test_startup_window.py compares it with Qt's own). EntryTableView lowers it after
    setViewport, which appends it to the view's children: Qt's own is the first child."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    return viewport


def _key_sequence(event: QKeyEvent) -> QKeySequence:
    return QKeySequence(event.keyCombination())


class EntryTableView(QTableView):
    activated_entry = Signal(int)  # Enter or double-click on a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(_viewport())
        # setViewport re-parents the widget, which puts it last among the view's children, above
        # the headers; Qt makes its own first (QAbstractScrollAreaPrivate::init). The order decides
        # the stacking and which child is shown first: last, the viewport would miss the move that
        # the view's layout gives Qt's own while it is being shown (WA_PendingMoveEvent, left set).
        self.viewport().lower()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setSortingEnabled(False)  # until enable_sorting, without an initial sort
        self.setTabKeyNavigation(False)
        self.setAcceptDrops(False)
        self.setDragEnabled(True)  # rows drag onto a collection in the sidebar
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        set_enum(self, "contextMenuPolicy", CUSTOM_CONTEXT_MENU)
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
        hh.setSortIndicatorClearable(True)
        set_enum(hh, "contextMenuPolicy", CUSTOM_CONTEXT_MENU)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.doubleClicked.connect(self._activate)
        self._selection_actions: list[QAction] = []
        self._columns_fitted = False
        self.context_actions: list[QAction | None] = []

    def setModel(self, model: object) -> None:  # type: ignore[override]
        """The model's rows; the column titles come from a model of the header's own
        (table_model.header_titles): a header on the table's model asks its Python headerData,
        and PySide6 hands that the orientation as a Qt enum, building all of Qt's enums (~13 ms)
        before the first paint (qt_namespace.py). Sorting is switched on by `enable_sorting`."""
        hh = self.horizontalHeader()
        hh.setVisible(False)  # meanwhile the view asks no size hint of it (of the table model's titles)
        super().setModel(model)  # type: ignore[arg-type]
        hh.setModel(header_titles(hh))
        hh.setVisible(True)
        # The headers get a selection model of their own, always empty: sharing the view's, every
        # header repaint after a selection change asked whether each column is wholly selected,
        # row by row (300,000 model calls, 2 s, after Ctrl+A at 100k). Sections are never
        # highlighted (setHighlightSections(False)), so the header has no use for the selection.
        for header in (hh, self.verticalHeader()):
            header.setSelectionModel(QItemSelectionModel(header.model(), self))
        for i, col in enumerate(COLUMNS):
            hh.resizeSection(i, col.width)
            hh.setSectionHidden(i, not col.visible)
        # The title takes whatever width the other columns leave (they keep their own widths).
        hh.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)

    def enable_sorting(self) -> None:
        """Clicking a column title sorts by it, from now on (the main window calls this just after
        its first paint: the view's first sort call hands the model a Qt.SortOrder, which builds
        Qt's enums). The rows stay in the order they are in: natural order, unless a header
        state restored with a sort indicator already sorted them."""
        if self.isSortingEnabled():
            return
        hh = self.horizontalHeader()
        if not hh.isSortIndicatorShown():  # not a restored state's indicator: none yet (natural order)
            hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._columns_fitted:
            self._columns_fitted = True
            self.fit_default_columns()

    def fit_default_columns(self) -> None:
        """On a narrow window (a 1024×700 screen) the default column widths left the title a
        sliver and pushed the rest off to the right; shrink the other columns in proportion so
        the title keeps a third of the width. Columns the user sized (a restored header) stay."""
        hh = self.horizontalHeader()
        visible = [i for i in range(hh.count()) if not hh.isSectionHidden(i) and i != TITLE_COLUMN]
        if any(hh.sectionSize(i) != COLUMNS[i].width for i in visible):
            return  # not the defaults: the user's own widths
        available = self.viewport().width()
        title_min = max(160, available // 3)
        if not visible or sum(COLUMNS[i].width for i in visible) + title_min <= available:
            return
        narrow = [i for i in visible if COLUMNS[i].width <= NARROW_COLUMN]  # the year: keep it readable
        wide = [i for i in visible if i not in narrow]
        room = available - title_min - sum(COLUMNS[i].width for i in narrow)
        factor = max(room, 0) / max(sum(COLUMNS[i].width for i in wide), 1)
        for i in wide:
            hh.resizeSection(i, max(hh.minimumSectionSize(), int(COLUMNS[i].width * factor)))

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
        presorted = len(ids) > MANY_IDS
        if presorted:
            rows, first = model.rows_of_ids(ids, first=ids[0])  # one pass over the view's ids, not a look-up per id
        else:
            rows = [r for r in (model.row_of_id(i) for i in ids) if r is not None]
            first = rows[0] if rows else None
        if first is None:
            if not rows:
                return False
            first = rows[0]
        self.select_row(first)
        if len(rows) > 1:
            # One QItemSelection of contiguous row ranges, selected in one call: row by row, a
            # select-all of 100k entries restored after an undo took a quarter of an hour.
            sm = self.selectionModel()
            selection = QItemSelection()
            for top, bottom in row_ranges(rows, presorted):
                selection.select(model.index(top, 0), model.index(bottom, 0))
            sm.select(selection, sm.SelectionFlag.Select | sm.SelectionFlag.Rows)
        return True

    # --- shortcuts on the view ----------------------------------------------------------------

    def set_selection_actions(self, actions: Sequence[QAction]) -> None:
        """Actions whose shortcuts the view must not swallow (copy citation, delete, ...)."""
        self._selection_actions = list(actions)

    def add_selection_actions(self, actions: Sequence[QAction]) -> None:
        self._selection_actions.extend(actions)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        # A press on a row already selected may become a drag of the selection (onto a collection).
        self._drag_from = (event.position().toPoint()
                           if event.button() == Qt.MouseButton.LeftButton and index.isValid()
                           and self.selectionModel().isRowSelected(index.row(), index.parent()) else None)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Start the drag here rather than through Qt's item flags: a Python flags() saying "draggable"
        is called for every selected cell on each selection change (700,000 calls after Ctrl+A at 100k)."""
        start = getattr(self, "_drag_from", None)
        if (start is not None and event.buttons() & Qt.MouseButton.LeftButton
                and (event.position().toPoint() - start).manhattanLength() >= QApplication.startDragDistance()):
            self._drag_from = None
            self.startDrag(Qt.DropAction.CopyAction)
            return
        super().mouseMoveEvent(event)

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
