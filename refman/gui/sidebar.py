"""The sidebar: what part of the library the table shows (all, one article's references, one import)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from refman.gui.qt_namespace import USER_ROLE, Qt
from refman.gui.scope import ALL, Scope

if TYPE_CHECKING:
    from refman.library import Library, SourceInfo

RECENT_SOURCES = 10
MIN_WIDTH = 160
_KIND = USER_ROLE + 10
_VALUE = USER_ROLE + 11
_PLACEHOLDER = "placeholder"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Sidebar(QTreeWidget):
    scope_selected = Signal(object)  # Scope
    duplicates_wanted = Signal()  # the Duplicates view is shown: the window scans in its worker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAcceptDrops(False)
        self.setExpandsOnDoubleClick(True)
        self.setMinimumWidth(MIN_WIDTH)
        self._lib: Library | None = None
        self._all = QTreeWidgetItem(self, ["All entries"])
        self._all.setData(0, _KIND, "all")
        self._articles = QTreeWidgetItem(self, ["Articles with references"])
        self._articles.setData(0, _KIND, "articles")
        self._imports = QTreeWidgetItem(self, ["Recent imports"])
        self._imports.setData(0, _KIND, "imports")
        self._dups = QTreeWidgetItem(self, ["Duplicates"])  # found when chosen: a scan, not a count
        self._dups.setData(0, _KIND, "duplicates")
        self.duplicate_clusters: list[list[int]] = []
        self.itemExpanded.connect(self._expand)
        self.currentItemChanged.connect(self._current_changed)
        self._quiet = False
        self._sources: list[SourceInfo] | None = None

    @property
    def loaded(self) -> bool:
        """Whether it has read the library yet (the main window loads it after the first paint)."""
        return self._lib is not None

    def set_library(self, library: Library) -> None:
        if self._lib is None:  # item flags are Qt enums: set after the first paint (refman/gui/qt_namespace.py)
            for header in (self._articles, self._imports):
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._lib = library
        self._sources = None
        self.refresh()

    def refresh(self, sources: bool = True) -> None:
        """Rebuild from the library, keeping the current choice when it still exists.

        With `sources=False` the import list is kept as it was (it cannot change on an edit).
        """
        lib = self._lib
        if lib is None:
            return
        current = self.currentItem()
        keep = (current.data(0, _KIND), current.data(0, _VALUE)) if current is not None else ("all", None)
        expanded = {item.data(0, _VALUE) for item in self._children(self._articles) if item.isExpanded()}
        self._quiet = True
        try:
            self._all.setText(0, f"All entries ({lib.count():,})")
            self._articles.takeChildren()
            for s in lib.articles_with_references():
                n = len(lib.store.cited_ids(s.id))
                item = QTreeWidgetItem(self._articles, [f"{_short(s.title or s.citekey, 48)} ({n})"])
                item.setToolTip(0, f"{s.citekey}: {s.title}")
                item.setData(0, _KIND, "article")
                item.setData(0, _VALUE, s.id)
                item.setData(0, _VALUE + 1, s.citekey)
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
                placeholder = QTreeWidgetItem(item, ["…"])
                placeholder.setData(0, _KIND, _PLACEHOLDER)
            self._articles.setText(0, f"Articles with references ({self._articles.childCount()})")
            if sources or self._sources is None:
                self._sources = _distinct([s for s in lib.sources() if s.entry_count > 0])[:RECENT_SOURCES]
            self._imports.takeChildren()
            for src in self._sources:
                name = src.path.replace("\\", "/").rsplit("/", 1)[-1] or src.path
                when = src.imported_at.strftime("%Y-%m-%d %H:%M") if src.imported_at else ""
                item = QTreeWidgetItem(self._imports, [f"{_short(name, 40)} ({src.entry_count})"])
                item.setToolTip(0, f"{src.path}\n{src.format}, imported {when}")
                item.setData(0, _KIND, "source")
                item.setData(0, _VALUE, src.id)
            self._articles.setExpanded(True)
            self._imports.setExpanded(True)
            for child in self._children(self._articles):
                if child.data(0, _VALUE) in expanded:
                    child.setExpanded(True)
            target = self._find(*keep) or self._all
            self.setCurrentItem(target)
        finally:
            self._quiet = False

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]

    def _find(self, kind: str, value: object) -> QTreeWidgetItem | None:
        if kind == "all":
            return self._all
        stack = [self._dups, self._articles, self._imports]
        while stack:
            item = stack.pop()
            if item.data(0, _KIND) == kind and item.data(0, _VALUE) == value:
                return item
            stack.extend(self._children(item))
        return None

    def _expand(self, item: QTreeWidgetItem) -> None:
        if item.data(0, _KIND) != "article" or self._lib is None:
            return
        children = self._children(item)
        if len(children) == 1 and children[0].data(0, _KIND) == _PLACEHOLDER:
            item.takeChildren()
            for i, ref in enumerate(self._lib.references_of(int(item.data(0, _VALUE))), 1):
                text = f"{i}. {ref.authors.split(';')[0] if ref.authors else ref.citekey} ({ref.year or 'n.d.'})"
                child = QTreeWidgetItem(item, [_short(text, 50)])
                child.setToolTip(0, ref.title)
                child.setData(0, _KIND, "reference")
                child.setData(0, _VALUE, ref.id)

    def select_all_entries(self) -> None:
        self.setCurrentItem(self._all)

    def show_article(self, article_id: int) -> bool:
        item = self._find("article", article_id)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def scope_of(self, item: QTreeWidgetItem | None) -> Scope | None:
        if item is None:
            return None
        kind = item.data(0, _KIND)
        if kind == "all":
            return ALL
        if kind == "article":
            from refman.core.query import RelationTo

            return Scope("references", item.text(0), RelationTo("cited-by", str(item.data(0, _VALUE + 1))),
                         ref=int(item.data(0, _VALUE)))
        if kind == "reference":
            parent = item.parent()
            base = self.scope_of(parent)
            if base is None:
                return None
            return Scope(base.kind, base.label, base.node, base.ids, base.ref, select_id=int(item.data(0, _VALUE)))
        if kind == "duplicates" and self._lib is not None:
            self.duplicates_wanted.emit()  # a scan takes seconds at 100k: not here, on the GUI thread
            return self.duplicates_scope()
        if kind == "source" and self._lib is not None:
            sid = int(item.data(0, _VALUE))
            return Scope("source", item.text(0), ids=tuple(self._lib.entry_ids_of_source(sid)), ref=sid)
        return None

    def duplicates_scope(self) -> Scope:
        """The Duplicates view as last scanned (`set_duplicates`)."""
        return Scope("duplicates", "Duplicates", ids=tuple(i for c in self.duplicate_clusters for i in c))

    def set_duplicates(self, clusters: list[list[int]] | None) -> None:
        """A scan's clusters (None: a scan is running)."""
        if clusters is None:
            self._dups.setText(0, "Duplicates (scanning…)")
            return
        self.duplicate_clusters = clusters
        self._dups.setText(0, f"Duplicates ({len(clusters)})")

    def current_scope(self) -> Scope:
        return self.scope_of(self.currentItem()) or ALL

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if self._quiet:
            return
        scope = self.scope_of(current)
        if scope is not None:
            self.scope_selected.emit(scope)


def _distinct(sources: list[SourceInfo]) -> list[SourceInfo]:
    """Newest first, without an older import of the same file with the same count (a re-import
    of an unchanged file made a second node that looked and acted the same)."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for src in sources:
        key = (src.path, src.format, src.entry_count)
        if key not in seen:
            seen.add(key)
            out.append(src)
    return out
