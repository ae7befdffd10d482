"""`refman check [--repair]` on a real library file damaged behind refman's back with sqlite3."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from refman.cli.main import main
from refman.core.model import Entry, ParseResult, Person
from refman.library import Library

BIB = """@article{keep2020, author = {Keep, Kay}, title = {Kept Paper}, year = 2020}
@article{gone2019, author = {Gone, Gus}, title = {Deleted Behind Our Back}, year = 2019}
@book{rawless2018, author = {Raw, Rita}, title = {Lost Its Raw Record}, year = 2018}
"""


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


def _build(path: Path, tmp: Path) -> None:
    lib = Library.open(path)
    bib = tmp / "refs.bib"
    bib.write_text(BIB)
    lib.import_file(bib)
    article = Entry(title="Citing Article", contributors=(Person("Cite", "Carl"),), year=2024)
    refs = (Entry(title="Kept Paper", contributors=(Person("Keep", "Kay"),), year=2020),
            Entry(title="Deleted Behind Our Back", contributors=(Person("Gone", "Gus"),), year=2019))
    lib.import_result(ParseResult(format="article-page", entries=(article, *refs), citing_index=0,
                                  cited_indexes=(1, 2), raw_texts=("page", "a", "b")), "page.txt")
    assert lib.store.integrity_problems() == []
    lib.close()


def _damage(path: Path) -> None:
    """What a crash, a sync tool or a hand edit without foreign keys can leave behind."""
    db = sqlite3.connect(path)  # foreign keys are off by default in sqlite3
    ids = dict(db.execute("SELECT citekey, id FROM entries").fetchall())
    db.execute("DELETE FROM entries WHERE id = ?", (ids["gone2019"],))  # relations, FTS and records dangle
    rid = db.execute("SELECT raw_record_id FROM entries WHERE id = ?", (ids["rawless2018"],)).fetchone()[0]
    assert rid is not None
    db.execute("DELETE FROM records WHERE id = ?", (rid,))
    db.execute("UPDATE entries SET title = 'Renamed Without Index' WHERE id = ?", (ids["keep2020"],))
    db.commit()
    db.close()


def test_check_reports_and_repair_fixes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path, tmp_path)
    assert run("--library", str(path), "check") == (0, "library OK\n")
    _damage(path)

    code, out = run("--library", str(path), "check")
    assert code == 1
    assert "relation: entry" in out and "cites entry" in out and "does not exist" in out
    assert "claims raw record" in out and "rawless2018" in out
    assert "points to entry" in out  # the deleted entry's raw record
    assert "full-text index has" in out and "out of date" in out

    code, out = run("--library", str(path), "check", "--repair")
    assert code == 0, out
    assert "repaired: removed 1 relations" in out
    assert "repaired: unlinked 1 entries from missing raw records" in out
    assert "repaired: rebuilt the full-text index" in out
    assert out.rstrip().endswith("library OK")
    assert run("--library", str(path), "check") == (0, "library OK\n")

    lib = Library.open(path)
    try:
        assert lib.count("renamed without index") == 1  # the index follows the table again
        assert lib.count("deleted behind") == 0
        rawless = lib.by_key("rawless2018")
        assert rawless.title == "Lost Its Raw Record" and lib.raw_record(rawless.id or 0) is None
        assert len(lib.backups()) >= 1  # --repair backed the damaged file up first
        buf = io.StringIO()
        assert lib.export(buf, "bibtex") == lib.count() == 3  # exports; canonical form where raw is lost
        assert "Lost Its Raw Record" in buf.getvalue()
    finally:
        lib.close()


def test_damaged_fts_index_is_found_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path, tmp_path)
    db = sqlite3.connect(path)
    db.execute("DELETE FROM entries_fts_data WHERE id > 10")  # shadow table of the FTS5 index
    db.commit()
    db.close()
    code, out = run("--library", str(path), "check")
    assert code == 1 and "full-text index" in out
    code, out = run("--library", str(path), "check", "--repair")
    assert code == 0 and "rebuilt the full-text index" in out, out
    lib = Library.open(path)
    try:
        assert lib.count("kept") == 1 and lib.count("citing") == 1
    finally:
        lib.close()
