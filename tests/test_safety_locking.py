"""Issue 14, point 3: readers never wait for a writer; writers wait for each other and say so.

Another real process holds the write lock (an open `BEGIN IMMEDIATE` transaction) while real
`refman` processes read. Before the fix every command ran `BEGIN IMMEDIATE` on open and failed
with "database is locked" after 5 s."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from safety import make_library, refman, write_lock_held

from refman.library import Library
from refman.store.identity import APPLICATION_ID


def test_reading_commands_answer_while_another_process_writes(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    with write_lock_held(db) as holder:
        search = refman(["search", "widgets"], db)
        show = refman(["show", "smith2001"], db)
        export = refman(["export", "-f", "ris"], db)
        cite = refman(["cite", "doe1999"], db)
        check = refman(["check"], db)
        assert holder.poll() is None  # the writer really held the lock the whole time
    for done in (search, show, export, cite, check):
        assert done.returncode == 0, done.stderr
        assert "locked" not in done.stderr
    assert search.stdout.startswith("lee2010\t2010")
    assert "A first paper on things" in show.stdout
    assert export.stdout.count("TY  -") == 3
    assert "Doe" in cite.stdout
    assert "library OK" in check.stdout


def test_opening_in_process_takes_no_write_lock(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    with write_lock_held(db):
        lib = Library.open(db)
        assert lib.count() == 3
        assert [s.citekey for s in lib.search("examples")] == ["doe1999"]
        lib.close()


def test_a_killed_writer_leaves_the_library_as_committed(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    with write_lock_held(db) as holder:
        holder.kill()  # SIGKILL in the middle of its transaction
        holder.wait()
    done = refman(["search"], db)
    assert done.returncode == 0 and done.stdout.count("\n") == 3
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM sources WHERE path='held'").fetchone()[0] == 0
    conn.close()


def test_a_writer_waits_for_another_writer_and_says_so(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    more = tmp_path / "more.bib"
    more.write_text("@misc{new2024, title={Written after the wait}, year={2024}}\n", encoding="utf-8")
    with write_lock_held(db) as holder:
        importer = subprocess.Popen([sys.executable, "-m", "refman", "--library", str(db), "import", str(more)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert importer.stderr is not None
        notice = importer.stderr.readline()  # printed once the importer finds the lock taken
        assert "another program is writing to the library; waiting for it" in notice
        assert importer.poll() is None  # still waiting, not failed
        holder.kill()  # the other writer dies mid-transaction: its lock goes, its write is rolled back
        out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert "1 imported" in out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM sources WHERE path='held'").fetchone()[0] == 0
    conn.close()


def test_a_new_library_is_marked_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    Library.open(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
