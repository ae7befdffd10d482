"""Big BibTeX files are imported piece by piece while the next pieces are read (issue 6).

The library must end up exactly as if the whole file had been read first and stored in one go:
the same entries under the same keys, crossref children completed by parents that come pieces
later, duplicate keys renamed, the file exported back byte for byte, and nothing half-done when
the read has to start again whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from refman.core.errors import Cancelled, StreamRestart
from refman.core.model import Entry
from refman.formats.bibtex import chunks
from refman.formats.bibtex.reader import read_with_stats
from refman.formats.bibtex.stream import read_stream
from refman.library import Library

ENTRY = """@article{keyNN,
  author = {M{\\"u}ller, Hans and de la Fontaine, Jean},
  title = {On the {Theory} of Things, part NN},
  journal = jtitle,
  year = {19YY},
  abstract = {An abstract long enough to make the file big without making the test slow: ABSTRACT},
}
"""

HEAD = """@string{jtitle = "Journal of Tests"}

@inproceedings{child,
  author = {Liskov, Barbara},
  title = {Data Abstraction},
  crossref = {parent},
  pages = {1--10},
}

@misc{twice, title = {The first one}}
"""

TAIL = """@misc{twice, title = {The second one, under the same key}}

@proceedings{parent,
  title = {Proceedings of the Parent Conference},
  year = 1999,
  publisher = {Parent Press},
}
"""


def _big_text(min_chars: int) -> str:
    parts = [HEAD]
    n = 0
    size = len(HEAD) + len(TAIL)
    while size < min_chars:
        block = ENTRY.replace("NN", str(n)).replace("YY", f"{n % 100:02d}").replace("ABSTRACT", "x" * 400)
        parts.append(block)
        size += len(block) + 1
        n += 1
    parts.append(TAIL)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def big_bib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Just over the size where the read goes to worker processes, so it is cut into pieces."""
    path = tmp_path_factory.mktemp("big") / "big.bib"
    path.write_text(_big_text(chunks.PARALLEL_MIN_CHARS + 1000), encoding="utf-8")
    return path


@contextmanager
def _open(path: Path) -> Iterator[Library]:
    lib = Library.open(path)
    try:
        yield lib
    finally:
        lib.close()


def _entries(lib: Library) -> dict[str, Entry]:
    # Storage bookkeeping: a crossref child completed later in the same import was saved twice.
    strip = {"id": None, "added": None, "modified": None, "version": 0}
    return {e.citekey: dataclasses.replace(e, **strip) for e in lib.search_entries("")}  # type: ignore[arg-type]


def test_a_file_read_in_pieces_is_stored_as_the_whole_read_stores_it(big_bib: Path, tmp_path: Path) -> None:
    text = big_bib.read_text(encoding="utf-8")
    assert len(chunks.cut_points(text)) >= 3 and chunks.default_workers(text) >= 1
    calls: list[tuple[int, int]] = []
    with _open(tmp_path / "streamed.sqlite") as streamed:
        report, changes = streamed.import_file(big_bib, progress=lambda done, total: calls.append((done, total)))
        whole, _ = read_with_stats(text, str(big_bib), workers=1, chunk_chars=len(text) + 1)
        with _open(tmp_path / "whole.sqlite") as reference:
            ref_report, _ = reference.import_result(whole, str(big_bib))
            assert _entries(streamed) == _entries(reference)
            assert report.added == ref_report.added and report.renamed == ref_report.renamed
            assert report.problems == ref_report.problems
        assert len(changes.added) == len(whole.entries)
        # The crossref child was stored with what its parent, three pieces later, gives it...
        child = streamed.by_key("child")
        assert child.container == "Proceedings of the Parent Conference"
        assert (child.year, child.publisher) == (1999, "Parent Press")
        # ...and it is still the file's own text, not an edit: it exports verbatim.
        assert streamed.raw_if_unedited(child.id) is not None  # type: ignore[arg-type]
        out = tmp_path / "out.bib"
        streamed.export_to_file(out, "bibtex")
        renamed = text.replace("@misc{twice, title = {The second", "@misc{twicea, title = {The second")
        assert out.read_text(encoding="utf-8") == renamed  # all verbatim but the key made unique
        assert ("twice", "twicea") in report.renamed
        assert any("duplicate citation key 'twice'" in p.message for p in report.problems)
    # Progress counted entries, upwards, and ended at the total.
    assert calls and calls[-1][0] == calls[-1][1] == len(whole.entries)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_an_at_string_inside_a_value_rolls_back_and_imports_the_file_whole(tmp_path: Path) -> None:
    text = _big_text(chunks.CHUNK_CHARS * 3)
    # In the third chunk, so the first pieces have been stored when the read gives up.
    at = text.index("@article{key", 5 * len(text) // 6)
    text = text[:at] + '@misc{quoting, note = {like this:\n@string{jtitle = "Not This"}\n}}\n\n' + text[at:]
    assert chunks.cut_points(text)[2] < at
    path = tmp_path / "trap.bib"
    path.write_text(text, encoding="utf-8")
    # The read in pieces gives up after some pieces: the import that had stored them rolls back
    # and starts again.
    pieces = []
    with pytest.raises(StreamRestart):
        for piece in read_stream(text, str(path)):
            pieces.append(piece)
    assert len(pieces) >= 2
    with _open(tmp_path / "lib.sqlite") as lib:
        report, _ = lib.import_file(path)
        assert lib.count() == len(report.added) == len(read_with_stats(text, "x")[0].entries)
        assert {e.container for e in lib.search_entries("type:article-journal")} == {"Journal of Tests"}
        assert len(lib.sources()) == 1  # the first attempt left nothing behind
        out = tmp_path / "out.bib"
        lib.export_to_file(out, "bibtex")
        renamed = text.replace("@misc{twice, title = {The second", "@misc{twicea, title = {The second")
        assert out.read_text(encoding="utf-8") == renamed


def test_importing_the_big_file_again_changes_nothing(big_bib: Path, tmp_path: Path) -> None:
    with _open(tmp_path / "lib.sqlite") as lib:
        first, _ = lib.import_file(big_bib)
        again, changes = lib.import_file(big_bib)
        assert again.added == () and changes.empty
        assert len(again.unchanged) == len(first.added)


def _index_names(lib: Library) -> set[str]:
    with lib.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries'")
        return {r[0] for r in rows if not r[0].startswith("sqlite_")}


def test_a_bulk_import_rebuilds_the_browsing_indexes_and_leaves_the_library_sound(
        big_bib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From BULK_IMPORT entries the browsing indexes are dropped and built again at the end, and
    records are written after their entries (foreign keys checked at commit)."""
    import refman.library.importing as library_module

    monkeypatch.setattr(library_module, "BULK_IMPORT", 100)
    with _open(tmp_path / "lib.sqlite") as lib:
        expected = _index_names(lib)
        assert {"ix_entries_sort_title", "ix_entries_year"} <= expected
        report, _ = lib.import_file(big_bib)
        assert _index_names(lib) == expected
        assert lib.check() == ([], [], [])  # integrity, foreign keys, full-text index
        # The indexes answer: sorting and year ranges go through them.
        first = lib.search("year:1999", order_by="title", limit=3)
        assert [e.year for e in first] == [1999] * 3
        assert lib.raw_record(lib.by_key("key7").id) is not None  # type: ignore[arg-type]
        # A failed bulk import rolls the dropped indexes back too.
        broken = tmp_path / "cancel.bib"
        broken.write_text(big_bib.read_text(encoding="utf-8").replace("@article{key", "@article{other"),
                          encoding="utf-8")
        asked = []

        def cancel_later() -> bool:  # after a few batches, when the indexes are gone
            asked.append(1)
            return len(asked) > 3

        with pytest.raises(Cancelled):
            lib.import_file(broken, cancelled=cancel_later)
        assert _index_names(lib) == expected
        assert lib.count() == len(report.added)
