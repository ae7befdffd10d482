"""Duplicate detection on real strings: identifier normalisation, blocking keys, vetoes, scoring."""

from __future__ import annotations

import dataclasses

import pytest

from refman.core.duplicates import (
    arxiv_key,
    blocking_keys,
    doi_key,
    edition_number,
    facts,
    identifiers,
    isbn13,
    isbns,
    journals_match,
    main_title,
    title_block,
    veto,
)
from refman.core.model import Entry, Person
from refman.library.duplicate_scoring import candidate_pairs, clusters, score

VASWANI = Entry(
    citekey="vaswani2017attention", entry_type="paper-conference", title="Attention is All you Need",
    contributors=(Person("Vaswani", "Ashish"), Person("Shazeer", "Noam"), Person("Parmar", "Niki")),
    year=2017, container="Advances in Neural Information Processing Systems", volume="30", pages="5998--6008",
)
KAHNEMAN = Entry(
    citekey="kahneman1979", title="Prospect Theory: An Analysis of Decision under Risk",
    contributors=(Person("Kahneman", "Daniel"), Person("Tversky", "Amos")), year=1979,
    container="Econometrica", volume="47", issue="2", pages="263-291", doi="10.2307/1914185",
)


def test_doi_forms_agree() -> None:
    forms = ["10.2307/1914185", "https://doi.org/10.2307/1914185", "doi:10.2307/1914185",
             "http://dx.doi.org/10.2307/1914185", "DOI: 10.2307/1914185."]
    assert {doi_key(f) for f in forms} == {"10.2307/1914185"}
    assert doi_key(r"10.1002/(SICI)1097-4571(199806)49:8\_\%3C693") == doi_key("10.1002/(sici)1097-4571(199806)49:8_%3C693")
    assert doi_key("https://doi.org/10.1000/ABC%2Fdef") == "10.1000/abc/def"
    assert doi_key("not a doi") == ""


def test_isbn_10_and_13_of_one_book_match_and_checksums_count() -> None:
    assert isbn13("0-306-40615-2") == "9780306406157"
    assert isbn13("978-0-306-40615-7") == "9780306406157"
    assert isbn13("0-306-40615-3") == ""  # bad check digit
    assert isbn13("978-0-306-40615-8") == ""
    assert isbn13("0-8044-2957-X") == "9780804429573"
    assert isbns("ISBN 0306406152 (pbk.); 978-3-16-148410-0 (hbk.)") == {"9780306406157", "9783161484100"}


def test_arxiv_without_version_and_pmid() -> None:
    assert arxiv_key("arXiv:1706.03762v5") == "1706.03762"
    assert arxiv_key("https://arxiv.org/abs/hep-th/9711200v2") == "hep-th/9711200"
    a = Entry(title="x", extra=(("eprint", "1706.03762v7"), ("archivePrefix", "arXiv")))
    b = Entry(title="x", url="https://arxiv.org/abs/1706.03762")
    c = Entry(title="x", doi="10.48550/arXiv.1706.03762")
    assert identifiers(a).arxiv == identifiers(b).arxiv == identifiers(c).arxiv == "1706.03762"
    assert identifiers(Entry(note="PMID: 25079253")).pmid == "25079253"
    assert identifiers(Entry(extra=(("pmid", "25079253"),))).pmid == "25079253"


def test_title_and_journal_normalisation() -> None:
    assert main_title("Deep learning: a review of methods") == "deep learning"
    assert title_block("The Économie & Société of things") == title_block("Economie and societe of things: a study")
    assert journals_match("J. Am. Chem. Soc.", "Journal of the American Chemical Society")
    assert journals_match("Phys. Rev. Lett.", "Physical Review Letters")
    assert journals_match("Proc. Natl. Acad. Sci. U.S.A.", "Proceedings of the National Academy of Sciences U S A")
    assert not journals_match("Phys. Rev. Lett.", "Physical Review B")
    assert not journals_match("Nature", "Science")
    assert edition_number("2nd") == edition_number("Second edition") == edition_number("2. Aufl.") == 2


