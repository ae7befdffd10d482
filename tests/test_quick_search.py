"""`refman search` without SQLAlchemy (refman.store.quick) gives what the Store gives, or declines."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from refman.cli.main import main
from refman.core.errors import QuerySyntaxError
from refman.core.model import Entry, ParseResult, Person
from refman.library import Library
from refman.store.quick import head_revision, quick_search

WORDS = ["climate", "security", "water", "conflict", "theory", "model", "peace", "art"]
ANSWERED = [
    "", "climate", "clim", "secur water", '"water conflict"', "title:theory", "author:berg", "author:stöckl",
    "year:2000..2010", "year:..1999", "year:2015..", "year:2005", "climate year:2000..2012", "model OR art",
    "(model OR art) year:1995..2020", "model year:1990..2020 year:2000..2005", "zzzz", "journal:nature",
]
DECLINED = ["-climate", "type:book", "key:k1*", "doi:10.1/x", "publisher:press", "cited-by:k1", "climate -water"]


def _entries(n: int) -> list[Entry]:
    base = datetime(2020, 1, 1)
    return [Entry(citekey=f"k{i}", entry_type="book" if i % 4 == 0 else "article-journal",
                  title=" ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5)) + f" {i}",
                  year=None if i % 9 == 0 else 1990 + (i * 7) % 35,
                  contributors=(Person("Stöckl" if i % 7 == 0 else "van der Berg" if i % 5 == 0 else f"Author{i % 13}",
                                       "A."),),
                  container="Nature" if i % 6 == 0 else "Journal of Examples",
                  # dates added out of id order, with ties, as after merges and undo
                  added=base + timedelta(days=(i * 37) % 50))
            for i in range(n)]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "lib.sqlite"
    lib = Library.open(path)
    lib.import_result(ParseResult(format="csljson", entries=tuple(_entries(150))), "a.json")
    lib.close()
    return path


def test_answers_what_the_store_answers(library: Path) -> None:
    lib = Library.open(library)
    try:
        for q in ANSWERED:
            for descending in (False, True):
                found = quick_search(str(library), q, descending)
                assert found is not None, q
                rows, total = found
                assert rows == lib.search(q, descending=descending), (q, descending)
                assert total == lib.count() == 150
        assert len(quick_search(str(library), "climate")[0]) > 10  # type: ignore[index]
        assert quick_search(str(library), "", limit=7)[0] == lib.search("", limit=7)  # type: ignore[index]
    finally:
        lib.close()


def test_leaves_the_trash_out_as_the_store_does(library: Path, tmp_path: Path) -> None:
    copy = tmp_path / "trash.sqlite"
    copy.write_bytes(library.read_bytes())
    lib = Library.open(copy)
    try:
        gone = lib.search_ids("climate")[:3]
        lib.trash(gone)
        for q in ("", "climate", "climate year:2000..2012"):
            found = quick_search(str(copy), q)
            assert found is not None, q
            rows, total = found
            assert rows == lib.search(q), q
            assert not {r.id for r in rows} & set(gone)
            assert total == lib.count() == 147
    finally:
        lib.close()


def test_declines_what_it_does_not_handle(library: Path, tmp_path: Path) -> None:
    for q in DECLINED:
        assert quick_search(str(library), q) is None, q
    assert quick_search(str(tmp_path / "absent.sqlite"), "climate") is None  # the Store creates it
    assert quick_search("postgresql://localhost/refman", "climate") is None
    assert quick_search(f"sqlite:///{library}", "climate") is not None
    with pytest.raises(QuerySyntaxError):
        quick_search(str(library), "year:soon")


def test_declines_a_library_that_needs_a_migration(library: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    old.write_bytes(library.read_bytes())
    con = sqlite3.connect(old)
    con.execute("UPDATE alembic_version SET version_num = 'older'")
    con.commit()
    con.close()
    assert quick_search(str(old), "climate") is None


def test_head_revision_follows_the_migration_files() -> None:
    from refman.store.engine import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def test_cli_prints_the_same_on_both_paths(library: Path) -> None:
    for q in ("climate", "year:2000..2010", "model OR art", ""):
        quick = _cli("-L", str(library), "search", *q.split())
        ordinary = _cli("-L", str(library), "search", *q.split(), "--sort", "added")  # a sort column: the Store
        assert quick == ordinary, q
        assert quick[0] == 0 and quick[2].endswith(" of 150 entries\n")
    code, _, err = _cli("-L", str(library), "search", "year:soon")
    assert code == 1 and err.startswith("refman: ")


def test_search_imports_neither_sqlalchemy_nor_qt(library: Path) -> None:
    code = ("import sys; from refman.launcher import main; main(['-L', sys.argv[1], 'search', 'climate']); "
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'PySide6', 'bibtexparser') if m in sys.modules),"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "[]"
    assert "k" in proc.stdout


def test_leaves_out_the_trash_as_the_store_does(library: Path, tmp_path: Path) -> None:
    trashed = tmp_path / "trashed.sqlite"
    trashed.write_bytes(library.read_bytes())
    lib = Library.open(trashed)
    try:
        first = lib.search("", limit=5)
        lib.trash([s.id for s in first[:3] if s.id is not None] + [s.id for s in lib.search("climate")[:2]
                                                                   if s.id is not None])
        for q in ("", "climate", "year:2000..2010"):
            found = quick_search(str(trashed), q)
            assert found is not None, q
            assert found[0] == lib.search(q), q
            assert found[1] == lib.count() < 150
    finally:
        lib.close()


def test_first_rows_are_the_stores_first_page(library: Path, tmp_path: Path) -> None:
    """The desktop app's first paint (refman.store.quick.first_rows) shows the rows the table's
    own page query shows in the default view: the same rows in the same order."""
    from refman.store.quick import first_rows

    lib = Library.open(library)
    try:
        found = first_rows(str(library), 40)
        assert found is not None
        assert found.rows == lib.search("", None, False, 0, 40) and found.total == lib.count() == 150
        whole = first_rows(str(library), 1000)
        assert whole is not None and (whole.rows, whole.total) == (lib.search("", None, False, 0, 1000), 150)
        assert found.unchanged() and whole.unchanged()
        found.close()
        whole.close()
    finally:
        lib.close()
    assert first_rows(str(tmp_path / "absent.sqlite"), 40) is None


def test_first_rows_tell_when_the_library_changed_since(library: Path, tmp_path: Path) -> None:
    from refman.store.quick import first_rows

    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(library.read_bytes())
    read = first_rows(str(copy), 10)
    assert read is not None
    lib = Library.open(copy)  # opening and reading commit nothing
    try:
        lib.search("", limit=5)
        assert read.unchanged()
        lib.trash([read.rows[0].id or 0])  # another connection commits
        assert not read.unchanged()
    finally:
        lib.close()
        read.close()
    assert not read.unchanged()  # closed: it can no longer tell, so it says "changed"


def test_entries_in_the_trash_are_not_found(tmp_path: Path) -> None:
    """As on the ordinary path: the Trash keeps entries out of searches and out of the count."""
    path = tmp_path / "trash.sqlite"
    lib = Library.open(path)
    lib.import_result(ParseResult(format="csljson", entries=tuple(_entries(20))), "a.json")
    trashed = [lib.by_key(k).id for k in ("k3", "k4")]
    lib.trash(trashed)  # type: ignore[arg-type]
    expected = [s.citekey for s in lib.search("")], lib.count()
    lib.close()
    found = quick_search(str(path), "")
    assert found is not None
    rows, total = found
    assert ([r.citekey for r in rows], total) == expected
    assert "k3" not in [r.citekey for r in rows] and total == 18
