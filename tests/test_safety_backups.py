"""Issue 14, points 1 and 2: backups are verified before they get their name, restore refuses
what is not a good backup, and the rotation keeps the backups a person would want back."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from safety import make_library, refman, synthetic_bib

from refman.library import Library
from refman.store.backup import KEEP, backup_dir, list_backups, make_backup


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def _stale_fts(db: Path) -> None:
    """A problem `check --repair` can fix: the full-text index lost its rows."""
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM entries_fts")
    conn.commit()
    conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_half_written_backup_is_never_listed_as_good_nor_restored(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    folder = backup_dir(db)
    folder.mkdir()
    # What a copy killed half-way left under a valid backup name before the fix: an empty database
    # (its hot journal rolled back), which restore used to put in place of a 3-entry library.
    sqlite3.connect(folder / "lib-20260101-000000-before-repair.sqlite").close()
    listed = refman(["restore"], db)
    assert listed.returncode == 0
    assert "NOT verified" in listed.stdout
    before = _digest(db)
    done = refman(["restore", "1"], db)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "not a refman library" in done.stderr
    assert _digest(db) == before and _count(db) == 3


def test_check_repair_killed_at_any_moment_leaves_only_good_backups(tmp_path: Path) -> None:
    n = 4000
    db = make_library(tmp_path / "lib.sqlite", synthetic_bib(n))
    for delay in (0.05, 0.15, 0.3, 0.45, 0.6, 0.8):
        _stale_fts(db)
        proc = subprocess.Popen([sys.executable, "-m", "refman", "--library", str(db), "check", "--repair"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for b in list_backups(db):  # every backup that is listed restores the whole library
            assert b.verified and b.entries == n, b
        assert _count(db) == n
    listed = refman(["restore"], db)
    assert "NOT verified" not in listed.stdout
    assert all(f"\t{n} entries\tverified\t" in line for line in listed.stdout.splitlines())
    if list_backups(db):
        done = refman(["restore", "1"], db)
        assert done.returncode == 0, done.stderr
        assert _count(db) == n
    # the next backup clears away what the killed copies left (hidden .partial files), once stale
    for p in backup_dir(db).glob(".*.partial*"):
        os.utime(p, (0, 0))
    make_backup(db, "after-kills")
    assert not list(backup_dir(db).glob(".*.partial*"))


def test_restore_lists_counts_and_dates_and_keeps_what_it_replaces(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    made = refman(["backup"], db)
    assert made.returncode == 0, made.stderr
    lib = Library.open(db)
    lib.import_text("@misc{later, title={Added after the backup}}", "x.bib")
    lib.close()
    listed = refman(["restore"], db)
    line = listed.stdout.splitlines()[0]
    assert line.startswith("1\t20") and "\t3 entries\tverified\tmanual\t" in line
    done = refman(["restore", "1"], db)
    assert done.returncode == 0, done.stderr
    assert _count(db) == 3
    replaced = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert len(replaced) == 1 and replaced[0].entries == 4 and replaced[0].verified


def test_check_repair_with_nothing_to_repair_makes_no_backup(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    for _ in range(3):
        done = refman(["check", "--repair"], db)
        assert done.returncode == 0 and "library OK" in done.stdout
    assert list_backups(db) == []
    _stale_fts(db)
    done = refman(["check", "--repair"], db)
    assert done.returncode == 0 and "rebuilt the full-text index" in done.stdout
    assert [b.reason for b in list_backups(db)] == ["before-repair"]


def test_rotation_never_pushes_out_the_manual_or_the_last_healthy_backup(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    assert refman(["backup"], db).returncode == 0
    healthy = make_backup(db, "before-delete-30")
    assert healthy is not None
    for _ in range(KEEP + 3):
        _stale_fts(db)
        assert refman(["check", "--repair"], db).returncode == 0
    kept = list_backups(db)
    assert len(kept) == KEEP
    reasons = [b.reason for b in kept]
    assert reasons.count("before-repair") == KEEP - 2
    assert "manual" in reasons and healthy in [b.path for b in kept]
    assert not [p for p in backup_dir(db).glob("*.json") if not p.with_suffix("").exists()]  # no orphan sidecars