def _with(entry: Entry, i: int, **changes: object) -> Entry:
    return dataclasses.replace(entry, id=i, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [
    {"title": "Attention is all you ned"},  # one-letter typo
    {"title": "Attention Is All You Need: Transformers for sequence transduction"},  # subtitle present
    {"contributors": (Person("Vaswani", "A."), Person("Shazeer", "N."), Person("Parmar", "N."))},  # initials
    {"container": "Adv. Neural Inf. Process. Syst."},  # abbreviated journal
    {"contributors": (Person("Vaswani", "Ashish"),), "pages": ""},  # fewer authors, no pages
    {"year": 2018, "volume": ""},  # preprint year vs proceedings year
])
def test_similar_works_match(changes: dict[str, object]) -> None:
    assert score(facts(_with(VASWANI, 1)), facts(_with(VASWANI, 2, **changes))) > 0


def test_diacritics_and_ampersand_do_not_stop_a_match() -> None:
    a = Entry(id=1, title="Économie & société au Québec", contributors=(Person("Dupré", "Frédéric"),), year=1998,
              container="Revue française de sociologie")
    b = Entry(id=2, title="Economie and societe au Quebec", contributors=(Person("Dupre", "F."),), year=1998,
              container="Rev. Fr. Sociol.")
    assert score(facts(a), facts(b)) > 0
    assert set(blocking_keys(a)) & set(blocking_keys(b))


@pytest.mark.parametrize(("changes", "reason"), [
    ({"doi": "10.2307/1914186"}, "different DOIs"),
    ({"year": 1982}, "years more than one apart"),
    ({"pages": "300-310"}, "different pages"),
])
def test_vetoes(changes: dict[str, object], reason: str) -> None:
    a, b = facts(_with(KAHNEMAN, 1)), facts(_with(KAHNEMAN, 2, **changes))
    assert veto(a, b) == reason
    assert score(a, b) == 0


def test_book_vetoes_edition_isbn_and_chapters() -> None:
    book = Entry(id=1, entry_type="book", title="The TeXbook", contributors=(Person("Knuth", "Donald E."),),
                 year=1984, publisher="Addison-Wesley", isbn="0-201-13447-0", edition="1")
    assert veto(facts(book), facts(dataclasses.replace(book, id=2, edition="2nd"))) == "different editions"
    assert score(facts(book), facts(dataclasses.replace(book, id=2, isbn="978-0-201-13447-6"))) == 1.0  # 10 vs 13
    other = dataclasses.replace(book, id=3, isbn="978-3-16-148410-0")
    assert veto(facts(book), facts(other)) == "different ISBNs"
    ch1 = Entry(id=4, entry_type="chapter", title="Introduction", contributors=(Person("Smith", "J."),), year=2001,
                container="Handbook of labor economics", isbn="0-306-40615-2", pages="1-20")
    ch2 = dataclasses.replace(ch1, id=5, title="Introduction to part two", pages="201-230")
    assert score(facts(ch1), facts(ch2)) == 0  # one book's ISBN, two chapters


def test_different_works_stay_apart() -> None:
    a = Entry(id=1, title="Deep learning", contributors=(Person("LeCun", "Yann"),), year=2015, container="Nature")
    b = Entry(id=2, title="Deep learning", contributors=(Person("Goodfellow", "Ian"),), year=2016, entry_type="book")
    assert score(facts(a), facts(b)) == 0
    p1 = Entry(id=3, title="Climate models, part 1", contributors=(Person("Held", "I."),), year=2005)
    p2 = dataclasses.replace(p1, id=4, title="Climate models, part 2")
    assert score(facts(p1), facts(p2)) == 0


def test_clusters_refuse_a_veto_through_a_third_record() -> None:
    a = _with(KAHNEMAN, 1)
    b = _with(KAHNEMAN, 2, doi="")
    c = _with(KAHNEMAN, 3, doi="10.2307/9999999")
    fx = {e.id: facts(e) for e in (a, b, c) if e.id is not None}
    pairs = candidate_pairs([[1, 2, 3]])
    found = clusters(pairs, fx)
    assert found in ([[1, 2]], [[2, 3]])
    assert clusters(pairs, fx, dismissed={(1, 2), (2, 3)}) == []


def test_a_short_title_without_its_subtitle_needs_everything_else_to_agree() -> None:
    full = Entry(id=1, title="MATE: The Army of Francis Joseph", contributors=(Person("Edwards", "J."),), year=1976,
                 container="The craft of life course research", pages="1899-1920")
    short = dataclasses.replace(full, id=2, title="MATE")
    assert score(facts(full), facts(short)) > 0
    assert score(facts(full), facts(dataclasses.replace(short, pages="", container=""))) == 0
