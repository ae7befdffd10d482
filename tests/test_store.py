"""The store and library use-cases on real SQLite files (no format readers involved)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from refman.core.errors import Cancelled, InputError, NotFoundError
from refman.core.model import Entry, ParseResult, Person, RawBlock
from refman.library import Library


def _e(title: str, family: str, year: int, **kw: object) -> Entry:
    return Entry(title=title, contributors=(Person(family, "A."),), year=year, **kw)  # type: ignore[arg-type]


def _fill(lib: Library) -> dict[str, int]:
    article = _e("Climate Security and Peacebuilding", "Muhammad", 2024, doi="10.1/abc", container="Cakrawala")
    refs = [
        _e("Environmental Conflict in Africa", "Stöckl", 2019),
        _e("Water Wars Revisited", "van der Berg", 2020, entry_type="book"),
        _e("The Security Paradox", "Mobjörk", 2016, abstract="Climate change as a threat multiplier"),
    ]
    result = ParseResult(format="article-page", entries=(article, *refs), citing_index=0, cited_indexes=(3, 1, 2),
                         raw_texts=("page", "r1", "r2", "r3"))
    report, changes = lib.import_result(result, "page.txt")
    assert report.citing_key
    assert len(changes.added) == 4
    return {e.title: e.id for e in lib.search_entries("")}  # type: ignore[misc]


def test_library_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    lib.add_entry(_e("x", "y", 2000))
    assert lib.store.dialect == "sqlite"
    with lib.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    lib.close()
    con = sqlite3.connect(tmp_path / "lib.sqlite")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002_issue18",)
    con.close()
    # Reopening an existing library runs no migration and keeps the data.
    lib = Library.open(tmp_path / "lib.sqlite")
    assert lib.count() == 1
    lib.close()


def test_schema_matches_table_definitions(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from refman.store.schema import metadata

    lib = Library.open(tmp_path / "lib.sqlite")
    insp = inspect(lib.store.engine)
    for table in metadata.tables.values():
        db_cols = {c["name"] for c in insp.get_columns(table.name)}
        assert db_cols == {c.name for c in table.columns}, table.name
        db_indexes = {i["name"] for i in insp.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= db_indexes, table.name
    lib.close()


def test_search_language(library: Library) -> None:
    _fill(library)

    def keys(q: str) -> list[str]:
        return [s.title for s in library.search(q, order_by="title")]

    assert keys("stockl") == ["Environmental Conflict in Africa"]  # accent-insensitive
    assert keys("environ") == ["Environmental Conflict in Africa"]  # prefix
    assert keys("author:mobjork") == ["The Security Paradox"]
    assert keys("threat") == ["The Security Paradox"]  # abstract is indexed
    assert keys('title:"security paradox"') == ["The Security Paradox"]
    assert keys('title:"paradox security"') == []
    assert keys("year:2019..2020") == ["Environmental Conflict in Africa", "Water Wars Revisited"]
    assert keys("type:book") == ["Water Wars Revisited"]
    assert keys("security -peacebuilding") == ["The Security Paradox"]
    assert keys("security -climate") == []  # the paradox abstract mentions climate
    assert keys("wars OR africa") == ["Environmental Conflict in Africa", "Water Wars Revisited"]
    assert keys("doi:https://doi.org/10.1/ABC") == ["Climate Security and Peacebuilding"]
    assert library.count("security") == 2


def test_cited_by_keeps_reference_order(library: Library) -> None:
    _fill(library)
    article = library.search("doi:10.1/abc")[0]
    in_order = [s.title for s in library.search(f"cited-by:{article.citekey}")]
    assert in_order == ["The Security Paradox", "Environmental Conflict in Africa", "Water Wars Revisited"]
    ref = library.search("stockl")[0]
    assert [s.citekey for s in library.search(f"cites:{ref.citekey}")] == [article.citekey]
    assert library.search(f"cited-by:{article.citekey}", order_by="year")[0].year == 2016


def test_cited_by_import_appends_in_order_without_duplicates(library: Library) -> None:
    _fill(library)
    article = library.search("doi:10.1/abc")[0].citekey
    more = ParseResult(format="references", entries=(_e("New Work", "Smith", 2021), _e("Water Wars Revisited",
                       "van der Berg", 2020, entry_type="book"), _e("Later Work", "Jones", 2022)),
                       raw_texts=("n1", "n2", "n3"))
    library.import_result(more, "more.txt", cited_by=article)
    in_order = [s.title for s in library.search(f"cited-by:{article}")]
    assert in_order == ["The Security Paradox", "Environmental Conflict in Africa", "Water Wars Revisited",
                        "New Work", "Later Work"]


def test_page_queries_sort_in_sql(library: Library) -> None:
    _fill(library)
    page = library.search("", order_by="year", descending=True, offset=1, limit=2)
    assert [s.year for s in page] == [2020, 2019]


def test_keyless_reimport_links_instead_of_duplicating(library: Library) -> None:
    _fill(library)
    again = ParseResult(format="references", entries=(_e("The security paradox!", "Mobjörk", 2016),
                                                      _e("New Work", "Smith", 2021)), raw_texts=("a", "b"))
    report, _ = library.import_result(again, "refs.txt")
    assert len(report.added) == 1
    assert len(report.linked) + len(report.updated) == 1
    assert library.count() == 5


def test_keyed_import_renames_collisions_and_recognises_reimports(library: Library) -> None:
    blocks = (RawBlock("entry", "@book{k1, title={A}}", 1, 0), RawBlock("entry", "@book{k1, title={B}}", 2, 1))
    first = ParseResult(format="bibtex", entries=(Entry(citekey="k1", title="A"), Entry(citekey="k1", title="B")),
                        blocks=blocks, raw_texts=tuple(b.text for b in blocks))
    report, _ = library.import_result(first, "a.bib")
    assert report.added == ("k1", "k1a")
    assert report.renamed == (("k1", "k1a"),)
    assert any("k1a" in str(p) for p in report.problems)
    report2, _ = library.import_result(first, "a.bib")
    assert report2.unchanged == ("k1", "k1a")
    assert report2.added == () and report2.renamed == ()
    assert library.count() == 2
    assert library.by_key("k1").title == "A"
    assert library.by_key("k1a").title == "B"
    # The same key with a changed record of the same work is an update, not a new entry.
    changed = ParseResult(format="bibtex", entries=(Entry(citekey="k1", title="A", year=1999),),
                          blocks=(RawBlock("entry", "@book{k1, title={A}, year=1999}", 1, 0),),
                          raw_texts=("@book{k1, title={A}, year=1999}",))
    report3, _ = library.import_result(changed, "a.bib")
    assert report3.updated == ("k1",)
    assert library.by_key("k1").year == 1999 and library.count() == 2


def test_import_is_one_transaction(library: Library) -> None:
    entries = tuple(Entry(citekey=f"k{i}", title=f"Title {i}") for i in range(2500))
    result = ParseResult(format="bibtex", entries=entries, raw_texts=tuple(f"@misc{{k{i}}}" for i in range(2500)))
    calls = {"n": 0}

    def cancel() -> bool:  # cancelled after the first batch has been written
        calls["n"] += 1
        return calls["n"] > 1

    with pytest.raises(Cancelled):
        library.import_result(result, "big.bib", cancelled=cancel)
    assert calls["n"] == 2
    assert library.count() == 0
    assert library.sources() == []
    report, _ = library.import_result(result, "big.bib")
    assert len(report.added) == 2500 and library.count() == 2500


def test_delete_and_undo_restore_relations(library: Library) -> None:
    ids = _fill(library)
    article = library.search("doi:10.1/abc")[0]
    victim = ids["Environmental Conflict in Africa"]
    deleted, changes = library.delete([victim])
    assert changes.deleted == (victim,)
    assert [s.title for s in library.references_of(article.id)] == ["The Security Paradox", "Water Wars Revisited"]
    library.undelete(deleted)
    assert [s.title for s in library.references_of(article.id)] == [
        "The Security Paradox", "Environmental Conflict in Africa", "Water Wars Revisited"]
    assert library.search("stockl")[0].id == victim
    assert library.store.integrity_problems() == []


def test_edit_validates_key(library: Library) -> None:
    a, _ = library.add_entry(_e("One", "Alpha", 2001))
    b, _ = library.add_entry(_e("Two", "Beta", 2002))
    import dataclasses

    with pytest.raises(InputError):
        library.update_entry(dataclasses.replace(a, citekey=b.citekey))
    with pytest.raises(InputError):
        library.update_entry(dataclasses.replace(a, citekey="bad key"))
    library.update_entry(dataclasses.replace(a, title="One, revised"))
    assert library.by_key(a.citekey).title == "One, revised"
    assert library.search("revised")[0].id == a.id  # the full-text index followed the edit
    with pytest.raises(NotFoundError):
        library.by_key("nope")


def test_failed_export_keeps_previous_file(library: Library, tmp_path: Path) -> None:
    library.add_entry(_e("One", "Alpha", 2001))
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(InputError):
        library.export_to_file(target, "docx")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
