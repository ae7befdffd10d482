"""Maintenance: checking and repairing the library, backups and restoring one.

Backups and restore also work from a location alone (`library_backups`, `restore_library`),
without opening the library: a library too damaged to open is exactly the one to restore.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refman.core.errors import LibraryError
from refman.store import Backup, Store
from refman.store import backup as backup_mod
from refman.store.engine import library_file


def _file_of(location: str) -> Path:
    path = library_file(location)
    if path is None:
        raise LibraryError("backups are for library files; a server library is backed up by its administrator")
    return path


def library_backups(location: str) -> list[Backup]:
    """The backups of the library at `location`, newest first, without opening it."""
    return backup_mod.list_backups(_file_of(location))


def restore_library(location: str, backup: Path) -> Path | None:
    """Replace the library at `location` with a verified backup; returns where the replaced
    state was kept. The library is not opened first, so a damaged one can be restored."""
    return backup_mod.restore_backup(Path(backup), _file_of(location))


def backup_library(location: str, reason: str = "manual") -> Path | None:
    return backup_mod.make_backup(_file_of(location), reason)


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

        Returns (problems found, repairs made, problems left) for `refman check` and the GUI.
        Nothing is backed up when there is nothing `repair` could change: a backup of a library
        that will not change only pushes good backups out of the rotation."""
        found = self.store.integrity_problems()
        if not (repair and self.store.repairable(found)):
            return found, [], found
        path = self.store.file_path
        if path is not None:
            backup_mod.make_backup(path, "before-repair", healthy=False)
        done = self.store.repair()
        return found, done, self.store.integrity_problems()

    # --- backups ------------------------------------------------------------------------------

    def backups(self) -> list[Backup]:
        return self.store.backups()

    def backup(self, reason: str = "manual") -> Path | None:
        return self.store.backup(reason)

    def restore(self, backup: Path) -> Path | None:
        """Replace the library's content with a backup; the current state is backed up first."""
        path = self.store.file_path
        if path is None:
            raise LibraryError("backups are for library files; a server library is backed up by its administrator")
        location = str(path)
        self.store.close()
        try:
            return backup_mod.restore_backup(Path(backup), path)
        finally:
            self.store = Store.open(location)
