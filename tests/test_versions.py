"""Concurrent editing (issue 16): entry versions, refused stale saves, merge and overwrite, and the
0002 migration from a library file made by the release before it."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from refman.core.errors import ConflictError
from refman.core.model import Entry, Person
from refman.library import Library
from refman.library.editing import merge_edits
from refman.store.engine import HEAD_REVISION

DATA = Path(__file__).resolve().parent / "data"


def test_stale_save_is_refused_with_both_versions(library_location: str) -> None:
    alice, bob = Library.open(library_location), Library.open(library_location)
    try:
        entry, _ = alice.add_entry(Entry(citekey="k", title="Original", year=2000,
                                         contributors=(Person("Curie", "Marie"),)))
        assert entry.version == 1
        a = alice.get(entry.id or 0)
        b = bob.get(entry.id or 0)
        alice.update_entry(dataclasses.replace(a, title="Alice's title"))
        assert alice.get(a.id or 0).version == 2
        with pytest.raises(ConflictError) as err:
            bob.update_entry(dataclasses.replace(b, title="Bob's title", year=2001))
        assert err.value.theirs.title == "Alice's title"  # type: ignore[attr-defined]
        assert ("title", "Bob's title", "Alice's title") in err.value.differences
        assert "version 1" in str(err.value) and "version 2" in str(err.value)
        assert bob.get(b.id or 0).title == "Alice's title"  # nothing of Bob's was written

        # Merge: Bob's year on top of Alice's title, saved against her version.
        merged = merge_edits(b, dataclasses.replace(b, title=b.title, year=2001), err.value.theirs)  # type: ignore[arg-type]
        bob.update_entry(merged)
        stored = alice.get(a.id or 0)
        assert (stored.title, stored.year, stored.version) == ("Alice's title", 2001, 3)

        # Overwrite: the user chose to replace theirs.
        with pytest.raises(ConflictError):
            alice.update_entry(dataclasses.replace(a, note="stale"))
        alice.update_entry(dataclasses.replace(a, note="mine wins"), overwrite=True)
        assert bob.get(a.id or 0).note == "mine wins"
    finally:
        alice.close()
        bob.close()


def test_reimport_raises_the_version(library: Library, tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{k1, title={One}, author={Curie, Marie}, year={1900}}\n", encoding="utf-8")
    library.import_file(bib)
    before = library.by_key("k1")
    bib.write_text("@article{k1, title={One}, author={Curie, Marie}, year={1900}, pages={1--9}}\n", encoding="utf-8")
    library.import_file(bib)
    after = library.by_key("k1")
    assert after.pages == "1–9" and after.version > before.version
    with pytest.raises(ConflictError):
        library.update_entry(dataclasses.replace(before, note="edited from a stale copy"))


def test_upgrade_from_release_0001_library(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "libraries" / "release-0001.sqlite", path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        keys = sorted(r[0] for r in conn.execute("SELECT citekey FROM entries"))
    lib = Library.open(path)
    try:
        assert sorted(s.citekey for s in lib.search()) == keys and len(keys) == 7
        entry = lib.by_key(keys[0])
        assert entry.version == 1
        lib.update_entry(dataclasses.replace(entry, note="after the upgrade"))
        assert lib.by_key(keys[0]).version == 2
        assert lib.check()[0] == []
        assert lib.backups(), "a backup is taken before migrating"
    finally:
        lib.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)


def test_upgrade_on_postgresql_from_0001() -> None:
    """0002 on a server library made at 0001: the column, its default for old rows, the triggers."""
    from alembic import command
    from alembic.config import Config

    from refman.store import engine as engine_mod
    from tests.pg import pg_schema_url

    with pg_schema_url() as url:
        eng = engine_mod.make_engine(engine_mod.to_url(url))
        cfg = Config()
        cfg.set_main_option("script_location", str(engine_mod._MIGRATIONS))
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.exec_driver_sql(
                "INSERT INTO entries (citekey, entry_type, added, modified) VALUES ('old', 'book', now(), now())")
        assert engine_mod.current_revision(eng) == "0001"
        eng.dispose()
        lib = Library.open(url)
        try:
            assert engine_mod.current_revision(lib.store.engine) == engine_mod.HEAD_REVISION
            old = lib.by_key("old")
            assert old.version == 1
            lib.update_entry(dataclasses.replace(old, title="Edited after the upgrade"))
            assert lib.by_key("old").version == 2
            with lib.store.engine.connect() as conn:
                triggers = {r[0] for r in conn.exec_driver_sql(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'entries'::regclass")}
            assert "refman_entries_changed" in triggers
        finally:
            lib.close()
