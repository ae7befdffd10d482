"""Search queries that once overflowed the stack or SQLite's expression depth (found while fuzzing)."""

from __future__ import annotations

import pytest

from refman.core.errors import QuerySyntaxError
from refman.core.query import MAX_NESTING, MAX_TERMS, And, Text, parse_query
from refman.library import Library


def test_5000_open_parentheses_parse() -> None:
    assert parse_query("(" * 5000 + "water") == Text(("water",))
    assert parse_query("(" * 5000 + "a" + ")" * 5000 + " b") == And((Text(("a",)), Text(("b",))))


def test_nesting_beyond_the_limit_is_flattened_not_fatal(library: Library) -> None:
    library.import_text("@article{w, title = {Water governance}, year = 2020}\n", "w.bib")
    deep = "-(" * (MAX_NESTING + 20) + "drought" + ")" * (MAX_NESTING + 20)
    assert library.count(deep) in (0, 1)  # runs; the exact meaning of 50 nested negations is moot
    assert library.count("(" * 200 + "water" + ")" * 200) == 1


def test_too_many_terms_is_a_typed_error_with_a_message(library: Library) -> None:
    query = " OR ".join(f"t{i}" for i in range(MAX_TERMS + 1))
    with pytest.raises(QuerySyntaxError, match=f"at most {MAX_TERMS}"):
        library.count(query)
    assert library.count(" OR ".join(f"t{i}" for i in range(MAX_TERMS))) == 0  # the limit itself works


def test_publisher_search_does_not_reach_the_fts_index(library: Library) -> None:
    """Found by fuzzing: `publisher:` became an FTS column filter, and the index has no such column."""
    library.import_text("@book{b, title = {Rivers}, publisher = {Island Press}, year = 2001}\n"
                        "@book{c, title = {Island Life}, publisher = {Other}, year = 2002}\n", "p.bib")
    assert library.count("publisher:island") == 1
    assert library.count("publisher:isl -title:rivers") == 0
    assert library.count("rivers OR publisher:other") == 2
