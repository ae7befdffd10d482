"""Automatic backups before destructive work, bounded rotation, and restore."""

from __future__ import annotations

import io
from pathlib import Path

from refman.cli.main import main
from refman.core.model import Entry, Person
from refman.library import BULK_DELETE, Library
from refman.store.backup import list_backups, make_backup


def _entries(lib: Library, n: int) -> list[int]:
    ids = []
    for i in range(n):
        e, _ = lib.add_entry(Entry(title=f"Paper {i}", contributors=(Person("Author", "A"),), year=2000 + i % 20))
        assert e.id is not None
        ids.append(e.id)
    return ids


def test_bulk_delete_is_backed_up_and_restorable(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    lib = Library.open(db)
    ids = _entries(lib, BULK_DELETE + 5)
    lib.delete(ids[:2])
    assert lib.backups() == []  # a small delete is undone with Undo, not a backup
    lib.delete(ids[2:])
    assert lib.count() == 0
    backups = lib.backups()
    assert len(backups) == 1 and backups[0].reason == f"before-delete-{BULK_DELETE + 3}"
    safety = lib.restore(backups[0].path)
    assert lib.count() == BULK_DELETE + 3
    assert safety is not None and safety.exists()
    assert lib.search("paper")  # the full-text index came back with the data
    lib.close()


def test_rotation_keeps_a_bounded_number(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    lib = Library.open(db)
    _entries(lib, 1)
    for i in range(5):
        make_backup(db, f"test-{i}", keep=3)
    assert len(list_backups(db)) == 3
    lib.close()


def test_restore_from_cli(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    lib = Library.open(db)
    ids = _entries(lib, BULK_DELETE)
    lib.delete(ids)
    lib.close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["--library", str(db), "restore"], out, err) == 0
    assert "before-delete" in out.getvalue()
    out = io.StringIO()
    assert main(["--library", str(db), "restore", "1"], out, err) == 0
    lib = Library.open(db)
    assert lib.count() == BULK_DELETE
    lib.close()
