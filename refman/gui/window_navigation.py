"""Searching, the sidebar scope and moving between entries (with a back history)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from refman.gui.sidebar import ALL, Scope

if TYPE_CHECKING:
    from refman.gui.window_base import WindowBase
else:
    WindowBase = object


class WindowNavigationMixin(WindowBase):
    """Search and navigation of MainWindow."""

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
