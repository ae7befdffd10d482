"""Helpers for the data-safety tests (issue 14): real processes that hold the write lock, run
the CLI, and a library with a few entries."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from refman.library import Library

BIB = """@article{smith2001, author={Smith, John}, title={A first paper on things}, journal={J. Things}, year={2001}}
@book{doe1999, author={Doe, Jane}, title={The book of examples}, publisher={Pub}, year={1999}}
@inproceedings{lee2010, author={Lee, Kim and Park, Min}, title={Proceedings about widgets}, booktitle={Proc. Widgets}, year={2010}}
"""

# Holds the write lock (an open write transaction with a row written) until killed or until
# `seconds` pass, then commits; prints "locked" once it holds the lock.
_HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO sources(path, format, encoding, imported_at) VALUES ('held', 'bibtex', 'utf-8', '2020-01-01')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
"""


def make_library(path: Path, bib: str = BIB) -> Path:
    src = path.with_suffix(".bib")
    src.write_text(bib, encoding="utf-8")
    lib = Library.open(path)
    lib.import_file(src)
    lib.close()
    return path


@contextmanager
def write_lock_held(library: Path, seconds: float = 600.0) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the library's write lock; SIGKILLed on exit if still running."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(library), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def refman(args: Sequence[str], library: Path | str | None = None, *, user: str | None = None,
           timeout: float = 120, env: dict[str, str] | None = None,
           stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a new process (as `user` through setpriv when given)."""
    cmd = [sys.executable, "-m", "refman"]
    if library is not None:
        cmd += ["--library", str(library)]
    cmd += list(args)
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env, stdin=stdin,
                          errors="replace")


_WORDS = ("graph", "neural", "protein", "theory", "quantum", "market", "climate", "language", "network",
          "signal", "memory", "river", "galaxy", "enzyme", "policy", "robot", "vision", "sparse")


def synthetic_bib(n: int, prefix: str = "gen") -> str:
    """n distinct BibTeX entries with varied words, authors and years (for scale and crash tests)."""
    out = []
    w = _WORDS
    for i in range(n):
        title = f"{w[i % 18].title()} {w[(i * 7) % 18]} {w[(i * 11) % 18]} study {i}"
        out.append(f"@article{{{prefix}{i},\n  author = {{Author{i % 997}, Ann and Writer{i % 89}, Bo}},\n"
                   f"  title = {{{title}}},\n  journal = {{Journal of {w[(i * 5) % 18].title()}}},\n"
                   f"  year = {{{1950 + i % 75}}},\n  volume = {{{i % 40}}},\n  pages = {{{i % 300}--{i % 300 + 9}}}\n}}\n")
    return "\n".join(out)


@contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A real, small file system (tmpfs) mounted at `folder`; skips the test where mounting is not allowed."""
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path, leave: int) -> Path:
    """Fill the file system of `folder` up to `leave` free bytes."""
    import shutil

    filler = folder / "filler"
    free = shutil.disk_usage(folder).free
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(free - leave, 0))
    return filler


# A reader in its own process: every 100 ms it searches the library (with one Library kept open,
# as the GUI does, or opened afresh each time, as each CLI command does) until `stop` exists, and
# writes what it saw to `out` as JSON: searches made, failures, each search's wall time in ms and
# start time (time.time()) and the entry count it saw, and the entry count it saw last. Shared by tests/test_safety_concurrency.py and
# benchmarks/concurrency.py.
READER_SCRIPT = """
import json, sys, time, traceback
from pathlib import Path
from refman.library import Library
db, stop, out, mode = sys.argv[1:5]
lib = Library.open(db) if mode == "kept" else None
waits, at, counts, failures, last = [], [], [], [], 0
tick = time.monotonic()
while not Path(stop).exists():
    t0 = time.perf_counter()
    at.append(time.time())
    try:
        one = lib if lib is not None else Library.open(db)
        hits = len(one.search_ids("neural protein"))
        last = one.count()
        if one is not lib:
            one.close()
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    waits.append((time.perf_counter() - t0) * 1000)
    counts.append(last)
    tick += 0.1
    time.sleep(max(tick - time.monotonic(), 0))
Path(out).write_text(json.dumps({"searches": len(waits), "failures": failures, "waits_ms": waits, "at": at, "counts": counts,
                                  "last_count": last}))
"""
