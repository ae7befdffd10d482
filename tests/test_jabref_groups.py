"""JabRef groups: real JabRef-written files read into collections and saved searches, written
back so that JabRef reads the same tree, and unedited entries kept byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from refman.core.jabref_groups import Group, parse_grouping, serialise_grouping
from refman.library import Library
from refman.library.jabref_groups import grouping_block

DATA = Path(__file__).parent / "data" / "jabref"
REAL = ("jabref-authors.bib", "complex.bib", "Chocolate.bib")


def _export(lib: Library, path: Path) -> str:
    lib.export_to_file(path, "bibtex")
    return path.read_text(encoding="utf-8")


def _tree(lib: Library) -> list[tuple[str, ...]]:
    return [c.path for c in lib.collections()]


def _members(lib: Library) -> dict[str, set[str]]:
    return {c.path_text: {s.citekey for s in lib.search(lib_query(c.path))} for c in lib.collections()}


def lib_query(path: tuple[str, ...]) -> str:
    from refman.core.organise import join_path

    return 'in-only:"' + join_path(path).replace('"', "") + '"'


@pytest.mark.parametrize("name", REAL)
def test_real_grouping_blocks_are_written_back_exactly(name: str) -> None:
    block = grouping_block((DATA / name).read_text(encoding="utf-8"))
    assert block is not None
    groups = parse_grouping(block)
    assert groups[0] == Group(0, "AllEntriesGroup", "") and len(groups) > 3
    assert serialise_grouping(groups) == block


@pytest.mark.parametrize("name", REAL)
def test_import_export_of_a_jabref_file_is_byte_identical(name: str, tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(DATA / name)
        assert lib.collections()
        assert _export(lib, tmp_path / "out.bib") == (DATA / name).read_text(encoding="utf-8")
    finally:
        lib.close()


def test_jabref_authors_groups_become_collections_with_members(tmp_path: Path) -> None:
    text = (DATA / "jabref-authors.bib").read_text(encoding="utf-8")
    expected: dict[str, int] = {}
    for value in re.findall(r"^\s*groups\s*=\s*\{([^}]*)\}", text, re.MULTILINE):
        for g in value.split(","):
            expected[g.strip()] = expected.get(g.strip(), 0) + 1
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(DATA / "jabref-authors.bib")
        assert _tree(lib) == [("By status",), ("By status", "Last read"), ("By status", "Skimmed"),
                              ("By status", "To be read"), ("By rating",), ("For Project X",), ("For teaching",),
                              ("My papers",)]
        assert {c.name: c.count for c in lib.collections() if c.count} == expected
        by_status = lib.collection_by_path("By status")
        assert json.loads(by_status.meta)["jabref"]["fields"][:3] == ["2", "1", "0x8a8a8aff"]  # including
        lib.import_file(DATA / "jabref-authors.bib")  # again: nothing new
        assert len(lib.collections()) == 8 and lib.count() == 212
    finally:
        lib.close()


def test_modes_and_escapes_round_trip(tmp_path: Path) -> None:
    source = DATA / "modes-and-escapes.bib"
    lib = Library.open(tmp_path / "a.sqlite")
    try:
        lib.import_file(source)
        assert _tree(lib) == [("Thesis",), ("Thesis", "Methods; qualitative"), ("Thesis", "Theory\\Practice"),
                              ("Thesis", "Theory\\Practice", "Refined")]
        modes = {c.name: json.loads(c.meta)["jabref"]["fields"][0] for c in lib.collections()}
        assert modes == {"Thesis": "2", "Methods; qualitative": "0", "Theory\\Practice": "0", "Refined": "1"}
        assert [(s.name, s.query) for s in lib.saved_searches()] == [("Keyword ;group", "keyword:climate"),
                                                                      ("Recent", "year:2020..")]
        assert lib.search_ids('in-only:"Thesis/Methods; qualitative"') == [lib.by_key("alpha2020").id]
        assert lib.search_ids(r'in:"Thesis/Theory\\Practice"') == [lib.by_key("alpha2020").id,
                                                                   lib.by_key("beta2019").id]
        out = _export(lib, tmp_path / "out.bib")
        assert out == source.read_text(encoding="utf-8")
    finally:
        lib.close()


def test_edits_are_written_so_jabref_reads_the_same_tree(tmp_path: Path) -> None:
    source = DATA / "jabref-authors.bib"
    original = source.read_text(encoding="utf-8")
    lib = Library.open(tmp_path / "a.sqlite")
    try:
        lib.import_file(source)
        moved = lib.search("in-only:\"By rating\"")[0]
        rating = lib.collection_by_path("By rating").id
        lib.remove_from_collection(rating, [moved.id])
        lib.add_to_collection(lib.collection_by_path("By status/To be read").id, [moved.id])
        lib.rename_collection(lib.collection_by_path("My papers").id, "Mine; 2026")
        odd, _ = lib.create_collection_path(r"For teaching/Week 1\\2")
        lib.add_to_collection(odd.id, [moved.id])
        tree_before, members_before = _tree(lib), _members(lib)
        out = _export(lib, tmp_path / "out.bib")
    finally:
        lib.close()

    block = grouping_block(out)
    assert block is not None and "Mine\\\\\\; 2026" in block and "Week 1\\\\\\\\2" in block
    # Every entry but the moved one is written exactly as JabRef wrote it.
    blocks = list(re.finditer(r"^@(?!Comment)\w+\{([^,\s]+),.*?^\}$", original, re.MULTILINE | re.DOTALL))
    assert len(blocks) == 212
    renamed = [m for m in blocks if "My papers" in m.group(0)]
    unchanged = [m.group(0) for m in blocks if m.group(1) != moved.citekey and m not in renamed]
    assert len(unchanged) == 212 - 1 - 8 and all(u in out for u in unchanged)
    for m in renamed:  # their groups field follows the rename; everything else in them is as it was
        assert m.group(0).replace("My papers", "Mine; 2026") in out
    moved_text = re.search(r"^@\w+\{" + re.escape(moved.citekey) + r",.*?\n\}", out, re.MULTILINE | re.DOTALL)
    assert moved_text is not None and "groups" in moved_text.group(0)
    assert "To be read" in moved_text.group(0) and "By rating" not in moved_text.group(0)

    again = Library.open(tmp_path / "b.sqlite")
    try:
        (tmp_path / "out2.bib").write_text(out, encoding="utf-8")
        again.import_file(tmp_path / "out2.bib")
        assert _tree(again) == tree_before
        assert _members(again) == members_before
        assert _export(again, tmp_path / "out3.bib") == out  # and stable from then on
    finally:
        again.close()


def test_search_groups_translate_what_refman_can_say(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(DATA / "Chocolate.bib")
        queries = {s.name: s.query for s in lib.saved_searches()}
        assert queries["Entries without a group"] == "is:unfiled"
        assert queries["Entries without a linked file"] == ""  # no refman equivalent: kept for the export only
        assert lib.count("is:unfiled") == lib.count() - lib.count("in:Used") - lib.count("in:Paywalled")
    finally:
        lib.close()


def test_keywords_become_automatic_tags(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(Path(__file__).parent / "data" / "ris" / "zotero.ris")
        lib.import_file(Path(__file__).parent / "data" / "csljson" / "wrong_types.json")
        tags = lib.tags()
        assert tags and all(t.automatic for t in tags)
        for t in tags:
            assert lib.count(f'tag:"{t.name}"') == lib.count(f'keyword:"{t.name}"') >= 1, t.name
        lib.change_tags(lib.search_ids(""), add=["mine"])
        assert not next(t for t in lib.tags() if t.name == "mine").automatic
    finally:
        lib.close()
