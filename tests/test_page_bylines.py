"""By-lines as real sites print them (zones/authors.py), read from the corpus pages themselves.

Each case is the first line of a corpus page.txt that holds the gold first author: Hindawi's footnote
numbers standing apart, IEEE Xplore's "Written by: Family, I.; …", ScienceDirect's "Author links open
overlay panel" glued to the name, First Monday's "by A, B, and C."
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.zones.authors import names_from_lines

CORPUS = Path(__file__).resolve().parent / "data" / "pages"


@pytest.mark.parametrize(
    "page",
    [
        "hindawi-wheat-foliar-phosphite",
        "ieee-fso-rf-hybrid-networks",
        "sciencedirect-comptc-bonding",
        "firstmonday-hiv-surveillance-fulltext",
        "euclid-duke-delocalization",
    ],
)
def test_by_line_gives_the_gold_authors(page: str) -> None:
    gold = json.loads((CORPUS / page / "gold.json").read_text(encoding="utf-8"))
    families = [a["family"] for a in gold["authors"]]
    lines = split_lines((CORPUS / page / "page.txt").read_text(encoding="utf-8"))
    line = next(
        ln for ln in lines
        if ln.text and all(f in ln.text for f in families) and len(ln.text) < 300 and not ln.text.startswith("Surveillance")
    )
    assert [p.family for p in names_from_lines([line])] == families, line.text


def test_features_count_names_as_the_model_was_trained() -> None:
    line = split_lines("Muaid S. Ali , 1   Apurba Sutradhar , 2   Ma Lourdes Edano")
    assert len(names_from_lines(line)) == 3
    assert len(names_from_lines(line, site_forms=False)) == 1


def test_two_authors_sharing_a_family_name_are_two_people() -> None:
    # Wiley (Advanced Science): "Liang Chen1,*," … "Xiaolong Chen2,3,*" - the second Chen was dropped.
    lines = split_lines("Jianhui Yang1,\nLiang Chen1,*,\nGang Wang2,* and\nXiaolong Chen2,3,*\nL. Chen")
    assert [(p.given, p.family) for p in names_from_lines(lines)] == [
        ("Jianhui", "Yang"), ("Liang", "Chen"), ("Gang", "Wang"), ("Xiaolong", "Chen")]


def test_the_pages_own_bibtex_record_names_the_authors() -> None:
    """USENIX prints "Alexander Bulekov, Boston University and Red Hat; Bandan Das and Stefan Hajnoczi, Red
    Hat; …" under the title, and the paper's BibTeX record lower down: the record's authors win (the
    by-line reading took "Red Hat" for a person)."""
    from refman.formats.article_page import read

    text = (CORPUS / "usenix-sec22-morphuzz" / "page.txt").read_text(encoding="utf-8")
    article = read(text, "page.txt").entries[0]
    assert [p.family for p in article.authors] == ["Bulekov", "Das", "Hajnoczi", "Egele"]


def test_a_tab_row_in_capitals_under_a_mixed_case_by_line_names_nobody() -> None:
    """Project Euclid (development page): "Mark Rudelson, Roman Vershynin", then the tabs "ABOUT" /
    "FIRST PAGE" / "CITED BY": "FIRST PAGE" was read as an author "First Page". A by-line printed all in
    capitals still reads."""
    from refman.formats import article_page
    from refman.formats.article_page.people import read_people

    page = Path(__file__).parent / "data" / "pages" / "euclid-duke-delocalization" / "page.txt"
    article = article_page.read(page.read_text(encoding="utf-8"), "page.txt").entries[0]
    assert [p.family for p in article.authors] == ["Rudelson", "Vershynin"]
    people = read_people(split_lines("Mark Rudelson, Roman Vershynin\nFIRST PAGE\n"))
    assert [p.family for p in people.persons] == ["Rudelson", "Vershynin"]
    people = read_people(split_lines("MARK RUDELSON\nROMAN VERSHYNIN\n"))
    assert len(people.persons) == 2
