"""JabRef search groups: both of JabRef's search syntaxes translated into refman's query language
where the meaning is the same (real JabRef-written files, see tests/data/jabref/README.md), and
refman's own saved searches written as search groups that JabRef reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refman.core.jabref_groups import parse_grouping
from refman.core.jabref_search import JabrefSearchError, parse, to_jabref, to_refman
from refman.library import Library
from refman.library.jabref_groups import grouping_block

DATA = Path(__file__).parent / "data" / "jabref"


def _queries(lib: Library) -> dict[str, str]:
    return {s.name: s.query for s in lib.saved_searches()}


@pytest.mark.parametrize("name", ["Chocolate-5.x.bib", "Chocolate.bib", "ieee-paper-reference-text.bib"])
def test_both_syntaxes_of_the_same_groups(name: str, tmp_path: Path) -> None:
    """JabRef 5 wrote `groups != .+` with the regex flag, JabRef 6 `groups !=~ .+`: both are refman's
    is:unfiled. A test on a field refman does not search (file, readstatus) stays untranslated."""
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(DATA / name)
        queries = _queries(lib)
        assert queries["Entries without a group"] == "is:unfiled"
        assert queries["Entries without a linked file"] == ""  # kept for the export only
        assert queries["To read"] == ""  # `and readstatus != .+`: half of it cannot be said
        assert queries["Skimmed"] == "" and queries["Read"] == ""
        unfiled = lib.count("is:unfiled")
        assert 0 < unfiled == lib.count() - len(set(lib.search_ids("in:Used")) | set(lib.search_ids("in:Paywalled"))
                                                  | set(lib.search_ids('in:"imported entries"')))
        out = tmp_path / "out.bib"
        lib.export_to_file(out, "bibtex")
        assert out.read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8")  # byte for byte
    finally:
        lib.close()


def test_bare_words_of_a_2020_jabref_library(tmp_path: Path) -> None:
    """`ZEUS` and `TOSCA`, case-insensitive, no regex: any field containing the word."""
    source = DATA / "jabref-authors-2020-03.bib"
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(source)
        assert _queries(lib) == {"ZEUS": "ZEUS", "TOSCA": "TOSCA"}
        text = source.read_text(encoding="utf-8")
        entries = re.findall(r"^@(?!Comment)\w+\{[^,]*,(.*?)^\}", text, re.MULTILINE | re.DOTALL)
        searched = re.compile(r"^\s*(author|editor|title|booktitle|journal|abstract|keywords|publisher)\s*=(.*)$",
                              re.MULTILINE | re.IGNORECASE)
        for word in ("zeus", "tosca"):
            # JabRef's "any field" also reads fields refman does not search (biburl holds "zeus"):
            # the entries that say the word in a field refman searches are what refman shows.
            starting = sum(1 for e in entries
                           if any(re.search(r"\b" + word, m.group(2), re.IGNORECASE) for m in searched.finditer(e)))
            assert lib.count(word.upper()) == starting > 0, word
        out = tmp_path / "out.bib"
        lib.export_to_file(out, "bibtex")
        assert out.read_text(encoding="utf-8") == text
    finally:
        lib.close()


def test_a_bare_term_matches_word_beginnings_not_any_substring(tmp_path: Path) -> None:
    """JabRef's `g` is a substring test (it finds g2 and Sg2); refman matches words by their
    beginning: the one accepted difference, pinned here so that it stays a known one."""
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        lib.import_file(DATA / "simple-search-library.bib")
        assert _queries(lib) == {"g": "g"}
        titles = sorted(s.title for s in lib.search("g"))
        assert titles == ["g", "g2", "g3", "g4"]  # JabRef also shows Sg, Sg2, Sg3 and Sg4
    finally:
        lib.close()


@pytest.mark.parametrize(("expression", "new", "case", "regex", "expected"), [
    # the examples in JabRef's Search.g4
    ("author = miller", True, False, False, "author:miller"),
    ("author = miller and title = test", True, False, False, "author:miller title:test"),
    ("not author = miller", True, False, False, "-author:miller"),
    ("author != miller", True, False, False, "-author:miller"),
    ("miller OR author = miller", True, False, False, "miller OR author:miller"),
    ("author = miller year = 2010", True, False, False, "author:miller year:2010"),
    # CONTAINS / MATCHES, quotes, precedence of each syntax
    ('title CONTAINS "deep learning"', False, False, False, 'title:"deep learning"'),
    ("keywords MATCHES climate", False, False, False, "keyword:climate"),
    ("title MATCHES test", False, False, False, None),  # a whole-field match: refman cannot say it
    ("a and b or c", False, False, False, "a b OR c"),
    ("a or b and c", False, False, False, "(a OR b) c"),
    ("a or b and c", True, False, False, "a OR b c"),
    ("a OR b c", True, False, False, "(a OR b) c"),
    # regular expressions: the flag (older syntax) or =~ (JabRef 6)
    ("doi != .+", False, False, True, "-has:doi"),
    ("doi =~ .+", True, False, False, "has:doi"),
    ('abstract = ""', True, False, False, "-has:abstract"),
    ("title =~ ^Deep", True, False, False, None),
    ("title =~ deep", True, False, False, "title:deep"),
    ("author = smi.h", False, False, True, None),
    ("project=data|number|quant*", False, False, True, None),  # JabRef's GroupsParserTest
    # case sensitivity: refman ignores case, so only text without letters translates
    ("author =! Smith", True, False, False, None),
    ("year =! 2020", True, False, False, "year:2020"),
    ("author = Smith", False, True, False, None),
    ("Smith", True, True, False, None),
    # pseudo-fields
    ("anyfield = water", True, False, False, "water"),
    ("anykeyword = climate", True, False, False, "keyword:climate"),
    ("entrytype = book", True, False, False, "type:book"),
    ("citationkey == Smith2020", True, False, False, "key:Smith2020"),
    ("file = paper.pdf", True, False, False, None),
])
def test_translation(expression: str, new: bool, case: bool, regex: bool, expected: str | None) -> None:
    assert to_refman(expression, new, case, regex, entry_type={"book": "book"}.get) == expected


def test_what_jabref_would_not_parse_is_refused() -> None:
    for bad in ('title = "open', "author =", "(a", "a )", "= x", ""):
        with pytest.raises(JabrefSearchError):
            parse(bad)
        assert to_refman(bad) is None


@pytest.mark.parametrize(("query", "expression"), [
    ("title:deep", 'title = "deep"'),
    ('"deep learning"', 'anyfield = "deep learning"'),
    ("author:smith", '(author = "smith" or editor = "smith")'),
    ("journal:nature -title:review",
     '(journal = "nature" or journaltitle = "nature" or booktitle = "nature") and not (title = "review")'),
    ("year:2018..2020", "(year = 2018 or year = 2019 or year = 2020)"),
    ("(water OR climate) year:2019", '(anyfield = "water" or anyfield = "climate") and year = 2019'),
    ("key:Smith2020", 'citationkey == "Smith2020"'),
    ("tag:x", None), ("in:Thesis", None), ("note:read", None), ("cites:k", None), ("year:2020..", None),
    ("is:unfiled", None), ("", None),
])
def test_refman_queries_as_jabref_expressions(query: str, expression: str | None) -> None:
    assert to_jabref(query) == expression
    if expression is not None:
        parse(expression, new_syntax=True)
        parse(expression, new_syntax=False)  # the same in both of JabRef's syntaxes
        back = to_refman(expression)
        assert back is not None
        assert back.replace("(", "").replace(")", "") == query.replace("(", "").replace(")", "")  # read back


def test_own_saved_searches_are_exported_as_search_groups(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "a.sqlite")
    try:
        lib.import_file(DATA / "jabref-authors.bib")
        lib.save_search("Recent cloud papers", "cloud year:2012..2016")
        lib.save_search("Tagged", "tag:x")  # JabRef has no tags: not exported
        wanted = {s.name: lib.count(s.query) for s in lib.saved_searches()}
        out = tmp_path / "out.bib"
        lib.export_to_file(out, "bibtex")
        text = out.read_text(encoding="utf-8")
        block = grouping_block(text)
        assert block is not None
        searches = {g.name: g.fields for g in parse_grouping(block) if g.kind == "SearchGroup"}
        assert "Tagged" not in searches
        hierarchy, expression, case, regex = searches["Recent cloud papers"][:4]
        assert (hierarchy, case, regex) == ("0", "0", "0")
        assert expression.startswith('anyfield = "cloud" and (year = 2012 or')
        lib.import_file(out)  # read back into the same library: the same search, not a second one
        assert [s.name for s in lib.saved_searches()] == ["Recent cloud papers", "Tagged"]
    finally:
        lib.close()
    other = Library.open(tmp_path / "b.sqlite")
    try:
        other.import_file(out)
        queries = _queries(other)
        assert queries["Recent cloud papers"] == "cloud year:2012..2016"
        assert other.count(queries["Recent cloud papers"]) == wanted["Recent cloud papers"] > 0
        again = tmp_path / "again.bib"
        other.export_to_file(again, "bibtex")
        assert again.read_text(encoding="utf-8") == text  # and JabRef's tree stays the same from then on
    finally:
        other.close()
