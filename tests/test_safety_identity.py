"""Issue 14, points 4 and 5: a library of a newer refman and another program's SQLite file are
refused in one line, and nothing is written to them (not even a backup or a journal-mode change)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from safety import make_library, refman

from refman.core.errors import LibraryError
from refman.library import Library
from refman.store.engine import HEAD_REVISION
from refman.store.identity import APPLICATION_ID

DATA = Path(__file__).resolve().parent / "data" / "libraries"
COMMANDS = (["search"], ["show", "smith2001"], ["export"], ["check"], ["check", "--repair"], ["backup"],
            ["cite", "smith2001"])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in folder.iterdir() if p.is_file()}


def _refused_untouched(db: Path, expected: str) -> None:
    before = _folder_state(db.parent)
    bib = db.parent / "in.bib"
    for args in [*COMMANDS, ["import", str(bib)]]:
        bib.write_text("@misc{x, title={X}}\n", encoding="utf-8")
        done = refman(args, db)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and expected in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
        bib.unlink()
    assert _folder_state(db.parent) == before  # no backup, no -wal, no change to the file
    assert not (db.parent / "backups").exists()


def test_a_library_of_a_newer_refman_is_refused_and_untouched(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num='0042_future'")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.commit()
    conn.close()
    _refused_untouched(db, f"made by a newer version of refman (revision 0042_future); this version is {HEAD_REVISION}")


@pytest.mark.parametrize("setup", ["other-tables", "entries-table", "other-app-id", "text-file"])
def test_another_programs_file_is_refused_without_writing(tmp_path: Path, setup: str) -> None:
    db = tmp_path / "their.sqlite"
    if setup == "text-file":
        db.write_text("name,value\na,1\n", encoding="utf-8")
        expected = "is not a refman library (not an SQLite database)"
    else:
        conn = sqlite3.connect(db)
        if setup == "other-tables":
            conn.execute("CREATE TABLE people(name TEXT)")
            expected = "is an SQLite database of another program (tables: people)"
        elif setup == "entries-table":
            conn.execute("CREATE TABLE entries(id INTEGER PRIMARY KEY, note TEXT)")
            expected = "is an SQLite database of another program (tables: entries)"
        else:
            conn.execute("PRAGMA application_id=1234")
            conn.execute("CREATE TABLE t(a)")
            expected = "belongs to another program (SQLite application id 0x4d2)"
        conn.execute("INSERT INTO " + ("people VALUES ('x')" if setup == "other-tables" else
                                       "entries(note) VALUES ('x')" if setup == "entries-table" else "t VALUES (1)"))
        conn.commit()
        conn.close()
    _refused_untouched(db, expected)
    if setup != "text-file":
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert "alembic_version" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.close()


@pytest.mark.parametrize("kind", ["empty-file", "empty-sqlite"])
def test_an_empty_file_becomes_a_library(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "new.sqlite"
    if kind == "empty-file":
        db.touch()
    else:
        sqlite3.connect(db).close()
        assert db.exists()
    lib = Library.open(db)
    lib.import_text("@misc{x, title={X}}", "x.bib")
    assert lib.count() == 1
    lib.close()


def test_a_library_of_the_previous_release_is_opened_and_marked(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(DATA / "release-0001-unmarked.sqlite", db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()
    lib = Library.open(db)
    assert sorted(s.citekey for s in lib.search("")) == ["doe1999", "lee2010", "smith2001"]
    lib.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    # Later revisions migrate it, after a verified backup of the 0001 file.
    backups = list((tmp_path / "backups").glob("*.sqlite"))
    assert len(backups) == 1


def test_library_open_raises_a_library_error_for_a_newer_library(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num='0042_future'")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="newer version of refman"):
        Library.open(db)


def test_a_previous_release_library_that_cannot_be_written_now_still_opens(tmp_path: Path) -> None:
    from safety import write_lock_held

    # A library at the current revision that an unmarking release left unmarked (the 0001 file itself
    # now needs migrating, which does need the write lock).
    db = make_library(tmp_path / "old.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id=0")
    conn.execute("PRAGMA user_version=0")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    with write_lock_held(db):  # marking would need the write lock: it is skipped, not waited for
        done = refman(["search", "widgets"], db)
        assert done.returncode == 0 and done.stdout.startswith("lee2010")
        assert "waiting" not in done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()
    # The next full open, with nobody writing, marks it (`search` on a file reads it through the
    # standard sqlite3 module, read-only, and marks nothing).
    assert refman(["show", "smith2001"], db).returncode == 0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_opening_a_library_that_is_already_open_writes_nothing(tmp_path: Path) -> None:
    """The first connection's mark sits in the WAL, not yet in the file header: a second opening
    (a background task's, another window's) must see it through SQLite and not mark the file again,
    a commit the first window would take for a change made elsewhere."""
    path = tmp_path / "lib.sqlite"
    first = Library.open(str(path))
    try:
        watcher = sqlite3.connect(path)
        before = watcher.execute("PRAGMA data_version").fetchone()[0]
        Library.open(str(path)).close()
        assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
        watcher.close()
    finally:
        first.close()
