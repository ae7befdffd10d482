"""Duplicates as library use-cases: scan, dismiss, the import check, merge and its undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from refman.core.errors import InputError
from refman.core.model import Entry, Person
from refman.library import Library

BIB = r"""
@article{kahneman1979,
  author = {Kahneman, Daniel and Tversky, Amos},
  title = {Prospect Theory: An Analysis of Decision under Risk},
  journal = {Econometrica}, year = {1979}, volume = {47}, number = {2}, pages = {263--291},
  doi = {10.2307/1914185}
}
@book{knuth1984,
  author = {Knuth, Donald E.}, title = {The {\TeX}book}, publisher = {Addison-Wesley}, year = {1984},
  isbn = {0-201-13447-0}
}
@article{lecun2015,
  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},
  title = {Deep learning}, journal = {Nature}, year = {2015}, volume = {521}, pages = {436--444}
}
@article{tversky1974,
  author = {Tversky, Amos and Kahneman, Daniel},
  title = {Judgment under Uncertainty: Heuristics and Biases},
  journal = {Science}, year = {1974}, volume = {185}, pages = {1124--1131}
}
"""

SECOND = r"""
@article{KT79,
  author = {Kahneman, D. and Tversky, A.},
  title = {Prospect theory: an analysis of decision under risk},
  journal = {Econometrica}, year = {1979}, pages = {263--291},
  doi = {https://doi.org/10.2307/1914185}, note = {Classic.}
}
@book{texbook,
  author = {Knuth, D. E.}, title = {The TeXbook}, publisher = {Addison-Wesley}, year = {1984},
  isbn = {978-0-201-13447-6}, keywords = {typesetting}
}
@article{lecun-nature,
  author = {Lecun, Y. and Bengio, Y. and Hinton, G.},
  title = {Deep learnig}, journal = {Nature}, year = {2015}, pages = {436--444}
}
@article{unrelated,
  author = {Shannon, Claude E.}, title = {A Mathematical Theory of Communication},
  journal = {Bell System Technical Journal}, year = {1948}, volume = {27}, pages = {379--423}
}
"""


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib.sqlite")
    (tmp_path / "a.bib").write_text(BIB)
    lib.import_file(tmp_path / "a.bib")
    return lib


def _id(lib: Library, key: str) -> int:
    i = lib.store.id_for_key(key)
    assert i is not None
    return i


def test_import_reports_look_alikes_and_scan_finds_them(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    report, _ = lib.import_file(tmp_path / "b.bib")
    assert set(report.similar) == {("KT79", "kahneman1979"), ("texbook", "knuth1984"), ("lecun-nature", "lecun2015")}
    assert "3 look like entries already in the library" in report.summary()
    found = lib.find_duplicates()
    as_keys = sorted(sorted(lib.store.get(i).citekey for i in c) for c in found)
    assert as_keys == [["KT79", "kahneman1979"], ["knuth1984", "texbook"], ["lecun-nature", "lecun2015"]]


def test_dismissed_pair_never_comes_back(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    lib.import_file(tmp_path / "b.bib")
    a, b = _id(lib, "lecun2015"), _id(lib, "lecun-nature")
    lib.dismiss_duplicates([a, b])
    assert [a, b] not in lib.find_duplicates()
    assert len(lib.find_duplicates()) == 2
    lib.close()
    lib2 = Library.open(lib.store.file_path or "")
    assert [a, b] not in lib2.find_duplicates()  # remembered in the library file
    (tmp_path / "c.bib").write_text(SECOND.replace("lecun-nature", "lecun-again").replace("KT79", "x1")
                                    .replace("texbook", "x2").replace("unrelated", "x3"))
    report, _ = lib2.import_file(tmp_path / "c.bib")
    # a new record is not covered by the old mark: it is reported against its best match
    assert ("lecun-again", "lecun-nature") in report.similar
    with pytest.raises(InputError):
        lib2.dismiss_duplicates([a])


def _relations(path: Path) -> list[tuple[int, int, str, int]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT source_id, target_id, kind, position FROM relations "
                           "ORDER BY source_id, kind, position").fetchall()
    finally:
        con.close()


def test_merge_repoints_relations_keeps_records_and_undoes(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    lib.import_file(tmp_path / "b.bib")
    keep, other = _id(lib, "kahneman1979"), _id(lib, "KT79")
    lecun, tversky, knuth, shannon = (_id(lib, k) for k in ("lecun2015", "tversky1974", "knuth1984", "unrelated"))
    with lib.store.transaction() as txn:
        txn.set_relations(lecun, [tversky, other, knuth, keep])  # cites both copies: must become one, in place
        txn.set_relations(shannon, [other, knuth])  # cites only the merged-away copy
        txn.set_relations(other, [keep, tversky, shannon])  # the copy's own list: its self-citation must go
        txn.set_relations(keep, [knuth])
    path = tmp_path / "lib.sqlite"
    before = _relations(path)
    before_keep = lib.store.get(keep)
    records_before = lib.store.record_links([keep, other])
    undo, changes = lib.merge_entries(keep, [other])
    assert changes.deleted == (other,)
    assert lib.store.cited_ids(lecun) == [tversky, keep, knuth]
    assert lib.store.cited_ids(shannon) == [keep, knuth]
    assert lib.store.cited_ids(keep) == [knuth, tversky, shannon]  # its own list first, then the copy's
    assert keep not in lib.store.cited_ids(keep)
    merged = lib.store.get(keep)
    assert merged.citekey == "kahneman1979" and merged.volume == "47" and merged.note == "Classic."
    assert merged.contributors[0].given == "Daniel"  # the full name beats the initial
    assert sorted(r for r, _ in lib.store.record_links([keep])) == sorted(r for r, _ in records_before)
    assert lib.store.merge_log(keep)[0][:2] == (other, "KT79")
    assert lib.trashed_ids() == [other]  # in the Trash, not deleted
    assert lib.store.cited_ids(keep, "replaces") == [other]  # what was merged is recorded
    assert other not in lib.search_ids("prospect")
    assert not [c for c in lib.find_duplicates() if keep in c]  # the Trash is not scanned
    lib.undo_merge(undo)
    assert _relations(path) == before
    assert lib.store.get(other).citekey == "KT79" and lib.trashed_ids() == []
    restored_keep = lib.store.get(keep)
    assert (restored_keep.volume, restored_keep.note, restored_keep.contributors) == \
           (before_keep.volume, before_keep.note, before_keep.contributors)
    assert sorted(lib.store.record_links([keep, other])) == sorted(records_before)
    assert lib.store.merge_log(keep) == []
    assert [keep, other] in lib.find_duplicates()


def test_merge_field_choice_and_bad_input(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    lib.import_file(tmp_path / "b.bib")
    keep, other = _id(lib, "knuth1984"), _id(lib, "texbook")
    lib.merge_entries(keep, [other], {"isbn": 1, "title": 1})
    e = lib.store.get(keep)
    assert e.isbn == "978-0-201-13447-6" and e.title == "The TeXbook" and e.keywords == ("typesetting",)
    with pytest.raises(InputError):
        lib.merge_entries(keep, [keep])
    with pytest.raises(InputError):
        lib.merge_entries(keep, [999999])


def test_add_entry_then_scan_with_accents_and_ampersand(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    a, _ = lib.add_entry(Entry(title="Économie & société au Québec", contributors=(Person("Dupré", "Frédéric"),),
                               year=1998, container="Revue française de sociologie"))
    b, _ = lib.add_entry(Entry(title="Economie and societe au Quebec", contributors=(Person("Dupre", "F."),),
                               year=1998, container="Rev. Fr. Sociol."))
    assert lib.find_duplicates() == [[a.id, b.id]]


_TABLES = {
    "entries": "SELECT id, citekey, title, volume, note, raw_record_id, edited, trashed_at FROM entries",
    "relations": "SELECT source_id, target_id, kind, position FROM relations",
    "records": "SELECT id, entry_id FROM records",
    "collection_items": "SELECT collection_id, entry_id FROM collection_items",
    "entry_tags": "SELECT entry_id, tag_id FROM entry_tags",
    "tags": "SELECT id, name, colour, position, automatic FROM tags",
    "notes": "SELECT id, entry_id, format, body, plain, created, modified FROM notes",
    "merges": "SELECT keep_id, merged_id, merged_key FROM merges",
    "not_duplicates": "SELECT a_id, b_id FROM not_duplicates",
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows of every table a merge touches, read from the file by a separate connection."""
    con = sqlite3.connect(path)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in _TABLES.items()}
    finally:
        con.close()


