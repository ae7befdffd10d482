"""Splitting a pasted reference list: one per line, numbered, blank-line blocks, hanging indents, flush wraps."""

from __future__ import annotations

from pathlib import Path

from refman.formats.refstrings import read, sniff, split_references

ONE_PER_LINE = """References
Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.
Syugiarto. (2022). Penanggulangan Human Trafficking di Indonesia. Jurnal Administrator, 4(1), 10-19.
Zimmerman, C., & Kiss, L. (2017). Human Trafficking and Exploitation: A Global Health Concern. PLoS Medicine, 14(11), 1–11.
"""

NUMBERED_IEEE = """[1] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image
recognition," in Proc. IEEE Conf. Comput. Vis. Pattern Recognit., 2016, pp. 770–778.
[2] Y. LeCun, Y. Bengio, and G. Hinton, "Deep learning," Nature, vol. 521, no. 7553,
pp. 436–444, May 2015.
[3] A. Vaswani et al., "Attention is all you need," in Adv. Neural Inf. Process. Syst., 2017, pp. 5998–6008.
"""

NUMBERED_VANCOUVER = """1. Smith JA, Jones BC. Effects of exercise on blood pressure in older adults. J Hypertens.
2018;36(4):812-9.
2. World Health Organization. Global tuberculosis report 2020. Geneva: World Health Organization; 2020.
"""

HANGING = """Anggraeni, D., Li, S., & Fitri, I. (2023). Handling of Human Trafficking in the
    Modern Era in Indonesia. Jurnal Pemikiran Sosiologi, 9, 237–258.
Luh, N., Lusi, P., & Ganesha, U. P. (2022). Peran Hukum Internasional dalam Upaya Pencegahan dan Pem-
    berantasan Human Trafficking di Indonesia. Jurnal Pendidikan Kewarganegaraan Undiksha, 10(3),
    235–252.
Stöckl, H., Fabbri, C., Cook, H., Galez-
    Davis, C. (2021). Human Trafficking and Violence. Journal of Migration and Health, 4(March), 1–6.
"""

FLUSH_WRAPPED = """Anggraeni, D., Li, S., & Fitri, I. (2023). Handling of Human Trafficking in the
Modern Era in Indonesia. Jurnal Pemikiran Sosiologi, 9, 237–258.
Susilo, D. (2024). Kerjasama Indonesia dan Kepolisian Negara Anggota ASEANAPOL Tahun 2020-
2023. Skripsi. Universitas Muhammadiyah Malang.
Benveniste, J., & Mizrahi, S. (2023). Accountability, Governance, and Institutional Change in
Intergovernmental Relations: A Theoretical Framework. Politics and Policy, 51(2), 242–255.
"""

BLANK_LINES = """Scott, James C. Seeing Like a State: How Certain Schemes to Improve
the Human Condition Have Failed. New Haven: Yale University Press, 1998.

Ostrom, Elinor. "Collective Action and the Evolution of Social Norms."
Journal of Economic Perspectives 14, no. 3 (2000): 137–58.
"""


def test_one_per_line_with_heading() -> None:
    refs = split_references(ONE_PER_LINE)
    assert len(refs) == 3
    assert refs[1].startswith("Syugiarto. (2022)")


def test_numbered_brackets_and_dots() -> None:
    refs = split_references(NUMBERED_IEEE)
    assert len(refs) == 3
    assert refs[0].startswith("K. He") and "image recognition," in refs[0] and refs[0].endswith("770–778.")
    assert refs[1].endswith("pp. 436–444, May 2015.")
    refs = split_references(NUMBERED_VANCOUVER)
    assert len(refs) == 2
    assert refs[0].endswith("J Hypertens. 2018;36(4):812-9.")


def test_hanging_indent_and_hyphenation() -> None:
    refs = split_references(HANGING)
    assert len(refs) == 3
    assert "in the Modern Era" in refs[0]
    assert "Pemberantasan Human" in refs[1] and refs[1].endswith("10(3), 235–252.")
    assert refs[2].startswith("Stöckl, H., Fabbri, C., Cook, H., Galez-Davis, C. (2021)")


def test_flush_wrapped_lines() -> None:
    refs = split_references(FLUSH_WRAPPED)
    assert len(refs) == 3
    assert "Tahun 2020-2023. Skripsi." in refs[1]
    assert "Change in Intergovernmental Relations" in refs[2]


def test_blank_line_blocks() -> None:
    refs = split_references(BLANK_LINES)
    assert len(refs) == 2
    assert "Improve the Human Condition" in refs[0]


def test_sniff_scores_reference_lists_above_other_text() -> None:
    assert sniff(ONE_PER_LINE, "refs.txt") >= 0.6
    assert sniff(NUMBERED_IEEE, "") >= 0.6
    assert sniff("@article{x,\n title={A}\n}\n", "x.bib") == 0.0
    assert sniff("TY  - JOUR\nTI  - A\nER  - \n", "x.ris") == 0.0
    assert sniff("Dear colleague,\nthank you for the meeting.\nBest wishes\n", "letter.txt") < 0.3


