"""Issue 14, points 9 and 10: a plain path is the exact file name; export writes through symlinks
with the mode a file should get and cleans up after killed exports; big writes are checkpointed;
the query language has no silent "everything"."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from safety import make_library, refman, synthetic_bib

from refman.library import Library


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


# --- 9. paths ----------------------------------------------------------------------------------

def test_a_plain_path_is_the_exact_file_name(tmp_path: Path) -> None:
    bib = tmp_path / "in.bib"
    bib.write_text("@misc{a, title={A}}\n", encoding="utf-8")
    for name in ("x?mode=ro.sqlite", "pct%20lib.sqlite", "hash#1.sqlite"):
        done = refman(["import", str(bib)], tmp_path / name)
        assert done.returncode == 0, done.stderr
        assert _count(tmp_path / name) == 1
    names = {p.name for p in tmp_path.iterdir()}
    assert {"x?mode=ro.sqlite", "pct%20lib.sqlite", "hash#1.sqlite"} <= names
    assert not names & {"x", "pct lib.sqlite", "hash"}
    url = refman(["search"], f"sqlite:///{tmp_path / 'pct%20lib.sqlite'}")  # a scheme:// string is a URL
    assert url.returncode == 0 and "0 of 0 entries" in url.stderr  # the URL means "pct lib.sqlite"


def test_export_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    real = tmp_path / "real" / "refs.bib"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    done = refman(["export", "-o", str(link)], db)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").count("@") == 3
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_a_new_export_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        out = tmp_path / f"out-{umask:o}.bib"
        done = subprocess.run([sys.executable, "-m", "refman", "--library", str(db), "export", "-o", str(out)],
                              capture_output=True, text=True, preexec_fn=lambda u=umask: os.umask(u))  # type: ignore[misc]
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == mode


def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite", synthetic_bib(20000))
    out = tmp_path / "out.bib"
    leftovers: list[Path] = []
    for delay in (0.8, 1.2, 1.6, 2.0, 2.5):  # kill a real export while it writes its temporary file
        proc = subprocess.Popen([sys.executable, "-m", "refman", "--library", str(db), "export", "-o", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        leftovers = list(tmp_path.glob(".out.bib.*.tmp"))
        if leftovers:
            break
    assert leftovers, "no export was killed while writing (the machine was too fast for these delays)"
    running = tmp_path / f".out.bib.{os.getpid()}.abcd.tmp"  # a running export's file: not touched
    running.write_text("in progress", encoding="utf-8")
    done = refman(["export", "-o", str(out)], db)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.glob(".out.bib.*.tmp")] == [running.name]
    assert out.read_text(encoding="utf-8").count("\n@") + 1 >= 20000


def test_a_big_import_is_checkpointed_into_the_library_file(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    bib = tmp_path / "big.bib"
    bib.write_text(synthetic_bib(8000), encoding="utf-8")
    lib = Library.open(db)
    reader = Library.open(db)
    assert reader.count() == 0
    lib.import_file(bib)
    wal = Path(f"{db}-wal")
    assert wal.exists() and wal.stat().st_size == 0  # the write-ahead log was emptied into the library
    alone = tmp_path / "copy" / "lib.sqlite"
    alone.parent.mkdir()
    shutil.copy(db, alone)  # the library file by itself, without its -wal
    assert _count(alone) == 8000
    assert reader.count() == 8000
    reader.close()
    lib.close()


# --- 10. queries -------------------------------------------------------------------------------

def test_a_negated_group_excludes_its_matches(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    done = refman(["search", "-(title:widgets OR year:1999)"], db)
    assert done.returncode == 0
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["smith2001"]
    lib = Library.open(db)
    assert [s.citekey for s in lib.search("-(examples)")] == ["smith2001", "lee2010"]
    assert lib.count("-(-(examples))") == 1
    lib.close()


def test_a_query_that_means_nothing_is_an_error_for_export(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    out = tmp_path / "out.bib"
    for query in ("title:", "cited-by:", "", "  ", "()", "-"):
        done = refman(["export", "-o", str(out), query], db)
        assert done.returncode == 1, (query, done.stderr)
        assert "selects nothing specific" in done.stderr and done.stderr.count("\n") == 1
        assert not out.exists()
    everything = refman(["export", "-o", str(out)], db)  # no query at all: every entry, as documented
    assert everything.returncode == 0 and out.read_text(encoding="utf-8").count("@") == 3


def test_search_limit_is_a_count(tmp_path: Path) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    negative = refman(["search", "--limit", "-1"], db)
    assert negative.returncode == 2 and "is not a count" in negative.stderr
    zero = refman(["search", "--limit", "0"], db)
    assert zero.returncode == 0 and zero.stdout == "" and "0 of 3 entries" in zero.stderr
    two = refman(["search", "--limit", "2"], db)
    assert two.stdout.count("\n") == 2
