"""The window's duplicate actions: merge the selected entries (or the current entry's cluster in
the Duplicates view) through the side-by-side dialog, or mark them as not duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from refman.core.errors import RefmanError
from refman.core.model import Changes

if TYPE_CHECKING:
    from refman.gui.duplicates import MergeDialog
    from refman.gui.window_base import WindowBase
else:
    WindowBase = object


class WindowDuplicatesMixin(WindowBase):
    """Merge / not-duplicates of MainWindow."""

    merge_dialog: MergeDialog | None = None

    def _entries_to_merge(self) -> list[int]:
        ids = list(self.view.selected_ids())
        if len(ids) >= 2:
            return ids
        current = self.view.current_id()
        for cluster in getattr(self.sidebar, "duplicate_clusters", []):
            if current in cluster:
                return list(cluster)
        return ids

    def merge_duplicates(self) -> None:
        ids = self._entries_to_merge()
        if len(ids) < 2:
            self.statusBar().showMessage("Select two or more entries to merge (or one in the Duplicates view)", 5000)
            return
        entries = self.lib.get_many(ids)
        entries.sort(key=lambda e: (e.added is None, e.added, e.id or 0))  # the oldest is kept by default
        from refman.gui.duplicates import MergeDialog

        dialog = MergeDialog(entries, self)
        self.merge_dialog = dialog
        dialog.finished.connect(lambda code: self._merge_finished(dialog, code))
        dialog.open()

    def _merge_finished(self, dialog: MergeDialog, code: int) -> None:
        from refman.gui.duplicates import MergeCommand, MergeDialog

        self.merge_dialog = None
        if code == MergeDialog.NOT_DUPLICATES:
            self.lib.dismiss_duplicates([e.id for e in dialog.entries if e.id is not None])
            self.statusBar().showMessage("Marked as not duplicates", 5000)
            self._changed(Changes(), keep=())
            return
        if code != MergeDialog.DialogCode.Accepted:
            return
        ordered = dialog.ordered()
        keep, others = ordered[0], ordered[1:]
        choice = dialog.choice()
        try:
            assert keep.id is not None
            undo, changes = self.lib.merge_entries(keep.id, [e.id for e in others if e.id is not None], choice)
        except RefmanError as exc:
            self.show_error("Cannot merge", str(exc))
            return
        self.undo_stack.push(MergeCommand(keep, others, choice, undo, self.lib, self._command_done,
                                          self._command_error))
        self._changed(changes, keep=[keep.id])
        self.statusBar().showMessage(f"Merged {len(others)} entries into {keep.citekey}", 5000)
