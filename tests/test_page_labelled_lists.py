"""Pasted pages from nature.com (2011) and Wiley's chemistry journals (2015), both in the corpus's dev half.

nature.com prints its by-line a name a line with affiliation numbers run on ("Weian Zhao,1, 2, 3, 4,"),
states journal, year and DOI as label lines over value lines, opens the abstract with a jump menu and
follows each reference with "ChemPort"/"OpenURL"/"ISI" link lines. Wiley's ChemistryOpen labels each
reference on a line of its own, sub-items lettered ("2" / "2a" / "2b"), with "References" among each
reference's link buttons.
"""

from __future__ import annotations

from pathlib import Path

from refman.formats import article_page
from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.references import clean_lines, labelled, link_line
from refman.formats.article_page.sections import segment
from refman.formats.article_page.zones.title_evidence import _one_name, title_weights

PAGES = Path(__file__).parent / "data" / "pages"


def _text(page_id: str) -> str:
    return (PAGES / page_id / "page.txt").read_text(encoding="utf-8")


def test_a_name_with_its_affiliation_numbers_listed_after_it_is_one_name_of_a_by_line() -> None:
    assert _one_name("Weian Zhao,1, 2, 3, 4,") and _one_name("Jonghoon Choi,5,") and _one_name("Rohit Karnik8,")
    assert not _one_name("Volume:") and not _one_name("Nature Nanotechnology")


def test_a_by_line_name_is_not_the_title_and_the_title_above_the_names_is() -> None:
    lines = split_lines("Cell-surface sensors for real-time probing of cellular environments\n"
                        "Weian Zhao,1, 2, 3, 4,\nSebastian Schafer,1, 2, 3, 4,\nJonghoon Choi,5,\n"
                        "Yvonne J. Yamanaka,5, 6,\nMaria L. Lombardi,7,\n")
    weights = title_weights(lines, [0, 1, 2])
    assert weights[0] > 1.0 > weights[1] and weights[2] < 1.0


def test_nature_2011_page_reads_its_by_line_label_lines_abstract_and_references() -> None:
    article, *refs = article_page.read(_text("nature-nnano-cell-surface-sensors"), "page.txt").entries
    assert article.title == "Cell-surface sensors for real-time probing of cellular environments"
    assert [p.family for p in article.authors][:3] == ["Zhao", "Schafer", "Choi"] and len(article.authors) == 18
    assert article.doi == "10.1038/nnano.2011.101" and article.year == 2011
    assert article.abstract.startswith("The ability to explore cell signalling")
    assert article.abstract.endswith("using intravital microscopy.")
    assert len(refs) == 49 and refs[0].title == "In vivo imaging of lymphocyte trafficking"


def test_chemport_is_a_link_button() -> None:
    assert link_line("ChemPort") and link_line("Show context")


def test_a_references_button_between_link_buttons_is_not_a_heading() -> None:
    lines = split_lines("Acknowledgements\nWe thank.\n1\nS. P. Nolan, Nature 2007, 445, 496–497.\nDirect Link:\n"
                        "Abstract\nPDF(1645K)\nReferences\nWeb of Science® Times Cited: 7\n2\n"
                        "A. La Porta, ChemistryOpen 2014, 3, 146–151.\nPDF(672K)\nReferences\n3d\n")
    kinds = [s.kind for s in segment(lines)]
    assert "references" not in kinds


def test_lettered_items_on_lines_of_their_own_are_one_reference_each() -> None:
    text = _text("wiley-chemopen-organosilane-gold").splitlines()
    block = split_lines("\n".join(text[273:360]))  # "1" / "S. P. Nolan, …" … "4a" / "M. Joost, …"
    assert labelled(block)
    items = [ln.text for ln in clean_lines(block) if ln.text]
    assert items[0] == "S. P. Nolan, Nature 2007, 445, 496–497."
    assert items[1].startswith("A. La Porta") and items[2].startswith("J. Fernández-Lodeiro")
    assert not any(item.startswith("For selected reviews") for item in items)  # a lead-in, not a reference
    assert any(item.startswith("H. A. Wegner") and item.endswith("Angew. Chem. 2011, 123, 8386–8397;") for item in items)


def test_wiley_chemistry_page_gives_every_lettered_reference() -> None:
    article, *refs = article_page.read(_text("wiley-chemopen-organosilane-gold"), "page.txt").entries
    assert article.title == "Mechanism of the Transmetalation of Organosilanes to Gold"
    assert len(refs) == 73
    assert refs[0].year == 2007 and refs[-1].year == 2015 and refs[-1].contributors[0].family == "Pump"


def test_an_empty_abstract_part_leaves_room_for_the_paragraph_under_the_by_line() -> None:
    """A page whose rules found an abstract part with nothing in it (LingBuzz, read by a model that
    never saw the site: 5-fold CV) still gets the one long paragraph under its by-line."""
    from refman.formats.article_page.page_state import PageState
    from refman.formats.article_page.zoned import zoned_people_and_abstract
    from refman.formats.article_page.zones.tagger import Zones

    lines = split_lines(_text("lingbuzz-adverb-still"))
    page = PageState("page.txt")
    page.abstracts = [("", "")]
    zoning = Zones(labels=("other",) * len(lines), confidence=(1.0,) * len(lines), title_probability=(0.0,) * len(lines))
    zoned_people_and_abstract(page, lines, zoning, 2)
    assert page.abstracts[0][1].startswith("We present arguments for a scopal approach to adverb order")


def test_a_structured_abstract_whose_heading_is_lost_in_a_jump_menu_is_read_from_its_parts() -> None:
    """Wiley (2016): "Abstract" / "Top of page" / "Abstract" / "Introduction" / "Methods" … (a menu),
    then "Background and Purpose" / text / "Experimental Approach" / text …, then "Abbreviations"."""
    from refman.formats.article_page.zoned import _structured_abstract

    lines = split_lines(_text("wiley-bph-ghrelin-antagonist"))
    text = _structured_abstract(lines[140:200])
    assert text.startswith("Background and Purpose\n\nGhrelin increases growth hormone secretion")
    assert "Conclusions and Implications" in text and "Abbreviations" not in text
    assert _structured_abstract(split_lines("Introduction\nMethods\nResults\nDiscussion\n")) == ""
