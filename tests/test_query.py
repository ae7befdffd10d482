from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refman.core.errors import QuerySyntaxError
from refman.core.query import And, Exact, MatchAll, Not, Or, RelationTo, Text, YearRange, parse_query


def test_bare_words_and_fields() -> None:
    q = parse_query('deep author:stöckl title:"climate security" year:2020..2024 -type:book')
    assert isinstance(q, And)
    assert q.nodes[0] == Text(("deep",))
    assert q.nodes[1] == Text(("stöckl",), "contributors")
    assert q.nodes[2] == Text(("climate", "security"), "title", phrase=True)
    assert q.nodes[3] == YearRange(2020, 2024)
    assert q.nodes[4] == Not(Exact("entry_type", "book"))


def test_or_and_groups() -> None:
    q = parse_query("(war OR peace) year:..2010")
    assert q == And((Or((Text(("war",)), Text(("peace",)))), YearRange(None, 2010)))


def test_relations() -> None:
    assert parse_query("cited-by:muhammad2024") == RelationTo("cited-by", "muhammad2024")
    assert parse_query("cites:smith2020") == RelationTo("cites", "smith2020")


def test_degenerate_queries_match_all() -> None:
    for text in ["", "   ", "OR", "AND OR", "()", "-", '"', ")(", "title:"]:
        assert parse_query(text) == MatchAll(), text


def test_unbalanced_quote_becomes_phrase() -> None:
    assert parse_query('"climate change') == Text(("climate", "change"), None, phrase=True)


def test_bad_year_is_a_clear_error() -> None:
    with pytest.raises(QuerySyntaxError, match="year"):
        parse_query("year:abc")


@given(st.text())
def test_parser_is_total(text: str) -> None:
    with contextlib.suppress(QuerySyntaxError):
        parse_query(text)
