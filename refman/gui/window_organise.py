"""Organising from the window: the collections tree and tag selector under the sidebar, the
Organise menu, tag keys 1-9 on the selection, notes, saved searches and the Trash.

Every change is an OrganiseCommand on the window's undo stack; its first run happens here, and
only a run that succeeded is pushed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSplitter, QWidget

from refman.core.changes import Changes
from refman.core.errors import RefmanError
from refman.core.query_root import MatchAll, Node
from refman.gui.qt_namespace import ORIENTATION_VERTICAL, WIDGET_SHORTCUT, set_enum
from refman.gui.scope import ALL, ORGANISE_KINDS, Scope

if TYPE_CHECKING:
    from refman.core.organise import CollectionSnapshot, Note, Tag
    from refman.gui.window_actions import WindowActionsMixin as _Base
    from refman.gui.window_panels import _Panels
else:
    _Base = object

Step = Callable[[], Changes]


class WindowOrganiseMixin(_Base):
    """Collections, tags, notes, saved searches and the Trash in MainWindow."""

    # --- construction -----------------------------------------------------------------------

    def _organise_column(self, panels: _Panels) -> QWidget:
        """The sidebar column: the library sidebar, the collections tree, the tag selector."""
        column = QSplitter()
        set_enum(column, "orientation", ORIENTATION_VERTICAL)
        column.addWidget(panels.sidebar)
        column.addWidget(panels.organise_tree)
        column.addWidget(panels.tag_selector)
        column.setSizes([260, 300, 200])
        column.setChildrenCollapsible(False)
        panels.organise_tree.scope_selected.connect(self._organise_scope_selected)
        panels.sidebar.scope_selected.connect(lambda _s: self._clear_organise_current())
        panels.organise_tree.entries_dropped.connect(self.add_to_collection)
        panels.organise_tree.collection_dropped.connect(self.move_collection)
        panels.organise_tree.customContextMenuRequested.connect(self._tree_menu)
        panels.tag_selector.tags_changed.connect(lambda _t: self._apply(select=self.view.selected_ids()))
        panels.detail.tag_requested.connect(lambda name: self.set_search_text(f'tag:"{name}"'))
        panels.keep_updated.written.connect(self._kept_updated)
        panels.keep_updated.failed.connect(lambda msg: self.statusBar().showMessage(msg, 10000))
        return column

    def detail_organisation(self, entry_id: int) -> tuple[list[Tag], list[Note]]:
        """The entry's tags (with colours) and notes, for the detail pane."""
        return self.lib.entry_tags(entry_id), self.lib.notes(entry_id)

    def _make_organise_actions(self) -> None:
        a = self._action
        self.act_new_collection = a("&New Collection…", lambda: self.new_collection(), "Ctrl+Alt+N")
        self.act_new_subcollection = a("New &Subcollection…", lambda: self.new_collection(
            parent_id=self.organise_tree.current_collection_id()))
        self.act_rename_collection = a("&Rename Collection…", lambda: self.rename_collection())
        self.act_delete_collection = a("&Delete Collection", lambda: self.delete_collection())
        self.act_subcollections = a("&Include Subcollections", self._toggle_subcollections)
        self.act_subcollections.setCheckable(True)
        self.act_subcollections.setChecked(True)
        self.act_add_to_collection = a("&Add to Collection…", lambda: self.add_selection_to_collection())
        self.act_remove_from_collection = a("Remove from &Collection", self.remove_selection_from_collection)
        self.act_edit_tags = a("Edit &Tags…", lambda: self.edit_tags(), "Ctrl+T",
                               "Add (+name) and remove (-name) tags on the selected entries")
        self.act_tag_key = a("Assign Tag to &Key…", lambda: self.assign_tag_key())
        self.act_notes = a("&Notes…", self.open_notes, "Ctrl+Shift+O", "Notes of the current entry")
        self.act_save_search = a("Save &Search…", lambda: self.save_current_search(), "Ctrl+Alt+S")
        self.act_delete_search = a("Delete Saved Search", self.delete_current_search)
        self.act_restore_entries = a("Restore &from Trash", self.restore_selected, "Ctrl+Shift+R")
        self.act_empty_trash = a("&Empty Trash…", lambda: self.empty_trash())
        self.act_keep_updated = a("&Keep an Export of This View Updated…", lambda: self.keep_view_updated(),
                                  None, "Write a .bib file now and again after every change (like Better BibTeX)")
        self.act_stop_keep_updated = a("Stop Keeping an Export &Updated…", lambda: self.stop_keep_updated())
        self.tag_key_actions: list[QAction] = []
        for n in range(1, 10):
            act = a(f"Toggle Tag {n}", partial(self.toggle_tag_key, n), str(n))
            set_enum(act, "shortcutContext", WIDGET_SHORTCUT)  # only on the table, not while typing
            self.tag_key_actions.append(act)
        self.view.add_selection_actions([*self.tag_key_actions, self.act_restore_entries])
        self.view.context_actions += [None, self.act_add_to_collection, self.act_remove_from_collection,
                                      self.act_edit_tags, self.act_notes, self.act_restore_entries]
        bar = self.menuBar()
        menu = QMenu("&Organise", self)
        help_entry = next((a for a in bar.actions() if a.text() == "&Help"), None)
        if help_entry is not None:  # Help stays the last menu
            bar.insertMenu(help_entry, menu)
        else:
            bar.addMenu(menu)
        entries: tuple[QAction | None, ...] = (
            self.act_new_collection, self.act_new_subcollection, self.act_rename_collection,
            self.act_delete_collection, self.act_subcollections, None, self.act_add_to_collection,
            self.act_remove_from_collection, None, self.act_edit_tags, self.act_tag_key, None,
            self.act_notes, None, self.act_save_search, self.act_delete_search, None,
            self.act_restore_entries, self.act_empty_trash, None, self.act_keep_updated,
            self.act_stop_keep_updated)
        for item in entries:
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        self.organise_menu = menu

    def load_organise(self) -> None:
        self.organise_tree.set_library(self.lib)
        self.tag_selector.set_tags(self.lib.tags())

    def refresh_organise(self) -> None:
        self.keep_updated_scheduler.library_changed()
        if self.organise_tree._lib is None:
            return
        self.organise_tree.refresh()
        self.tag_selector.set_tags(self.lib.tags())
        if self.scope.kind in ORGANISE_KINDS:
            self.sidebar.setCurrentItem(None)  # type: ignore[call-overload]

    # --- scope and tag filter ---------------------------------------------------------------

    def tag_filter_node(self) -> Node:
        names = self.tag_selector.checked() if self.panels_built else ()  # no tag is checked before
        if not names:
            return MatchAll()
        from refman.core.query import And, HasTag

        nodes = tuple(HasTag(n) for n in names)
        return nodes[0] if len(nodes) == 1 else And(nodes)

    def refreshed_scope(self) -> Scope:
        """The scope after a change: an organise view is rebuilt from the tree (a rename changes
        its path); the sidebar's views as before."""
        if self.scope.kind in ORGANISE_KINDS:
            return self.organise_tree.current_scope() or ALL
        return self.sidebar.current_scope() if self.scope.kind != "all" else ALL

    def _organise_scope_selected(self, scope: Scope) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentItem(None)  # type: ignore[call-overload]
        self.sidebar.blockSignals(False)
        self.set_scope(scope)
        self._update_organise_actions()

    def _clear_organise_current(self) -> None:
        self.organise_tree.blockSignals(True)
        self.organise_tree.setCurrentItem(None)  # type: ignore[call-overload]
        self.organise_tree.clearSelection()
        self.organise_tree.blockSignals(False)
        self._update_organise_actions()

    def _update_organise_actions(self) -> None:
        in_collection = self.scope.kind == "collection"
        for act in (self.act_rename_collection, self.act_delete_collection, self.act_remove_from_collection,
                    self.act_new_subcollection):
            act.setEnabled(in_collection)
        self.act_restore_entries.setEnabled(self.scope.kind == "trash")
        self.act_delete_search.setEnabled(self.scope.kind == "saved")
        self.act_delete.setText("&Delete Permanently…" if self.scope.kind == "trash" else "Move to &Trash")

    def _toggle_subcollections(self) -> None:
        self.organise_tree.include_subcollections = self.act_subcollections.isChecked()
        if self.scope.kind == "collection":
            self.scope = self.organise_tree.current_scope() or ALL
            self._apply(select=self.view.selected_ids())

    def _tree_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for act in (self.act_new_collection, self.act_new_subcollection, self.act_rename_collection,
                    self.act_delete_collection, self.act_subcollections, self.act_delete_search,
                    self.act_empty_trash):
            if act.isEnabled():
                menu.addAction(act)
        menu.exec(self.organise_tree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # --- running commands -------------------------------------------------------------------

    def run_organise(self, text: str, do: Step, undo: Step) -> bool:
        """Run `do` now; if it worked, push it with its inverse on the undo stack."""
        try:
            changes = do()
        except RefmanError as exc:
            self.show_error("Cannot organise", str(exc))
            return False
        from refman.gui.organise_commands import OrganiseCommand

        self.undo_stack.push(OrganiseCommand(text, do, undo, self.lib, self._command_done, self._command_error))
        self._changed(changes, keep=())
        return True

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    # --- collections ------------------------------------------------------------------------

    def new_collection(self, name: str | None = None, parent_id: int | None = None) -> bool:
        name = name or self._ask("New collection", "Name:")
        if not name:
            return False
        created: list[int] = []

        def do() -> Changes:
            c = self.lib.create_collection(name, parent_id)
            created[:] = [c.id]
            return Changes()

        def undo() -> Changes:
            self.lib.delete_collection(created[0])
            return Changes()

        if not self.run_organise(f"New collection {name}", do, undo):
            return False
        self.organise_tree.select("collection", created[0])
        return True

    def rename_collection(self, name: str | None = None) -> bool:
        cid = self.organise_tree.current_collection_id()
        if cid is None:
            return False
        old = self.lib.store.collection(cid).name
        name = name or self._ask("Rename collection", "Name:", old)
        if not name or name == old:
            return False
        return self.run_organise(f"Rename collection {old}",
                                 lambda: self._rename(cid, name), lambda: self._rename(cid, old))

    def _rename(self, cid: int, name: str) -> Changes:
        self.lib.rename_collection(cid, name)
        return Changes()

    def move_collection(self, cid: int, parent_id: int | None) -> bool:
        old_parent = self.lib.store.collection(cid).parent_id
        if old_parent == parent_id:
            return False

        def move(to: int | None) -> Changes:
            self.lib.move_collection(cid, to)
            return Changes()

        return self.run_organise("Move collection", lambda: move(parent_id), lambda: move(old_parent))

    def delete_collection(self) -> bool:
        cid = self.organise_tree.current_collection_id()
        if cid is None:
            return False
        snapshots: list[CollectionSnapshot] = []

        def do() -> Changes:
            snapshots[:] = [self.lib.delete_collection(cid)]
            return Changes()

        def undo() -> Changes:
            self.lib.restore_collection(snapshots[0])
            return Changes()

        name = self.lib.store.collection(cid).path_text
        if not self.run_organise(f"Delete collection {name}", do, undo):
            return False
        self.organise_tree.setCurrentItem(self.organise_tree.collections_root)
        self.scope = ALL
        self._changed(Changes(), keep=())
        return True

    def add_to_collection(self, cid: int, ids: Sequence[int]) -> bool:
        added: list[int] = []

        def do() -> Changes:
            added[:] = self.lib.add_to_collection(cid, list(ids))
            return Changes(updated=tuple(added))

        def undo() -> Changes:
            self.lib.remove_from_collection(cid, added)
            return Changes(updated=tuple(added))

        name = self.lib.store.collection(cid).path_text
        return self.run_organise(f"Add {len(ids)} entries to {name}", do, undo)

    def add_selection_to_collection(self, path: str | None = None) -> bool:
        ids = self.view.selected_ids()
        if not ids:
            return False
        if path is None:
            paths = [c.path_text for c in self.lib.collections()]
            if not paths:
                self.show_error("Add to collection", "There are no collections yet (Organise > New Collection).")
                return False
            from PySide6.QtWidgets import QInputDialog

            path, ok = QInputDialog.getItem(self, "Add to collection", "Collection:", paths, 0, False)
            if not ok:
                return False
        return self.add_to_collection(self.lib.collection_by_path(path).id, ids)

    def remove_selection_from_collection(self) -> bool:
        cid = self.organise_tree.current_collection_id()
        ids = self.view.selected_ids()
        if cid is None or not ids:
            return False
        removed: list[int] = []

        def do() -> Changes:
            removed[:] = self.lib.remove_from_collection(cid, ids)
            return Changes(updated=tuple(removed))

        def undo() -> Changes:
            self.lib.add_to_collection(cid, removed)
            return Changes(updated=tuple(removed))

        return self.run_organise(f"Remove {len(ids)} entries from the collection", do, undo)

    # --- tags -------------------------------------------------------------------------------

    def _tag_command(self, text: str, first: Callable[[], object]) -> bool:
        changes: list[object] = []

        def do() -> Changes:
            if not changes:
                changes.append(first())
            else:  # redo: apply exactly what the first run did
                from refman.core.organise import TagChange

                old = changes[0]
                assert isinstance(old, TagChange)
                ids = sorted({i for i, _ in old.added + old.removed})
                adds = sorted({n for _, n in old.added})
                removes = sorted({n for _, n in old.removed})
                changes[0] = self.lib.change_tags(ids, adds, removes) if ids else old
            return Changes(updated=tuple(sorted({i for i, _ in changes[0].added + changes[0].removed})))  # type: ignore[attr-defined]

        def undo() -> Changes:
            self.lib.revert_tags(changes[0])  # type: ignore[arg-type]
            return Changes(updated=tuple(sorted({i for i, _ in changes[0].added + changes[0].removed})))  # type: ignore[attr-defined]

        return self.run_organise(text, do, undo)

    def edit_tags(self, text: str | None = None) -> bool:
        ids = self.view.selected_ids()
        if not ids:
            return False
        text = text or self._ask("Edit tags", "Tags to add (+name) or remove (-name), separated by commas:")
        if not text:
            return False
        items = [t.strip() for t in text.split(",") if t.strip()]
        add = [t.lstrip("+").strip() for t in items if not t.startswith("-")]
        remove = [t[1:].strip() for t in items if t.startswith("-")]
        return self._tag_command(f"Tags on {len(ids)} entries",
                                 lambda: self.lib.change_tags(ids, add, remove))

    def toggle_tag_key(self, n: int) -> bool:
        ids = self.view.selected_ids()
        tag = self.lib.tag_for_key(n)
        if not ids or tag is None:
            if tag is None:
                self.statusBar().showMessage(f"No tag on key {n} (Organise > Assign Tag to Key…)", 4000)
            return False
        return self._tag_command(f"Toggle tag {tag.name}", lambda: self.lib.toggle_tag(ids, tag.name))

    def assign_tag_key(self, name: str | None = None, key: int | None = None) -> bool:
        if name is None:
            name = self._ask("Assign tag to key", "Tag name:")
        if not name:
            return False
        if key is None:
            from PySide6.QtWidgets import QInputDialog

            key, ok = QInputDialog.getInt(self, "Assign tag to key", f"Key (1-9) for '{name}':", 1, 1, 9)
            if not ok:
                return False
        try:
            self.lib.style_tag(name, position=key)
        except RefmanError as exc:
            self.show_error("Cannot assign the key", str(exc))
            return False
        self._changed(Changes(), keep=())
        return True

    # --- notes ------------------------------------------------------------------------------

    def open_notes(self) -> None:
        from refman.gui.notes_editor import NotesDialog

        entry_id = self.view.current_id()
        if entry_id is None:
            return
        entry = self.lib.get(entry_id)
        dialog = NotesDialog(entry.citekey, self.lib.notes(entry_id), lambda body: self.add_note(entry_id, body),
                             self.save_note, self.delete_note, self)
        self.notes_dialog = dialog
        dialog.open()

    def add_note(self, entry_id: int, body: str) -> Note | None:
        made: list[Note] = []

        def do() -> Changes:
            if made:
                self.lib.restore_note(made[0])
            else:
                made.append(self.lib.add_note(entry_id, body))
            return Changes(updated=(entry_id,))

        def undo() -> Changes:
            self.lib.delete_note(made[0].id or 0)
            return Changes(updated=(entry_id,))

        return made[0] if self.run_organise("Add note", do, undo) else None

    def save_note(self, note: Note, body: str) -> Note | None:
        assert note.id is not None
        note_id = note.id
        olds: list[Note] = []
        news: list[Note] = []

        def do() -> Changes:
            if news:
                self.lib.restore_note(news[0])
            else:
                olds.append(self.lib.update_note(note_id, body))
                news.append(self.lib.store.note(note_id))
            return Changes(updated=(note.entry_id,))

        def undo() -> Changes:
            self.lib.restore_note(olds[0])
            return Changes(updated=(note.entry_id,))

        return news[0] if self.run_organise("Edit note", do, undo) else None

    def delete_note(self, note: Note) -> bool:
        assert note.id is not None
        note_id = note.id

        def do() -> Changes:
            self.lib.delete_note(note_id)
            return Changes(updated=(note.entry_id,))

        def undo() -> Changes:
            self.lib.restore_note(note)
            return Changes(updated=(note.entry_id,))

        return self.run_organise("Delete note", do, undo)

    # --- saved searches ---------------------------------------------------------------------

    def save_current_search(self, name: str | None = None) -> bool:
        query = self._search_text.strip()
        if not query:
            self.show_error("Save search", "Type a search first; the saved search keeps its query.")
            return False
        name = name or self._ask("Save search", f"Name for '{query}':")
        if not name:
            return False

        def do() -> Changes:
            self.lib.save_search(name, query)
            return Changes()

        def undo() -> Changes:
            self.lib.delete_saved_search(name)
            return Changes()

        return self.run_organise(f"Save search {name}", do, undo)

    def delete_current_search(self) -> bool:
        item = self.organise_tree.currentItem()
        if self.scope.kind != "saved" or item is None:
            return False
        name = self.scope.label
        saved = next((s for s in self.lib.saved_searches() if s.name == name), None)
        if saved is None:
            return False

        def do() -> Changes:
            self.lib.delete_saved_search(name)
            return Changes()

        def undo() -> Changes:
            self.lib.save_search(saved.name, saved.query)
            return Changes()

        return self.run_organise(f"Delete saved search {name}", do, undo)

    # --- Trash ------------------------------------------------------------------------------

    def restore_selected(self) -> bool:
        return self.scope.kind == "trash" and self.move_selection_to_trash(restore=True)

    def empty_trash(self, confirm: bool = True) -> int:
        n = len(self.lib.trashed_ids())
        if n == 0:
            return 0
        if confirm:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(self, "Empty Trash", f"Delete the {n:,} entries in the Trash for good? "
                                          "A backup is taken first (File > Restore Backup).")
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        try:
            count, backup = self.lib.empty_trash()
        except RefmanError as exc:
            self.show_error("Cannot empty the Trash", str(exc))
            return 0
        self.statusBar().showMessage(f"{count:,} entries deleted for good; backup: {backup}", 8000)
        self._changed(Changes(deleted=()), keep=[])
        return count


    # --- keep-updated exports -----------------------------------------------------------------

    def view_query_text(self) -> str:
        """The current view as query text (a collection, a saved search, or "" for all)."""
        if self.scope.kind == "collection" and self.scope.ref is not None:
            path = self.lib.store.collection(self.scope.ref).path_text.replace('"', "")
            return f'{"in" if self.organise_tree.include_subcollections else "in-only"}:"{path}"'
        if self.scope.kind == "saved":
            found = next((s for s in self.lib.saved_searches() if s.name == self.scope.label), None)
            return found.query if found else ""
        return ""

    def keep_view_updated(self, path: str | None = None) -> bool:
        """Export the current view to a .bib file and keep it up to date."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, "Keep an export updated", "library.bib",
                                                  "BibTeX (*.bib)")
        if not path:
            return False
        try:
            spec, _written = self.lib.keep_updated(path, "bibtex", self.view_query_text())
        except RefmanError as exc:
            self.show_error("Cannot keep the export updated", str(exc))
            return False
        self.statusBar().showMessage(f"{spec.path} is written now and after every change", 8000)
        return True

    def stop_keep_updated(self, path: str | None = None) -> bool:
        specs = self.lib.keep_updated_exports()
        if path is None:
            if not specs:
                self.statusBar().showMessage("No export is kept up to date.", 4000)
                return False
            from PySide6.QtWidgets import QInputDialog

            path, ok = QInputDialog.getItem(self, "Stop keeping an export updated", "File:",
                                            [s.path for s in specs], 0, False)
            if not ok:
                return False
        try:
            self.lib.stop_keep_updated(path)
        except RefmanError as exc:
            self.show_error("Cannot stop", str(exc))
            return False
        return True

    def _kept_updated(self, result: object) -> None:
        written = [p for p, w in result if w] if isinstance(result, list) else []
        if written:
            self.statusBar().showMessage(f"Kept up to date: {', '.join(written)}", 5000)