def test_merge_unites_collections_tags_notes_trashes_and_undoes_exactly(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    lib.import_file(tmp_path / "b.bib")
    keep, other, third = _id(lib, "knuth1984"), _id(lib, "texbook"), _id(lib, "unrelated")
    shelf, _ = lib.create_collection_path("Books/Typesetting")
    reading, _ = lib.create_collection_path("Reading")
    lib.add_to_collection(shelf.id, [other])
    lib.add_to_collection(reading.id, [keep, other])  # both: the kept one must not get it twice
    lib.change_tags([other], add=["tex", "Classic"])
    lib.change_tags([keep], add=["classic"])  # tags ignore case: the kept entry has it already
    lib.style_tag("tex", "#ff0000", 1)
    kept_note = lib.add_note(keep, "kept's own note")
    moved_note = lib.add_note(other, "**Read** chapter 3", "markdown")
    lib.add_note(third, "not part of the merge")
    lib.dismiss_duplicates([other, third])  # a mark on a merged entry survives the merge
    path = tmp_path / "lib.sqlite"
    before = _dump(path)

    undo, changes = lib.merge_entries(keep, [other])
    assert changes.deleted == (other,)
    assert lib.trashed_ids() == [other]
    assert lib.search_ids('in:"Books/Typesetting"') == [keep]  # the trashed copy never matches
    assert lib.search_ids("in:Reading") == [keep]
    assert lib.tags_of([keep])[keep] == ["Classic", "tex", "typesetting"]  # the last from its keywords
    assert [n.id for n in lib.notes(keep)] == [kept_note.id, moved_note.id]
    assert lib.notes(keep)[1].body == moved_note.body and lib.notes(keep)[1].created == moved_note.created
    assert lib.search_ids("note:chapter") == [keep]
    assert lib.store.cited_ids(keep, "replaces") == [other]
    assert lib.tags_of([other])[other] == ["Classic", "tex", "typesetting"]  # the copy keeps its own in the Trash
    # restoring the copy from the Trash (not undo) brings it back with its collections
    lib.restore_entries([other])
    assert sorted(lib.search_ids("in:Reading")) == sorted([keep, other])
    lib.trash([other])

    lib.undo_merge(undo)
    after = _dump(path)
    assert after == before, {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert [n.id for n in lib.notes(other)] == [moved_note.id]
    assert lib.trashed_ids() == []


def test_merge_with_an_entry_already_in_the_trash(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text(SECOND)
    lib.import_file(tmp_path / "b.bib")
    keep, other = _id(lib, "lecun2015"), _id(lib, "lecun-nature")
    lib.trash([other])
    path = tmp_path / "lib.sqlite"
    before = _dump(path)
    undo, changes = lib.merge_entries(keep, [other])
    assert changes.deleted == () and lib.trashed_ids() == [other]
    lib.undo_merge(undo)
    assert _dump(path) == before  # still in the Trash, with its old date
    with pytest.raises(InputError, match="Trash"):
        lib.merge_entries(other, [keep])  # nothing is merged into a trashed entry


def test_merge_into_the_trash_and_undo_on_every_backend(library: Library, tmp_path: Path) -> None:
    """The same merge and undo on SQLite and PostgreSQL (the `library` fixture runs both)."""
    (tmp_path / "a.bib").write_text(BIB)
    (tmp_path / "b.bib").write_text(SECOND)
    library.import_file(tmp_path / "a.bib")
    library.import_file(tmp_path / "b.bib")
    keep, other = _id(library, "kahneman1979"), _id(library, "KT79")
    coll, _ = library.create_collection_path("Decisions")
    library.add_to_collection(coll.id, [other])
    library.change_tags([other], add=["prospect"])
    note = library.add_note(other, "Read *twice*.")
    undo, _ = library.merge_entries(keep, [other])
    assert library.trashed_ids() == [other] and library.search_ids("in:Decisions") == [keep]
    assert library.search_ids("tag:prospect") == [keep] and [n.id for n in library.notes(keep)] == [note.id]
    assert library.store.cited_ids(keep, "replaces") == [other]
    library.undo_merge(undo)
    assert library.trashed_ids() == [] and library.search_ids("in:Decisions") == [other]
    assert library.search_ids("tag:prospect") == [other] and library.notes(keep) == []
    assert [n.id for n in library.notes(other)] == [note.id]
    assert library.store.cited_ids(keep, "replaces") == []
