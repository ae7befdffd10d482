"""An import killed with SIGKILL at a random moment leaves the library exactly as it was."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refman.library import Library

CHILD = r"""
import sys
from refman.core.model import Entry, ParseResult, Person
from refman.library import Library

lib = Library.open(sys.argv[1])
n = int(sys.argv[2])
entries = tuple(Entry(citekey=f"big{i}", title=f"Bulk paper {i}", contributors=(Person("Writer", "W"),), year=2000)
                for i in range(n))
result = ParseResult(format="bibtex", entries=entries, raw_texts=tuple(f"@misc{{big{i}}}" for i in range(n)))
print("start", flush=True)
def progress(done, total):
    print("progress", done, flush=True)
lib.import_result(result, "big.bib", progress=progress)
print("done", flush=True)
"""


def _snapshot(db: Path) -> tuple[int, int, int, list[str]]:
    con = sqlite3.connect(db)
    try:
        n = con.execute("SELECT count(*) FROM entries").fetchone()[0]
        n_fts = con.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
        n_src = con.execute("SELECT count(*) FROM sources").fetchone()[0]
        check = [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()
    return n, n_fts, n_src, check


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_during_import_leaves_library_unchanged(tmp_path: Path, seed: int) -> None:
    db = tmp_path / "lib.sqlite"
    lib = Library.open(db)
    from refman.core.model import Entry

    for i in range(3):
        lib.add_entry(Entry(title=f"Existing {i}", year=1999))
    lib.close()
    before = _snapshot(db)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), "20000"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "start"
    # Kill at a random moment while batches are being written (after 1..5 progress reports).
    wanted = random.Random(seed).randint(1, 5)
    seen = 0
    while seen < wanted:
        line = proc.stdout.readline()
        if not line or line.startswith("done"):
            break
        seen += 1
    time.sleep(random.Random(seed).random() * 0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(db) == before
    lib = Library.open(db)
    assert lib.count() == 3
    assert lib.store.integrity_problems() == []
    lib.close()
