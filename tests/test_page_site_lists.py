"""Taylor & Francis (2014) and ScienceDirect preview pages of the corpus's dev half.

T&F: bracketed link buttons on lines of their own ("[CrossRef], [Web of Science ®]"), a tab row
"Full text / Figures & Tables / References / Citations" under the title, and a by-line whose affiliation
letters a copy runs on to the names ("Tae-Sung Kima, Kyung-Ae Parkbc*, Xiaofeng Lid & Sungwook Honge").
ScienceDirect: a preview list of 10 references in a <ul>, the next 29 in a <div> shown on "View more".
"""

from __future__ import annotations

from pathlib import Path

from refman.formats import article_page
from refman.formats.article_page.people import parse_author_line, run_on_letters
from refman.formats.article_page.references import link_line

PAGES = Path(__file__).parent / "data" / "pages"


def _read(page_id: str, name: str) -> list:  # type: ignore[type-arg]
    return list(article_page.read((PAGES / page_id / name).read_text(encoding="utf-8"), name).entries)


def test_bracketed_link_buttons_are_link_lines() -> None:
    assert link_line("[CrossRef], [Web of Science ®], [CSA]") and link_line("[Taylor & Francis Online]")
    assert not link_line("[1] Bakun, A. 1990. Global Climate Change.")


def test_affiliation_letters_run_on_to_names_come_off_when_they_read_a_b_c() -> None:
    assert run_on_letters(["Kima", "Parkbc", "Lid", "Honge"]) == [("Kim", "a"), ("Park", "bc"), ("Li", "d"), ("Hong", "e")]
    assert run_on_letters(["Costa", "Jacob"]) is None  # two letters: names may end so by chance
    assert run_on_letters(["Costa", "Silva", "Sousa"]) is None  # a, a, a: not a sequence of affiliations
    assert run_on_letters(["Kima", "Parkc", "Lid"]) is None  # b skipped
    assert parse_author_line("Tae-Sung Kima, Kyung-Ae Parkbc*, Xiaofeng Lid & Sungwook Honge") == [
        ("Tae-Sung Kim", ["a"]), ("Kyung-Ae Park", ["b", "c", "*"]), ("Xiaofeng Li", ["d"]), ("Sungwook Hong", ["e"])]


def test_tandf_page_reads_title_by_line_and_only_the_real_reference_list() -> None:
    article, *refs = _read("tandf-ijrs-sar-wind-upwelling", "page.txt")
    assert article.title.startswith("SAR-derived wind fields at the coastal region")
    assert [p.family for p in article.authors] == ["Kim", "Park", "Li", "Hong"]
    assert len(refs) == 61 and refs[0].title == "Global Climate Change and Intensification of Coastal Ocean Upwelling"


def test_sciencedirect_preview_list_gives_the_references_shown_on_view_more_too() -> None:
    _article, *refs = _read("sciencedirect-cpl-epstein-nesbet", "page.html")
    assert len(refs) == 17
    _article, *refs = _read("sciencedirect-comptc-bonding", "page.html")
    assert len(refs) >= 38 and any(r.title.startswith("Modern Quantum Chemistry") for r in refs)


def test_run_on_letters_come_off_a_by_line_printed_a_name_per_line() -> None:
    """Each line holds one name, so only the by-line as a whole shows the letters reading a, b, c…"""
    from refman.formats.article_page.lines import split_lines
    from refman.formats.article_page.zoned import _by_line

    lines = split_lines("SAR-derived wind fields at the coastal region\nTae-Sung Kima,\nKyung-Ae Parkbc*,\n"
                        "Xiaofeng Lid &\nSungwook Honge\n\nAbstract\n")
    assert [p.family for p in _by_line(lines, 0)] == ["Kim", "Park", "Li", "Hong"]


def test_link_buttons_of_sites_the_model_never_saw_are_link_lines_but_not_model_input() -> None:
    """OUP's "Search ADS", ScienceDirect's "View in Scopus", Wiley's "Web of Science®", glued as a
    browser copies the buttons: link lines between references (the list is not broken there), while
    what the zoning model sees stays as it was trained (only_links)."""
    from refman.formats.article_page.references import only_links

    for text in ("Google ScholarCrossrefSearch ADSPubMedWorldCat", "CrossrefCASPubMedWeb of Science®Google Scholar",
                 "View PDF", "View in Scopus", "Wiley Online Library", "Search ADS"):
        assert link_line(text), text
        assert not only_links(text), text
    assert not link_line("Search advertisements in the sky, 2001")
    assert not link_line("Wiley Online Library usage statistics for chemistry journals (2014)")


def test_two_affiliation_letters_come_off_where_the_page_cites_the_names_without_them() -> None:
    """Taylor & Francis (development page): "S. Vivekanandhana, M. Venkateswarlub & N. Satyanarayanaa*" has
    two affiliations only, too few for run_on_letters; the reference list cites "S. Vivekanandhan,
    M. Venkateswarlu and N. Satyanarayana", which settles it."""
    from refman.core.model import Person
    from refman.formats.article_page.people import letters_confirmed

    article = _read("tandf-advdevmat-licoo2-combustion", "page.txt")[0]
    assert [p.family for p in article.authors] == ["Vivekanandhan", "Venkateswarlu", "Satyanarayana"]
    people = [Person("Costa", "Ana"), Person("Silva", "Rui")]
    # "Cost" and "Silv" never stand as a cited author's name: the names stay whole
    assert letters_confirmed(people, ["Costa A, Silva R", "Cost of care. Silv"]) == people
    # a name the page also cites with its last letter keeps it
    assert letters_confirmed(people, ["A. Cost, R. Silv (2001)", "A. Costa (2003)"]) == people
    assert [p.family for p in letters_confirmed(people, ["A. Cost, R. Silv (2001)"])] == ["Cost", "Silv"]
