"""The journal and the by-line of pasted pages whose sites print them in their own ways, on real lines of
development-half pages (AIP, Frontiers, Wiley, Taylor & Francis, MDPI).  Each case failed before its
change (2026-12-05) unless marked as a guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.formats.article_page import read
from refman.formats.article_page.facts import licensed_work
from refman.formats.article_page.journal_names import full_journal_name
from refman.formats.article_page.labels import VOLUME_FIRST_CITE, line_fact
from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.people import read_people

PAGES = Path(__file__).parent / "data" / "pages"


def _text_article(page: str):  # type: ignore[no-untyped-def]
    return read((PAGES / page / "page.txt").read_text(encoding="utf-8"), "page.txt").entries[0]


def test_a_copyright_sentence_before_a_licence_is_not_the_licensed_work() -> None:
    line = ("© 2016 Author(s). All article content, except where otherwise noted, is licensed under a Creative "
            "Commons Attribution (CC BY) license (http://creativecommons.org/licenses/by/4.0/).")
    assert licensed_work(line) is None


def test_a_links_address_carrying_an_issn_is_not_an_issn_line() -> None:
    assert line_fact("/recommendto/form?webId=%2fcontent%2faip%2fjournal%2fapp&title=APL+Photonics&eissn=2378-0967") is None
    assert line_fact("eISSN: 2378-0967") == "issn"  # guard


def test_a_citation_with_the_volume_before_the_year() -> None:
    m = VOLUME_FIRST_CITE.match("APL Photonics 1, 026101 (2016); http://dx.doi.org/10.1063/1.4945450")
    assert m is not None and (m["journal"], m["volume"], m["pages"], m["year"]) == ("APL Photonics", "1", "026101", "2016")


@pytest.mark.parametrize(("page", "journal"), [
    ("aip-aplphotonics-sub-thz-esr", "APL Photonics"),  # was the © sentence, then "Recommend to library"
    ("frontiers-psychol-dog-cooperation", "Frontiers in Psychology"),  # the page prints "Front. Psychol"
    ("tandf-molphys-moller-plesset", "Molecular Physics"),  # was "List of Issues"
    ("euclid-duke-delocalization", "Duke Mathematical Journal"),  # the page prints "Duke Math. J."
])
def test_pasted_pages_journal(page: str, journal: str) -> None:
    assert _text_article(page).container == journal


def test_an_expanded_abbreviation_is_kept_as_shortjournal() -> None:
    article = _text_article("frontiers-psychol-dog-cooperation")
    assert article.extra_value("shortjournal") == "Front. Psychol"


@pytest.mark.parametrize(("name", "full"), [
    ("Front. Psychol", "Frontiers in Psychology"),
    ("Adv. Sci.", "Advanced Science"),
    ("Duke Math. J.", "Duke Mathematical Journal"),  # from the mathematics lists, not the general one
    ("Phys. Rev. B", "Physical Review B"),
    ("Nature", None),  # guard: a name in full is left alone
    ("Journal of Nowhere Studies.", None),  # guard: unknown
])
def test_full_journal_name(name: str, full: str | None) -> None:
    assert full_journal_name(name) == full


def test_a_name_with_its_affiliation_run_on_and_a_lone_ampersand() -> None:
    lines = split_lines("\n".join([
        "Jean-Paul Malrieu Laboratoire de Chimie et Physique Quantiques , Université Paul Sabatier , Toulouse "
        "Cedex , 118 route de Narbonne, 31062, Toulouse, France",
        "&",
        "Celestino Angeli Università di Ferrara , Dipartimento di Scienze Chimiche e Farmaceutiche , Ferrara , "
        "Via Borsari 46, I-44121, Ferrara, Italy",
    ]))
    people = read_people(lines)
    assert [(p.given, p.family) for p in people.persons] == [("Jean-Paul", "Malrieu"), ("Celestino", "Angeli")]
    assert not people.problems


def test_an_institution_named_before_its_research_word_is_nobody() -> None:  # guard (MDPI)
    lines = split_lines("Oil Crops Research Institute of the Chinese Academy of Agricultural Sciences, Key "
                        "Laboratory of Biology and Genetic Improvement of Oil Crops, Wuhan 430062, China")
    assert read_people(lines).persons == []


def test_taylor_and_francis_by_line_read_by_the_rules_is_kept() -> None:
    article = _text_article("tandf-molphys-moller-plesset")
    assert [p.family for p in article.authors] == ["Malrieu", "Angeli"]


def test_an_institution_whose_name_starts_with_its_acronym_is_nobody() -> None:  # guard
    lines = split_lines("AIT Austrian Institute of Technology GmbH, Bioresources Unit, Tulln, Austria")
    assert read_people(lines).persons == []


@pytest.mark.parametrize(("page", "name", "year"), [
    # ACS: online December 2015 (the page's dates), "Cite This:ACS Comb. Sci.20161811-14" (its issue).
    ("acs-combsci-cuaac", "page.txt", 2016),
    ("acs-combsci-cuaac", "page.html", 2016),
    # Taylor & Francis: "Volume 1, Issue 4, 2015" above the title, "Published online: 26 Feb 2016".
    ("tandf-advdevmat-licoo2-combustion", "page.txt", 2015),
])
def test_the_year_is_the_issues_when_it_went_online_a_year_apart(page: str, name: str, year: int) -> None:
    text = (PAGES / page / name).read_text(encoding="utf-8")
    assert read(text, name).entries[0].year == year


@pytest.mark.parametrize("name", ["page.txt", "page.html"])
def test_a_magazine_masthead_with_the_issue_date_on_its_own_line(name: str) -> None:
    # D-Lib: "D-Lib Magazine" / "May/June 2017" / "Volume 23, Number 5/6".
    article = read((PAGES / "dlib-crowdsourcing-vanhyning" / name).read_text(encoding="utf-8"), name).entries[0]
    assert (article.container, article.year, article.volume) == ("D-Lib Magazine", 2017, "23")


@pytest.mark.parametrize("name", ["page.txt", "page.html"])
def test_a_preprint_servers_citation_and_posted_date(name: str) -> None:
    # bioRxiv: "Posted July 11, 2019." and, in its share box, "bioRxiv 696633; doi: https://doi.org/10.1101/696633".
    article = read((PAGES / "biorxiv-urine-cfdna-nucleosomal" / name).read_text(encoding="utf-8"), name).entries[0]
    assert (article.container, article.year, article.doi) == ("bioRxiv", 2019, "10.1101/696633")


def test_posted_by_someone_is_no_date() -> None:  # guard
    assert line_fact("Posted by the editors") is None


@pytest.mark.parametrize("name", ["page.txt", "page.html"])
def test_a_repositorys_publication_date_written_year_first_with_slashes(name: str) -> None:
    # OPUS 4: "Date of Publication (online):\t2021/12/13" in its metadata table, under "Author:".
    article = read((PAGES / "opus-kobv-adjoint-schemes" / name).read_text(encoding="utf-8"), name).entries[0]
    assert article.year == 2021


@pytest.mark.parametrize("name", ["page.txt", "page.html"])
def test_the_year_an_article_is_cited_by_beats_a_later_versions_date(name: str) -> None:
    # eLife: "Published December 29, 2014 Cite as eLife 2014;3:e04407"; its tags date a version of 2015-01-28.
    article = read((PAGES / "elife-drosophila-circuit-rewiring" / name).read_text(encoding="utf-8"), name).entries[0]
    assert article.year == 2014
