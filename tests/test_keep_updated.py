"""Keep-updated exports: written at once, again only when the content changed, atomically, and
from cached entries (one entry read again after one edit)."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

from refman.cli.main import main
from refman.library import Library

JABREF = Path(__file__).parent / "data" / "jabref" / "jabref-authors.bib"


def test_keep_updated_writes_only_changes_atomically_and_from_the_cache(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(JABREF)
        target = tmp_path / "out" / "thesis.bib"
        spec, written = lib.keep_updated(target, "bibtex", 'in:"By status"')
        assert written and spec.query == 'in:"By status"'
        first = target.read_text(encoding="utf-8")
        assert first.count("\n@") + first.startswith("@") >= lib.count('in:"By status"')
        before = os.stat(target)
        assert lib.refresh_keep_updated() == [(str(target.resolve()), False)]
        assert os.stat(target).st_mtime_ns == before.st_mtime_ns and os.stat(target).st_ino == before.st_ino

        cache = lib.store.entry_cache
        assert cache is not None and len(cache) == lib.count('in:"By status"')
        kept = dict(cache)
        edited = lib.get(lib.search_ids('in:"By status"')[0])
        lib.update_entry(dataclasses.replace(edited, title="A title changed in refman"))
        assert lib.refresh_keep_updated() == [(str(target.resolve()), True)]
        text = target.read_text(encoding="utf-8")
        assert "A title changed in refman" in text
        assert os.stat(target).st_ino != before.st_ino  # replaced by rename, never rewritten in place
        assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
        assert all(cache[i] is kept[i] for i in kept if i != edited.id)  # only the edited entry read again
        assert cache[edited.id] is not kept[edited.id]  # type: ignore[index]

        # A change outside the view leaves the file alone; one inside it rewrites it.
        outside = lib.search_ids('-in:"By status"')[0]
        lib.change_tags([outside], add=["x"])
        assert lib.refresh_keep_updated()[0][1] is False
        lib.trash([edited.id])  # type: ignore[list-item]
        lib.refresh_keep_updated()
        assert "A title changed in refman" not in target.read_text(encoding="utf-8")
        lib.stop_keep_updated(target)
        assert lib.keep_updated_exports() == []
    finally:
        lib.close()


def test_cli_keep_updated_and_exports(tmp_path: Path) -> None:
    db, out_file = tmp_path / "lib.sqlite", tmp_path / "all.bib"

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(["--library", str(db), *argv], out, err), out.getvalue(), err.getvalue()

    assert run("import", str(JABREF))[0] == 0
    code, _, err = run("export", "-o", str(out_file), "--keep-updated")
    assert code == 0 and "kept up to date" in err
    assert out_file.read_text(encoding="utf-8") == JABREF.read_text(encoding="utf-8")
    assert run("exports")[1].startswith(f"{out_file}\tbibtex\t(all)\t")
    assert run("exports", "--refresh")[1] == f"{out_file}\tunchanged\n"
    assert run("trash", "GarridoKallstromKummEtAl2016")[0] == 0
    assert run("exports", "--refresh")[1] == f"{out_file}\twritten\n"
    assert "GarridoKallstromKummEtAl2016" not in out_file.read_text(encoding="utf-8")
    code, _, err = run("export", "--keep-updated")
    assert code == 1 and "needs -o FILE" in err
    assert run("exports", "--rm", str(out_file))[0] == 0
    code, _, err = run("exports", "--rm", str(out_file))
    assert code == 1 and "not kept up to date" in err


MACROS_BIB = r"""@String{jcp = {Journal of Chemical Physics}}
@String{ieee = {IEEE Transactions on Software Engineering}}

