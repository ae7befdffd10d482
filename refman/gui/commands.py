"""Undo/redo commands for edits, deletions and imports.

Each command is pushed after its action already succeeded (an import ran in a worker, an edit
was validated by the library), so the first `redo()` that QUndoStack.push() calls does nothing.
Undo of an import deletes the entries it added; entries the import *updated* keep their new
fields (the library does not keep the old version), which the command's text says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from refman.core.errors import RefmanError
from refman.core.model import Changes, Entry
from refman.library import DeletedEntries, Library

Notify = Callable[[Changes], None]
ReportError = Callable[[str], None]


class _LibraryCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, notify: Notify, report: ReportError) -> None:
        super().__init__(text)
        self._lib = library
        self._notify = notify
        self._report = report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._do, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")

    def _run(self, fn: Callable[[], Changes], what: str) -> None:
        try:
            changes = fn()
        except RefmanError as exc:
            # The library refused (e.g. a key is now taken): drop the command rather than lie.
            self.setObsolete(True)
            self._report(f"Cannot {what} '{self.text()}': {exc}")
            return
        self._notify(changes)

    def _do(self) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError

    def _undo(self) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError


class EditCommand(_LibraryCommand):
    def __init__(self, before: Entry, after: Entry, library: Library, notify: Notify, report: ReportError) -> None:
        super().__init__(f"Edit {after.citekey}", library, notify, report)
        self.before = before
        self.after = after

    def _do(self) -> Changes:
        return self._save(self.after)

    def _undo(self) -> Changes:
        return self._save(self.before)

    def _save(self, entry: Entry) -> Changes:
        """Save against the version this command last saw (after.version: the stored entry after
        the edit), so that undo does not silently drop someone else's later change."""
        changes = self._lib.update_entry(dataclasses.replace(entry, version=self.after.version))
        if entry.id is not None:
            self.after = dataclasses.replace(self.after, version=self._lib.get(entry.id).version)
        return changes


class DeleteCommand(_LibraryCommand):
    def __init__(self, deleted: DeletedEntries, library: Library, notify: Notify, report: ReportError) -> None:
        n = len(deleted.entries)
        text = f"Delete {deleted.entries[0].citekey}" if n == 1 else f"Delete {n} entries"
        super().__init__(text, library, notify, report)
        self.deleted = deleted

    def _do(self) -> Changes:
        ids = [e.id for e in self.deleted.entries if e.id is not None]
        self.deleted, changes = self._lib.delete(ids)
        return changes

    def _undo(self) -> Changes:
        return self._lib.undelete(self.deleted)


class ImportCommand(_LibraryCommand):
    def __init__(self, label: str, added: tuple[int, ...], updated: int, library: Library, notify: Notify,
                 report: ReportError) -> None:
        text = f"Import {label} ({len(added)} added"
        text += f"; {updated} updated entries stay updated)" if updated else ")"
        super().__init__(text, library, notify, report)
        self.added = added
        self._deleted: DeletedEntries | None = None

    def _undo(self) -> Changes:
        self._deleted, changes = self._lib.delete(list(self.added))
        return changes

    def _do(self) -> Changes:
        if self._deleted is None:
            return Changes()
        return self._lib.undelete(self._deleted)
