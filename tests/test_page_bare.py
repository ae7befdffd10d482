"""The article's title and authors on saved pages that state nothing in metadata tags, read from their
headings and markup: real development-half pages with their tags removed (benchmarks/page_accuracy.py
--mode bare).  Each case failed before its change (2026-12-05): the journal's masthead <h1>, a login
box's <h1>, or a menu heading was taken for the title; metrics, menus or an address for the authors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refman.formats.article_page.journal_names import is_journal_name

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from page_accuracy import read_page


@pytest.mark.parametrize(("page", "title"), [
    # the masthead <h1> "Physical Review Letters" comes first; the lists know it as a journal
    ("aps-prl-phonon-magnetochiral", "Phonon Magnetochiral Effect"),
    ("ijsem-sulfurimonas-gotlandica", "Sulfurimonas gotlandica sp. nov., a chemoautotrophic and psychrotolerant "
     "epsilonproteobacterium isolated from a pelagic redoxcline, and an emended description of the genus Sulfurimonas"),
    # a login box's <h1> comes first; the <title> repeats the article's heading
    ("frontiers-psychol-dog-cooperation",
     "Tracking the evolutionary origins of dog-human cooperation: the “Canine Cooperation Hypothesis”"),
    # the <title> repeats the article's and the journal's names, both printed as lines: the longer is the title
    ("springeropen-biobioproc-carboxypeptidase",
     "Characterization of a novel metallocarboxypeptidase from Streptomyces cinnamoneus TH-2"),
    # no heading holds it; a line runs the issue date into it (was "Information for Librarians")
    ("euclid-duke-delocalization", "Delocalization of eigenvectors of random matrices with independent entries"),
])
def test_the_title_of_a_page_without_tags(page: str, title: str) -> None:
    result = read_page(page, "bare")
    assert result.entries[0].title == title


@pytest.mark.parametrize(("text", "known"), [
    ("Physical Review Letters", True),
    ("Phys. Rev. Lett.", True),
    ("Duke Mathematical Journal", True),
    ("Phonon Magnetochiral Effect", False),  # guard: an article's title
])
def test_is_journal_name(text: str, known: bool) -> None:
    assert is_journal_name(text) is known


@pytest.mark.parametrize(("page", "families"), [
    ("acs-jpca-heisenberg-polyynes", ["Ghailane", "Malrieu", "Maynau"]),  # guard: a name a line
    ("tandf-molphys-moller-plesset", ["Malrieu", "Angeli"]),  # guard: each name run into its affiliation
    ("nature-nnano-cell-surface-sensors", ["Zhao", "Schafer", "Choi", "Yamanaka", "Lombardi", "Bose", "Carlson",
                                           "Phillips", "Teo", "Droujinine", "Cui", "Jain", "Lammerding", "Love",
                                           "Lin", "Sarkar", "Karnik", "Karp"]),  # was none
    ("sciencedirect-cpl-epstein-nesbet", ["Mitrushenkov", "Palmieri"]),  # was the references' authors
])
def test_the_authors_of_a_page_without_tags(page: str, families: list[str]) -> None:
    result = read_page(page, "bare")
    assert [p.family for p in result.entries[0].authors] == families


@pytest.mark.parametrize(("page", "journal"), [
    ("springer-jpe-amylose-bioplastic", "Journal of Polymers and the Environment"),  # a masthead line over the title
    ("iop-metrologia-magnetic-temperature", "Metrologia"),  # one word, printed again as "Metrologia, Volume 12"
    ("opus-kobv-adjoint-schemes", ""),  # guard: a menu's "Imprint" is in a list of journals too
])
def test_the_journal_of_a_page_without_tags(page: str, journal: str) -> None:
    assert read_page(page, "bare").entries[0].container == journal


def test_a_one_word_title_the_title_element_and_the_only_h1_agree_on() -> None:
    """PMC's "GenBank" (development page, tags removed): three words were the least a heading title had,
    so a menu's line won ("Search PMC Full-Text Archive …"). The <title> "GenBank - PMC" and the page's
    only <h1> say the same before the site's name."""
    assert read_page("pmc-nar-genbank-2013", "bare").entries[0].title == "GenBank"
