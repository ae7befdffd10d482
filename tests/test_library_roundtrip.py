"""Through the library: real .bib files imported into SQLite and exported back."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from texlive import kpsewhich

from refman.library import Library


@pytest.mark.parametrize("name", ["xampl.bib", "biblatex-examples.bib"])
def test_import_then_export_is_byte_identical(library: Library, tmp_path: Path, name: str) -> None:
    src = kpsewhich(name)
    report, _ = library.import_file(src)
    assert not report.skipped
    out = tmp_path / name
    library.export_to_file(out, "bibtex")
    assert out.read_bytes() == src.read_bytes()
    # Importing the same file again changes nothing.
    again, changes = library.import_file(src)
    assert again.added == () and changes.empty
    library.export_to_file(out, "bibtex")
    assert out.read_bytes() == src.read_bytes()


def test_edited_entry_is_rewritten_and_others_stay_verbatim(library: Library, tmp_path: Path) -> None:
    src = kpsewhich("xampl.bib")
    library.import_file(src)
    entry = library.by_key("article-full")
    library.update_entry(dataclasses.replace(entry, title="A Brand New Title"))
    out = tmp_path / "edited.bib"
    library.export_to_file(out, "bibtex")
    original = src.read_text(encoding="utf-8")
    exported = out.read_text(encoding="utf-8")
    assert "A Brand New Title" in exported
    # Every other entry is still there, letter for letter.
    for key in ("article-minimal", "book-full", "inproceedings-full", "whole-set"):
        start = original.index("{" + key + ",")
        block = original[original.rindex("@", 0, start) : original.index("\n}", start) + 2]
        assert block in exported, key
    # The edited entry's untouched fields kept their LaTeX source.
    edited = exported[exported.index("{article-full,") :]
    edited = edited[: edited.index("\n}")]
    assert "{\\relax Ch}ristopher" in edited or "L[eslie] A. Aamport" in edited
    # bibtex itself accepts the result.
    if shutil.which("bibtex"):
        (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{edited}\n", encoding="utf-8")
        proc = subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert "error message" not in proc.stdout, proc.stdout
        assert "a brand new title" in (tmp_path / "t.bbl").read_text(encoding="utf-8").lower()


def test_export_reports_progress_in_entries(library: Library, tmp_path: Path) -> None:
    library.import_file(kpsewhich("biblatex-examples.bib"))
    total = library.count()
    calls: list[tuple[int, int]] = []
    n = library.export_to_file(tmp_path / "all.bib", "bibtex", progress=lambda d, t: calls.append((d, t)))
    assert n == total and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    calls.clear()
    library.export_to_file(tmp_path / "some.json", "csljson", "year:..1990",
                           progress=lambda d, t: calls.append((d, t)))
    some = library.count("year:..1990")
    assert 0 < some < total and calls[-1] == (some, some)
