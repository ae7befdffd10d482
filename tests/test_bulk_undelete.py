"""Undo of a big delete puts every entry back in bulk, exactly as it was (issue 15, point 1): ids,
keys, fields, people, records, edited flags, versions, relations, the full-text index and the
Trash state of entries that were deleted for good from the Trash."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from refman.core.model import Entry, ParseResult, Person
from refman.core.query import MatchAll
from refman.library import Library, editing


def _library(tmp_path: Path, n: int) -> Library:
    lib = Library.open(tmp_path / "lib.sqlite")
    people = [(Person(f"Family{i}", "A."), Person("Second", "B.", role="editor")) for i in range(n)]
    entries = tuple(Entry(title=f"Bulk title {i}", contributors=people[i], year=1990 + i % 30,
                          container=f"Journal {i % 7}", doi=f"10.1/b{i}", extra=(("keywords2", f"kw{i}"),))
                    for i in range(n))
    lib.import_result(ParseResult(format="bibtex", entries=entries,
                                  raw_texts=tuple(f"@misc{{b{i}, title={{Bulk title {i}}}}}" for i in range(n))),
                      "bulk.bib")
    return lib


def test_undo_of_a_big_delete_restores_everything(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(editing, "PROGRESS_STEP", 7)  # several bulk batches in one transaction
    lib = _library(tmp_path, 40)
    ids = lib.search_ids(MatchAll())
    edited = lib.get(ids[3])
    lib.update_entry(dataclasses.replace(edited, title="Edited by hand"))
    with lib.store.transaction() as txn:
        txn.set_relations(ids[0], ids[1:4])
    lib.trash(ids[30:])
    before = {i: lib.get(i) for i in ids}
    trashed_before = lib.trashed_ids()
    raws_before = {i: lib.store.storage_state([i])[i] for i in ids}
    steps: list[tuple[int, int]] = []

    deleted, _ = lib.delete(ids)
    assert lib.count(MatchAll()) == 0 and not lib.trashed_ids()
    back = lib.undelete(deleted, lambda done, total: steps.append((done, total)))

    assert sorted(back.added) == sorted(ids)
    assert steps[-1] == (40, 40) and len(steps) == 6  # batches of 7
    assert {i: lib.get(i) for i in ids} == before  # fields, people, extra fields, versions, dates
    assert {i: lib.store.storage_state([i])[i] for i in ids} == raws_before  # records and edited flags
    assert lib.trashed_ids() == trashed_before  # deleted from the Trash: back in the Trash
    assert lib.count(MatchAll()) == 30
    assert [s.id for s in lib.search("family5")] == [ids[5]]  # the full-text index has them again
    assert lib.search("edited hand")[0].id == ids[3]
    assert [s.id for s in lib.references_of(ids[0])] == ids[1:4]
    assert lib.store.integrity_problems() == []
    deleted2, _ = lib.delete(ids)  # and the restored entries delete again cleanly
    assert len(deleted2.entries) == 40
