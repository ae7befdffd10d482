"""The page's own evidence for which line is the title (zones/title_evidence.py), on real lines of
development-half pages: what the zoning model, trained without a site, liked better in 5-fold CV."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.zones.title_evidence import title_weights

PAGES = Path(__file__).parent / "data" / "pages"


def _lines(page: str):  # type: ignore[no-untyped-def]
    return split_lines((PAGES / page / "page.txt").read_text(encoding="utf-8"))


def _index(lines, text: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, ln in enumerate(lines) if ln.text.startswith(text))


def test_the_title_with_its_by_line_under_it_outweighs_a_menu_item() -> None:
    lines = _lines("biorxiv-urine-cfdna-nucleosomal")  # "Advanced Search" had 0.163 against the title's 0.006
    menu, title = _index(lines, "Advanced Search"), _index(lines, "Sub-nucleosomal organization in urine")
    weights = title_weights(lines, [menu, title])
    assert weights[title] >= 5 * weights[menu]


def test_an_affiliation_or_a_by_line_continuation_is_no_title() -> None:
    lines = _lines("bmc-trials-low-back-pain")
    affiliation = _index(lines, "6 Consumer Representative, Cochrane Collaboration")
    title = _index(lines, "A core outcome set for clinical trials")
    weights = title_weights(lines, [affiliation, title])
    assert weights[affiliation] <= 0.1 and weights[title] >= 3
    aps = _lines("aps-rmp-electron-diffraction")
    continuation = _index(aps, ", R. K. Li, B. J. Siwick")
    assert title_weights(aps, [continuation])[continuation] <= 0.1


def test_a_title_cited_again_with_its_year_is_weighed_up() -> None:
    lines = _lines("nber-w33843-meaning-at-work")  # '…Luigi Zingales, "Meaning At Work," NBER Working Paper 33843 (2025)'
    title = _index(lines, "Meaning At Work")
    cited = title_weights(lines, [title])[title]
    uncited = [ln for ln in lines if "NBER Working Paper 33843 (2025)" not in ln.text]
    assert cited >= 2 * title_weights(uncited, [title])[title]


def test_a_figure_caption_is_no_title() -> None:
    lines = split_lines("Figure 7. Otoliths of selected extant Butidae (refigured from [65]).\nSome text")
    assert title_weights(lines, [0])[0] <= 0.05


def test_the_by_line_under_the_title_beats_model_author_lines_elsewhere() -> None:
    # IOP (Metrologia): a model that calls the footer's "Contact Us" an author line (as CV folds did with
    # such menu lines); the names printed right under the title are the authors.
    from refman.formats.article_page.page_state import PageState
    from refman.formats.article_page.zoned import zoned_people_and_abstract
    from refman.formats.article_page.zones.tagger import Zones

    lines = _lines("iop-metrologia-magnetic-temperature")
    title = _index(lines, "Magnetic Temperature Scale in the 2 K to 30 K Range")
    journal = _index(lines, "Contact Us")
    labels = ["other"] * len(lines)
    labels[title], labels[journal] = "title", "author"
    page = PageState("page.txt")
    zoned_people_and_abstract(page, lines, Zones(tuple(labels), (1.0,) * len(lines)), title)
    assert [p.family for p in page.people.persons] == ["Astrov", "Pavlov", "Shkraba"]


@pytest.mark.parametrize(("page", "title", "families"), [
    # PLOS: each name on its own line, its e-mail, affiliation and a close button "X" between them
    ("plos-one-gobioid-fossil", "An Extraordinary Gobioid Fish Fossil from Southern France",
     ["Gierl", "Reichenbacher", "Gaudant", "Erpenbeck", "Pharisat"]),
    # D-Lib: "Victoria Van Hyning, University of Oxford, Zooniverse" / "victoria [at] zooniverse.org" / …
    ("dlib-crowdsourcing-vanhyning", "Transforming Libraries and Archives through Crowdsourcing",
     ["Van Hyning", "Blickhan", "Trouille", "Lintott"]),
    # NBER (its title printed twice) and APS: the share buttons and the citation line after the by-line are nobody
    ("nber-w33843-meaning-at-work", "Meaning At Work", ["Ashraf", "Bandiera", "Minni", "Zingales"]),
    ("aps-rmp-electron-diffraction", "Ultrafast electron diffraction: Visualizing dynamic states of matter",
     ["Filippetto", "Musumeci", "Li", "Siwick", "Otto", "Centurion", "Nunes"]),
])
def test_the_by_line_under_the_title_is_read_across_its_affiliations(page: str, title: str, families: list[str]) -> None:
    from refman.formats.article_page.zoned import _by_line

    lines = _lines(page)
    at = next(i for i, ln in enumerate(lines) if ln.text.strip() == title)
    assert [p.particle + " " + p.family if p.particle else p.family for p in _by_line(lines, at)] == families


@pytest.mark.parametrize("line", [
    "Add to Collection",  # CiteSeerX's buttons and menu, which a model not trained on the site took for titles
    "Advanced Search Include Citations | Disambiguate",
    "Send a mail to the author of this document",  # OPUS
    "Submission Status:under review",
    "with independent entries is completely delocalized. Suppose that the entries of",  # Project Euclid
])
def test_buttons_menus_labels_and_sentence_tails_weigh_little_as_titles(line: str) -> None:
    lines = split_lines(f"{line}\nComputational Lambda-Calculus and Monads\nEugenio Moggi")
    weights = title_weights(lines, [0, 1])
    assert weights[0] <= 0.1 and weights[1] >= 0.8


@pytest.mark.parametrize("line", [
    "Sascha Cohen, 2018. “How gay activists challenged the politics of civility,” Smithsonian",  # First Monday
    "Iskandar DT, Evans BJ, McGuire JA (2014) A Novel Reproductive Mode in Frogs",  # a PLOS citation
    "Smith, J. (2003). A study of things",
    "E-mail: cliang02 [at] uw [dot] edu",  # First Monday's by-line, an address written out
])
def test_references_and_written_out_addresses_weigh_little_as_titles(line: str) -> None:
    lines = split_lines(f"{line}\nComputational Lambda-Calculus and Monads\nEugenio Moggi")
    weights = title_weights(lines, [0, 1])
    assert weights[0] <= 0.1 and weights[1] >= 0.8


@pytest.mark.parametrize("title", ["Elections (2019) and after", "The 2018 election, a review of the polls"])
def test_a_title_with_a_year_in_it_is_not_a_reference(title: str) -> None:
    weights = title_weights(split_lines(f"{title}\nEugenio Moggi, Ana Costa"), [0])
    assert weights[0] >= 1.0


def test_the_line_under_the_issue_line_weighs_as_a_title_and_a_line_under_et_al_does_not() -> None:
    """ScienceDirect prints the title under "Volume …, date, Pages …" and, in its preview of the
    bibliography, each reference's title under "V. Karasiev et al."."""
    lines = split_lines("Computational and Theoretical Chemistry\nVolume 1144, 15 November 2018, Pages 50-55\n"
                        "Chemical bonding without orbitals and more\nShow more\n"
                        "V. Karasiev et al.\nFrank discussion o the status of ground-state orbital-free DFT\n")
    weights = title_weights(lines, [2, 5])
    assert weights[2] >= 3.0 and weights[5] <= 0.1


