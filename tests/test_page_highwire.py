"""HighWire-hosted pages (IJSEM here; BMJ, the Royal Society, SAGE and OUP journals used the same
platform), on the two development-half IJSEM pages and lines copied from them.  Each case failed before
the change it names (2026-12-05): before it, a pasted IJSEM page gave a section heading as its title and
5 of its 39 references, and a saved one the site's copyright year and "Next Section" in the abstract.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refman.formats.article_page import read
from refman.formats.article_page.journal_evidence import spelled_out
from refman.formats.article_page.labels import HIGHWIRE_CITE, line_fact
from refman.formats.article_page.lines import PageLine, split_lines
from refman.formats.article_page.people import parse_author_line
from refman.formats.article_page.references import clean_lines, parse_references
from refman.formats.article_page.zones.title_evidence import title_weights

PAGES = Path(__file__).parent / "data" / "pages"
DEV = ("ijsem-sulfurimonas-gotlandica", "ijsem-arthrobacter-siccitolerans")


def _page(page: str, name: str) -> str:
    return (PAGES / page / name).read_text(encoding="utf-8")


def _lines(*texts: str) -> list[PageLine]:
    return split_lines("\n".join(texts))


@pytest.mark.parametrize("text", ["Next Section", "Previous Section", "Previous SectionNext Section",
                                  "« Previous | Next Article » Table of Contents"])
def test_section_links_and_the_article_pager_are_navigation(text: str) -> None:
    assert line_fact(text) == "nav"


def test_the_this_article_citation_gives_year_volume_issue_pages_and_doi() -> None:
    line = ("Published online ahead of print June 7, 2013, doi: 10.1099/ijs.0.048827-0 IJSEM November 2013 "
            "vol. 63 no. Pt 11 4141-4148")
    m = HIGHWIRE_CITE.match(line)
    assert m is not None and line_fact(line) == "highwire-cite"
    assert (m["doi"], m["journal"], m["year"], m["volume"], m["issue"], m["pages"]) == (
        "10.1099/ijs.0.048827-0", "IJSEM", "2013", "63", "Pt 11", "4141-4148")


@pytest.mark.parametrize("page", DEV)
def test_saved_page_year_is_the_articles_not_the_sites_copyright(page: str) -> None:
    # The footer says "Copyright © 2015 International Union of Microbiological Societies".
    article = read(_page(page, "page.html"), "page.html").entries[0]
    assert article.year == 2013


@pytest.mark.parametrize("page", DEV)
def test_saved_abstract_starts_after_the_section_link_and_heading(page: str) -> None:
    abstract = read(_page(page, "page.html"), "page.html").entries[0].abstract
    assert abstract.startswith("A ") and "Next Section" not in abstract


def test_the_journals_acronym_finds_its_name_in_the_masthead() -> None:
    lines = _lines("International Journal of Systematic and Evolutionary Microbiology", "HOME", "ABOUT IJSEM")
    assert spelled_out(lines, "IJSEM") == "International Journal of Systematic and Evolutionary Microbiology"
    assert spelled_out(lines, "BMJ") == ""


def test_a_by_line_name_carrying_its_and_is_a_name() -> None:
    assert parse_author_line("Sabine Glaubitz1 and") == [("Sabine Glaubitz", ["1"])]


def test_a_section_heading_that_ends_a_cited_title_is_not_cited_itself() -> None:
    lines = _lines(
        "Sulfurimonas gotlandica sp. nov., a chemoautotrophic bacterium, and an emended description of the genus",
        "Emended description of the genus Sulfurimonas",
        "Takai, K. (2006). Sulfurimonas paralvinellae sp. nov., reclassification of Thiomicrospira denitrificans "
        "as Sulfurimonas denitrificans comb. nov. and emended description of the genus Sulfurimonas. Int J Syst",
        "National Committee for Clinical Laboratory Standards",
        "(1997). Minimum inhibitory concentration standards. Wayne, PA: National Committee for Clinical Laboratory "
        "Standards",
    )
    weights = title_weights(lines, [1, 3])
    assert weights[1] == 1.0 and weights[3] == 1.0  # neither is printed again as a title


def test_a_by_line_printed_a_name_a_line_is_the_titles() -> None:
    lines = _lines("Arthrobacter siccitolerans sp. nov., a highly desiccation-tolerant strain",
                   "L. SantaCruz-Calvo,", "J. González-López and", "M. Manzanera", "Institute for Water Research")
    assert title_weights(lines, [0])[0] == 3.0  # names on the next line


@pytest.mark.parametrize(("page", "count"), [("ijsem-sulfurimonas-gotlandica", 39),
                                              ("ijsem-arthrobacter-siccitolerans", 48)])
def test_pasted_page_reads_article_and_every_reference(page: str, count: int) -> None:
    result = read(_page(page, "page.txt"), "page.txt")
    article, refs = result.entries[0], result.entries[1:]
    assert article.title.startswith(page.split("-")[1].capitalize())
    assert article.container == "International Journal of Systematic and Evolutionary Microbiology"
    assert article.year == 2013 and article.doi.startswith("10.1099/ijs.0.")
    assert "Section" not in {p.given for p in article.contributors}
    assert len(refs) == count
    assert all(ref.year for ref in refs)


def test_backlinked_references_split_at_back_links_link_buttons_and_a_next_first_author() -> None:
    lines = _lines(
        "↵", "Narváez-Reinaldo, J. J. &", "Manzanera, M.", "(2010). Rapid method. Appl Environ Microbiol 76, 5254–5262.",
        "Abstract/FREE Full Text",
        "National Committee for Clinical Laboratory Standards", "(1997). Minimum inhibitory concentration standards.",
        "Piddock, L. J. V.", "(1990). Techniques used for the determination of resistance. J Antimicrob 26, 1–5.",
        "CrossRefMedlineGoogle Scholar",
        "↵", "Saitou, N. &", "Nei, M.", "(1987). The neighbor-joining method. Mol Biol Evol 4, 406–425.", "Abstract",
        "↵", "Zuker, M.", "(2003). Mfold web server. Nucleic Acids Res 31, 3406–3415.",
        "CiteULike Delicious Digg Facebook Google+ LinkedIn Mendeley Reddit",
    )
    items = [ln.text for ln in clean_lines(lines) if ln.text]
    assert [t.split(",")[0].split(" (")[0] for t in items] == [
        "Narváez-Reinaldo", "National Committee for Clinical Laboratory Standards", "Piddock", "Saitou", "Zuker"]
    assert len(parse_references(lines)) == 5


def test_a_list_without_back_links_is_left_to_the_splitter() -> None:
    lines = _lines("Smith, J. (2001). One. J 1, 1–2.", "", "Jones, K. (2002). Two. J 2, 3–4.")
    assert [ln.text for ln in clean_lines(lines)] == [ln.text for ln in lines]


@pytest.mark.parametrize("name", ["page.txt", "page.html"])
def test_the_citation_without_its_online_date_still_gives_the_issue(name: str) -> None:
    # Articles not published ahead of print have the line start at "doi:", which reads as a DOI label
    # (a variant of a development page, the line as other IJSEM issues print it).
    text = re.sub(r"Published online ahead of print\s*(?:<span[^>]*>)?June 7, 2013(?:</span>)?,\s*", "",
                  _page("ijsem-sulfurimonas-gotlandica", name))
    assert "ahead of print" not in text
    article = read(text, name).entries[0]
    assert (article.year, article.volume, article.issue, article.pages) == (2013, "63", "Pt 11", "4141-4148")
    assert article.container == "International Journal of Systematic and Evolutionary Microbiology"
