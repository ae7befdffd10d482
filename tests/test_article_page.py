"""The article-page reader on the seed page and on hand-made pages in other layouts.

Fixtures in tests/data/article_pages/ are written by hand after real pages: an OJS 3 default-theme page
(`ojs3_flood_governance.txt`), an OJS 2 page with Indonesian labels (`ojs2_perdagangan_orang.txt`) and a
commercial publisher's page (`publisher_island_resilience.txt`). Their articles are invented (DOIs use the
10.5555 test prefix); the works they cite are real.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refman.core.model import Entry, ParseResult, Person
from refman.formats import article_page
from refman.formats.article_page import facts
from refman.formats.article_page.licences import find_licence
from refman.formats.article_page.people import split_name

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample-article.txt"
PAGES = Path(__file__).resolve().parent / "data" / "article_pages"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_48728e4564e9696b.txt"

SEED_ABSTRACT = (
    "Human trafficking is a pressing global issue, especially in the Southeast Asian region, where Indonesia "
    "plays a role as a country of origin, transit and destination. This study aims to identify the cooperation "
    "between the Indonesian Police and ASEANAPOL using descriptive qualitative research methods. This research "
    "also highlights the role of ASEANAPOL through 4 strategies of handling Indonesian Police in collaboration "
    "with ASEANAPOL which include capacity building through training (ATCM), international meetings (AMMTC and "
    "SOMTC), electronic-based real-time information exchange (System e-ADS), and strengthening cross-border "
    "investigation mechanisms through the Joint Coordination System (JCS) with border guarding and dispatching "
    "personnel such as Attache POLRI (ATPOL) and POLRI Technical Staff (STAFNISPOL). While this research focuses "
    "on preventive responses to human trafficking, there are limitations that need to be considered, including "
    "aspects of prevention and prosecution involving victim identification and protection. Future research is "
    "recommended to explore all aspects, including prevention and prosecution measures, to develop ASEANAPOL\u2019s "
    "organisational framework in addressing transnational crimes."
)
GOV = "Department of Government Studies, Universitas Muhammadiyah Malang"
IR = "Department of International Relations, Universitas Muhammadiyah Malang"


def _read(path: Path) -> ParseResult:
    return article_page.read(path.read_text(encoding="utf-8"), path.name)


def _article(path: Path) -> Entry:
    return _read(path).entries[0]


# --- the seed --------------------------------------------------------------------------------------------


def test_sample_is_the_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared seed not present")
    assert SAMPLE.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_article_every_field() -> None:
    expected = Entry(
        entry_type="article-journal",
        title="The Challenges of Intergovernmental Organizations in Combating Transnational Crime: "
        "An Indonesian Perspective",
        contributors=(),  # the page lists four affiliations but prints no author names
        year=2024,
        container="Cakrawala: Jurnal Litbang Kebijakan",
        publisher="Badan Penelitian dan Pengembangan Provinsi Jawa Timur",
        abstract=SEED_ABSTRACT,
        licence="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        copyright_holder="Rifki Muhammad",
        copyright_year=2024,
        extra=(
            ("affiliation-1", GOV),
            ("affiliation-2", GOV),
            ("affiliation-3", IR),
            ("affiliation-4", GOV),
            ("abstract-views", "129"),
            ("pdf-downloads", "51"),
        ),
    )
    assert _article(SAMPLE) == expected


def test_seed_result_shape_and_problems() -> None:
    result = _read(SAMPLE)
    assert result.format == "article-page"
    assert result.citing_index == 0
    assert result.cited_indexes == tuple(range(1, len(result.entries)))
    assert len(result.raw_texts) == len(result.entries)
    article_text = result.raw_texts[0]
    assert article_text.startswith("The Challenges of Intergovernmental Organizations")
    assert article_text.endswith("Badan Penelitian dan Pengembangan Provinsi Jawa Timur")
    assert "Anggraeni, D." not in article_text and "Zimmerman, C., & Kiss" not in article_text
    assert "Article Metrics" in article_text
    assert result.blocks[0].entry_index == 0 and result.blocks[0].line == 1
    messages = [(p.line, p.message, p.severity) for p in result.problems]
    assert messages == [
        (1, "no author names on the page; its affiliations are kept as extra fields", "warning"),
    ]


def test_seed_sniffs_as_a_page() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert article_page.sniff(text, "page.txt") >= 0.9


# --- other layouts -----------------------------------------------------------------------------------------


def test_ojs3_page() -> None:
    article = _article(PAGES / "ojs3_flood_governance.txt")
    assert article.title == "Urban Flood Governance in Coastal Cities: Lessons from Semarang and Makassar"
    assert article.contributors == (
        Person(
            family="Lestari",
            given="Dewi",
            affiliations=("Department of Public Administration, Universitas Diponegoro",),
        ),
        Person(
            family="Santoso", given="Budi", affiliations=("Faculty of Engineering, Universitas Gadjah Mada",)
        ),
        Person(
            family="Berg",
            given="Maria",
            particle="van der",
            affiliations=("International Institute of Social Studies, Erasmus University Rotterdam",),
        ),
    )
    assert (article.year, article.date) == (2023, "2023-12-15")
    assert (article.container, article.volume, article.issue) == ("Jurnal Administrasi Publik", "12", "2")
    assert article.publisher == "Universitas Medan Area"
    assert article.doi == "10.5555/jap.v12i2.4567"
    assert article.issn == "2549-9165"
    assert article.keywords == (
        "flood governance",
        "coastal cities",
        "climate adaptation",
        "collaborative governance",
    )
    assert (article.licence, article.licence_url) == (
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    )
    assert (article.copyright_holder, article.copyright_year) == (
        "Dewi Lestari, Budi Santoso, Maria van der Berg",
        2023,
    )
    # Two paragraphs, kept exactly, blank line included.
    assert article.abstract.startswith("Coastal cities in Indonesia face growing flood risk")
    assert "both cities.\n\nWe find that Semarang's reliance" in article.abstract
    assert article.abstract.endswith("at the sub-district level to be effective.")
    assert article.extra_value("orcid") == "Dewi Lestari: https://orcid.org/0000-0002-1825-0097"
    assert article.extra_value("section") == "Articles"
    assert article.extra_value("issn-print") == "2088-8379"
    assert str(article.extra_value("how-to-cite")).startswith(
        "Lestari, D., Santoso, B., & van der Berg, M. (2023)."
    )
    assert article.extra_value("abstract-views") is None  # no metrics on this page
    # Sidebar text ("Most read articles …", a Vol. 10 entry) must not leak into the article.
    assert "Infrastructure Financing" not in repr(article)


def test_ojs2_indonesian_page() -> None:
    result = _read(PAGES / "ojs2_perdagangan_orang.txt")
    article = result.entries[0]
    assert article.title == (
        "Peran Pemerintah Daerah dalam Pencegahan Perdagangan Orang di Wilayah Perbatasan Kalimantan Barat"
    )
    law = "Fakultas Hukum, Universitas Tanjungpura, Pontianak"
    assert article.contributors == (
        Person(family="Pratama", given="Andi", affiliations=(law,)),
        Person(
            family="Nurhaliza",
            given="Siti",
            affiliations=("Program Studi Ilmu Pemerintahan, Universitas Muhammadiyah Pontianak",),
        ),
        Person(family="Kristianto", given="Yohanes", affiliations=(law,)),
    )
    assert article.extra_value("corresponding-author") == "Andi Pratama"
    # The first abstract on the page is the abstract; the English one is kept beside it.
    assert article.abstract.startswith("Perdagangan orang di wilayah perbatasan Kalimantan Barat")
    assert article.abstract.endswith("lemahnya koordinasi antarinstansi.")
    assert str(article.extra_value("abstract-en")).startswith("Human trafficking in the border areas")
    assert article.keywords == (
        "perdagangan orang",
        "pemerintah daerah",
        "wilayah perbatasan",
        "Kalimantan Barat",
        "human trafficking",
        "local government",
        "border area",
        "West Kalimantan",
    )
    assert (article.year, article.volume, article.issue) == (2021, "8", "1")
    # The footer's casing, not the header's capitals.
    assert article.container == "Jurnal Ilmiah Hukum dan Kebijakan"
    assert article.publisher == "Fakultas Hukum Universitas Tanjungpura"
    assert article.doi == "10.5555/jihk.v8i1.15234"
    assert (article.issn, article.extra_value("issn-print")) == ("2579-8812", "1412-2871")
    assert (article.licence, article.licence_url) == (
        "CC BY-NC-SA 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    )
    assert (article.copyright_holder, article.copyright_year) == (
        "Andi Pratama, Siti Nurhaliza, Yohanes Kristianto",
        2021,
    )
    assert (article.extra_value("abstract-views"), article.extra_value("pdf-downloads")) == ("1204", "387")
    # Nothing on the page is left unexplained (how well each reference parses is the reference parser's test).
    assert [p for p in result.problems if not p.message.startswith("reference")] == []


def test_publisher_page() -> None:
    article = _article(PAGES / "publisher_island_resilience.txt")
    assert article.title == "Community Resilience and Disaster Risk Governance in Small Island States"
    wellington = (
        "School of Geography, Environment and Earth Sciences, Victoria University of Wellington, "
        "Wellington 6140, New Zealand"
    )
    assert article.contributors == (
        Person(family="Ribeiro", given="Ana", affiliations=(wellington,)),
        Person(
            family="García-López",
            given="Tomás",
            affiliations=("Departamento de Geografía, Universidad de Sevilla, 41004 Sevilla, Spain",),
        ),
        Person(family="Walker", given="Kiri", affiliations=(wellington,)),
    )
    assert article.extra_value("corresponding-author") == "Ana Ribeiro"
    assert (article.container, article.year, article.volume, article.issue, article.pages) == (
        "Sustainability",
        2022,
        "14",
        "5",
        "2761",
    )
    assert article.date == "2022-02-27"
    assert [(k, v) for k, v in article.extra if k in ("received", "revised", "accepted")] == [
        ("received", "2022-01-20"),
        ("revised", "2022-02-15"),
        ("accepted", "2022-02-22"),
    ]
    assert article.extra_value("special-issue") == "Disaster Risk Reduction and Sustainable Development"
    assert article.doi == "10.5555/su14052761"
    assert (article.publisher, article.place) == ("MDPI", "Basel, Switzerland")
    assert (article.copyright_holder, article.copyright_year) == ("the authors", 2022)
    assert (article.licence, article.licence_url) == (
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )
    assert article.keywords == (
        "community resilience",
        "disaster risk governance",
        "small island developing states",
        "climate adaptation",
    )
    assert article.abstract.startswith("Small island developing states are among the places")
    # The metrics widget prints only "Citations / Crossref / 3": no counter is invented from it.
    assert article.extra_value("abstract-views") is None and article.extra_value("pdf-downloads") is None


def test_saved_html_page() -> None:
    """The same OJS 3 article saved from the browser as HTML: visible text plus its citation_* meta tags."""
    result = _read(PAGES / "ojs3_flood_governance.html")
    article = result.entries[0]
    text_version = _article(PAGES / "ojs3_flood_governance.txt")
    for name in ("title", "contributors", "year", "date", "container", "volume", "issue", "doi", "issn"):
        assert getattr(article, name) == getattr(text_version, name), name
    for name in ("publisher", "licence", "licence_url", "copyright_holder", "copyright_year", "keywords"):
        assert getattr(article, name) == getattr(text_version, name), name
    assert article.pages == "101-115"  # citation_firstpage / citation_lastpage
    assert article.url == "https://jurnal.example.ac.id/index.php/jap/article/view/4567"
    assert article.language == "en"
    assert article.extra == (("issn-print", "2088-8379"),)
    # Paragraphs come out as in a text copy; entities are decoded; script and style text never shows.
    assert "both cities.\n\nWe find that Semarang\u2019s reliance" in article.abstract
    assert "pkpAnalytics" not in result.raw_texts[0] and "max-height" not in result.raw_texts[0]
    assert len(result.entries) == 4
    # Lines are numbered as in the HTML source.
    assert [block.line for block in result.blocks[1:]] == [129, 130, 131]


def test_html_problems_point_at_source_lines() -> None:
    html = "\n".join(
        [
            "<!DOCTYPE html>",
            "<html><head></head><body>",
            "<h1>A Study of Things</h1>",
            "<h2>Abstract</h2><p>Things are studied here in detail, with several methods and a discussion.</p>",
            "<h2>Published</h2>",
            "<div>not a date at all</div>",
            "</body></html>",
        ]
    )
    result = article_page.read(html, "page.html")
    assert result.entries[0].title == "A Study of Things"
    assert (6, "not understood: 'not a date at all'") in [(p.line, p.message) for p in result.problems]
    # A page that states its article in tags: lines the text reader cannot place are site furniture.
    tagged = article_page.read(html.replace("<head>", "<head><meta name='citation_title' content='A Study of Things'>"),
                               "page.html")
    assert not [p for p in tagged.problems if p.message.startswith("not understood")]


# --- variants in small pages -------------------------------------------------------------------------------


def _page(*lines: str) -> ParseResult:
    return article_page.read("\n".join(lines), "page.txt")


OJS2_DEFAULT_THEME = "\n".join(
    [
        "Home > Vol 7, No 2 (2019) > Santoso",
        "Open Access  Subscription or Fee Access",
        "Kebijakan Publik dalam Penanganan Banjir di Kota Semarang",
        "Budi Santoso, Rina Wulandari",
        "Abstract",
        "Banjir rob di Kota Semarang terus meluas. Penelitian ini mengkaji kebijakan publik pemerintah kota dalam penanganan banjir rob dengan pendekatan kualitatif.",
        "Keywords",
        "banjir; kebijakan publik",
        "Full Text:",
        "PDF",
        "References",
        "Marfai, M. A., & King, L. (2008). Coastal flood management in Semarang, Indonesia. Environmental Geology, 55(7), 1507–1518.",
        "Pelling, M. (2011). Adaptation to climate change: From resilience to transformation. Routledge.",
        "DOI: https://doi.org/10.5555/jkp.v7i2.88",
        "Refbacks",
        "There are currently no refbacks.",
        "Copyright (c) 2019 Jurnal Kebijakan Publik",
        "This work is licensed under a Creative Commons Attribution-NonCommercial 4.0 International License.",
        "Author Biography",
        "Budi Santoso, Universitas Diponegoro",
        "Budi Santoso is a lecturer in public policy at Universitas Diponegoro, working on urban flood governance and local budgets.",
        "Jurnal Kebijakan Publik by Program Studi Administrasi Publik Universitas Diponegoro is licensed under a Creative Commons Attribution-NonCommercial 4.0 International License.",
    ]
)


def test_ojs2_default_theme() -> None:
    result = article_page.read(OJS2_DEFAULT_THEME, "page.txt")
    article = result.entries[0]
    assert (
        article.title == "Kebijakan Publik dalam Penanganan Banjir di Kota Semarang"
    )  # not the access legend
    # The "Author Biography" block does not add the author a second time.
    assert article.contributors == (
        Person(family="Santoso", given="Budi"),
        Person(family="Wulandari", given="Rina"),
    )
    assert (article.year, article.volume, article.issue) == (2019, "7", "2")  # from the breadcrumb
    assert article.doi == "10.5555/jkp.v7i2.88"  # printed after the references
    assert (article.container, article.publisher) == (
        "Jurnal Kebijakan Publik",
        "Program Studi Administrasi Publik Universitas Diponegoro",
    )
    assert (article.copyright_holder, article.licence) == ("Jurnal Kebijakan Publik", "CC BY-NC 4.0")
    assert article.keywords == ("banjir", "kebijakan publik")
    assert len(result.entries) == 3 and result.raw_texts[2].startswith("Pelling, M. (2011).")
    assert [p for p in result.problems if not p.message.startswith("reference")] == []


def test_inline_labels_and_shared_affiliation() -> None:
    result = _page(
        "Pengaruh Literasi Digital terhadap Partisipasi Politik Pemilih Pemula",
        "Rina Kusuma, Ahmad Fauzi",
        "Universitas Negeri Semarang",
        "DOI: https://doi.org/10.5555/jpp.v5i2.101",
        "Abstrak: Penelitian ini mengukur pengaruh literasi digital terhadap partisipasi politik pemilih pemula "
        "di Kota Semarang dengan survei terhadap 400 responden.",
        "Kata Kunci: literasi digital, partisipasi politik, pemilih pemula",
        "Cara Mengutip",
        "Kusuma, R., & Fauzi, A. (2020). Pengaruh Literasi Digital terhadap Partisipasi Politik Pemilih Pemula. "
        "Jurnal Politik dan Pemerintahan, 5(2), 45-60.",
        "Vol 5, No 2 (2020)",
        "Hak Cipta (c) 2020 Jurnal Politik dan Pemerintahan",
        "Artikel ini berlisensi CC BY-NC 4.0",
    )
    article = result.entries[0]
    assert article.contributors == (
        Person(family="Kusuma", given="Rina", affiliations=("Universitas Negeri Semarang",)),
        Person(family="Fauzi", given="Ahmad", affiliations=("Universitas Negeri Semarang",)),
    )
    assert article.doi == "10.5555/jpp.v5i2.101"
    assert article.abstract.startswith("Penelitian ini mengukur") and article.abstract.endswith(
        "400 responden."
    )
    assert article.keywords == ("literasi digital", "partisipasi politik", "pemilih pemula")
    assert str(article.extra_value("how-to-cite")).startswith("Kusuma, R., & Fauzi, A. (2020).")
    assert (article.copyright_holder, article.copyright_year, article.year) == (
        "Jurnal Politik dan Pemerintahan",
        2020,
        2020,
    )
    assert (article.licence, article.licence_url) == (
        "CC BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    )


def test_name_with_institution_lines_and_degrees() -> None:
    article = _page(
        "Teacher Collaboration in Rural Schools",
        "Dr. Sri Wahyuni, M.Pd., Universitas Negeri Padang, Indonesia",
        "Hendra Gunawan, S.Pd., M.Pd., Universitas Negeri Padang, Indonesia",
        "Abstract",
        "This study describes how teachers in rural schools collaborate on lesson planning.",
        "Keywords: teacher collaboration; rural schools",
    ).entries[0]
    assert [(p.given, p.family, p.affiliations) for p in article.contributors] == [
        ("Sri", "Wahyuni", ("Universitas Negeri Padang, Indonesia",)),
        ("Hendra", "Gunawan", ("Universitas Negeri Padang, Indonesia",)),
    ]
    assert article.keywords == ("teacher collaboration", "rural schools")


def test_superscript_markers_and_email() -> None:
    article = _page(
        "Mangrove Restoration and Fisheries Income in Demak",
        "Agus Salim¹*, Nur Aini²",
        "¹ Faculty of Fisheries, Universitas Diponegoro",
        "² Research Center for Oceanography, National Research and Innovation Agency",
        "*Corresponding author: agus.salim@example.ac.id",
        "Abstract",
        "We estimate the effect of mangrove restoration on the income of small-scale fishers in Demak.",
    ).entries[0]
    assert [(p.family, p.affiliations) for p in article.contributors] == [
        ("Salim", ("Faculty of Fisheries, Universitas Diponegoro",)),
        ("Aini", ("Research Center for Oceanography, National Research and Innovation Agency",)),
    ]
    assert article.extra_value("corresponding-author") == "Agus Salim"
    assert article.extra_value("corresponding-email") == "agus.salim@example.ac.id"


def test_unknown_lines_are_reported_with_their_line() -> None:
    result = _page(
        "A Study of Things",
        "Abstract",
        "Things are studied here in some detail, with several methods and a long discussion of results.",
        "Published",
        "not a date at all",
        "Copyright (c) 2019 Someone Else",
    )
    assert result.entries[0].copyright_year == 2019
    assert result.entries[0].year == 2019
    located = [(p.line, p.message) for p in result.problems]
    assert (5, "not understood: 'not a date at all'") in located


def test_text_without_a_title_is_an_error_not_a_crash() -> None:
    result = article_page.read("", "empty.txt")
    assert result.entries == ()
    assert [p.severity for p in result.problems] == ["error"]


# --- licences ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "name", "url"),
    [
        (
            "This work is licensed under a Creative Commons Attribution 4.0 International License.",
            "CC BY 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        (
            "licensed under a Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License",
            "CC BY-NC-ND 4.0",
            "https://creativecommons.org/licenses/by-nc-nd/4.0/",
        ),
        (
            "Creative Commons Attribution-NonCommercial-NoDerivs 3.0 Unported License",
            "CC BY-NC-ND 3.0",
            "https://creativecommons.org/licenses/by-nc-nd/3.0/",
        ),
        (
            "Creative Commons Attribution-NonCommercial 4.0 International License",
            "CC BY-NC 4.0",
            "https://creativecommons.org/licenses/by-nc/4.0/",
        ),
        (
            "Ciptaan disebarluaskan di bawah Lisensi Creative Commons Atribusi-BerbagiSerupa 4.0 Internasional.",
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        ("(CC BY-NC-SA 4.0)", "CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        (
            "http://creativecommons.org/licenses/by-sa/4.0",
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        (
            "released under CC0 (Public Domain Dedication)",
            "CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        (
            "licensed under a Creative Commons Attribution License",
            "CC BY",
            "https://creativecommons.org/licenses/by/",
        ),
    ],
)
def test_licence_wordings(wording: str, name: str, url: str) -> None:
    assert find_licence(wording) == (name, url)


def test_not_a_licence() -> None:
    assert find_licence("Creative Commons License") is None
    assert find_licence("All rights reserved.") is None


# --- sniffing ----------------------------------------------------------------------------------------------

BARE_LIST = "\n".join(
    [
        "References",
        "Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.",
        "Syugiarto. (2022). Penanggulangan Human Trafficking di Indonesia. Jurnal Administrator, 4(1), 10-19.",
        "Zimmerman, C., & Kiss, L. (2017). Human Trafficking and Exploitation: A Global Health Concern. "
        "PLoS Medicine, 14(11), 1–11.",
    ]
)


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.txt")), ids=lambda p: p.name)
def test_fixture_pages_sniff_high(path: Path) -> None:
    assert article_page.sniff(path.read_text(encoding="utf-8"), path.name) >= 0.8


def test_sniff_low_for_other_texts() -> None:
    assert article_page.sniff(BARE_LIST, "refs.txt") <= 0.15
    assert article_page.sniff("@article{key,\n  title = {Abstract},\n}\n", "x.bib") == 0.0
    assert article_page.sniff('[{"title": "Copyright (c) 2024"}]', "x.json") == 0.0
    assert article_page.sniff("", "x.txt") == 0.0


# --- robustness --------------------------------------------------------------------------------------------

_PAGE_BITS = st.sampled_from(
    [
        "Abstract",
        "Keywords: a, b",
        "References",
        "Full Text:",
        "Copyright (c) 2024 A Person",
        "DOI: 10.5555/x",
        "Vol. 3 No. 2 (2020)",
        "ISSN 1234-5678",
        "Article Metrics",
        "Abstract view : 3 timesPDF - 1 times",
        "(*) Corresponding Author",
        "by Ana Ribeiro 1,*, Kiri Walker 2",
        "1 University of Somewhere",
        "(1)\u00a0Universitas X",
        "This work is licensed under a Creative Commons Attribution 4.0 International License.",
        "Home / Archives / Vol 1",
        "Published",
        "2023-02-30",
        "How to Cite",
        "Issue",
        "Section",
        "Authors",
        "Licensee MDPI, Basel",
        "Sustainability 2022, 14(5), 2761; https://doi.org/10.5555/x",
        "Smith, J. (2020). A title. Journal, 1(2), 3-4.",
        "<html><body><p>",
        "<meta name='citation_title' content='T'><meta name=citation_author content='Doe, J'>",
        "</div></p><br/><script>x<y</script>",
        "",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PAGE_BITS, st.text(max_size=80)), max_size=25))
def test_never_raises_on_arbitrary_text(parts: list[str]) -> None:
    text = "\n".join(parts)
    score = article_page.sniff(text, "x.txt")
    assert 0.0 <= score <= 1.0
    result = article_page.read(text, "x.txt")
    assert len(result.raw_texts) == len(result.entries)
    if result.citing_index is not None:
        assert result.cited_indexes == tuple(range(1, len(result.entries)))
    last_line = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # CR alone ends a line too
    for problem in result.problems:
        assert problem.line is None or 1 <= problem.line <= last_line


# --- single facts and names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Abstract view : 129 timesPDF - 51 times", [("abstract-views", "129"), ("pdf-downloads", "51")]),
        (
            "Abstract views: 1,204 | PDF downloads: 387",
            [("abstract-views", "1204"), ("pdf-downloads", "387")],
        ),
        ("Abstrak dilihat : 1.015 kali", [("abstract-views", "1015")]),
        ("HTML view : 20 times", [("html-views", "20")]),
        ("Downloads: 45", [("pdf-downloads", "45")]),
        ("Citations", []),
    ],
)
def test_metrics(line: str, expected: list[tuple[str, str]]) -> None:
    assert facts.metrics(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Copyright (c) 2024 Rifki Muhammad", (2024, "Rifki Muhammad", False)),
        ("Copyright © 2021 A. B. Smith, C. Jones", (2021, "A. B. Smith, C. Jones", False)),
        ("© 2022 by the authors. Licensee MDPI, Basel, Switzerland.", (2022, "the authors", False)),
        ("Copyright © 2017-2024 Jurnal X. All rights reserved.", (2017, "Jurnal X", True)),
        ("Hak Cipta (c) 2020 Jurnal Politik", (2020, "Jurnal Politik", False)),
        ("Copyright notice", None),
    ],
)
def test_copyright_lines(line: str, expected: tuple[int, str, bool] | None) -> None:
    assert facts.copyright_statement(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 February 2022", "2022-02-27"),
        ("February 27, 2022", "2022-02-27"),
        ("5 Agustus 2021", "2021-08-05"),
        ("2023-12-15", "2023-12-15"),
        ("31 Februari 2021", ""),  # no such day
        ("not a date", ""),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert facts.iso_date(text) == expected


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Maria van der Berg", Person(family="Berg", given="Maria", particle="van der")),
        ("Martin Luther King Jr.", Person(family="King", given="Martin Luther", suffix="Jr.")),
        ("Syugiarto", Person(family="Syugiarto")),
        ("ANDI PRATAMA", Person(family="Pratama", given="Andi")),
        ("Tomás García-López", Person(family="García-López", given="Tomás")),
    ],
)
def test_split_name(name: str, person: Person) -> None:
    assert split_name(name) == person
