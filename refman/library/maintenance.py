"""Maintenance: checking and repairing the library, backups and restoring one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refman.core.errors import LibraryError
from refman.store import Backup, Store


def copy_library(source: str, dest: str, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy the library at `source` into the new or empty library at `dest` (files or server URLs,
    either way round), keeping ids, keys, relations, raw records and dates; rows copied per table."""
    from refman.store.copying import copy_library as copy_rows

    src, dst = Store.open(source), Store.open(dest)
    try:
        if src.url == dst.url:
            raise LibraryError("source and destination are the same library")
        return copy_rows(src, dst, progress)
    finally:
        src.close()
        dst.close()


class MaintenanceMixin:
    """The maintenance use-cases of `Library`."""

    store: Store

    def check(self, repair: bool = False) -> tuple[list[str], list[str], list[str]]:
        """Verify the library; with `repair`, back it up and fix what can be fixed.

        Returns (problems found, repairs made, problems left) for `refman check` and the GUI."""
        found = self.store.integrity_problems()
        if not (found and repair):
            return found, [], found
        self.backup("before-repair")
        done = self.store.repair()
        return found, done, self.store.integrity_problems()

    # --- backups ------------------------------------------------------------------------------

    def backups(self) -> list[Backup]:
        return self.store.backups()

    def backup(self, reason: str = "manual") -> Path | None:
        return self.store.backup(reason)

    def restore(self, backup: Path) -> Path | None:
        """Replace the library's content with a backup; the current state is backed up first."""
        from refman.store.backup import restore_backup

        path = self.store.file_path
        if path is None:
            raise LibraryError("backups are for library files; a server library is backed up by its administrator")
        location = str(path)
        self.store.close()
        try:
            return restore_backup(Path(backup), path)
        finally:
            self.store = Store.open(location)
