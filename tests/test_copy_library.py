"""`refman copy-library`: SQLite -> (SQLite or PostgreSQL) -> SQLite keeps everything: entries with
their ids, keys, versions and dates, relations in order, raw records and sources, and search."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from refman.cli.main import main
from refman.core.model import Entry
from refman.library import Library

BIB = """@article{smith2020,
  title = {Water and conflict: a review},
  author = {Smith, Jane and Stöckl, Hans},
  journal = {Journal of Peace Research}, year = {2020}, doi = {10.1000/xyz},
}
@book{doe1999, title = {A Book on Théorie}, author = {Doe, John}, publisher = {Press}, year = {1999},
  customfield = {kept verbatim}}
@misc{noyear, title = {Undated note}}
"""


def _snapshot(lib: Library) -> tuple[object, ...]:
    entries = lib.search_entries()
    rels = [(e.citekey, [s.citekey for s in lib.references_of(e.id or 0)]) for e in entries]
    raws = [lib.raw_record(e.id or 0) for e in entries]
    states = lib.store.storage_state([e.id for e in entries if e.id is not None])
    sources = [(s.path, s.format, s.entry_count) for s in lib.sources()]
    found = {q: [s.citekey for s in lib.search(q)] for q in ("stockl", "water conflict", "theorie", "year:..2000")}
    return entries, rels, raws, states, sources, found


def test_copy_there_and_back_keeps_everything(tmp_path: Path, library_location: str) -> None:
    src_path = tmp_path / "src.sqlite"
    src = Library.open(src_path)
    bib = tmp_path / "a.bib"
    bib.write_text(BIB, encoding="utf-8")
    src.import_file(bib)
    article = src.by_key("smith2020")
    src.import_text("@article{ref1, title={First reference}}\n@article{ref2, title={Second}}\n",
                    cited_by="smith2020")
    src.update_entry(dataclasses.replace(src.by_key("doe1999"), note="edited by hand"))
    src.delete([src.by_key("noyear").id or 0])  # a gap in the ids
    src.add_entry(Entry(citekey="late", title="Added after the gap"))
    before = _snapshot(src)
    src.close()

    out, err = io.StringIO(), io.StringIO()
    assert main(["copy-library", str(src_path), library_location], out, err) == 0, err.getvalue()
    assert "entries" in out.getvalue()
    back_path = tmp_path / "back.sqlite"
    assert main(["copy-library", library_location, str(back_path)], out, err) == 0, err.getvalue()
    for location in (library_location, str(back_path)):
        lib = Library.open(location)
        try:
            assert _snapshot(lib) == before
            assert lib.by_key("smith2020").id == article.id
            assert lib.check()[0] == []
            new, _ = lib.add_entry(Entry(citekey="after-copy", title="New ids continue past the copied ones"))
            assert (new.id or 0) > max(e.id or 0 for e in before[0])  # type: ignore[union-attr]
        finally:
            lib.close()

    # Into a library that is not empty: refused, one line, nothing written.
    err = io.StringIO()
    assert main(["copy-library", str(src_path), str(back_path)], io.StringIO(), err) == 1
    assert "already holds" in err.getvalue()
