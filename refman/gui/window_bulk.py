"""Big undoable work off the GUI thread: bulk deletes, and undo/redo of big deletes and imports.

A select-all delete of 100,000 entries, and its undo, took 18 s and a quarter of an hour on the
GUI thread. Here a step that touches `background_entries` entries or more runs in a worker
(BackgroundTask: its own Library on the same file, a progress dialog), and undo/redo are refused
while it runs, so the undo stack never moves while the library is half-way through a change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from refman.core.errors import RefmanError
from refman.core.model import Changes

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

        def work(lib: Library, progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> Changes:
            return step(lib, progress)

        def failed(exc: object) -> None:
            report(str(exc) if isinstance(exc, RefmanError | OSError) else f"{type(exc).__name__}: {exc}")
            self._changed(Changes())

        task = self.run_task(title, f"{title}…", work, notify, cancellable=False,  # type: ignore[arg-type]
                             on_failed=failed)
        if task is None:
            report("other work is still running")

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
