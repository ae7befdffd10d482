"""The store's side of duplicates: keys kept with every write, and the upgrade of a 0001 library."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from refman.core.model import Entry, Person
from refman.library import Library
from refman.store.engine import HEAD_REVISION

DATA = Path(__file__).parent / "data" / "libraries"


def _keys(path: Path) -> set[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        return set(con.execute("SELECT entries.citekey, kind, key FROM dup_keys JOIN entries ON entries.id = entry_id"))
    finally:
        con.close()


def test_upgrade_from_0001_backfills_keys_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "v0001.sqlite", path)
    con = sqlite3.connect(path)
    before = con.execute("SELECT id, citekey, title, doi FROM entries ORDER BY id").fetchall()
    rels = con.execute("SELECT * FROM relations ORDER BY source_id, position").fetchall()
    con.close()
    lib = Library.open(path)
    lib.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert con.execute("SELECT id, citekey, title, doi FROM entries ORDER BY id").fetchall() == before
    assert con.execute("SELECT * FROM relations ORDER BY source_id, position").fetchall() == rels
    assert con.execute("SELECT count(*) FROM not_duplicates").fetchone() == (0,)
    con.close()
    keys = _keys(path)
    # the bare DOI and the URL form share one key; ISBN-10 and -13 of one book too
    assert ("kahneman1979", "doi", "10.2307/1914185") in keys
    assert ("kt79", "doi", "10.2307/1914185") in keys
    assert ("knuth1984", "isbn", "9780201134476") in keys
    assert ("knuthTB", "isbn", "9780201134476") in keys
    assert ("kahneman1979", "author", "kahneman|1979") in keys
    assert ("kahneman1979", "title", "prospecttheory") in keys
    assert any(b for b in backups(path))


def backups(path: Path) -> list[Path]:
    return [p for p in path.parent.rglob("*") if "before-migration-from-0001" in p.name]


def test_keys_follow_insert_update_delete_and_undelete(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    e, _ = lib.add_entry(Entry(title="Prospect theory", contributors=(Person("Kahneman", "Daniel"),), year=1979,
                               doi="doi:10.2307/1914185"))
    path = tmp_path / "lib.sqlite"
    assert (e.citekey, "doi", "10.2307/1914185") in _keys(path)
    assert e.id is not None
    lib.update_entry(Entry(**{**{f: getattr(e, f) for f in ("citekey", "title", "contributors", "year", "id")},
                              "doi": "10.1000/xyz"}))
    keys = _keys(path)
    assert (e.citekey, "doi", "10.1000/xyz") in keys and (e.citekey, "doi", "10.2307/1914185") not in keys
    deleted, _ = lib.delete([e.id])
    assert not _keys(path)
    lib.undelete(deleted)
    assert (e.citekey, "doi", "10.1000/xyz") in _keys(path)
    lib.close()
