"""The entry table's model: pages of rows asked from the store on demand, never the whole library.

Measured design (issue 4): a custom QAbstractTableModel whose row count comes from `count(*)`,
whose rows come in pages of ~200 from an indexed `ORDER BY ... LIMIT/OFFSET` query, kept in a
bounded LRU page cache. Only a search (or a scoped list such as one import) materialises the
ordered id list, and then pages are fetched by id. `QSqlQueryModel` and `QStandardItemModel`
were measured and rejected (hundreds of MB after a deep scroll; seconds at 100k rows).

Roles are compared as plain ints: `data()` is called thousands of times per repaint and enum
comparisons in PySide6 cost more than the rest of the method.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel

from refman.core.query_root import MatchAll, Node
from refman.gui.qt_namespace import (
    ALIGN_RIGHT_V_CENTER,
    DISPLAY_ROLE,
    TEXT_ALIGNMENT_ROLE,
    TOOLTIP_ROLE,
    USER_ROLE,
    Qt,
)

if TYPE_CHECKING:
    from refman.core.model import EntrySummary
    from refman.library import Library

PAGE_SIZE = 200
RANGE_ROWS = 5000  # selections up to this many rows get their ids per run of rows
MAX_PAGES = 50  # at most 10,000 summaries in memory, however far the user scrolls

DISPLAY = DISPLAY_ROLE
TOOLTIP = TOOLTIP_ROLE
ALIGN = TEXT_ALIGNMENT_ROLE
ID_ROLE = USER_ROLE + 1
KEY_ROLE = USER_ROLE + 2

_RIGHT = ALIGN_RIGHT_V_CENTER

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: `key` is also the store's sort name (`Library.search(order_by=...)`)."""

    key: str
    title: str
    width: int
    visible: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("citekey", "Key", 115),
    Column("authors", "Authors", 135),
    Column("year", "Year", 44),
    Column("title", "Title", 320),  # stretches to fill the view (see EntryTableView)
    Column("container", "Container", 150),
    Column("type", "Type", 100),
    Column("doi", "DOI", 180, visible=False),
    Column("publisher", "Publisher", 170, visible=False),
    Column("added", "Date added", 140, visible=False),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def header_titles(parent: QObject | None = None) -> QStandardItemModel:
    """The column titles as the table's header shows them (what EntryTableModel.headerData
    answers), in a model of their own, held in C++ (see EntryTableView.setModel)."""
    titles = QStandardItemModel(0, len(COLUMNS), parent)
    for section in range(len(COLUMNS)):
        item = QStandardItem(COLUMNS[section].title)
        if section == 2:
            item.setData(_RIGHT, ALIGN)
        titles.setHorizontalHeaderItem(section, item)
    return titles


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Rows in the order given as inclusive (top, bottom) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _cell(s: EntrySummary, column: int) -> str:
    """Display text of one cell; a chain of ifs on an int is the cheapest dispatch in Python."""
    if column == 0:
        return s.citekey
    if column == 1:
        return s.authors
    if column == 2:
        return str(s.year) if s.year is not None else ""
    if column == 3:
        return s.title
    if column == 4:
        return s.container
    if column == 5:
        return s.entry_type
    if column == 6:
        return s.doi
    if column == 7:
        return s.publisher
    if column == 8:
        return s.added.strftime("%Y-%m-%d %H:%M") if s.added else ""
    return ""