def test_read_gives_entries_raw_texts_and_problems() -> None:
    text = (
        "[1] Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.\n"
        "[2] .... ,,,, ;;;;\n"
        "[3] Hadi, R. Catatan lapangan tanpa tahun. Pustaka Jaya.\n"
    )
    result = read(text, "refs.txt")
    assert result.format == "references"
    assert [e.title for e in result.entries] == ["Intergovernmental Organizations", "Catatan lapangan tanpa tahun"]
    assert result.raw_texts == (
        "Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.",
        "Hadi, R. Catatan lapangan tanpa tahun. Pustaka Jaya.",
    )
    assert [(p.line, p.severity) for p in result.problems] == [(2, "error"), (3, "warning")]
    assert "no year" in result.problems[1].message


def test_an_organisation_as_author_opens_a_reference_on_its_own_line() -> None:
    # PeerJ: one reference a line; "R Core Team. 2017." was joined to the reference above it.
    from refman.formats.refstrings import split_references

    text = ("Randall JE. 1963. An analysis of the fish populations of artificial and natural reefs in the Virgin "
            "Islands. Caribbean Journal of Science 3:31-46\n"
            "R Core Team. 2017. R: A Language and Environment for Statistical Computing. Vienna: R Foundation.\n"
            "Russ G. 1984a. Distribution and abundance of herbivorous grazing fishes. Marine Ecology 20:23-34")
    assert [ref.split(".")[0] for ref in split_references(text)] == ["Randall JE", "R Core Team", "Russ G"]


def test_a_web_resource_named_then_available_online_opens_a_reference() -> None:
    # MDPI: "Agri-Food Toxigenic Fungi Culture Collection ITEM. Available online: … (accessed on …)."
    from refman.formats.refstrings import split_references

    text = ("Jelén, H.H.; Grabarkiewicz-Szczesna, J. Volatile compounds of Aspergillus strains. J. Food Agric. "
            "Chem. 2005, 53, 1678–1683.\n"
            "Agri-Food Toxigenic Fungi Culture Collection ITEM. Available online: http://www.ispa.cnr.it/Collection "
            "(accessed on 10 October 2014).\n"
            "ChemSpider Search and Share Chemistry. Available online: http://www.chemspider.com (accessed on 10 "
            "October 2014).")
    assert len(split_references(text)) == 3


def test_a_line_ending_in_et_al_does_not_end_a_reference() -> None:
    """ScienceDirect's reference preview prints each reference over three lines; "J. Chem. Phys." opens
    like an author ("J. Smith"), so after "… et al." it started a reference of its own, and both halves
    were lost (the journal line has no author, the author line no year)."""
    text = "K.W. Richman et al.\nJ. Chem. Phys.\n(1987)\nG.E. Scuseria\nJ. Chem. Phys.\n(1991)\nH.J. Werner et al.\nJ. Chem. Phys.\n(1988)\n"
    assert split_references(text) == [
        "K.W. Richman et al. J. Chem. Phys. (1987)",
        "G.E. Scuseria J. Chem. Phys. (1991)",
        "H.J. Werner et al. J. Chem. Phys. (1988)",
    ]


def test_an_item_number_run_into_its_reference_still_numbers_it() -> None:
    """PMC (2024 layout) prints each label in its own element, and a browser's copy keeps no space after
    it: "1.Benson DA, …". Lines of the development page pmc-nar-genbank-2013; before, its 13 references
    came out as 1 in the pasted-text reading. A decimal at a line's start is no label."""
    page = (Path(__file__).parent / "data" / "pages" / "pmc-nar-genbank-2013" / "page.txt").read_text(encoding="utf-8")
    lines = page.split("\n")
    start = lines.index("REFERENCES") + 1
    block = "\n".join(lines[start : start + 13])
    refs = split_references(block)
    assert len(refs) == 13
    assert refs[0].startswith("Benson DA, Karsch-Mizrachi I") and refs[12].startswith("Johnson M, Zaretskaya I")
    assert split_references("1.5 mm thick sections were cut, as in Smith J. (2001).\n") == [
        "1.5 mm thick sections were cut, as in Smith J. (2001)."]


def test_a_one_per_line_list_with_the_sites_blank_separated_lines_after_it_stays_one_per_line() -> None:
    """PeerJ (development page peerj-reef-fish-scuba): its 55 references one a line, then
    "Questions" / "Links" / "Ask a question" in blank-separated blocks. The blocks made the whole list one
    "reference" (cross-validation lost 10 of 55 that way); now one dated block among undated ones is a list."""
    page = (Path(__file__).parent / "data" / "pages" / "peerj-reef-fish-scuba" / "page.txt").read_text(encoding="utf-8")
    lines = page.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Somerton DA, Williams K, Campbell MD. 2017."))
    end = lines.index("Learn more about Q&A", start)
    refs = split_references("\n".join(lines[start : end + 1]))
    assert refs[:9] == [line.strip() for line in lines[start : start + 9]]
    # (the splitter alone runs the undated chrome on to the last reference; the page reader drops it)
    assert refs[9].startswith("Ydenberg RC, Dill LM. 1986. The economics of fleeing from predators")
    # blocks that each hold a reference over several lines still read as blocks
    assert split_references("Smith J. 2001.\nA title.\n\nJones K. 2003.\nAnother title.\n") == [
        "Smith J. 2001. A title.", "Jones K. 2003. Another title."]
