"""Automatic backups before destructive work, kept in a bounded rotation.

A backup is a consistent copy made with SQLite's online backup API (safe while the library is
open, WAL included). Other databases (a shared PostgreSQL library) are backed up by their
administrators, so this module only handles SQLite files.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

KEEP = 10
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime
    reason: str


def backup_dir(library_file: Path) -> Path:
    return library_file.parent / "backups"


def make_backup(library_file: Path, reason: str, keep: int = KEEP) -> Path | None:
    """Copy the library to backups/<stem>-<time>-<reason>.sqlite and prune to `keep` copies."""
    if not library_file.exists():
        return None
    folder = backup_dir(library_file)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "backup"
    target = folder / f"{library_file.stem}-{stamp}-{slug}.sqlite"
    n = 1
    while target.exists():
        target = folder / f"{library_file.stem}-{stamp}-{n}-{slug}.sqlite"
        n += 1
    _copy_database(library_file, target)
    for old in list_backups(library_file)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def list_backups(library_file: Path) -> list[Backup]:
    """Newest first."""
    folder = backup_dir(library_file)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or m.group("stem") != library_file.stem:
            continue
        stamp = m.group("stamp")[:15]
        found.append(Backup(p, datetime.strptime(stamp, "%Y%m%d-%H%M%S"), m.group("reason")))
    return sorted(found, key=lambda b: (b.taken, b.path.stat().st_mtime_ns), reverse=True)


def restore_backup(backup: Path, library_file: Path) -> Path | None:
    """Replace the library with a backup, after backing up the current state (so restore is undoable)."""
    safety = make_backup(library_file, "before-restore")
    _copy_database(backup, library_file)
    return safety


def _copy_database(source: Path, target: Path) -> None:
    """A consistent page-by-page copy with SQLite's online backup API (WAL content included)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
