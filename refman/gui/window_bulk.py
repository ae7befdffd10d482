"""Big undoable work off the GUI thread: moves to and from the Trash, bulk deletes, and undo/redo
of big moves, deletes and imports.

A select-all delete of 100,000 entries, and its undo, took 18 s and a quarter of an hour on the
GUI thread. Here a step that touches `background_entries` entries or more runs in a worker
(BackgroundTask: its own Library on the same file, a progress dialog), and undo/redo are refused
while it runs, so the undo stack never moves while the library is half-way through a change.
The worker also turns the selected rows into ids (a select-all is the view's query) and, after
an undo that brings entries back, reads the view's ordered ids, so that re-selecting 100k rows
needs no query on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from refman.core.changes import Changes
from refman.core.errors import RefmanError

if TYPE_CHECKING:
    from refman.gui.commands import Notify, ReportError, Step
    from refman.gui.window_base import WindowBase
    from refman.library import Library
else:
    WindowBase = object

BACKGROUND_ENTRIES = 500  # a delete, undo or redo touching this many entries runs in a worker


class WindowBulkMixin(WindowBase):
    """The undo/redo entry points and the runner that undo commands use."""

    background_entries = BACKGROUND_ENTRIES

    def busy(self) -> bool:
        return any(t.running for t in self.tasks)

    def run_step(self, title: str, size: int, step: Step, notify: Notify, report: ReportError) -> None:
        """Run one undo/redo step: small ones at once, big ones in a worker with progress."""
        if size < self.background_entries:
            try:
                changes = step(self.lib, None)
            except RefmanError as exc:
                report(str(exc))
                return
            notify(changes)
            return

        # The worker also reads the view's ordered ids after its change: an undo that brings back
        # 100k entries re-selects them, and that needs every row's id (0.3 s on the GUI thread).
        key, later = self.model.view_key(), self.model.ordered_ids_later()

        def work(lib: Library, progress: Callable[[int, int], None],
                 _cancelled: Callable[[], bool]) -> tuple[Changes, list[int] | None]:
            changes = step(lib, progress)
            return changes, later(lib) if later is not None and changes.added else None

        def done(result: object) -> None:
            assert isinstance(result, tuple)
            changes, ordered = result
            if ordered is not None:
                self.model.offer_ordered_ids(key, ordered)
            notify(changes)

        def failed(exc: object) -> None:
            report(str(exc) if isinstance(exc, RefmanError | OSError) else f"{type(exc).__name__}: {exc}")
            self._changed(Changes())

        task = self.run_task(title, f"{title}…", work, done, cancellable=False, on_failed=failed)
        if task is None:
            report("other work is still running")

    def move_selection_to_trash(self, restore: bool = False) -> bool:
        """Move the selected entries to the Trash (or, with `restore`, out of it), undoably.

        From `background_entries` rows on, everything runs in a worker with progress: turning the
        rows into ids (a select-all of 100k rows is the view's query, 0.3 s), the move, and later
        its undo and redo (TrashCommand goes through `run_step`)."""
        rows = self.view.selected_rows()
        if not rows:
            return False
        first_row = rows[0]

        def push(result: object) -> None:
            from refman.gui.commands import TrashCommand  # not before the first paint

            assert isinstance(result, Changes)
            ids = list(result.added if restore else result.deleted)
            if not ids:
                return
            what = self.lib.get(ids[0]).citekey if len(ids) == 1 else f"{len(ids):,} entries"
            text = f"Restore {what} from the Trash" if restore else f"Move {what} to the Trash"
            self.undo_stack.push(TrashCommand(ids, text, self.lib, self._command_done, self._command_error,
                                              self.run_step, restore))
            self._changed(result, keep=[])  # not the old selection: its rows are gone
            if self.model.rowCount():
                self.view.select_row(min(first_row, self.model.rowCount() - 1))

        if len(rows) < self.background_entries:
            ids = self.model.ids_at(rows)
            try:
                changes = self.lib.restore_entries(ids) if restore else self.lib.trash(ids)
            except RefmanError as exc:
                self.show_error("Cannot restore" if restore else "Cannot move to the Trash", str(exc))
                return False
            push(changes)
            return True
        resolve = self.model.ids_later(rows)

        def work(lib: Library, progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> Changes:
            ids = resolve(lib)
            return lib.restore_entries(ids, progress) if restore else lib.trash(ids, progress)

        title = "Restoring from the Trash" if restore else "Moving to the Trash"
        verb = "Restoring" if restore else "Moving"
        where = "from the Trash" if restore else "to the Trash"
        return self.run_task(title, f"{verb} {len(rows):,} entries {where}…", work, push,
                             cancellable=False) is not None

    def undo(self) -> None:
        if self.busy():
            self.statusBar().showMessage("Busy: wait for the current work to finish before undoing.", 4000)
            return
        self.undo_stack.undo()
        self._update_undo_actions()

    def redo(self) -> None:
        if self.busy():
            self.statusBar().showMessage("Busy: wait for the current work to finish before redoing.", 4000)
            return
        self.undo_stack.redo()
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        """Undo/redo are the stack's own state, except while a worker is changing the library."""
        busy = self.busy()
        try:
            can_undo, can_redo = self.undo_stack.canUndo(), self.undo_stack.canRedo()
            undo_text, redo_text = self.undo_stack.undoText(), self.undo_stack.redoText()
        except RuntimeError:  # the window is being destroyed: its selection model still signals
            return
        self.act_undo.setEnabled(can_undo and not busy)
        self.act_redo.setEnabled(can_redo and not busy)
        self.act_undo.setText(f"&Undo {undo_text}".rstrip())
        self.act_redo.setText(f"&Redo {redo_text}".rstrip())
