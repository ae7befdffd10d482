"""Two processes edit and import into one library at the same time (issue 16): nothing is lost
(every save of either client is in the final notes, stale saves were refused and retried, not
written over) and nothing is duplicated (both import the same file: each of its entries once,
one key each). Runs on SQLite and on the PostgreSQL test server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from refman.core.model import Entry
from refman.library import Library

WORKER = Path(__file__).resolve().parent / "concurrency_worker.py"
BASE, NEW, ROUNDS = 15, 120, 4


def _bib(path: Path) -> None:
    lines = []
    for i in range(NEW):
        # Half keyed, half keyless: keyless entries get generated keys, which must not collide either.
        key = f"new{i}" if i % 2 else ""
        lines.append(f"@article{{{key},\n  title = {{Shared import number {i}}},\n"
                     f"  author = {{Writer{i % 7}, Ann}},\n  year = {{{2000 + i % 20}}},\n  journal = {{J}},\n}}\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def test_two_processes_edit_and_import_at_once(library_location: str, tmp_path: Path) -> None:
    lib = Library.open(library_location)
    for i in range(BASE):
        lib.add_entry(Entry(citekey=f"base{i}", title=f"Base entry {i}", year=1990))
    lib.close()
    bib = tmp_path / "shared.bib"
    _bib(bib)
    procs = [subprocess.Popen([sys.executable, str(WORKER), library_location, name, str(bib), str(ROUNDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("A", "B")]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    conflicts = sum(int(out.strip()) for out, _ in outs)

    lib = Library.open(library_location)
    try:
        everything = lib.search_entries()
        keys = [e.citekey for e in everything]
        assert len(keys) == len(set(keys))
        imported = sorted(e.title for e in everything if e.title.startswith("Shared import"))
        assert imported == sorted(f"Shared import number {i}" for i in range(NEW))  # each exactly once
        assert len(everything) == BASE + NEW
        for e in everything:
            if e.citekey.startswith("base"):
                marks = [m for m in e.note.split(";") if m]
                assert sorted(marks) == sorted(f"{w}:{r}" for w in "AB" for r in range(ROUNDS)), e.citekey
                assert e.version == 1 + 2 * ROUNDS
        assert lib.check()[0] == []
    finally:
        lib.close()
    print(f"conflicts met and retried: {conflicts}")


def test_a_write_waiting_too_long_for_another_client_is_refused_clearly(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: while another client holds the library's write lock (a long import), a save
    waits LOCK_WAIT_MS and then fails with one clear line; nothing is written."""
    import dataclasses

    import psycopg
    import pytest

    from refman.core.errors import LibraryError
    from refman.store import pg_engine
    from tests.pg import pg_schema_url

    with pg_schema_url() as url:
        lib = Library.open(url)
        entry, _ = lib.add_entry(Entry(citekey="k", title="Before"))
        schema = url.rsplit("search_path%3D", 1)[1].split("%2C", 1)[0]
        dsn = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn) as other:  # another client in the middle of a write
            other.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (pg_engine.WRITE_LOCK_CLASS, schema))
            monkeypatch.setattr(pg_engine, "LOCK_WAIT_MS", 300)
            with pytest.raises(LibraryError, match="the library is busy"):
                lib.update_entry(dataclasses.replace(entry, title="While locked"))
            other.rollback()
        lib.update_entry(dataclasses.replace(lib.get(entry.id or 0), title="After"))  # the lock is gone
        assert lib.get(entry.id or 0).title == "After"
        lib.close()
