"""@string macros as library data (issue 20): a strings-only file is a normal import that comes
back byte for byte, and entries using macros from another imported file resolve in either order."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from latex import bibtex_bbl
from texlive import kpsewhich

from refman.library import Library, cite_entries
from refman.store.engine import HEAD_REVISION

DATA = Path(__file__).resolve().parent / "data"

REFS = """@article{kalman1960,
  author = {Kalman, Rudolf E.},
  title = {A New Approach to Linear Filtering and Prediction Problems},
  journal = IEEE_J_AC,
  volume = {5},
  pages = {35--45},
  year = {1960},
}

@inproceedings{smith2001,
  author = {Smith, John},
  title = {Signals},
  booktitle = IEEE_J_SP # " (Special Issue)",
  year = {2001},
}

@book{plain1999,
  author = {Plain, Paula},
  title = {A Plain Book},
  publisher = {Press},
  year = {1999},
}
"""


def _export(lib: Library, query: str | None = None) -> str:
    out = io.StringIO()
    lib.export(out, "bibtex", query)
    return out.getvalue()


def test_texlive_strings_only_file_imports_as_macros_and_comes_back_byte_for_byte(library: Library) -> None:
    path = kpsewhich("archaeologie-lstabbrv.bib")
    original = path.read_bytes().decode("utf-8")
    report, _ = library.import_file(path)
    assert report.added == ()
    assert report.macros == 3180  # 3,179 at line starts and one indented: BibTeX reads it too
    assert "3,180 macros, 0 entries" in report.summary()
    assert not any("no BibTeX entries" in p.message for p in report.problems)
    assert _export(library) == original
    again, _ = library.import_file(path)  # importing it again changes no export
    assert again.macros == 3180
    assert _export(library) == original


def _abrv(tmp: Path) -> Path:
    src = kpsewhich("IEEEabrv.bib")
    dst = tmp / "IEEEabrv.bib"
    shutil.copy(src, dst)
    return dst


def _refs(tmp: Path) -> Path:
    p = tmp / "refs.bib"
    p.write_text(REFS, encoding="utf-8")
    return p


@pytest.mark.parametrize("strings_first", [True, False])
def test_ieeeabrv_and_entries_in_either_order_resolve_search_and_cite(tmp_path: Path, strings_first: bool) -> None:
    abrv, refs = _abrv(tmp_path), _refs(tmp_path)
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        if strings_first:
            first, _ = lib.import_file(abrv)
            assert first.macros > 200 and first.added == ()
            report, _ = lib.import_file(refs)
        else:
            report, _ = lib.import_file(refs)
            early = lib.by_key("kalman1960")
            assert early.container == "IEEE_J_AC"  # visible as a macro, not an empty journal
            assert lib.by_key("smith2001").container == "IEEE_J_SP (Special Issue)"
            report, _ = lib.import_file(abrv)
            assert set(report.resolved) == {"kalman1960", "smith2001"}
        assert lib.by_key("kalman1960").container == "IEEE Trans. Autom. Control"
        assert lib.by_key("smith2001").container == "IEEE Trans. Signal Process. (Special Issue)"
        assert [e.citekey for e in lib.search("Autom")] == ["kalman1960"]
        citation = cite_entries([lib.by_key("kalman1960")], style="apa")
        assert "IEEE Trans. Autom. Control" in citation
        # The whole export puts the macro file first, so that BibTeX reads it as the library shows it.
        whole = _export(lib)
        assert whole.index("@STRING{IEEE_J_AC") < whole.index("@article{kalman1960")
        out = tmp_path / "out"
        out.mkdir()
        (out / "all.bib").write_text(whole, encoding="utf-8")
        bbl = bibtex_bbl(out, out / "all.bib", ["kalman1960", "smith2001"], "IEEEtran")
        assert "{IEEE} Trans. Autom. Control" in bbl
        # An export of some entries brings the macros they use, and only those.
        part = _export(lib, "Kalman")
        assert part.count("@STRING") == 1 and "@STRING{IEEE_J_AC " in part
        assert part.endswith(REFS[: REFS.index("@inproceedings")].rstrip("\n") + "\n")
        sub = tmp_path / "sub"
        sub.mkdir()
        (sub / "part.bib").write_text(part, encoding="utf-8")
        assert "{IEEE} Trans. Autom. Control" in bibtex_bbl(sub, sub / "part.bib", ["kalman1960"], "IEEEtran")
    finally:
        lib.close()


def test_macro_defined_by_a_later_plain_file_resolves(library: Library) -> None:
    library.import_text("@article{a, title = {T}, journal = jfoo, year = 2000}\n", "a.bib")
    assert library.by_key("a").container == "jfoo"
    report, _ = library.import_text('@string{JFOO = "Journal of Foo"}\n@misc{b, title = {B}}\n', "b.bib")
    assert report.macros == 1 and report.resolved == ("a",)
    assert library.by_key("a").container == "Journal of Foo"
    # The entry's own file wins over another file's definition of the same name.
    library.import_text('@string{jbar = "Own Bar"}\n@article{c, title = {C}, journal = jbar}\n', "c.bib")
    library.import_text('@string{jbar = "Other Bar"}\n@misc{d, title = {D}}\n', "d.bib")
    assert library.by_key("c").container == "Own Bar"


def test_upgrade_from_revision_0001_keeps_the_library(tmp_path: Path) -> None:
    src = DATA / "libraries" / "0001_before_issue20.sqlite"
    path = tmp_path / "old.sqlite"
    shutil.copy(src, path)
    lib = Library.open(path)
    try:
        assert [e.citekey for e in lib.search_entries()] == ["kalman1960", "nomacro2001", "plain1999"]
        assert lib.by_key("kalman1960").container == "IEEE Transactions on Automatic Control"
        assert _export(lib) == (DATA / "libraries" / "0001_before_issue20.bib").read_text(encoding="utf-8")
        lib.import_text("@misc{other, title = {O}}\n", "other.bib")
        # The first BibTeX import after the upgrade stores the macros of the sources imported before it,
        # so that an export of some of their entries brings the @string blocks they use.
        part = _export(lib, "Kalman")
        assert part.startswith('@string{jac = "IEEE Transactions on Automatic Control"}\n\n@article{kalman1960,')
    finally:
        lib.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    con.close()