def test_one_author_with_initials_under_a_line_is_its_by_line() -> None:
    """PoS prints a talk's title over its one speaker: "Heavy Flavour Physics Review" / "A. El-Khadra"."""
    lines = split_lines("PoS(LATTICE 2013)001\n\nHeavy Flavour Physics Review\n\nA. El-Khadra\n\n"
                        "Contribution: pdf\n\nLibrary Resources\n\nCookie policy\n")
    weights = title_weights(lines, [2, 6])
    assert weights[2] >= 2.0 and weights[6] < 1.0


def test_a_title_over_a_name_per_line_by_line_where_the_model_finds_no_title() -> None:
    """ACS prints each author alone on a line under the title; a fold model that never saw ACS finds no
    title on the page at all (every line below its threshold): the first sizeable line that given names
    follow is the title, not one of the publisher's journal list ("Environmental Science & Technology",
    "Materials Science" read as names)."""
    from refman.formats.article_page.zones.title_evidence import people_follow

    lines = split_lines(
        "Accounts of Chemical Research\nACS Applied Bio Materials\nEnvironmental Science & Technology\n"
        "Environmental Science & Technology Letters\nRETURN TO ISSUEPREVArticleNEXT\n"
        "Heisenberg Hamiltonian for Poly-ynes. Extraction and Tests\nRachida Ghailane\nJean Paul Malrieu\n"
        "Daniel Maynau\nView Author Information\n"
    )
    sizeable = [i for i in range(len(lines)) if len(lines[i].text.split()) >= 4]
    assert [i for i in sizeable if people_follow(lines, i)] == [5]


