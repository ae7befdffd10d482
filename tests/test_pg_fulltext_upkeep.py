"""PostgreSQL's full-text indexes stay fast to search while a library is written (issue 16).

A GIN index takes new rows into a pending list that every search reads in full. At the server's
default size (4 MB) the planner chose a sequential scan of the whole full-text table instead of
the index after a 100k-entry import (word searches 50-160 ms instead of 5-20). So: writers keep
the list small (pg_engine.PENDING_LIST_KB), and a bulk copy or import merges it at the end.
Sizes are read with pgstattuple's pgstatginindex (in postgresql-contrib, as unaccent is).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.cli.main import main
from refman.core.model import Entry, ParseResult, Person
from refman.library import Library
from refman.store.pg_engine import PENDING_LIST_KB
from tests.pg import pg_schema_url

PAGE_KB = 8  # PostgreSQL's block size


@pytest.fixture
def pg_location() -> Iterator[str]:
    with pg_schema_url() as url:
        yield url


def _entries(n: int) -> tuple[Entry, ...]:
    words = ["climate", "security", "water", "conflict", "theory", "model", "peace", "art", "policy"]
    return tuple(
        Entry(citekey=f"k{i}", title=f"{words[i % 9]} {words[(i * 5) % 9]} study number {i} of regional {i * 7}",
              year=1990 + i % 30, contributors=(Person(f"Author{i % 97}", "A."), Person(f"Second{i}", "B.")),
              abstract=f"An abstract of entry {i} about {words[(i * 2) % 9]} and {words[(i * 4) % 9]} "
                       f"with distinct tokens t{i}a t{i}b t{i}c t{i}d t{i}e t{i}f")
        for i in range(n))


def _pending_pages(lib: Library) -> list[int]:
    raw = lib.store._driver()
    raw.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public")
    return [int(raw.execute("SELECT pending_pages FROM public.pgstatginindex(%s::regclass)", (ix,)).fetchone()[0])
            for ix in ("ix_entries_fts", "ix_entries_fts_abstract")]


def test_writes_keep_the_pending_lists_small(pg_location: str) -> None:
    lib = Library.open(pg_location)
    try:
        # 4,000 entries in one ordinary (not bulk) import: about 1.5 MB of new index entries.
        lib.import_result(ParseResult(format="csljson", entries=_entries(4000)), "a.json")
        assert lib.count() == 4000
        pending = _pending_pages(lib)
        assert all(p <= PENDING_LIST_KB // PAGE_KB + 1 for p in pending), pending
        assert len(lib.search_ids("regional")) == 4000
        assert lib.search_ids("t123c") == [lib.by_key("k123").id]
    finally:
        lib.close()


def test_a_bulk_copy_leaves_no_pending_entries(tmp_path: Path, pg_location: str) -> None:
    src_path = tmp_path / "src.sqlite"
    src = Library.open(src_path)
    src.import_result(ParseResult(format="csljson", entries=_entries(1500)), "a.json")
    src.close()
    err = io.StringIO()
    assert main(["copy-library", str(src_path), pg_location], io.StringIO(), err) == 0, err.getvalue()
    lib = Library.open(pg_location)
    try:
        assert _pending_pages(lib) == [0, 0]
        assert lib.search_ids("t77e") == [lib.by_key("k77").id]
    finally:
        lib.close()


def test_a_colleague_who_does_not_own_the_tables_can_bulk_copy(tmp_path: Path, pg_location: str) -> None:
    """Merging a pending list needs the index's owner: a lab member with only read and write
    rights still copies (and imports) in bulk; the merge is left to autovacuum then."""
    import uuid

    import psycopg

    Library.open(pg_location).close()  # the owner creates the tables
    role = "colleague_" + uuid.uuid4().hex[:8]
    dsn = pg_location.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = dsn.split("search_path%3D", 1)[1].split("%2C", 1)[0]
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        admin.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {role}")
        admin.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    try:
        src_path = tmp_path / "src.sqlite"
        src = Library.open(src_path)
        src.import_result(ParseResult(format="csljson", entries=_entries(300)), "a.json")
        src.close()
        user = pg_location.split("://", 1)[1].split("@", 1)[0]
        as_colleague = pg_location.replace(f"://{user}@", f"://{role}@", 1)
        err = io.StringIO()
        assert main(["copy-library", str(src_path), as_colleague], io.StringIO(), err) == 0, err.getvalue()
        lib = Library.open(as_colleague)
        try:
            assert lib.count() == 300
            assert lib.search_ids("t77e") == [lib.by_key("k77").id]
        finally:
            lib.close()
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
