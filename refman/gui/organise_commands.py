"""Undo/redo for organising: one command class that pairs a library call with its inverse.

Each command is pushed after its first run already succeeded (like the commands in
commands.py), so QUndoStack.push()'s first redo() does nothing. `do` and `undo` are closures
over the state the inverse needs (a TagChange, a CollectionSnapshot, a note as it was), and
each returns the Changes the views must refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from refman.core.model import Changes
from refman.gui.commands import Notify, ReportError, _LibraryCommand

if TYPE_CHECKING:
    from refman.library import Library
    from refman.library.callbacks import Progress

Step = Callable[[], Changes]


class OrganiseCommand(_LibraryCommand):
    def __init__(self, text: str, do: Step, undo: Step, library: Library, notify: Notify,
                 report: ReportError) -> None:
        super().__init__(text, library, notify, report)
        self._do_step = do
        self._undo_step = undo

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        return self._do_step()

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        return self._undo_step()
