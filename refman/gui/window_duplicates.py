"""The window's duplicate actions: find them for the Duplicates view (in the worker, with progress
and Cancel: a big library takes seconds), merge the selected entries (or the current entry's
cluster in the Duplicates view) through the side-by-side dialog, or mark them as not duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from refman.core.changes import Changes
from refman.core.errors import Cancelled, RefmanError

if TYPE_CHECKING:
    from refman.gui.duplicates import MergeDialog
    from refman.gui.tasks import BackgroundTask
    from refman.gui.window_base import WindowBase
else:
    WindowBase = object


class WindowDuplicatesMixin(WindowBase):
    """Merge / not-duplicates of MainWindow."""

    merge_dialog: MergeDialog | None = None
    duplicate_scan: BackgroundTask | None = None
    _rescan_duplicates = False

    def scan_duplicates(self) -> BackgroundTask | None:
        """Find duplicates in the worker (the sidebar asks whenever the Duplicates view is shown
        or refreshed); a request while a scan runs scans again after it, with what changed."""
        if self.duplicate_scan is not None and self.duplicate_scan.running:
            self._rescan_duplicates = True
            return self.duplicate_scan
        from refman.gui.duplicates import duplicate_clusters  # not before the first paint

        self.sidebar.set_duplicates(None)
        task = self.run_task("Finding duplicates", "Looking for duplicates…", duplicate_clusters,
                             self._duplicates_found, on_failed=self._duplicate_scan_failed)
        self.duplicate_scan = task
        if task is None:  # another task is running (run_task said so): the view keeps the last scan
            self.sidebar.set_duplicates(self.sidebar.duplicate_clusters)
        return task

    def _duplicates_found(self, result: object) -> None:
        self.duplicate_scan = None
        if self.closed:
            return
        assert isinstance(result, list)
        self.sidebar.set_duplicates(result)
        if self.scope.kind == "duplicates":
            self.set_scope(self.sidebar.duplicates_scope())
        if self._rescan_duplicates:
            self._rescan_duplicates = False
            self.scan_duplicates()

    def _duplicate_scan_failed(self, exc: object) -> None:
        self.duplicate_scan = None
        self._rescan_duplicates = False
        if self.closed:
            return
        self.sidebar.set_duplicates(self.sidebar.duplicate_clusters)
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage("Duplicate scan cancelled; the Duplicates view shows the last scan.", 6000)
        else:
            self.show_error("Cannot look for duplicates", str(exc))

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
