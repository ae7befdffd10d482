"""The organising part of the sidebar: the collections tree with Unfiled, Trash and saved
searches, and the tag selector beneath it.

Entries dragged from the table carry their ids as ENTRY_MIME; a collection dragged inside the
tree carries its id as COLLECTION_MIME. Drops are turned into signals; the window runs them as
undoable commands (window_organise.py), so this module never writes to the library itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from refman.core.errors import QuerySyntaxError
from refman.core.query_root import MatchAll, Node
from refman.gui.qt_namespace import COPY_ACTION, CUSTOM_CONTEXT_MENU, USER_ROLE, Qt, set_enum
from refman.gui.scope import Scope

if TYPE_CHECKING:
    from refman.core.organise import Collection, Tag
    from refman.library import Library

ENTRY_MIME = "application/x-refman-entry-ids"
COLLECTION_MIME = "application/x-refman-collection-id"
_KIND = USER_ROLE + 20
_VALUE = USER_ROLE + 21
UNTRANSLATED = "A JabRef search refman cannot express: it lists no entries here and is written back unchanged on export"


def entry_mime(ids: list[int]) -> QMimeData:
    import json  # json and the query parser come when first used: the window paints before them

    mime = QMimeData()
    mime.setData(ENTRY_MIME, json.dumps(ids).encode())
    return mime


def _ids_from(mime: QMimeData | None, kind: str) -> list[int]:
    if mime is None or not mime.hasFormat(kind):
        return []
    import json

    try:
        value = json.loads(bytes(mime.data(kind).data()).decode())
    except ValueError:
        return []
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int)]


class OrganiseTree(QTreeWidget):
    """Unfiled, Trash, the collections tree and saved searches."""

    scope_selected = Signal(object)  # Scope
    entries_dropped = Signal(int, list)  # collection id, entry ids
    collection_dropped = Signal(int, object)  # collection id, new parent id (None: top level)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        set_enum(self, "defaultDropAction", COPY_ACTION)
        set_enum(self, "contextMenuPolicy", CUSTOM_CONTEXT_MENU)
        self.include_subcollections = True
        self._lib: Library | None = None
        self._quiet = False
        self.collections_root = QTreeWidgetItem(self, ["Collections"])
        self.collections_root.setData(0, _KIND, "collections")
        self.unfiled = QTreeWidgetItem(self, ["Unfiled"])
        self.unfiled.setData(0, _KIND, "unfiled")
        self.saved_root = QTreeWidgetItem(self, ["Saved searches"])
        self.saved_root.setData(0, _KIND, "saved-root")
        self.trash = QTreeWidgetItem(self, ["Trash"])
        self.trash.setData(0, _KIND, "trash")
        self.currentItemChanged.connect(self._current_changed)
        self.items: dict[int, QTreeWidgetItem] = {}

    def set_library(self, library: Library) -> None:
        if self._lib is None:  # item flags are Qt enums: set after the first paint (refman/gui/qt_namespace.py)
            for header in (self.collections_root, self.saved_root):
                header.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        self._lib = library
        self.refresh()

    def refresh(self) -> None:
        """Rebuild from the library, keeping the current item and what was expanded."""
        lib = self._lib
        if lib is None:
            return
        current = self.currentItem()
        keep = (current.data(0, _KIND), current.data(0, _VALUE)) if current is not None else None
        collapsed = {cid for cid, item in self.items.items() if item.childCount() and not item.isExpanded()}
        self._quiet = True
        try:
            self.collections_root.takeChildren()
            self.items = {}
            for c in lib.collections():
                self._add_collection(c, collapsed)
            self.collections_root.setExpanded(True)
            self.saved_root.takeChildren()
            for s in lib.saved_searches():
                item = QTreeWidgetItem(self.saved_root, [s.name])
                item.setToolTip(0, s.query or UNTRANSLATED)
                item.setData(0, _KIND, "saved")
                item.setData(0, _VALUE, s.query)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.saved_root.setExpanded(True)
            # No count on Unfiled: it is a NOT EXISTS over every entry, and this runs after each change.
            self.trash.setText(0, f"Trash ({lib.store.trashed_count():,})")
            target = self.find_item(*keep) if keep is not None else None
            self.setCurrentItem(target)  # type: ignore[arg-type]
            if target is None:
                self.clearSelection()
        finally:
            self._quiet = False

    def _add_collection(self, c: Collection, collapsed: set[int]) -> None:
        parent = self.items.get(c.parent_id) if c.parent_id is not None else self.collections_root
        item = QTreeWidgetItem(parent or self.collections_root, [f"{c.name} ({c.count:,})"])
        item.setData(0, _KIND, "collection")
        item.setData(0, _VALUE, c.id)
        item.setData(0, _VALUE + 1, list(c.path))
        item.setToolTip(0, c.path_text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                      | Qt.ItemFlag.ItemIsDropEnabled)
        self.items[c.id] = item
        if parent is not None and parent is not self.collections_root:
            parent.setExpanded(c.parent_id not in collapsed)

    def find_item(self, kind: str, value: object) -> QTreeWidgetItem | None:
        if kind == "collection" and isinstance(value, int):
            return self.items.get(value)
        if kind in ("unfiled", "trash"):
            return self.unfiled if kind == "unfiled" else self.trash
        if kind == "saved":
            for i in range(self.saved_root.childCount()):
                child = self.saved_root.child(i)
                if child is not None and child.data(0, _VALUE) == value:
                    return child
        return None

    def select(self, kind: str, value: object = None) -> bool:
        item = self.find_item(kind, value)
        if item is not None:
            self.setCurrentItem(item)
        return item is not None

    def current_collection_id(self) -> int | None:
        item = self.currentItem()
        if item is None or item.data(0, _KIND) != "collection":
            return None
        return int(item.data(0, _VALUE))

    def scope_of(self, item: QTreeWidgetItem | None) -> Scope | None:
        if item is None or (not item.isSelected() and item is not self.currentItem()):
            return None
        from refman.core.query import Flag, InCollection, parse_query

        kind = item.data(0, _KIND)
        node: Node
        if kind == "collection":
            path = tuple(item.data(0, _VALUE + 1))
            node = InCollection(path, self.include_subcollections)
            return Scope("collection", "/".join(path), node, ref=int(item.data(0, _VALUE)))
        if kind == "unfiled":
            return Scope("unfiled", "Unfiled", Flag("is", "unfiled"))
        if kind == "trash":
            return Scope("trash", "Trash", Flag("is", "trashed"))
        if kind == "saved":
            # A search refman cannot express (a JabRef group kept for the export only, or a query that
            # no longer parses) shows no entries rather than all of them.
            text = str(item.data(0, _VALUE) or "")
            saved: Node | None
            try:
                saved = parse_query(text) if text.strip() else None
            except QuerySyntaxError:
                saved = None
            if saved is None:
                return Scope("saved", item.text(0), MatchAll(), ids=())
            return Scope("saved", item.text(0), saved)
        return None

    def current_scope(self) -> Scope | None:
        return self.scope_of(self.currentItem())

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if self._quiet:
            return
        scope = self.scope_of(current)
        if scope is not None:
            self.scope_selected.emit(scope)

    # --- drag and drop ----------------------------------------------------------------------

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # type: ignore[override]
        ids = [int(i.data(0, _VALUE)) for i in items if i.data(0, _KIND) == "collection"]
        mime = QMimeData()
        if ids:
            import json

            mime.setData(COLLECTION_MIME, json.dumps(ids[0]).encode())
        return mime

    def mimeTypes(self) -> list[str]:
        return [COLLECTION_MIME, ENTRY_MIME]

    def _target(self, pos: QPoint) -> QTreeWidgetItem | None:
        return self.itemAt(pos)

    def accepts(self, mime: QMimeData | None, item: QTreeWidgetItem | None) -> bool:
        if item is None:
            return bool(_ids_from(mime, COLLECTION_MIME))  # empty space: to the top level
        kind = item.data(0, _KIND)
        if _ids_from(mime, ENTRY_MIME):
            return bool(kind == "collection")
        moving = _ids_from(mime, COLLECTION_MIME)
        if moving and kind in ("collection", "collections"):
            return item is not self.items.get(moving[0]) and not self._is_under(item, moving[0])
        return False

    def _is_under(self, item: QTreeWidgetItem, collection_id: int) -> bool:
        node: QTreeWidgetItem | None = item
        while node is not None:
            if node.data(0, _KIND) == "collection" and node.data(0, _VALUE) == collection_id:
                return True
            node = node.parent()
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ENTRY_MIME) or event.mimeData().hasFormat(COLLECTION_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts(event.mimeData(), self._target(event.position().toPoint())):
            event.setDropAction(Qt.DropAction.CopyAction if event.mimeData().hasFormat(ENTRY_MIME)
                                else Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.drop(event.mimeData(), self._target(event.position().toPoint())):
            event.setDropAction(Qt.DropAction.CopyAction)  # the tree rebuilds itself; Qt must not move items
            event.accept()
        else:
            event.ignore()

    def drop(self, mime: QMimeData | None, item: QTreeWidgetItem | None) -> bool:
        """Handle dropped entries or a dropped collection on `item`; False if refused."""
        if not self.accepts(mime, item):
            return False
        entries = _ids_from(mime, ENTRY_MIME)
        if entries and item is not None:
            self.entries_dropped.emit(int(item.data(0, _VALUE)), entries)
            return True
        moving = _ids_from(mime, COLLECTION_MIME)[0]
        parent = int(item.data(0, _VALUE)) if item is not None and item.data(0, _KIND) == "collection" else None
        self.collection_dropped.emit(moving, parent)
        return True


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class TagSelector(QWidget):
    """Tags with checkboxes; the view shows entries that have every checked tag."""

    tags_changed = Signal(tuple)  # tag names

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter tags")
        self.filter.setClearButtonEnabled(True)
        self.show_automatic = QCheckBox("Show automatic tags")
        self.show_automatic.setChecked(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.show_automatic)
        self._checked: list[str] = []
        self._tags: list[Tag] = []
        self._quiet = False
        self.filter.textChanged.connect(lambda _t: self._fill())
        self.show_automatic.toggled.connect(lambda _on: self._fill())
        self.list.itemChanged.connect(self._item_changed)

    def set_tags(self, tags: list[Tag]) -> None:
        self._tags = tags
        names = {t.name for t in tags}
        gone = [n for n in self._checked if n not in names]
        self._checked = [n for n in self._checked if n in names]
        self._fill()
        if gone:
            self.tags_changed.emit(tuple(self._checked))

    def checked(self) -> tuple[str, ...]:
        return tuple(self._checked)

    def set_checked(self, names: list[str]) -> None:
        self._checked = list(names)
        self._fill()
        self.tags_changed.emit(tuple(self._checked))

    def _fill(self) -> None:
        self._quiet = True
        try:
            self.list.clear()
            text = self.filter.text().strip().lower()
            for t in self._tags:
                if text and text not in t.name.lower():
                    continue
                if t.automatic and not self.show_automatic.isChecked() and t.name not in self._checked:
                    continue
                label = f"{t.position}  {t.name}" if t.position else t.name
                item = QListWidgetItem(f"{label} ({t.count:,})")
                item.setData(Qt.ItemDataRole.UserRole, t.name)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if t.name in self._checked else Qt.CheckState.Unchecked)
                if t.colour:
                    item.setIcon(_swatch(t.colour))
                    item.setForeground(QBrush(QColor(t.colour)))
                if t.automatic:
                    item.setToolTip("automatic: from imported keywords")
                self.list.addItem(item)
        finally:
            self._quiet = False

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._quiet:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked and name not in self._checked:
            self._checked.append(name)
        elif item.checkState() != Qt.CheckState.Checked and name in self._checked:
            self._checked.remove(name)
        self.tags_changed.emit(tuple(self._checked))
