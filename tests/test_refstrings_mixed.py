"""Issue 15, points 4 and 7: a pasted list mixing styles and numbering keeps every reference,
and the fields seen wrong in the preview come out right (real reference strings)."""

from __future__ import annotations

from refman.formats.refstrings import parse_reference, read, split_references
from refman.formats.refstrings.cleanup import expand_page_range, split_vancouver
from refman.formats.refstrings.splitting import unplaced_lines

# Two MLA, two IEEE, two Vancouver, one Harvard: as pasted from several papers' reference lists.
MIXED = """Smith, John, and Mary Jones. "Deep Learning for Citation Parsing." Journal of Documentation, vol. 75, no. 2, 2019, pp. 123-145.
Turner, Frederick Jackson. The Frontier in American History. Henry Holt, 1920.
[1] A. Vaswani et al., "Attention is all you need," in Proc. Adv. Neural Inf. Process. Syst., 2017, pp. 5998-6008.
[2] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," in Proc. IEEE Conf. Comput. Vis. Pattern Recognit., 2016, pp. 770-778.
1. Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. N Engl J Med. 2002 Jul 25;347(4):284-7.
2. Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of interstitial excitatory amino acid concentrations after cortical contusion injury. Brain Res. 2002;935(1-2):40-6.
Knuth, D.E. (1997) The Art of Computer Programming. 3rd edn. Reading, MA: Addison-Wesley.
"""


def test_a_mixed_list_keeps_every_reference_apart() -> None:
    refs = split_references(MIXED)
    assert len(refs) == 7
    assert refs[0].startswith("Smith, John") and refs[1].startswith("Turner")
    assert refs[2].startswith("A. Vaswani") and refs[5].endswith("2002;935(1-2):40-6.")
    assert refs[6].startswith("Knuth, D.E. (1997)")
    result = read(MIXED, "<pasted>")
    assert len(result.entries) == 7 and not result.problems
    knuth = result.entries[6]
    assert [p.family for p in knuth.authors] == ["Knuth"] and knuth.publisher == "Addison-Wesley"
    rose = result.entries[5]
    assert "Addison-Wesley" not in rose.publisher and "Knuth" not in [p.family for p in rose.contributors]


def test_a_wrapped_numbered_list_is_still_joined() -> None:
    text = ("[1] K. He, X. Zhang, S. Ren, and J. Sun, \"Deep residual learning for image\n"
            "recognition,\" in Proc. IEEE Conf. Comput. Vis. Pattern Recognit., 2016, pp. 770–778.\n"
            "[2] Y. LeCun, Y. Bengio, and G. Hinton, \"Deep learning,\" Nature, vol. 521, no. 7553,\n"
            "pp. 436–444, May 2015.\n")
    assert len(split_references(text)) == 2


def test_every_line_is_a_row_or_a_listed_problem() -> None:
    assert unplaced_lines(MIXED, split_references(MIXED)) == []
    refs = split_references(MIXED)
    missing = unplaced_lines(MIXED, refs[:1] + refs[2:])
    assert missing == [(2, refs[1])]


def test_et_al_is_kept_as_others() -> None:
    e = parse_reference('[1] A. Vaswani et al., "Attention is all you need," in Proc. Adv. Neural Inf. '
                        'Process. Syst., 2017, pp. 5998-6008.')
    assert [p.family for p in e.authors[:1]] == ["Vaswani"] and e.authors[-1].is_others and len(e.authors) == 2


def test_abbreviated_proceedings_name_is_not_split_into_a_publisher() -> None:
    e = parse_reference('A. Vaswani et al., "Attention is all you need," in Proc. Adv. Neural Inf. Process. Syst., '
                        '2017, pp. 5998-6008.')
    assert e.container == "Proc. Adv. Neural Inf. Process. Syst" and e.publisher == ""
    assert (e.year, e.pages) == (2017, "5998-6008")


def test_vancouver_date_with_day_gives_volume_issue_and_full_pages() -> None:
    e = parse_reference("Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
                        "N Engl J Med. 2002 Jul 25;347(4):284-7.")
    assert (e.volume, e.issue, e.pages, e.year, e.date) == ("347", "4", "284-287", 2002, "2002-07-25")
    assert e.container == "N Engl J Med"
    assert split_vancouver("2002;935(1-2):40-6.") == ("2002", "", "935", "1-2", "40-46")


def test_page_ranges_expand_only_when_abbreviated() -> None:
    assert expand_page_range("284-7") == "284-287"
    assert expand_page_range("1243-8") == "1243-1248"
    assert expand_page_range("98-102") == "98-102"
    assert expand_page_range("19-5") == "19-5"  # not a later page: kept as written
    assert expand_page_range("e123") == "e123"


def _acp_references() -> list[str]:
    """The reference list of a real saved ACP Journals page (tests/data/pages, development half)."""
    from pathlib import Path

    from refman.formats.article_page.html_facts import read_html

    page = Path(__file__).parent / "data" / "pages" / "acp-annals-influenza-vaccination-elderly" / "page.html"
    return [item.text for item in read_html(page.read_text(encoding="utf-8", errors="replace")).references]


def test_pubmed_identifiers_are_kept_apart_from_the_reference() -> None:
    """Annals of Internal Medicine ends each reference with "[PMID: 24055351]": the number is the entry's
    pmid, not its pages, and the bracket no longer cuts the Vancouver block ("2013;31:5339-48. [PMID:")."""
    refs = _acp_references()
    first = parse_reference(refs[0])  # "… globally—a review. Vaccine. 2013;31:5339-48. [PMID: 24055351] doi:…"
    assert (first.container, first.year, first.volume, first.pages) == ("Vaccine", 2013, "31", "5339-5348")
    assert first.extra_value("pmid") == "24055351" and first.doi == "10.1016/j.vaccine.2013.09.013"
    second = parse_reference(refs[1])
    assert (second.container, second.year, second.pages) == ("Am J Epidemiol", 2005, "303-306")
    assert second.extra_value("pmid") == "15692073"


def test_a_one_word_journal_before_a_vancouver_block_is_the_journal() -> None:
    e = parse_reference("Peasah SK, Azziz-Baumgartner E, Breese J, et al. Influenza cost and cost-effectiveness "
                        "studies globally—a review. Vaccine. 2013;31:5339-48.")
    assert (e.container, e.year, e.volume, e.pages) == ("Vaccine", 2013, "31", "5339-5348")
    assert e.title == "Influenza cost and cost-effectiveness studies globally—a review"
