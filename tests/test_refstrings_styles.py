"""References in the six styles the parser must handle, English and Indonesian.

These strings were composed for this test (real works, written out in each style); none is taken from the
AnyStyle training data.
"""

from __future__ import annotations

import pytest

from refman.formats.refstrings import parse_reference


def people(entry: object) -> list[tuple[str, str]]:
    return [(p.family, p.given) for p in entry.contributors]  # type: ignore[attr-defined]


def check(ref: str, **want: object) -> None:
    e = parse_reference(ref)
    got = {}
    for key in want:
        got[key] = people(e) if key == "people" else (e.entry_type if key == "type" else getattr(e, key))
    assert got == want, ref


# --- APA ---------------------------------------------------------------------------------------------
def test_apa_journal_article_with_doi() -> None:
    check(
        "Nguyen, T. H., & van der Meer, P. (2019). Urban heat islands and public health: A systematic review. "
        "Environmental Research Letters, 14(7), 073002. https://doi.org/10.1088/1748-9326/ab1234",
        type="article-journal", people=[("Nguyen", "T. H."), ("Meer", "P.")], year=2019,
        title="Urban heat islands and public health: A systematic review", container="Environmental Research Letters",
        volume="14", issue="7", pages="073002", doi="10.1088/1748-9326/ab1234",
    )


def test_apa_book_and_chapter() -> None:
    check(
        "Putnam, R. D. (2000). Bowling alone: The collapse and revival of American community. Simon & Schuster.",
        type="book", people=[("Putnam", "R. D.")], year=2000,
        title="Bowling alone: The collapse and revival of American community", publisher="Simon & Schuster",
    )
    e = parse_reference(
        "Hall, S. (1996). Who needs 'identity'? In S. Hall & P. du Gay (Eds.), Questions of cultural identity "
        "(pp. 1–17). Sage."
    )
    assert (e.entry_type, e.title, e.container, e.pages, e.publisher) == (
        "chapter", "Who needs 'identity'?", "Questions of cultural identity", "1-17", "Sage"
    )
    assert [(p.family, p.particle, p.role) for p in e.editors] == [("Hall", "", "editor"), ("Gay", "du", "editor")]


def test_apa_indonesian() -> None:
    check(
        "Sari, D. P., & Wibowo, A. (2021). Analisis kebijakan desentralisasi fiskal di Provinsi Jawa Timur. "
        "Jurnal Ekonomi dan Kebijakan Publik, 12(1), 45–60.",
        type="article-journal", people=[("Sari", "D. P."), ("Wibowo", "A.")], year=2021,
        title="Analisis kebijakan desentralisasi fiskal di Provinsi Jawa Timur",
        container="Jurnal Ekonomi dan Kebijakan Publik", volume="12", issue="1", pages="45-60",
    )
    check(
        "Pratama, R. A. (2020). Pengaruh media sosial terhadap partisipasi politik pemilih pemula [Skripsi]. "
        "Universitas Airlangga.",
        type="thesis", genre="Skripsi", publisher="Universitas Airlangga",
        title="Pengaruh media sosial terhadap partisipasi politik pemilih pemula",
    )


# --- MLA ---------------------------------------------------------------------------------------------
def test_mla() -> None:
    check(
        'Gilbert, Sandra M., and Susan Gubar. "The Madwoman in the Attic." Feminist Studies, vol. 5, no. 2, 1979, '
        "pp. 252-278.",
        type="article-journal", people=[("Gilbert", "Sandra M."), ("Gubar", "Susan")], year=1979,
        title="The Madwoman in the Attic", container="Feminist Studies", volume="5", issue="2", pages="252-278",
    )
    check(
        "Said, Edward W. Orientalism. Pantheon Books, 1978.",
        type="book", people=[("Said", "Edward W.")], year=1978, title="Orientalism", publisher="Pantheon Books",
    )


# --- Chicago author-date and notes-bibliography ------------------------------------------------------
def test_chicago_author_date() -> None:
    check(
        "Tsing, Anna Lowenhaupt. 2005. Friction: An Ethnography of Global Connection. Princeton, NJ: "
        "Princeton University Press.",
        type="book", people=[("Tsing", "Anna Lowenhaupt")], year=2005,
        title="Friction: An Ethnography of Global Connection", place="Princeton, NJ",
        publisher="Princeton University Press",
    )
    check(
        'Keohane, Robert O., and Joseph S. Nye. 1987. "Power and Interdependence Revisited." '
        "International Organization 41 (4): 725–53.",
        type="article-journal", people=[("Keohane", "Robert O."), ("Nye", "Joseph S.")], year=1987,
        title="Power and Interdependence Revisited", container="International Organization",
        volume="41", issue="4", pages="725-53",
    )


