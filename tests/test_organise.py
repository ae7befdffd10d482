"""Collections, tags, notes, saved searches and the Trash through the library, on real SQLite files."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.core.errors import InputError, NotFoundError, QuerySyntaxError
from refman.core.model import Entry, ParseResult, Person
from refman.core.notes import sanitise_html
from refman.core.organise import join_path, split_path
from refman.core.query import Flag, InCollection, parse_query
from refman.library import Library


def _fill(lib: Library) -> dict[str, int]:
    article = Entry(title="Climate Security and Peacebuilding", contributors=(Person("Muhammad", "A."),), year=2024,
                    doi="10.1/abc")
    refs = [Entry(title="Environmental Conflict", contributors=(Person("Stöckl", "B."),), year=2019),
            Entry(title="Water Wars", contributors=(Person("Berg", "C."),), year=2020),
            Entry(title="Security Paradox", contributors=(Person("Mobjörk", "D."),), year=2016)]
    result = ParseResult(format="article-page", entries=(article, *refs), citing_index=0, cited_indexes=(1, 2, 3),
                         raw_texts=("page", "r1", "r2", "r3"))
    lib.import_result(result, "page.txt")
    return {e.title.split()[0].lower(): e.id for e in lib.search_entries("")}  # type: ignore[misc]


def _titles(lib: Library, q: str) -> list[str]:
    return sorted(s.title.split()[0].lower() for s in lib.search(q))


def test_query_parses_organising_terms() -> None:
    assert parse_query('in:"Parent/Child"') == InCollection(("Parent", "Child"))
    assert parse_query("in-only:A") == InCollection(("A",), recursive=False)
    assert parse_query("is:trashed") == Flag("is", "trashed")
    with pytest.raises(QuerySyntaxError):
        parse_query("is:lost")
    assert split_path(r"A/B\/C/D\\") == ("A", "B/C", "D\\")
    assert split_path(join_path(("a/b", "c\\"))) == ("a/b", "c\\")


def test_collections_tree_queries_and_cycles(library: Library) -> None:
    ids = _fill(library)
    thesis, _ = library.create_collection_path("Thesis")
    ch2, created = library.create_collection_path("Thesis/Chapter 2")
    assert created == (ch2.id,)
    deep, _ = library.create_collection_path("Thesis/Chapter 2/Drafts")
    library.add_to_collection(thesis.id, [ids["climate"]])
    assert library.add_to_collection(deep.id, [ids["water"], ids["water"]]) == (ids["water"],)
    assert library.add_to_collection(deep.id, [ids["water"]]) == ()
    assert _titles(library, "in:Thesis") == ["climate", "water"]  # subcollections included
    assert _titles(library, "in-only:Thesis") == ["climate"]
    assert _titles(library, 'in:"Thesis/Chapter 2"') == ["water"]
    assert _titles(library, "in:Nowhere") == []
    assert _titles(library, "is:unfiled") == ["environmental", "security"]
    assert [c.path_text for c in library.collections()] == ["Thesis", "Thesis/Chapter 2", "Thesis/Chapter 2/Drafts"]

    with pytest.raises(InputError, match="into itself"):
        library.move_collection(thesis.id, deep.id)
    with pytest.raises(InputError, match="already"):
        library.create_collection("Chapter 2", thesis.id)
    old_parent = library.move_collection(deep.id, None)
    assert old_parent == ch2.id
    assert _titles(library, "in:Drafts") == ["water"] and _titles(library, "in:Thesis") == ["climate"]
    library.move_collection(deep.id, old_parent)
    assert library.rename_collection(ch2.id, "Ch. 2") == "Chapter 2"
    assert _titles(library, 'in:"Thesis/Ch. 2"') == ["water"]

    snap = library.delete_collection(thesis.id)
    assert library.collections() == [] and len(snap.rows) == 3
    assert library.count() == 4  # entries stay
    library.restore_collection(snap)
    assert [c.path_text for c in library.collections()] == ["Thesis", "Thesis/Ch. 2", "Thesis/Ch. 2/Drafts"]
    assert _titles(library, "in:Thesis") == ["climate", "water"]


def test_tags_toggle_style_and_undo(library: Library) -> None:
    ids = _fill(library)
    change = library.change_tags([ids["water"], ids["security"]], add=["toread", "Method"])
    assert len(change.added) == 4 and set(change.created_tags) == {"toread", "Method"}
    assert _titles(library, "tag:toread") == ["security", "water"]
    assert _titles(library, "tag:toread tag:method") == ["security", "water"]  # case-insensitive, all of them
    again = library.change_tags([ids["water"]], add=["TOREAD"], remove=["method"])
    assert again.added == () and again.removed == ((ids["water"], "Method"),)
    library.revert_tags(again)
    assert library.tags_of([ids["water"]])[ids["water"]] == ["Method", "toread"]
    library.revert_tags(change)
    assert library.tags() == []  # tags created by the change go with its undo

    red = library.style_tag("important", position=1)
    assert red.colour and red.position == 1
    library.style_tag("urgent", position=1)  # the key moves to the new tag
    assert library.tag_for_key(1).name == "urgent"  # type: ignore[union-attr]
    library.toggle_tag([ids["water"], ids["climate"]], "urgent")
    assert _titles(library, "tag:urgent") == ["climate", "water"]
    library.toggle_tag([ids["water"]], "urgent")
    assert _titles(library, "tag:urgent") == ["climate"]
    assert _titles(library, "has:tag") == ["climate"]
    assert _titles(library, "has:doi") == ["climate"]


def test_notes_are_sanitised_searchable_and_restorable(library: Library) -> None:
    ids = _fill(library)
    html = ('<p onclick="x()">Key <b>finding</b><script>steal()</script><img src="http://t/x.png">'
            '<a href="javascript:alert(1)">bad</a><a href="https://ok.org">ok</a><iframe src="http://e"></iframe></p>')
    note = library.add_note(ids["water"], html, "html")
    assert "script" not in note.body and "steal" not in note.body and "<img" not in note.body
    assert "onclick" not in note.body and "javascript" not in note.body and "iframe" not in note.body
    assert '<a href="https://ok.org">ok</a>' in note.body and "<b>finding</b>" in note.body
    assert sanitise_html("<b>unclosed <i>x") == "<b>unclosed <i>x</i></b>"
    library.add_note(ids["water"], "second *note* about aquifers")
    assert _titles(library, "note:finding") == ["water"] and _titles(library, "note:aquifers") == ["water"]
    assert _titles(library, "note:steal") == []
    assert _titles(library, "has:note") == ["water"]
    old = library.update_note(note.id or 0, "rewritten")
    assert _titles(library, "note:finding") == []
    library.restore_note(old)
    assert _titles(library, "note:finding") == ["water"]
    gone = library.delete_note(note.id or 0)
    assert len(library.notes(ids["water"])) == 1
    library.restore_note(gone)
    assert next(n.id for n in library.notes(ids["water"])) == note.id
    with pytest.raises(InputError):
        library.add_note(ids["water"], "x", "rtf")
    with pytest.raises(NotFoundError):
        library.add_note(99999, "x")


def test_trash_hides_entries_everywhere_and_restores_everything(library: Library, tmp_path: Path) -> None:
    ids = _fill(library)
    coll, _ = library.create_collection_path("Reading")
    library.add_to_collection(coll.id, [ids["water"]])
    library.change_tags([ids["water"]], add=["keep"])
    library.add_note(ids["water"], "aquifers")
    refs_before = [s.title for s in library.references_of(ids["climate"])]

    changes = library.trash([ids["water"], ids["water"]])
    assert changes.deleted == (ids["water"],)
    assert library.trash([ids["water"]]).deleted == ()  # already there
    for q in ("", "water", "wars year:2020", "in:Reading", "tag:keep", "note:aquifers", "is:unfiled",
              "author:berg", "-security", "cited-by:" + library.get(ids["climate"]).citekey):
        assert "water" not in _titles(library, q), q
        assert ids["water"] not in library.search_ids(q), q
    assert _titles(library, "is:trashed") == ["water"]
    assert _titles(library, "is:trashed tag:keep") == ["water"]
    assert library.count() == 3 and library.trashed_ids() == [ids["water"]]
    assert library.collections()[0].count == 0 and library.tags()[0].count == 0
    assert library.export_records("bibtex") and ids["water"] not in [r.entry.id for r in library.export_records("bibtex")
                                                                      if r.entry is not None]

    assert library.restore_entries([ids["water"]]).added == (ids["water"],)
    assert _titles(library, "in:Reading tag:keep note:aquifers") == ["water"]
    assert [s.title for s in library.references_of(ids["climate"])] == refs_before

    library.trash([ids["water"], ids["security"]])
    n, backup = library.empty_trash()
    assert n == 2
    if library.store.file_path is not None:  # a server library is backed up with the server's tools
        assert backup is not None and backup.exists()
    assert library.count("is:trashed") == 0 and library.count() == 2
    assert library.collections()[0].count == 0 and library.tags()[0].count == 0
    assert library.check()[2] == []
    assert library.empty_trash() == (0, None)


def test_saved_searches_are_live(library: Library) -> None:
    ids = _fill(library)
    saved = library.save_search("To read", "tag:toread -is:unfiled")
    assert library.count(saved.query) == 0
    coll, _ = library.create_collection_path("A")
    library.add_to_collection(coll.id, [ids["water"]])
    library.change_tags([ids["water"]], add=["toread"])
    assert [s.name for s in library.saved_searches()] == ["To read"]
    assert library.count(library.saved_searches()[0].query) == 1
    library.save_search("To read", "tag:toread")  # same name: replaced
    assert [s.query for s in library.saved_searches()] == ["tag:toread"]
    with pytest.raises(QuerySyntaxError):
        library.save_search("bad", "year:abc")
    library.delete_saved_search("To read")
    assert library.saved_searches() == []


def test_union_organisation_for_merges(library: Library) -> None:
    ids = _fill(library)
    a, _ = library.create_collection_path("A")
    b, _ = library.create_collection_path("B/C")
    library.add_to_collection(a.id, [ids["water"]])
    library.add_to_collection(b.id, [ids["security"]])
    library.change_tags([ids["security"]], add=["x"])
    library.union_organisation(ids["climate"], [ids["water"], ids["security"]])
    library.trash([ids["water"], ids["security"]])
    assert _titles(library, "in:A") == ["climate"] and _titles(library, "in:B") == ["climate"]
    assert _titles(library, "tag:x") == ["climate"]
