"""Backups that can be trusted: written under a temporary name, verified, then renamed.

A backup is a consistent copy made with SQLite's online backup API (safe while the library is
open, WAL included) into `backups/.<name>.partial`. It is then checked (`PRAGMA integrity_check`,
its entries counted) and only a copy that passes is renamed to its final name, next to a sidecar
`<name>.json` that records the entry count, the time and "verified". A process killed half-way
leaves only a `.partial` file, which no listing shows and the next backup removes.

Rotation keeps `KEEP` backups, but never deletes the newest manual backup or the newest backup
of a healthy library (one taken before a repair is of a library known to have problems): a run
of automatic backups cannot push out the copy a person would want back.

Other databases (a shared PostgreSQL library) are backed up by their administrators, so this
module only handles SQLite files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from refman.core.errors import LibraryError

KEEP = 10
STALE_PARTIAL_SECONDS = 3600  # a .partial this old belongs to no running backup
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z0-9-]+)\.sqlite$")


class DamagedLibrary(LibraryError):
    """The library file cannot be read; the message names the backup that would bring it back."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file. `verified`: checked when it was written (its sidecar says so) and still
    there; `entries` as counted then; `healthy`: the library it copies had no known problems."""

    path: Path
    taken: datetime
    reason: str
    entries: int | None = None
    verified: bool = False
    healthy: bool = False

    @property
    def manual(self) -> bool:
        return self.reason == "manual"

    def describe(self) -> str:
        count = f"{self.entries} entries" if self.entries is not None else "entries unknown"
        state = "verified" if self.verified else "NOT verified"
        return f"{self.taken:%Y-%m-%d %H:%M:%S}\t{count}\t{state}\t{self.reason}"


def backup_dir(library_file: Path) -> Path:
    return library_file.parent / "backups"


def _sidecar(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def make_backup(library_file: Path, reason: str, keep: int = KEEP, healthy: bool = True) -> Path | None:
    """Copy the library to backups/<stem>-<time>-<reason>.sqlite (verified, see the module
    docstring) and prune the rotation to `keep` copies. None when there is no library file."""
    if not library_file.exists():
        return None
    folder = backup_dir(library_file)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"cannot make a backup in {folder}: {exc.strerror or exc}; nothing was changed") from exc
    _remove_stale_partials(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "backup"
    target = folder / f"{library_file.stem}-{stamp}-{slug}.sqlite"
    n = 1
    while target.exists():
        target = folder / f"{library_file.stem}-{stamp}-{n}-{slug}.sqlite"
        n += 1
    partial = folder / f".{target.name}.partial"
    try:
        _copy_database(library_file, partial)
        entries = verify_file(partial)
        _write_json(_sidecar(target), {"entries": entries, "taken": datetime.now().isoformat(timespec="seconds"),
                                       "verified": True, "healthy": healthy, "reason": slug,
                                       "library": str(library_file)})
        os.replace(partial, target)
        _fsync_dir(folder)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
        if not target.exists():
            _sidecar(target).unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error):
            raise LibraryError(f"cannot make a backup in {folder}: {_reason(exc)}; nothing was changed") from exc
        raise
    _rotate(library_file, keep)
    return target


def _rotate(library_file: Path, keep: int) -> None:
    found = list_backups(library_file)
    protected = {b.path for b in (next((b for b in found if b.manual and b.verified), None),
                                  next((b for b in found if b.healthy and b.verified), None)) if b is not None}
    rotating = [b for b in found if b.path not in protected]
    for old in rotating[max(keep - len(protected), 0):]:
        old.path.unlink(missing_ok=True)
        _sidecar(old.path).unlink(missing_ok=True)


def list_backups(library_file: Path) -> list[Backup]:
    """Newest first. Half-written copies (`.partial`) are never listed."""
    folder = backup_dir(library_file)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or m.group("stem") != library_file.stem or not p.is_file():
            continue
        stamp = m.group("stamp")[:15]
        meta = _read_json(_sidecar(p))
        entries = meta.get("entries")
        found.append(Backup(p, datetime.strptime(stamp, "%Y%m%d-%H%M%S"), m.group("reason"),
                            entries if isinstance(entries, int) else None,
                            meta.get("verified") is True, meta.get("healthy") is True))
    return sorted(found, key=lambda b: (b.taken, b.path.stat().st_mtime_ns), reverse=True)


def verify_file(path: Path) -> int:
    """The number of entries in a library file that passes SQLite's integrity check; raises
    LibraryError saying what is wrong otherwise. Opens the file read-only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LibraryError(f"{path} cannot be opened: {exc}") from exc
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise LibraryError(f"{path} is damaged: {result[0]}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "entries" not in tables:
            raise LibraryError(f"{path} is not a refman library (it has no entries table)")
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    except sqlite3.Error as exc:
        raise LibraryError(f"{path} is damaged: {exc}") from exc
    finally:
        conn.close()


def restore_backup(backup: Path, library_file: Path) -> Path | None:
    """Replace the library with a backup, after verifying the backup and backing up what it
    replaces (so a restore can be undone). Works on a library too damaged to open: the damaged
    file is then kept byte for byte, and the backup takes its place by rename."""
    backup = Path(backup)
    verify_file(backup)  # raises: a damaged or half-written backup is never restored
    try:
        verify_file(library_file)
        current_ok = True
    except LibraryError:
        current_ok = not library_file.exists()
    if current_ok:
        safety = make_backup(library_file, "before-restore")
        _copy_database(backup, library_file, "WAL")
        return safety
    return _replace_damaged(backup, library_file)


def _replace_damaged(backup: Path, library_file: Path) -> Path:
    folder = backup_dir(library_file)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{library_file.stem}-{stamp}-damaged-before-restore.sqlite.damaged"
    shutil.copy2(library_file, kept)
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file; applied to the backup they would corrupt it
        side = Path(f"{library_file}{suffix}")
        if side.exists():
            shutil.copy2(side, Path(f"{kept}{suffix}"))
    fresh = library_file.with_name(f".{library_file.name}.restoring")
    try:
        _copy_database(backup, fresh)
        verify_file(fresh)
        conn = sqlite3.connect(fresh)
        try:
            conn.execute("PRAGMA journal_mode=WAL")  # as the library was; its readers rely on it
        finally:
            conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{library_file}{suffix}").unlink(missing_ok=True)
        os.replace(fresh, library_file)
        _fsync_dir(library_file.parent)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    return kept


def newest_good(library_file: Path) -> Backup | None:
    """The newest verified backup of a healthy library, else the newest verified one."""
    found = [b for b in list_backups(library_file) if b.verified]
    return next((b for b in found if b.healthy), found[0] if found else None)


def damaged_message(library_file: Path, why: str) -> str:
    """One line for a library that cannot be read, naming the backup that would bring it back."""
    good = newest_good(library_file)
    if good is None:
        return (f"{library_file} is damaged ({why}) and there is no verified backup of it; the sqlite3 tool "
                f"may salvage readable rows: sqlite3 {library_file} .recover | sqlite3 salvaged.sqlite")
    return (f"{library_file} is damaged ({why}); the newest good backup is {good.path.name} "
            f"({good.entries} entries, {good.taken:%Y-%m-%d %H:%M}): "
            f"restore it with: refman --library {library_file} restore {good.path}")


def _remove_stale_partials(folder: Path) -> None:
    now = time.time()
    for p in folder.glob(".*.partial*"):  # with the -journal a killed copy leaves beside it
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > STALE_PARTIAL_SECONDS:
                p.unlink()


def _copy_database(source: Path, target: Path, journal: str = "DELETE") -> None:
    """A consistent page-by-page copy with SQLite's online backup API (WAL content included).
    A backup is a single self-contained file (journal DELETE: no -wal beside it to lose); a
    library restored in place goes back to WAL, which its readers rely on."""
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode={journal}")
        finally:
            dst.close()
    finally:
        src.close()


def _write_json(path: Path, data: dict[str, object]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__
