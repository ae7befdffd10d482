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