class EntryTableModel(QAbstractTableModel):
    """Rows of the current view: a query (search box AND sidebar scope), a sort, optional scope ids."""

    def __init__(self, library: Library, parent: Any = None, page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES) -> None:
        super().__init__(parent)
        self._lib = library
        self.page_size = page_size
        self.max_pages = max_pages
        self._query: Node = MatchAll()
        self._scope_ids: list[int] | None = None
        self._order_by: str | None = None
        self._descending = False
        self._ids: list[int] | None = None  # the ordered id list, only for searches and scopes
        self._count = 0
        self._pages: OrderedDict[int, list[EntrySummary | None]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self._lazy_ids: list[int] | None = None
        self._offered: tuple[tuple[object, ...], list[int]] | None = None
        self._reload()

    # --- state ------------------------------------------------------------------------------

    @property
    def library(self) -> Library:
        return self._lib

    @property
    def query(self) -> Node:
        return self._query

    @property
    def order_by(self) -> str | None:
        return self._order_by

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def uses_id_list(self) -> bool:
        return self._ids is not None

    def cached_pages(self) -> int:
        return len(self._pages)

    def set_library(self, library: Library) -> None:
        self.beginResetModel()
        self._lib = library
        self._query = MatchAll()
        self._scope_ids = None
        self._reload()
        self.endResetModel()

    def use_library(self, library: Library) -> None:
        """Read from `library` from now on, keeping the view (the window swaps its first-paint
        stand-in for the real library; it re-reads the view itself)."""
        self._lib = library

    def set_filter(self, query: Node, scope_ids: Sequence[int] | None = None) -> None:
        """Show the entries matching `query`; with `scope_ids`, only those, in that order."""
        self.beginResetModel()
        self._query = query
        self._scope_ids = list(scope_ids) if scope_ids is not None else None
        self._reload()
        self.endResetModel()

    def set_order(self, order_by: str | None, descending: bool = False) -> None:
        """Sort in SQL by a column key (None: natural order: date added, or reference-list order)."""
        if order_by == self._order_by and descending == self._descending:
            return
        # A reset, not a layout change: rows of a paged model have no persistent identity to
        # carry across a re-sort. The window keeps its selection by entry id instead.
        self.beginResetModel()
        self._order_by = order_by
        self._descending = descending
        self._reload()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after the library changed (import, edit, delete, undo)."""
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._pages.clear()
        self._row_of = None
        self._lazy_ids = None
        query = self._query
        offered, self._offered = self._offered, None
        if offered is not None and offered[0] == self.view_key() and self._scope_ids is None:
            ids = offered[1]
            self._count = len(ids)
            if isinstance(query, MatchAll):
                self._ids, self._lazy_ids = None, ids
            else:
                self._ids = ids
        elif self._scope_ids is not None:
            scope = self._scope_ids
            if self._order_by is None:
                # Even with no search, the library is asked which of the scope's ids it shows: an
                # import's or an article's entries moved to the Trash since are not listed.
                matching = set(self._lib.search_ids(query))
                wanted = [i for i in scope if i in matching]
                if self._descending:
                    wanted.reverse()
            else:
                keep = set(scope)
                wanted = [i for i in self._lib.search_ids(query, self._order_by, self._descending) if i in keep]
            self._ids = wanted
            self._count = len(wanted)
        elif isinstance(query, MatchAll):
            self._ids = None
            self._count = self._lib.count(query)
        else:
            self._ids = self._lib.search_ids(query, self._order_by, self._descending)
            self._count = len(self._ids)

    # --- rows -------------------------------------------------------------------------------

    def summary(self, row: int) -> EntrySummary | None:
        if row < 0 or row >= self._count:
            return None
        page_no, pos = divmod(row, self.page_size)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no)
            self._pages[page_no] = page
            if len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[pos] if pos < len(page) else None

    def _fetch(self, page_no: int) -> list[EntrySummary | None]:
        start = page_no * self.page_size
        if self._ids is not None:
            ids = self._ids[start : start + self.page_size]
            found = {s.id: s for s in self._lib.store.summaries_by_ids(ids)}
            return [found.get(i) for i in ids]
        rows = self._lib.search(self._query, self._order_by, self._descending, start, self.page_size)
        return list(rows)

    def id_at(self, row: int) -> int | None:
        if self._ids is not None:
            return self._ids[row] if 0 <= row < len(self._ids) else None
        s = self.summary(row)
        return s.id if s is not None else None

    def ids_at(self, rows: Sequence[int]) -> list[int]:
        """Ids of these rows. Many rows (a select-all) use one id query, not a page per 200 rows."""
        if self._ids is None and len(rows) <= self.page_size:
            return [i for i in (self.id_at(r) for r in rows) if i is not None]
        if self._ids is None and self._lazy_ids is None and len(rows) <= RANGE_ROWS:
            # A few thousand rows (copy 1,000 citations): one query per run of rows, not the whole
            # library's ordered ids (0.4 s at 100k on the GUI thread).
            out: list[int] = []
            for top, bottom in _runs(rows):
                out.extend(s.id for s in self._lib.search(self._query, self._order_by, self._descending,
                                                          top, bottom - top + 1) if s.id is not None)
            return out
        ids = self._ordered_ids()
        return [ids[r] for r in rows if 0 <= r < len(ids)]

    def ids_later(self, rows: Sequence[int]) -> Callable[[Library], list[int]]:
        """What `ids_at(rows)` gives, as a function to run in a worker (with the worker's own
        Library): a select-all of 100k rows needs the library's ordered ids, a 0.3 s query that
        must not run on the GUI thread. Rows whose ids are already known are resolved now."""
        if self._ids is not None or self._lazy_ids is not None or len(rows) <= RANGE_ROWS:
            ids = self.ids_at(rows)
            return lambda _lib: ids
        query, order_by, descending = self._query, self._order_by, self._descending
        if len(rows) == self._count and rows[0] == 0 and rows[-1] == self._count - 1:
            # Every row (Ctrl+A): the view's query itself, not positions in a list that may have moved.
            return lambda lib: lib.search_ids(query, order_by, descending)
        wanted = list(rows)

        def resolve(lib: Library) -> list[int]:
            ordered = lib.search_ids(query, order_by, descending)
            return [ordered[r] for r in wanted if 0 <= r < len(ordered)]

        return resolve

    def view_key(self) -> tuple[object, ...]:
        """What decides the rows shown: equal keys, equal rows (for `offer_ordered_ids`)."""
        scope = None if self._scope_ids is None else tuple(self._scope_ids)
        return (self._query, scope, self._order_by, self._descending)

    def ordered_ids_later(self) -> Callable[[Library], list[int]] | None:
        """The view's ordered ids, as a function for a worker that is about to change the library
        (an undo that brings 100k entries back): the next reload then takes them from
        `offer_ordered_ids` instead of a 0.3 s query on the GUI thread. None for scoped views."""
        if self._scope_ids is not None:
            return None
        query, order_by, descending = self._query, self._order_by, self._descending
        return lambda lib: lib.search_ids(query, order_by, descending)

    def offer_ordered_ids(self, key: tuple[object, ...], ids: list[int]) -> None:
        """Ids read by a worker for the view `key` right after its change: the next reload of that
        same view uses them (once) for its count, its id list and the re-selection."""
        self._offered = (key, ids)

    def _ordered_ids(self) -> list[int]:
        """The view's ids in order; in paged mode fetched once per reload, only when needed."""
        if self._ids is not None:
            return self._ids
        if self._lazy_ids is None:
            self._lazy_ids = self._lib.search_ids(self._query, self._order_by, self._descending)
        return self._lazy_ids

    def all_ids(self) -> list[int]:
        """Every id of the current view in view order (an export of the current search)."""
        return list(self._ordered_ids())

    @overload
    def rows_of_ids(self, ids: Sequence[int]) -> list[int]: ...

    @overload
    def rows_of_ids(self, ids: Sequence[int], first: int) -> tuple[list[int], int | None]: ...

    def rows_of_ids(self, ids: Sequence[int], first: int | None = None) -> list[int] | tuple[list[int], int | None]:
        """Rows showing any of `ids`, in row order: one pass over the view (100k ids in ~10 ms).
        With `first` (an id), also the row showing it, found in the same ids without an index."""
        ordered = self._ordered_ids()
        wanted = set(ids)
        if len(wanted) == len(ordered) and wanted.issuperset(ordered):
            rows = list(range(len(ordered)))  # every row (an undone select-all)
        else:
            rows = [r for r, i in enumerate(ordered) if i in wanted]
        if first is None:
            return rows
        try:
            return rows, ordered.index(first)
        except ValueError:
            return rows, None

    def row_of_id(self, entry_id: int) -> int | None:
        """The row showing `entry_id`, or None. Builds the id index once per reload."""
        if self._row_of is None:
            self._row_of = {i: r for r, i in enumerate(self._ordered_ids())}
        return self._row_of.get(entry_id)

    # --- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == DISPLAY:
            s = self.summary(index.row())
            return _cell(s, index.column()) if s is not None else None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role == TOOLTIP:
            col = index.column()
            if col in (1, 3, 4):
                s = self.summary(index.row())
                return _cell(s, col) if s is not None else None
            return None
        if role == ALIGN:
            return _RIGHT if index.column() == 2 else None
        if role == KEY_ROLE:
            s = self.summary(index.row())
            return s.citekey if s is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == DISPLAY:
                return COLUMNS[section].title
            if role == ALIGN and section == 2:
                return _RIGHT
        return None

    # No flags() override: QAbstractTableModel's own gives exactly enabled | selectable | never has
    # children, in C++. Qt asks every cell's flags when a selection changes; with 100k selected
    # rows a Python flags() was called 700,000 times (4.7 s of a 10 s freeze after Ctrl+A or undo).

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:  # None: ascending
        if column < 0 or column >= len(COLUMNS):
            self.set_order(None, False)
            return
        self.set_order(COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)


def combine(scope: Node | None, query: Node) -> Node:
    """The sidebar's scope AND the search box's query."""
    if scope is None or isinstance(scope, MatchAll):
        return query
    if isinstance(query, MatchAll):
        return scope
    from refman.core.query import And

    return And((scope, query))
