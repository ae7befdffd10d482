"""An exact duplicate block (same key, same text) in a .bib file is two entries, read whole or in pieces (issue 20).

A big file is imported in pieces; the library used to look the second copy up by its raw text,
find the first copy stored by an earlier piece of the same import, call it "unchanged" and drop it
from every later export. Whether a file is read whole or in pieces must never change the result.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from refman.formats.bibtex import chunks
from refman.library import Library

_ENTRY = """@article{{key{n},
  author = {{Author{n}, Ann and Other, Bob}},
  title = {{A title number {n} about things}},
  journal = {{Journal of Tests}},
  year = {{{year}}},
  pages = {{{n}--{m}}},
}}
"""
_DUP = """@book{twin,
  author = {Twin, Tina},
  title = {The Same Book Twice},
  publisher = {Press},
  year = {2001},
}
"""


def _text() -> str:
    """Sixty entries with the same block at 3 places far apart (pieces of ~600 chars hold 3-4 entries)."""
    parts: list[str] = []
    for n in range(60):
        if n in (5, 31, 58):
            parts.append(_DUP)
        parts.append(_ENTRY.format(n=n, m=n + 9, year=1990 + n % 30))
    return "\n".join(parts)


def _import(tmp: Path, name: str, text: str, chunk: int | None, monkeypatch: pytest.MonkeyPatch,
            times: int = 1) -> tuple[list[tuple[str, ...]], str, list[str]]:
    if chunk is not None:
        monkeypatch.setattr(chunks, "CHUNK_CHARS", chunk)
    else:
        monkeypatch.setattr(chunks, "CHUNK_CHARS", 10**9)
    lib = Library.open(tmp / f"{name}.sqlite")
    try:
        path = tmp / "dups.bib"
        path.write_text(text, encoding="utf-8")
        messages: list[str] = []
        for _ in range(times):
            report, _ = lib.import_file(path)
            messages = [f"{p.line}: {p.message}" for p in report.problems]
        entries = sorted(tuple(str(v) for k, v in dataclasses.asdict(e).items() if k not in ("id", "added", "modified"))
                         for e in lib.search_entries())
        out = io.StringIO()
        lib.export(out, "bibtex")
        return entries, out.getvalue(), messages
    finally:
        lib.close()


def test_the_text_is_really_read_in_pieces() -> None:
    assert len(chunks.cut_points(_text(), 600)) > 10


@pytest.mark.parametrize("chunk", [300, 600, 1500])
def test_duplicate_blocks_read_whole_or_in_pieces_give_the_same_library_and_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    text = _text()
    whole_entries, whole_export, whole_msgs = _import(tmp_path, "whole", text, None, monkeypatch)
    piece_entries, piece_export, piece_msgs = _import(tmp_path, "pieces", text, chunk, monkeypatch)
    # Every block comes back; the copies under the keys they were stored as (keys stay unique).
    renamed = text.replace("@book{twin,", "@book{twina,", 2).replace("@book{twina,", "@book{twin,", 1)
    renamed = renamed[::-1].replace(",niwt{koob@", ",bniwt{koob@", 1)[::-1]
    assert whole_export == renamed
    assert piece_export == whole_export
    assert piece_entries == whole_entries
    assert len(whole_entries) == 63
    assert sorted(e[0] for e in whole_entries if e[0].startswith("twin")) == ["twin", "twina", "twinb"]
    # The report names each duplicate with its line, the same way in both reads.
    assert piece_msgs == whole_msgs
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.startswith("@book{twin")]
    for line in lines[1:]:
        assert any(m.startswith(f"{line}: ") and "twin" in m for m in whole_msgs), (line, whole_msgs)


def test_reimport_of_a_file_with_duplicate_blocks_changes_nothing(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A second import of the same file finds each stored copy once: no new 'twinc', 'twind'."""
    text = _text()
    once_entries, once_export, _ = _import(tmp_path, "once", text, 600, monkeypatch)
    twice_entries, twice_export, _ = _import(tmp_path, "twice", text, 600, monkeypatch, times=2)
    assert twice_entries == once_entries
    assert twice_export == once_export
