"""Undo/redo commands for edits, deletions and imports.

Each command is pushed after its action already succeeded (an import ran in a worker, an edit
was validated by the library), so the first `redo()` that QUndoStack.push() calls does nothing.
Undo of an import deletes the entries it added; entries the import *updated* keep their new
fields (the library does not keep the old version), which the command's text says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtGui import QUndoCommand

from refman.core.errors import RefmanError
from refman.core.model import Changes, Entry

if TYPE_CHECKING:
    from refman.library import DeletedEntries, Library, Progress

Notify = Callable[[Changes], None]
ReportError = Callable[[str], None]
Step: TypeAlias = "Callable[[Library, Progress | None], Changes]"
# Runs a step touching `size` entries: a big one in a worker (its own Library on the same file)
# behind a progress dialog, a small one at once; then calls back on the GUI thread with the
# changes or an error message. Arguments: (title, size, step, notify, report).
Runner = Callable[[str, int, Step, Notify, ReportError], None]


class _LibraryCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, notify: Notify, report: ReportError,
                 runner: Runner | None = None) -> None:
        super().__init__(text)
        self._lib = library
        self._notify = notify
        self._report = report
        self._runner = runner
        self._first = True

    def size(self) -> int:
        """How many entries an undo or redo touches (the runner decides on it whether to use a worker)."""
        return 1

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._do, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")

    def _run(self, fn: Step, what: str) -> None:
        def failed(message: str) -> None:
            # The library refused (e.g. a key is now taken): drop the command rather than lie.
            self.setObsolete(True)
            self._report(f"Cannot {what} '{self.text()}': {message}")

        if self._runner is not None:
            self._runner(f"{what.capitalize()}: {self.text()}", self.size(), fn, self._notify, failed)
            return
        try:
            changes = fn(self._lib, None)
        except RefmanError as exc:
            failed(str(exc))
            return
        self._notify(changes)

    def _do(self, lib: Library, progress: Progress | None) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError


class EditCommand(_LibraryCommand):
    def __init__(self, before: Entry, after: Entry, library: Library, notify: Notify, report: ReportError) -> None:
        super().__init__(f"Edit {after.citekey}", library, notify, report)
        self.before = before
        self.after = after

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        return self._save(lib, self.after)

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        return self._save(lib, self.before)

    def _save(self, lib: Library, entry: Entry) -> Changes:
        """Save against the version this command last saw (after.version: the stored entry after
        the edit), so that undo does not silently drop someone else's later change."""
        changes = lib.update_entry(dataclasses.replace(entry, version=self.after.version))
        if entry.id is not None:
            self.after = dataclasses.replace(self.after, version=lib.get(entry.id).version)
        return changes


class DeleteCommand(_LibraryCommand):
    def __init__(self, deleted: DeletedEntries, library: Library, notify: Notify, report: ReportError,
                 runner: Runner | None = None) -> None:
        n = len(deleted.entries)
        text = f"Delete {deleted.entries[0].citekey}" if n == 1 else f"Delete {n:,} entries"
        super().__init__(text, library, notify, report, runner)
        self.deleted = deleted

    def size(self) -> int:
        return len(self.deleted.entries)

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        ids = [e.id for e in self.deleted.entries if e.id is not None]
        self.deleted, changes = lib.delete(ids, progress)
        return changes

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        return lib.undelete(self.deleted, progress)


class ImportCommand(_LibraryCommand):
    def __init__(self, label: str, added: tuple[int, ...], updated: int, library: Library, notify: Notify,
                 report: ReportError, runner: Runner | None = None) -> None:
        text = f"Import {label} ({len(added)} added"
        text += f"; {updated} updated entries stay updated)" if updated else ")"
        super().__init__(text, library, notify, report, runner)
        self.added = added
        self._deleted: DeletedEntries | None = None

    def size(self) -> int:
        return len(self.added)

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        self._deleted, changes = lib.delete(list(self.added), progress)
        return changes

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        if self._deleted is None:
            return Changes()
        return lib.undelete(self._deleted, progress)


class TrashCommand(_LibraryCommand):
    """Move entries to the Trash (or, with `restore`, out of it); undo does the opposite. Runs
    through the runner, so a move of thousands of entries and its undo happen in a worker."""

    def __init__(self, ids: list[int], text: str, library: Library, notify: Notify, report: ReportError,
                 runner: Runner | None = None, restore: bool = False) -> None:
        super().__init__(text, library, notify, report, runner)
        self.ids = ids
        self.restore = restore

    def size(self) -> int:
        return len(self.ids)

    def _do(self, lib: Library, progress: Progress | None) -> Changes:
        return lib.restore_entries(self.ids, progress) if self.restore else lib.trash(self.ids, progress)

    def _undo(self, lib: Library, progress: Progress | None) -> Changes:
        return lib.trash(self.ids, progress) if self.restore else lib.restore_entries(self.ids, progress)
