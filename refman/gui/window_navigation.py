"""Searching, the sidebar scope and moving between entries (with a back history)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from refman.core.query_root import MatchAll
from refman.gui.qt_namespace import Qt
from refman.gui.scope import ALL, Scope

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

    def enter_results(self) -> None:
        """From the search box to the table, with the first hit selected and current."""
        if self.model.rowCount():
            self.view.select_row(0)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._update_actions()

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
        """Show one entry (a reference clicked in the detail pane), widening the view if needed.

        The entry left behind goes on the Back history with the detail pane's scroll position,
        so Back (Alt+Left) and Forward (Alt+Right) return to where the user was reading.
        """
        shown = self.detail.entry
        current = shown.id if shown is not None else self.view.current_id()
        if current is not None:
            self._scroll_memory[current] = self.detail.verticalScrollBar().value()
        if self.model.row_of_id(entry_id) is None:
            self.show_all()
        if self.view.select_ids([entry_id]):
            if remember and current is not None and current != entry_id:
                self._history.append(current)
                self._forward.clear()
                self._pending_scroll = None
            self.view.setFocus()
        else:
            self.statusBar().showMessage("That entry is no longer in the library.", 4000)
        self._update_actions()

    def go_back(self) -> None:
        self._step(self._history, self._forward)

    def go_forward(self) -> None:
        self._step(self._forward, self._history)

    def _step(self, source: list[int], target: list[int]) -> None:
        if not source:
            return
        shown = self.detail.entry
        current = shown.id if shown is not None else self.view.current_id()
        entry_id = source.pop()
        if current is not None and current != entry_id:
            target.append(current)
        self._pending_scroll = (entry_id, self._scroll_memory.get(entry_id, 0))
        self.navigate_to(entry_id, remember=False)

    def restore_detail_scroll(self, entry_id: int) -> None:
        """Called once the detail pane shows `entry_id`: put back the remembered scroll position,
        as soon as the page is laid out far enough (the scroll range grows as layout proceeds)."""
        pending = self._pending_scroll
        if pending is None or pending[0] != entry_id:
            return
        bar = self.detail.verticalScrollBar()
        want = pending[1]
        bar.setValue(want)
        if bar.value() == want:
            self._pending_scroll = None
            return

        def on_range(_minimum: int, _maximum: int) -> None:
            if self._pending_scroll == pending:
                bar.setValue(want)
                if bar.value() != want:
                    return
                self._pending_scroll = None
            bar.rangeChanged.disconnect(on_range)

        bar.rangeChanged.connect(on_range)

    def _search_failed(self, message: str) -> None:
        """An invalid query shows no results (not the previous query's) and says what is wrong."""
        self.search.set_error(message)
        self.model.set_filter(MatchAll(), [])
        self.statusBar().showMessage(f"Search: {message} — no results shown")
        self._update_status()
        self._detail_timer.start()

    def _hint_unknown_prefixes(self, text: str) -> None:
        if ":" not in text:  # no prefix at all (the empty search of the first view): no parser needed
            return
        from refman.core.query import known_fields, unknown_prefixes

        unknown = unknown_prefixes(text)
        if unknown:
            fields = ", ".join(f"{f}:" for f in known_fields())
            words = ", ".join(unknown)
            self.statusBar().showMessage(f"Search: {words} searched as plain words — "
                                         f"{'that is' if len(unknown) == 1 else 'those are'} not a search field "
                                         f"(fields: {fields})")

    def search_keyword(self, keyword: str) -> None:
        self.set_search_text(f'keyword:"{keyword}"')
