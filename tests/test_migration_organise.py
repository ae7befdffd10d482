"""Revision 0002_issue18 upgrades a library written by schema 0001 with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from refman.library import Library
from refman.store.engine import HEAD_REVISION

FIXTURE = Path(__file__).parent / "data" / "libraries" / "v0001-organise.sqlite"
OLD_TABLES = ("sources", "records", "entries", "contributors", "extra_fields", "relations")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in OLD_TABLES:
            # Columns later revisions add (trashed_at here, version for entry versions) are not old data.
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in ("trashed_at", "version")]
            out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
        out["entries_fts"] = con.execute("SELECT rowid, * FROM entries_fts ORDER BY rowid").fetchall()
        return out
    finally:
        con.close()


def test_upgrade_from_0001_keeps_everything_and_takes_a_backup(tmp_path: Path) -> None:
    lib_file = tmp_path / "library.sqlite"
    shutil.copy(FIXTURE, lib_file)
    before = _dump(lib_file)
    assert len(before["entries"]) == 17 and len(before["relations"]) == 3 and len(before["records"]) == 19

    lib = Library.open(lib_file)
    try:
        assert lib.count() == 17
        assert [s.citekey for s in lib.search("cited-by:lestari2023urban")]  # relations still answer
        assert lib.search("flood")  # FTS still answers
        assert lib.check()[2] == []  # integrity: no problems
        assert lib.collections() == [] and lib.tags() == [] and lib.count("is:trashed") == 0
    finally:
        lib.close()

    after = _dump(lib_file)
    assert after == before
    con = sqlite3.connect(lib_file)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    con.close()

    backups = list((tmp_path / "backups").glob("library-*-before-migration-from-0001.sqlite"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT count(*) FROM entries").fetchone() == (17,)
    con.close()
    assert _dump(backups[0]) == before
