"""The article page's reference list: split, parsed and linked in order (with refman.formats.refstrings)."""

from __future__ import annotations

from pathlib import Path

from refman.core.model import ParseResult
from refman.formats import article_page, registry
from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.references import clean_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample-article.txt"
PAGES = Path(__file__).resolve().parent / "data" / "article_pages"


def _read(path: Path) -> ParseResult:
    return article_page.read(path.read_text(encoding="utf-8"), path.name)


def test_seed_has_29_references_in_page_order() -> None:
    result = _read(SAMPLE)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert len(result.entries) == 30
    assert result.citing_index == 0
    assert result.cited_indexes == tuple(range(1, 30))
    page_lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    # References are lines 9-37 of the page, one per line: each raw text is its line, in order.
    assert list(result.raw_texts[1:]) == [line.strip() for line in page_lines[8:37]]
    assert [block.line for block in result.blocks[1:]] == list(range(9, 38))
    assert [block.entry_index for block in result.blocks] == list(range(30))


def test_seed_references_are_parsed_entries() -> None:
    entries = _read(SAMPLE).entries[1:]
    firsts = [(e.authors[0].family if e.authors else "", e.year) for e in entries]
    assert firsts[0] == ("Anggraeni", 2023)
    assert firsts[-1] == ("Zimmerman", 2017)
    assert firsts[25] == ("Syugiarto", 2022)
    assert entries[1].title.startswith("International Organisations")
    assert entries[2].container == "Legality: Jurnal Ilmiah Hukum"
    assert (entries[2].volume, entries[2].issue) == ("31", "2")


def test_fixture_reference_counts_and_order() -> None:
    ojs3 = _read(PAGES / "ojs3_flood_governance.txt")
    assert len(ojs3.entries) == 9
    assert ojs3.raw_texts[1].startswith("Adger, W. N. (2000).")
    assert (
        ojs3.raw_texts[8]
        == "Pelling, M. (2011). Adaptation to climate change: From resilience to transformation. Routledge."
    )

    ojs2 = _read(PAGES / "ojs2_perdagangan_orang.txt")
    assert len(ojs2.entries) == 7
    # The wrapped fifth reference is one reference, starting on its own line.
    assert ojs2.raw_texts[5].startswith("R. Rosenberg, Ed., Trafficking of Women and Children in Indonesia.")
    assert ojs2.raw_texts[5].endswith("Solidarity, 2003.")
    assert ojs2.blocks[5].line == 23
    assert ojs2.raw_texts[6].startswith("Undang-Undang Republik Indonesia Nomor 21 Tahun 2007")

    publisher = _read(PAGES / "publisher_island_resilience.txt")
    assert len(publisher.entries) == 6
    # Link labels the publisher adds after each reference are page debris, not part of the reference.
    assert all("Google Scholar" not in text and "CrossRef" not in text for text in publisher.raw_texts[1:])
    assert publisher.raw_texts[1].startswith("Adger, W.N. Social and ecological resilience")


def test_how_to_cite_fills_what_the_page_leaves_out() -> None:
    # The OJS 3 page gives pages only in its "How to Cite" block.
    article = _read(PAGES / "ojs3_flood_governance.txt").entries[0]
    assert article.pages == "101-115"


def test_link_labels_removed() -> None:
    lines = split_lines(
        "1. Adger, W.N. A title. J. 2000, 24, 347–364. [Google Scholar] [CrossRef] [PubMed]\nPDF"
    )
    assert [line.text for line in clean_lines(lines)] == ["1. Adger, W.N. A title. J. 2000, 24, 347–364."]


def test_page_beats_reference_list_on_the_seed_and_loses_on_a_bare_list() -> None:
    seed = SAMPLE.read_text(encoding="utf-8")
    assert registry.detect(seed, "page.txt").name == "article-page"
    bare = "\n".join(seed.split("\n")[8:37])
    assert registry.detect(bare, "refs.txt").name == "references"
    with_heading = "References\n" + bare
    assert registry.detect(with_heading, "refs.txt").name == "references"


def test_a_reference_printed_over_two_paragraphs_is_one_reference() -> None:
    """BioMed Central's 2014 pages print "Authors: Title." and "Journal 2014, 15:247." as two paragraphs,
    a Cochrane review's number or a web reference's URL as a third; "Return to text" between references.
    (Lines 323-372 of the corpus page, as a browser's select-all gives them.)"""
    from refman.formats.article_page.references import parse_references

    page = Path(__file__).parent / "data" / "pages" / "bmc-trials-low-back-pain" / "page.txt"
    lines = split_lines(page.read_text(encoding="utf-8"))[323:372]
    refs = parse_references(lines)
    assert [r.text.split(",")[0] for r in refs] == [
        "Vos T", "Murray CJ", "Dagenais S", "Koes BW", "Artus M", "Furlan AD", "Hayden JA", "Rubinstein SM",
    ]
    assert refs[2].text.endswith("Spine J 2008, 8:8-20.")  # the link labels after it are gone
    assert refs[2].entry.year == 2008 and refs[2].entry.pages == "8-20"
    assert refs[7].text.endswith("Cochrane Database Syst Rev 2012., 9 CD008880")


def test_link_labels_glued_to_the_page_numbers_are_cut() -> None:
    """SpringerOpen's pasted list: one reference per line, "View Article" glued to the last page number;
    left on, no line ends like a reference and the 28 lines ran together into 4."""
    from refman.formats.article_page.references import parse_references

    page = Path(__file__).parent / "data" / "pages" / "springeropen-biobioproc-carboxypeptidase" / "page.txt"
    lines = split_lines(page.read_text(encoding="utf-8"))[371:399]
    refs = parse_references(lines)
    assert len(refs) == 28
    assert refs[0].text.endswith("Biochem Biophys Res Commun 317:531–538")
    assert refs[17].entry.container == "Biochemistry" and refs[17].entry.year == 1989


def test_hindawi_view_at_links_after_a_reference_are_cut() -> None:
    """Hindawi's pasted list ends most references with "View at Publisher · View at Google Scholar · View
    at Scopus"; left on, such a line does not end like a reference and swallows the next one."""
    from refman.formats.article_page.references import parse_references

    page = Path(__file__).parent / "data" / "pages" / "hindawi-wheat-foliar-phosphite" / "page.txt"
    lines = split_lines(page.read_text(encoding="utf-8"))[149:156]
    refs = parse_references(lines)
    assert len(refs) == 7
    assert refs[5].text.endswith("pp. 283–295, 1999.")


def test_ieee_xplore_links_after_a_reference_are_cut() -> None:
    """IEEE Xplore (2008) ends each pasted reference with "Quick Abstract | Show Context | Full Text: PDF":
    left on, the year before it is not read."""
    from refman.formats.article_page.references import parse_references

    lines = split_lines(
        'H. Izadpanah, "A mm-Wave Broadband Wireless Access Technology Demonstrator For the NGI Network '
        "Extension\" Proc. Int',l. Conf. Broadband Wireless Access Sys., 2000 Quick Abstract | Show Context | "
        "Full Text: PDF\n"
    )
    (ref,) = parse_references(lines)
    assert ref.text.endswith("Sys., 2000")
    assert ref.entry.year == 2000
