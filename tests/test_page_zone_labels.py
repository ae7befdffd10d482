"""Training labels for the zoning model, read off gold files (zones/labelling.py).

A page whose gold strings cannot be placed is left out of training silently, so a labelling rule that
is too strict costs the model whole platforms; these pages of the development half were lost that way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.zones.labelling import gold_labels

CORPUS = Path(__file__).parent / "data" / "pages"


def _labels(page: str) -> tuple[list[str], list[str]]:
    lines = split_lines((CORPUS / page / "page.txt").read_text(encoding="utf-8"))
    gold = json.loads((CORPUS / page / "gold.json").read_text(encoding="utf-8"))
    labels = gold_labels(lines, gold)
    assert labels is not None, f"{page}: gold strings not placed"
    return labels, [ln.text for ln in lines]


def test_a_reference_printed_over_two_paragraphs_ends_on_its_second() -> None:
    # BioMed Central (2014): "Authors: Title." then, after a blank line, "Trials 2014, 15:247."
    labels, texts = _labels("bmc-trials-low-back-pain")
    last = max(i for i, label in enumerate(labels) if label == "ref")
    assert texts[last].startswith("Trials 2014, 15:247")
    assert labels.count("title") == 1


def test_a_year_in_brackets_under_a_reference_is_part_of_it() -> None:
    # ScienceDirect prints "H.J. Werner et al." / "J. Chem. Phys." / "(1988)" on three lines.
    labels, texts = _labels("sciencedirect-cpl-epstein-nesbet")
    last = max(i for i, label in enumerate(labels) if label == "ref")
    assert texts[last] == "(1988)" and texts[last - 2] == "H.J. Werner et al."


@pytest.mark.parametrize(("page", "line"), [
    ("citeseerx-lambda-monads", "Computational Lambda-Calculus and Monads (1988)"),
    ("euclid-duke-delocalization", "1 October 2015 Delocalization of eigenvectors of random matrices with independent entries"),
])
def test_a_title_with_its_date_on_the_same_line_is_found(page: str, line: str) -> None:
    labels, texts = _labels(page)
    assert [t for t, label in zip(texts, labels, strict=True) if label == "title"] == [line]



@pytest.mark.parametrize(("page", "first", "last", "families"), [
    # APS: names over lines that begin with ", " and a two-letter family name ("R. K. Li")
    ("aps-rmp-electron-diffraction", 28, 31, ["Filippetto", "Musumeci", "Li", "Siwick", "Otto", "Centurion", "Nunes"]),
    # SpringerOpen: the e-mail icon's label glued to the footnote number ("Tadashi Hatanaka1Email author")
    ("springeropen-biobioproc-carboxypeptidase", 21, 25, ["Wan", "Uraji", "Arima", "Hatanaka"]),
    # ACS: footnote symbols beyond the usual ones ("Fernando Albericio*#⊥◊∥")
    ("acs-combsci-cuaac", 141, 143, ["Castro", "Rodríguez", "Albericio"]),
])
def test_by_line_names_from_the_real_lines(page: str, first: int, last: int, families: list[str]) -> None:
    from refman.formats.article_page.zones.authors import names_from_lines

    lines = split_lines((CORPUS / page / "page.txt").read_text(encoding="utf-8"))[first - 1 : last]
    assert [p.family for p in names_from_lines(lines)] == families


@pytest.mark.parametrize(("page", "first_line"), [
    # HighWire breaks each reference over lines, an author a line: "Alonso-Sáez, L.," / … / "(2010). High …".
    ("ijsem-sulfurimonas-gotlandica", "Alonso-Sáez, L.,"),
    ("ijsem-arthrobacter-siccitolerans", "Arakawa, T. &"),
    # First Monday's full text prints its title last, in its citation block, below the references.
    ("firstmonday-hiv-surveillance-fulltext", "Barry D. Adam, Richard Elliott"),
])
def test_the_reference_zone_is_labelled_where_the_list_is_broken_over_lines_or_above_the_title(
    page: str, first_line: str
) -> None:
    labels, texts = _labels(page)
    refs = [i for i, label in enumerate(labels) if label == "ref"]
    assert refs, "no reference lines labelled: the page would train the model that its list is 'other'"
    assert texts[refs[0]].startswith(first_line)


def test_a_headed_list_keeps_its_first_reference_when_the_model_starts_it_late() -> None:
    """ScienceDirect prints each reference over lines ("V. Karasiev et al." / title / journal / "(2015)");
    a fold model that started the list two lines late cut the first reference in half. The rules start it
    under its heading, and the model's start a line or two later does not move it."""
    from refman.formats.article_page.page_state import PageState
    from refman.formats.article_page.zoned import choose_reference_lines
    from refman.formats.article_page.zones import Zones

    lines = split_lines(
        "References (79)\nV. Karasiev et al.\nFrank discussion o the status of ground-state orbital-free DFT\n"
        "Adv. Quant. Chem.\n(2015)\nN.H. March\nThe local potential determining the square root\nPhys. Lett. A\n"
        "(1986)\nG. Senn\nPrinciples of density functional theory\nJ. Chem. Phys.\n(2009)\nView more references\n"
    )
    page = PageState(source="page.txt")
    page.reference_lines = lines[1:13]  # the rules' list: from under the heading to the last reference
    late = ["other"] * 3 + ["ref"] * 10 + ["other"]  # the model's: from "Adv. Quant. Chem."
    zoning = Zones(labels=tuple(late), confidence=(1.0,) * len(lines))
    choose_reference_lines(page, lines, zoning, set())
    assert [ln.text for ln in page.reference_lines][:2] == ["V. Karasiev et al.", "Frank discussion o the status of ground-state orbital-free DFT"]
