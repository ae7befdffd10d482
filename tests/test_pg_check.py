"""`refman check [--repair]` and the other commands on a PostgreSQL library, through --library URL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.cli.main import main
from refman.library import Library
from tests.pg import pg_schema_url

BIB = """@article{keep2020, author = {Keep, Kay}, title = {Kept Paper}, year = 2020}
@book{book2018, author = {Raw, Rita}, title = {A Book of Stöckl}, year = 2018}
"""


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema_url() as u:
        yield u


def test_commands_on_a_server_library(url: str, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert run("-L", url, "import", str(bib))[0] == 0
    code, out = run("-L", url, "search", "stockl")
    assert code == 0 and "book2018" in out
    code, out = run("-L", url, "show", "keep2020")
    assert code == 0 and "Kept Paper" in out
    out_bib = tmp_path / "out.bib"
    assert run("-L", url, "export", "-o", str(out_bib))[0] == 0
    assert "keep2020" in out_bib.read_text(encoding="utf-8")
    code, out = run("-L", url, "restore", str(out_bib))
    assert code == 1 and "server library is backed up by its administrator" in out  # one line, no traceback


def test_check_finds_and_repairs_a_missing_fulltext_row(url: str, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    lib = Library.open(url)
    lib.import_file(bib)
    victim = lib.by_key("book2018").id
    with lib.store.engine.begin() as conn:  # damage behind refman's back
        conn.exec_driver_sql(f"DELETE FROM entries_fts WHERE rowid = {victim}")
    lib.close()
    code, out = run("-L", url, "check")
    assert code == 1 and "full-text index is missing 1 entries" in out
    code, out = run("-L", url, "check", "--repair")
    assert "rebuilt the full-text index for 2 entries" in out
    assert run("-L", url, "check")[0] == 0
    code, out = run("-L", url, "search", "stockl")
    assert "book2018" in out
