"""Abstracts, containers and author lists of real corpus pages (tests/data/pages/, development half only):
structured abstracts read whole, in HTML and as pasted text; what sits inside or beside an abstract
element without being the abstract; table-laid pages; "Published in:" and IEEE's "This paper appears in:".

Each case failed before the change it covers (2026-12-05).
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "data" / "pages"


def _read(page: str, mode: str):  # type: ignore[no-untyped-def]
    from refman.formats.article_page.reader import read

    name = "page.html" if mode == "html" else "page.txt"
    text = (PAGES / page / name).read_text(encoding="utf-8", errors="replace")
    result = read(text, name)
    assert result.entries, [p.message for p in result.problems]
    return result.entries[0]


@pytest.mark.parametrize("mode", ["html", "text"])
@pytest.mark.parametrize(("page", "first", "last"), [
    # BioMed Central: Background / Results / Conclusions; the description tag holds only Background.
    ("bmc-evolbiol-maternal-lineages", "Understanding the demographic history",
     "nuclear DNA data are now needed to test these subdivisions."),
    # BioMed Central again, with no class on the abstract: a <section> headed "Abstract".
    ("bmc-trials-low-back-pain", "Low back pain (LBP) is one of", "adequately cover the domains."),
    # PLOS: <h3> part names under the <h2> "Abstract".
    ("plos-one-gobioid-fossil", "The classification of gobioid fishes", "otoliths for gobioid systematics."),
    # Wiley: <h4> part names under the <h3> "Abstract", after a list of links to the page's sections.
    ("wiley-bph-ghrelin-antagonist", "Ghrelin increases growth hormone",
     "blocking ghrelin receptors in obesity and type 2 diabetes."),
])
def test_a_structured_abstract_is_read_whole(page: str, mode: str, first: str, last: str) -> None:
    abstract = _read(page, mode).abstract
    label, _, rest = abstract.partition("\n")
    assert (rest.lstrip() if label in ("Background", "Background and Purpose") else abstract).startswith(first)
    assert abstract.endswith(last)
    assert "Top of page" not in abstract and "Keywords" not in abstract


@pytest.mark.parametrize("mode", ["html", "text"])
def test_a_tab_row_under_an_abstract_heading_is_no_abstract(mode: str) -> None:
    # Wiley 2016: "Abstract" / "Article" / "References" tabs; the article prints no abstract.
    assert _read("wiley-advs-transition-metals", mode).abstract == ""


def test_a_promotion_box_named_summary_is_not_the_abstract() -> None:
    # NBER: <div class="promo-grid__summary"> about the NBER's periodicals; the abstract is an intro paragraph.
    abstract = _read("nber-w33843-meaning-at-work", "html").abstract
    assert abstract.startswith("We evaluate a firm")
    assert "periodicals" not in abstract


@pytest.mark.parametrize("mode", ["html", "text"])
def test_a_table_laid_record_page_is_read_row_by_row(mode: str) -> None:
    # LingBuzz: label and value in two cells of one row ("Published in:" | "NELS 54: Proceedings …").
    entry = _read("lingbuzz-adverb-still", mode)
    assert entry.container.startswith("NELS 54: Proceedings of the Fifty-Fourth Annual Meeting")
    assert entry.abstract.startswith("We present arguments for a scopal approach")


def test_table_cells_share_a_line_as_a_browser_copies_them() -> None:
    from refman.formats.article_page.html_text import html_page

    page = html_page("<html><body><table><tr><td>Published in:</td><td>Some Proceedings</td></tr>"
                     "<tr><td>keywords:</td><td>a, b</td></tr></table></body></html>")
    assert [ln.text for ln in page.lines if ln.text] == ["Published in: Some Proceedings", "keywords: a, b"]


@pytest.mark.parametrize("mode", ["html", "text"])
def test_ieee_this_paper_appears_in_gives_journal_year_and_authors(mode: str) -> None:
    entry = _read("ieee-fso-rf-hybrid-networks", mode)
    assert entry.container == "IEEE Wireless Communications"
    assert entry.year == 2003
    assert [p.family for p in entry.authors] == ["Izadpanah", "ElBatt", "Kukshya", "Dolezal", "Ryu"]
    assert entry.abstract.endswith("sustained highspeed wireless connectivity.")


@pytest.mark.parametrize(("line", "container"), [
    ("Published in: IEEE Wireless Communications ( Volume: 10, Issue: 2, April 2003)", "IEEE Wireless Communications"),
    ("Published in: Vol. 5 No. 2 (2020)", ""),
])
def test_published_in_names_a_container_only_when_it_names_one(line: str, container: str) -> None:
    from refman.formats.article_page.lines import split_lines
    from refman.formats.article_page.page_parts import _published_in
    from refman.formats.article_page.sections import segment

    section = next(s for s in segment(split_lines(line)) if s.kind == "issue")
    assert _published_in(section, section.inline) == container


@pytest.mark.parametrize(("page", "last"), [
    # AIP: "DOI: …" / "IPC Codes:" / "G01B9/02" / … / "Commenting has been disabled for this content"
    ("aip-aplphotonics-sub-thz-esr", "corresponding to a detection limit of about 1014 spins."),
    # Taylor & Francis: "Full text HTML" / "PDF" / "Keywords" / … / "Download Citation" / "Recommend to:"
    ("tandf-advdevmat-licoo2-combustion", "existed in the range between 30 and 40 nm."),
])
def test_the_abstract_element_ends_where_the_sites_matter_begins(page: str, last: str) -> None:
    from refman.formats.article_page.html_facts import read_html

    facts = read_html((PAGES / page / "page.html").read_text(encoding="utf-8", errors="replace"))
    assert facts.abstract.endswith(last)


def _text_lines(page: str, first: int, last: int) -> list[str]:
    return (PAGES / page / "page.txt").read_text(encoding="utf-8").split("\n")[first - 1 : last]


@pytest.mark.parametrize(("page", "first", "last", "kept"), [
    # Springer: the paywall notice under the abstract
    ("springer-jpe-amylose-bioplastic", 32, 34, 2),
    # IOP: "Export citation and abstract BibTeX RIS" / "Previous article in issue" / "Next article in issue"
    ("iop-metrologia-magnetic-temperature", 250, 255, 2),
    # APS: a formula set line by line inside the sentence ("ferrimagnet" / "Cu" / "2" / "OSeO" / "3" / ". Our …")
    ("aps-prl-phonon-magnetochiral", 47, 53, 7),
])
def test_a_pasted_abstract_ends_before_the_sites_lines(page: str, first: int, last: int, kept: int) -> None:
    from refman.formats.article_page.abstract_tail import without_tail

    assert len(without_tail(_text_lines(page, first, last))) == kept


def test_a_structured_abstract_under_its_heading_outlasts_the_models_first_part() -> None:
    # PLOS pasted: a model trained without PLOS called only the Background paragraph the abstract.
    from refman.formats.article_page.lines import split_lines
    from refman.formats.article_page.page_parts import read_page
    from refman.formats.article_page.zoned import zoned_people_and_abstract
    from refman.formats.article_page.zones.tagger import Zones

    lines = split_lines((PAGES / "plos-one-gobioid-fossil" / "page.txt").read_text(encoding="utf-8"))
    page, _ = read_page(lines, [], "page.txt")
    labels = ["abstract" if ln.text.startswith("The classification of gobioid fishes") else "other" for ln in lines]
    zoned_people_and_abstract(page, lines, Zones(tuple(labels), (1.0,) * len(lines)), None)
    assert page.abstracts[0][1].endswith("the great value of otoliths for gobioid systematics.")


def test_an_unheaded_abstract_the_model_missed_is_the_paragraph_under_the_by_line() -> None:
    from refman.formats.article_page.lines import split_lines
    from refman.formats.article_page.page_parts import read_page
    from refman.formats.article_page.zoned import zoned_people_and_abstract
    from refman.formats.article_page.zones.tagger import Zones

    lines = split_lines((PAGES / "lingbuzz-adverb-still" / "page.txt").read_text(encoding="utf-8"))
    title = next(i for i, ln in enumerate(lines) if ln.text == "Adverb order with still")
    page, _ = read_page(lines, [], "page.txt", title)
    page.abstracts = []
    zoned_people_and_abstract(page, lines, Zones(("other",) * len(lines), (1.0,) * len(lines)), title)
    assert page.abstracts[0][1].startswith("We present arguments for a scopal approach to adverb order")


@pytest.mark.parametrize(("text", "kept"), [
    ("Abstract Background: we measured the thing in forty patients.", "Background: we measured the thing in forty patients."),
    ("ABSTRACT\nWe study the effects of x on y in mice.", "We study the effects of x on y in mice."),
    ("Abstract. The effects of x on y are studied here.", "The effects of x on y are studied here."),
    ("Summary: we give statistics for all of the data.", "we give statistics for all of the data."),
    # a sentence that begins with the word is kept whole
    ("Abstract art is studied in this paper at length.", "Abstract art is studied in this paper at length."),
    ("Summary statistics are given for all of the data.", "Summary statistics are given for all of the data."),
    ("Abstract: too short", "Abstract: too short"),
])
def test_the_abstracts_own_label_is_no_part_of_it(text: str, kept: str) -> None:
    from refman.formats.article_page.abstract_tail import without_label

    assert without_label(text) == kept


@pytest.mark.parametrize(("page", "first", "last"), [
    # IEEE Xplore: "Abstract" / "Authors" / "Figures" / "Multimedia" / "References" / "Cited By" / "Keywords".
    ("ieee-fso-rf-hybrid-networks", "We introduce hybrid free-space optical",
     "sustained highspeed wireless connectivity."),
    # Wiley (2015): a jump list "Abstract" / "Introduction" / "Results and Discussion" / … / "Supporting Information".
    ("wiley-chemopen-organosilane-gold", "Density functional theory (DFT) calculations",
     "as a concerted step is preferred."),
])
def test_the_paragraph_after_a_section_menu_opened_by_abstract_is_the_abstract(page: str, first: str, last: str) -> None:
    """The page's only "Abstract" label is the first tab of its section menu; the abstract is the long
    paragraph right after the menu. A fold model that never saw the site found no abstract (5-fold CV)."""
    from refman.formats.article_page.abstract_tail import after_section_menu

    lines = [ln for ln in (PAGES / page / "page.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    found = after_section_menu(lines)
    assert found.startswith(first) and found.endswith(last)


def test_an_abstract_label_over_its_own_text_or_a_long_menu_is_not_a_section_menu() -> None:
    from refman.formats.article_page.abstract_tail import after_section_menu

    prose = " ".join(["Word"] * 45) + "."
    assert after_section_menu(["Abstract", prose]) == ""  # the rules read a labelled abstract
    assert after_section_menu(["Abstract", *[f"Item {n}" for n in range(20)], prose]) == ""
    assert after_section_menu(["Abstract", "Introduction", "Methods", prose]) == prose
