"""Store.search_ids' fast path (issue 6; PostgreSQL too since issue 16) answers exactly what the
SQL path answers.

Word, year and negated queries in date-added order are answered from the FTS table and a cached
(rank, year) table instead of `ORDER BY added, id`, and so are pages of rows (`Library.search`);
the store's SQL-only path (`_sql_ids`) is the reference. The cache must follow every change to
the library, including changes made through another connection.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from refman.core.model import Entry, ParseResult, Person
from refman.core.query import parse_query
from refman.library import Library

WORDS = ["climate", "security", "water", "conflict", "theory", "model", "peace", "art"]
QUERIES = [
    "", "climate", "clim", "secur water", '"water conflict"', "author:berg", "title:theory",
    "year:2000..2010", "year:..1999", "year:2015..", "year:2005", "climate year:2000..2012",
    "model OR art", "(model OR art) year:1995..2020", "model year:1990..2020 year:2000..2005",
    "zzzz", "-climate", "type:book", "climate -water", "key:k1*", "-climate -water",
    "-year:2000..2010", "-climate year:2000..2010", "-(model OR art)", "-(climate water)",
    "title:theory -author:berg", "-zzzz", "-climate type:book",
]


def _entries(n: int, start: int = 0, shuffled: bool = True) -> list[Entry]:
    base = datetime(2020, 1, 1)
    out = []
    for i in range(start, start + n):
        words = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5))
        out.append(Entry(
            citekey=f"k{i}",
            entry_type="book" if i % 4 == 0 else "article",
            title=f"{words} {i}",
            year=None if i % 9 == 0 else 1990 + (i * 7) % 35,
            contributors=(Person("van der Berg" if i % 5 == 0 else f"Author{i % 13}", "A."),),
            # Dates added out of id order, with ties, as after merges and undo.
            added=base + timedelta(days=(i * 37) % 50 if shuffled else i),
        ))
    return out


def _import(lib: Library, entries: list[Entry], name: str) -> None:
    lib.import_result(ParseResult(format="csljson", entries=tuple(entries)), name)


def _check(lib: Library) -> None:
    for q in QUERIES:
        for descending in (False, True):
            by_sql = lib.store._sql_ids(parse_query(q), None, descending)
            assert lib.search_ids(q, descending=descending) == by_sql, (q, descending)
            assert lib.search_ids(q, "added", descending) == by_sql, (q, descending)
            assert [s.id for s in lib.search(q, descending=descending)] == by_sql, (q, descending)
            page = [s.id for s in lib.search(q, descending=descending, offset=5, limit=7)]
            assert page == by_sql[5:12], (q, descending)


def test_fast_path_matches_sql_and_follows_changes(library_location: str) -> None:
    lib = Library.open(library_location)
    _import(lib, _entries(120), "a.json")
    _check(lib)
    assert len(lib.search_ids("climate")) > 10
    assert 0 < len(lib.search_ids("year:2000..2010")) < 120

    _import(lib, _entries(40, 120), "b.json")  # the cache must notice the new entries
    _check(lib)
    assert len(lib.search_ids("")) == 160

    victims = lib.search_ids("water")[:7]
    lib.delete(victims)
    _check(lib)
    assert not set(victims) & set(lib.search_ids(""))

    e = lib.get(lib.search_ids("")[0])
    lib.update_entry(dataclasses.replace(e, year=1950, title="unheard-of words"))
    assert lib.search_ids("year:1950") == [e.id]
    assert lib.search_ids("unheard") == [e.id]
    _check(lib)

    other = Library.open(library_location)  # another connection writes
    _import(other, _entries(10, 500), "c.json")
    other.close()
    assert len(lib.search_ids("")) == 163
    _check(lib)
    lib.close()


def test_fast_path_in_id_order_matches_sql(tmp_path: Path) -> None:
    """Dates added in id order (the usual case: imports stamp rows as they insert them) take
    the plain-int sort; an entry dated earlier than the rest switches back to the rank table."""
    lib = Library.open(tmp_path / "lib.sqlite")
    _import(lib, _entries(150, shuffled=False), "a.json")
    assert lib.store._order_index()[2] is True
    _check(lib)
    _import(lib, [dataclasses.replace(_entries(1, 900)[0], added=datetime(1999, 1, 1))], "old.json")
    assert lib.store._order_index()[2] is False
    _check(lib)
    assert lib.search_ids("")[0] == lib.by_key("k900").id
    lib.close()


@pytest.mark.parametrize("query", ["cited-by:k1", "cites:k2", "doi:10.1/x"])
def test_other_queries_still_go_through_sql(library: Library, query: str) -> None:
    _import(library, _entries(30), "a.json")
    assert library.search_ids(query) == [s.id for s in library.search(query)]


def test_the_trash_read_through_the_driver_matches_sql(tmp_path: Path) -> None:
    """Opening the Trash reads its ids through the SQLite driver (no SQLAlchemy result processing):
    the same ids in the same order as the SQL path, dates added out of id order and tied."""
    lib = Library.open(tmp_path / "lib.sqlite")
    _import(lib, _entries(120), "a.json")
    lib.trash([i for i in lib.search_ids("") if i % 3 != 0])
    trash = parse_query("is:trashed")
    for descending in (False, True):
        by_sql = lib.store._sql_ids(trash, None, descending)
        assert len(by_sql) == 80
        assert lib.search_ids(trash, descending=descending) == by_sql
        assert lib.search_ids(trash, "added", descending) == by_sql
    lib.close()