def test_chicago_notes_bibliography() -> None:
    check(
        "Scott, James C. Seeing Like a State: How Certain Schemes to Improve the Human Condition Have Failed. "
        "New Haven: Yale University Press, 1998.",
        type="book", people=[("Scott", "James C.")], year=1998, place="New Haven",
        publisher="Yale University Press",
        title="Seeing Like a State: How Certain Schemes to Improve the Human Condition Have Failed",
    )
    check(
        'Ostrom, Elinor. "Collective Action and the Evolution of Social Norms." Journal of Economic Perspectives '
        "14, no. 3 (2000): 137–58.",
        type="article-journal", people=[("Ostrom", "Elinor")], year=2000,
        title="Collective Action and the Evolution of Social Norms", container="Journal of Economic Perspectives",
        volume="14", issue="3", pages="137-58",
    )


# --- IEEE --------------------------------------------------------------------------------------------
def test_ieee() -> None:
    check(
        '[1] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," in Proc. IEEE '
        "Conf. Comput. Vis. Pattern Recognit. (CVPR), 2016, pp. 770–778.",
        type="paper-conference", people=[("He", "K."), ("Zhang", "X."), ("Ren", "S."), ("Sun", "J.")],
        year=2016, title="Deep residual learning for image recognition", pages="770-778",
        container="Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR)",
    )
    check(
        'Y. LeCun, Y. Bengio, and G. Hinton, "Deep learning," Nature, vol. 521, no. 7553, pp. 436–444, May 2015.',
        type="article-journal", people=[("LeCun", "Y."), ("Bengio", "Y."), ("Hinton", "G.")], year=2015,
        date="2015-05", title="Deep learning", container="Nature", volume="521", issue="7553", pages="436-444",
    )


# --- Vancouver ---------------------------------------------------------------------------------------
def test_vancouver() -> None:
    check(
        "1. Smith JA, Jones BC, van den Berg K. Effects of exercise on blood pressure in older adults. "
        "J Hypertens. 2018;36(4):812-9.",
        type="article-journal", people=[("Smith", "J. A."), ("Jones", "B. C."), ("Berg", "K.")], year=2018,
        title="Effects of exercise on blood pressure in older adults", container="J Hypertens",
        volume="36", issue="4", pages="812-819",
    )
    e = parse_reference(
        "World Health Organization. Global tuberculosis report 2020. Geneva: World Health Organization; 2020."
    )
    assert [p.literal for p in e.authors] == ["World Health Organization"]
    assert (e.title, e.place, e.publisher, e.year) == (
        "Global tuberculosis report 2020", "Geneva", "World Health Organization", 2020
    )


# --- Harvard -----------------------------------------------------------------------------------------
def test_harvard() -> None:
    check(
        "Giddens, A. (1991) Modernity and self-identity: self and society in the late modern age. "
        "Cambridge: Polity Press.",
        type="book", people=[("Giddens", "A.")], year=1991, place="Cambridge", publisher="Polity Press",
        title="Modernity and self-identity: self and society in the late modern age",
    )
    check(
        "Bolikowski, Ł. and Stöckl, H. (2016) 'Citation parsing at scale', Journal of Documentation, 72(3), "
        "pp. 455-470.",
        type="article-journal", people=[("Bolikowski", "Ł."), ("Stöckl", "H.")], year=2016,
        title="Citation parsing at scale", container="Journal of Documentation", volume="72", issue="3",
        pages="455-470",
    )


@pytest.mark.parametrize(
    "ref",
    [
        "Hartono, S. (2019). Dinamika kerja sama keamanan ASEAN [Doctoral dissertation, Universitas Gadjah Mada].",
        "Wahyudi, B. (2018). Kebijakan publik dalam perspektif tata kelola (3rd ed.). Pustaka Pelajar.",
    ],
)
def test_indonesian_books_and_theses_have_years_and_titles(ref: str) -> None:
    e = parse_reference(ref)
    assert e.year in (2018, 2019) and e.title and e.authors