def test_a_title_printed_with_the_articles_year_after_it_loses_the_year() -> None:
    """CiteSeerX prints "Computational Lambda-Calculus and Monads (1988)": the year is the page's, not
    the title's (it is the article's year as well)."""
    from refman.formats.article_page import read

    text = (Path(__file__).parent / "data" / "pages" / "citeseerx-lambda-monads" / "page.txt").read_text(encoding="utf-8")
    article = read(text, "page.txt").entries[0]
    assert (article.title, article.year) == ("Computational Lambda-Calculus and Monads", 1988)


@pytest.mark.parametrize("line", [
    "Contribution: Conception and design, Analysis and interpretation of data, Drafting or revising the article",
    "Competing interests: The authors declare that no competing interests exist.",
    "Funding: This work was supported by the Swiss National Science Foundation.",
])
def test_an_articles_notes_are_not_its_title(line: str) -> None:
    """eLife's author notes ("Contribution: …") under the by-line out-scored the title for a fold model
    that never saw eLife (5-fold CV on the dev half)."""
    note = split_lines(f"{line}\nSonia Sen, Deshou Cao\n")
    title = split_lines("Genetic transformation of structural and functional circuitry\nSonia Sen, Deshou Cao\n")
    assert title_weights(note, [0])[0] <= 0.1 * title_weights(title, [0])[0]


def test_a_title_with_the_issue_date_run_into_it() -> None:
    """Project Euclid prints "1 October 2015 Delocalization of eigenvectors …": the date does not make the
    line read as a numbered affiliation, and it is not part of the title."""
    lines = split_lines(
        "Home > Journals > Duke Math. J. > Volume 164 > Issue 13 > Article\n"
        "1 October 2015 Delocalization of eigenvectors of random matrices with independent entries\n\n"
        "Mark Rudelson, Roman Vershynin\n"
    )
    assert title_weights(lines, [1])[1] >= 3.0
    from refman.formats.article_page import read

    text = (Path(__file__).parent / "data" / "pages" / "euclid-duke-delocalization" / "page.txt").read_text(encoding="utf-8")
    assert read(text, "page.txt").entries[0].title == "Delocalization of eigenvectors of random matrices with independent entries"


def test_the_line_of_the_pages_bibtex_records_title_is_the_title_where_nothing_else_says() -> None:
    """A page the zoning model finds no title on (a site it never saw): CiteSeerX prints the title with its
    year over "Cached" and the paper's BibTeX record lower down; the record's title names the line."""
    from refman.formats.article_page.self_citation import bibtex_title_line

    lines = split_lines(
        "DMCA\nComputational Lambda-Calculus and Monads (1988)\nCached\nDownload Links\n"
        "@MISC{Moggi88computationallambda-calculus,\n    author = {Eugenio Moggi},\n"
        "    title = {Computational Lambda-Calculus and Monads},\n    year = {1988}\n}\n"
    )
    assert bibtex_title_line("\n".join(ln.raw for ln in lines), lines) == 1


def test_a_title_over_names_a_line_each_with_affiliation_numbers_is_followed_by_people() -> None:
    """nature.com (2011) prints the by-line a name a line, each with its affiliation numbers
    ("Weian Zhao,1, 2, 3, 4,"); a fold model that never saw the site finds no title and took the first
    line given names follow, an affiliation far down the page (5-fold CV: title, authors, year wrong)."""
    from refman.formats.article_page.zones.title_evidence import people_follow

    lines = _lines("nature-nnano-cell-surface-sensors")
    title = _index(lines, "Cell-surface sensors for real-time probing of cellular environments")
    assert lines[title + 1].text.startswith("Weian Zhao,1, 2")
    assert people_follow(lines, title)
    other = _index(lines, "Long-range electron tunnelling in oligo-porphyrin molecular wires")  # the line above
    assert not people_follow(lines, other)
    sizeable = [i for i in range(title + 1) if len(lines[i].text.split()) >= 4]
    assert next(i for i in sizeable if people_follow(lines, i)) == title


def test_a_title_printed_again_over_the_full_text_gives_way_to_its_copy_over_the_by_line() -> None:
    """nature.com (2011) prints the title over the by-line and again over the full text: whichever the
    model prefers, the article starts at the copy with the names under it."""
    from refman.formats.article_page.zones.title_evidence import with_by_line

    lines = _lines("nature-nnano-cell-surface-sensors")
    copies = [i for i, ln in enumerate(lines) if ln.text == "Cell-surface sensors for real-time probing of cellular environments"]
    assert len(copies) == 2
    head, again = copies
    assert lines[head + 1].text.startswith("Weian Zhao")
    assert with_by_line(lines, again) == head and with_by_line(lines, head) == head
    menu = _index(lines, "Download as PDF")
    assert with_by_line(lines, menu) == menu  # printed once: stays