@Article{smith2001,
  author = {Smith, Anna and M{\"u}ller, J{\"o}rg},
  title = {Caching what was rendered},
  journal = jcp,
  year = {2001}
}

@Article{jones2002,
  author = {Jones, Bo},
  title = {Re-rendering only what changed},
  journal = ieee,
  year = {2002},
  groups = {Reading}
}

@Article{undef2004,
  author = {Undefined, Una},
  title = {A macro no file defines yet},
  journal = jxyz,
  year = {2004}
}

@Book{plain2003,
  author = {Plain, Pat},
  title = {No Macros Here},
  publisher = {Press},
  year = {2003}
}

@Comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Reading\;0\;1\;\;\;\;;
}
"""

CSL = """[{"id": "csl2020", "type": "article-journal", "title": "From CSL-JSON, written canonically",
   "author": [{"family": "Żółć", "given": "Gęśla"}], "issued": {"date-parts": [[2020]]},
   "container-title": "Journal of Tests"}]"""


def _fresh_export(db: Path | str, fmt: str, query: str, **options: object) -> str:
    """What an export without any cache writes: a new Library on the same file."""
    other = Library.open(db)
    try:
        out = io.StringIO(newline="")
        other.export(out, fmt, query or None, **options)
        return out.getvalue()
    finally:
        other.close()


def test_cached_re_exports_equal_fresh_exports_after_every_kind_of_change(tmp_path: Path) -> None:
    """The rendered-entries cache (library.export_cache) must never write what a fresh export
    would not: edits of raw and canonical entries, a renamed key, collections (groups fields)
    and the Trash, for the whole library, a collection, BibLaTeX and ASCII."""
    db = tmp_path / "lib.sqlite"
    lib = Library.open(db)
    try:
        (tmp_path / "m.bib").write_text(MACROS_BIB, encoding="utf-8")
        (tmp_path / "c.json").write_text(CSL, encoding="utf-8")
        lib.import_file(tmp_path / "m.bib")
        lib.import_file(tmp_path / "c.json")
        views = [(tmp_path / "all.bib", "bibtex", "", {}), (tmp_path / "reading.bib", "bibtex", "in:Reading", {}),
                 (tmp_path / "all-latex.bib", "biblatex", "", {"ascii": True}),
                 (tmp_path / "some.bib", "bibtex", "year:2001", {})]
        for path, fmt, query, options in views:
            lib.keep_updated(path, fmt, query, **options)

        def check(what: str) -> None:
            lib.refresh_keep_updated()
            for path, fmt, query, options in views:
                assert path.read_text(encoding="utf-8") == _fresh_export(db, fmt, query, **options), (what, path)

        check("registered")
        some = (tmp_path / "some.bib").read_text(encoding="utf-8")
        assert "@String{jcp" in some and "@String{ieee" not in some  # only the macros its entries use
        cache = lib._export_cache(str((tmp_path / "all.bib").resolve()))
        csl = lib.by_key("csl2020")
        assert csl.id is not None and csl.id in cache.rendered
        canonical_text = cache.rendered[csl.id][3]

        smith = lib.by_key("smith2001")
        lib.update_entry(dataclasses.replace(smith, title="Caching what was rendered, edited"))
        check("a raw entry edited (now canonical, unchanged groups verbatim)")
        assert cache.rendered[csl.id][3] is canonical_text  # an unchanged entry is not rendered again

        undef = lib.by_key("undef2004")
        lib.update_entry(dataclasses.replace(undef, title="Edited while its macro was undefined"))
        check("an entry using an undefined macro edited")
        (tmp_path / "abbrev.bib").write_text("@String{jxyz = {Journal of XYZ}}\n", encoding="utf-8")
        lib.import_file(tmp_path / "abbrev.bib")
        check("the macro an edited entry's source uses defined by another file")
        lib.update_entry(dataclasses.replace(lib.by_key("csl2020"), title="A canonical entry edited"))
        check("a canonical entry edited")
        jones = lib.by_key("jones2002")
        with lib.store.transaction() as txn:  # what regenerating keys by the formula does
            txn.set_citekeys({jones.id or 0: "Jones2002new"})
        check("an unedited entry's key changed by the library")
        assert "@Article{Jones2002new," in (tmp_path / "reading.bib").read_text(encoding="utf-8")
        lib.update_entry(dataclasses.replace(lib.by_key("Jones2002new"), citekey="jones2002b"))
        check("a key renamed by the user")
        reading = lib.collection_by_path("Reading")
        lib.add_to_collection(reading.id, [lib.by_key("plain2003").id or 0, csl.id])
        check("entries put in a collection (their groups fields)")
        text = (tmp_path / "reading.bib").read_text(encoding="utf-8")
        assert text.count("groups = {Reading}") == 3 and "@Book{plain2003" in text
        lib.remove_from_collection(reading.id, [csl.id])
        check("an entry taken out of a collection")
        assert "csl2020" not in (tmp_path / "reading.bib").read_text(encoding="utf-8")
        assert (tmp_path / "all.bib").read_text(encoding="utf-8").count("groups = {Reading}") == 2
        lib.rename_collection(reading.id, "To read")
        views[1] = (tmp_path / "reading.bib", "bibtex", "in:Reading", {})
        check("a collection renamed")
        lib.trash([lib.by_key("plain2003").id or 0])
        check("an entry trashed")
        lib.restore_entries(lib.trashed_ids())
        check("an entry restored")
    finally:
        lib.close()


def test_cached_re_export_of_a_collection_on_every_backend(library_location: str, tmp_path: Path) -> None:
    """The export cache's queries (raw texts and stamps, a collection's memberships) on SQLite and
    PostgreSQL: what a refresh writes after edits is what a fresh export writes."""
    lib = Library.open(library_location)
    try:
        (tmp_path / "m.bib").write_text(MACROS_BIB, encoding="utf-8")
        lib.import_file(tmp_path / "m.bib")
        reading = lib.collection_by_path("Reading")
        lib.add_to_collection(reading.id, [lib.by_key("plain2003").id or 0])
        target = tmp_path / "reading.bib"
        lib.keep_updated(target, "bibtex", "in:Reading")
        smith = lib.by_key("jones2002")
        lib.update_entry(dataclasses.replace(smith, title="Edited on this backend"))
        lib.remove_from_collection(reading.id, [lib.by_key("plain2003").id or 0])
        lib.refresh_keep_updated()
        text = target.read_text(encoding="utf-8")
        assert text == _fresh_export(library_location,
                                     "bibtex", "in:Reading")
        assert "Edited on this backend" in text and "plain2003" not in text and "groups = {Reading}" in text
    finally:
        lib.close()
