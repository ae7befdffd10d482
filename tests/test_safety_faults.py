"""Issue 14, points 6, 7 and 8: damaged files, read-only files and folders, a full disk, bytes
that are not text, and files that are not files, each answered in one line with a non-zero exit.

Read-only files are made with `chattr +i` (tests run as root, whom chmod does not stop); a
read-only folder is tested by running the CLI as `nobody` through `setpriv`; a full disk is a
real 1 MB tmpfs mounted for the test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from safety import fill_disk, make_library, refman, small_disk, synthetic_bib

from refman.core.errors import InputError
from refman.library.importing import read_capped
from refman.store.backup import list_backups


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def _one_line_failure(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr


def _checkpointed(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# --- 6. damaged files ------------------------------------------------------------------------

def _damaged_library(tmp_path: Path, how: str) -> tuple[Path, Path]:
    db = make_library(tmp_path / "lib.sqlite", synthetic_bib(300))
    made = refman(["backup"], db)
    assert made.returncode == 0, made.stderr
    backup = list_backups(db)[0].path
    _checkpointed(db)
    data = bytearray(db.read_bytes())
    if how == "truncated":
        db.write_bytes(bytes(data[: len(data) // 3]))
    else:  # pages in the middle overwritten
        data[8192:60000] = b"\x55" * (60000 - 8192)
        db.write_bytes(bytes(data))
    return db, backup


@pytest.mark.parametrize("how", ["truncated", "scribbled"])
def test_a_damaged_library_is_described_and_restored_without_being_opened(tmp_path: Path, how: str) -> None:
    db, backup = _damaged_library(tmp_path, how)
    search = refman(["search", "neural"], db)
    _one_line_failure(search, "is damaged")
    assert f"restore it with: refman --library {db} restore {backup}" in search.stderr
    check = refman(["check"], db)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "integrity:" in check.stdout and "library OK" not in check.stdout
    repair = refman(["check", "--repair"], db)
    assert repair.returncode == 1 and "Traceback" not in repair.stderr
    assert len(list_backups(db)) == 1  # nothing could be repaired, so nothing was backed up
    restored = refman(["restore", str(backup)], db)
    assert restored.returncode == 0, restored.stderr
    assert _count(db) == 300
    assert refman(["check"], db).stdout.strip().endswith("library OK")
    kept = list((db.parent / "backups").glob("*.damaged"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0  # the damaged file is kept, byte for byte


def test_export_of_a_row_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET title = CAST(X'41FF42' AS TEXT) WHERE citekey='doe1999'")
    conn.commit()
    conn.close()
    out = tmp_path / "out.bib"
    done = refman(["export", "-o", str(out)], db)
    _one_line_failure(done, "not valid UTF-8")
    assert not out.exists()


# --- 7. read-only file, read-only folder, full disk, undecodable query --------------------------

@pytest.fixture
def immutable_library(tmp_path: Path) -> Iterator[Path]:
    db = make_library(tmp_path / "lib.sqlite")
    _checkpointed(db)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM entries_fts")  # something for --repair to do
    conn.commit()
    conn.close()
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield db
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=False)


def test_a_read_only_library_file_gets_one_line(immutable_library: Path, tmp_path: Path) -> None:
    db = immutable_library
    bib = tmp_path / "more.bib"
    bib.write_text("@misc{more, title={More}}\n", encoding="utf-8")
    _one_line_failure(refman(["import", str(bib)], db), "is read-only")
    _one_line_failure(refman(["check", "--repair"], db), "read-only")
    check = refman(["check"], db)
    assert "full-text index is damaged" not in check.stdout  # it is only out of date; nothing is damaged
    assert "full-text index has 0 rows for 3 entries" in check.stdout
    search = refman(["search", "key:doe1999"], db)
    assert search.returncode == 0 and search.stdout.startswith("doe1999")


@pytest.fixture
def folder_of_root() -> Iterator[Path]:
    """A folder `nobody` can read but not write, with a library in it."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not available here")
    folder = Path(tempfile.mkdtemp(prefix="refman-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_a_read_only_folder_is_blamed_not_the_file(folder_of_root: Path) -> None:
    db = make_library(folder_of_root / "lib.sqlite")
    _checkpointed(db)
    (folder_of_root / "lib.bib").chmod(0o644)
    for args in (["search"], ["import", str(folder_of_root / "lib.bib")], ["check"]):
        done = refman(args, db, user="65534")
        _one_line_failure(done, f"its folder {folder_of_root} is not writable")
    done = refman(["search"], folder_of_root / "new.sqlite", user="65534")
    _one_line_failure(done, f"cannot create the library {folder_of_root / 'new.sqlite'}")


def test_a_full_disk_gets_one_line_and_loses_nothing(tmp_path: Path) -> None:
    big = tmp_path / "big.bib"
    big.write_text(synthetic_bib(5000), encoding="utf-8")
    with small_disk(tmp_path / "disk") as disk:
        db = make_library(disk / "lib.sqlite")
        assert refman(["backup"], db).returncode == 0
        _one_line_failure(refman(["import", str(big)], db), "is full")
        assert _count(db) == 3
        filler = fill_disk(disk, 16 << 10)
        out = disk / "out.bib"
        _one_line_failure(refman(["export", "-f", "csljson", "-o", str(out)], db), "full")
        assert not out.exists() and not list(disk.glob(".out.bib*"))
        _one_line_failure(refman(["restore", "1"], db), "full")
        filler.unlink()
        assert _count(db) == 3
        assert refman(["check"], db).stdout.strip().endswith("library OK")


def test_a_query_with_bytes_that_are_not_text_is_one_line(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([os.sys.executable, "-m", "refman", "--library", str(db), "search", b"key:\xff"],
                          capture_output=True, env=env)
    assert done.returncode == 1
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) == 1 and "not valid text" in lines[0] and "Traceback" not in lines[0]


# --- 8. devices and FIFOs ----------------------------------------------------------------------

def test_devices_and_fifos_are_refused_not_read(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    zero = refman(["import", "/dev/zero"], db, timeout=30)
    assert zero.returncode == 1 and "is a device, not a file to import" in zero.stderr
    piped = refman(["import", str(fifo)], db, timeout=30)  # no writer: reading it would block forever
    assert piped.returncode == 1 and "is a FIFO (pipe), not a file to import" in piped.stderr
    dry = refman(["import", "--dry-run", "/dev/zero"], None, timeout=30)
    assert dry.returncode == 1 and "a device" in dry.stderr
    assert _count(db) == 3


def test_reading_stops_at_the_size_cap(tmp_path: Path) -> None:
    f = tmp_path / "big.bib"
    f.write_bytes(b"@misc{a, title={A}}\n" * 10)
    assert read_capped(f, cap=1000) == f.read_bytes()
    with pytest.raises(InputError, match="refman imports files of up to"):
        read_capped(f, cap=100)
