"""Undo of a delete for good gives the entries back their collections, tags and notes (issue 18:
everything undoable), whether they were deleted from the library or from the Trash."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.core.model import Entry, ParseResult, Person
from refman.library import Library


@pytest.mark.parametrize("from_trash", [False, True])
def test_undelete_restores_collections_tags_and_notes(tmp_path: Path, from_trash: bool) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        entries = tuple(Entry(title=f"Paper {i}", contributors=(Person("Doe", "J."),), year=2000 + i) for i in range(4))
        lib.import_result(ParseResult(format="csljson", entries=entries), "a.json")
        ids = lib.search_ids("")
        thesis = lib.create_collection("Thesis")
        lib.add_to_collection(thesis.id, ids[:2])
        lib.change_tags(ids[:2], add=["to-read", "method"])
        lib.style_tag("method", "#cc0000", 1)
        note = lib.add_note(ids[0], "**Key** finding")
        before = (lib.tags_of(ids), [(n.id, n.body, n.format) for n in lib.notes(ids[0])])
        if from_trash:
            lib.trash(ids[:2])
        deleted, _changes = lib.delete(ids[:2])
        assert not any(lib.tags_of(ids[:2]).values()) and lib.notes(ids[0]) == []
        lib.undelete(deleted)
        assert sorted(lib.search_ids("in:Thesis" if not from_trash else "is:trashed")) == sorted(ids[:2])
        assert lib.collection_ids_of(ids[0]) == [thesis.id] and lib.collection_ids_of(ids[1]) == [thesis.id]
        assert (lib.tags_of(ids), [(n.id, n.body, n.format) for n in lib.notes(ids[0])]) == before
        assert lib.notes(ids[0])[0].id == note.id
        keyed = lib.tag_for_key(1)
        assert keyed is not None and keyed.name == "method"  # the tag itself (colour, key) was never deleted
    finally:
        lib.close()
