"""Each clean-up rule of the reference parser, on real reference strings."""

from __future__ import annotations

import pytest

from refman.formats.refstrings import parse_reference, split_references
from refman.formats.refstrings.cleanup import (
    clean_pages,
    fix_dotless_i,
    parse_edition,
    remove_debris,
    split_volume,
)
from refman.formats.refstrings.hyphenation import repair_inline
from refman.formats.refstrings.names import parse_names
from refman.formats.refstrings.relabel import relabel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31(2),", ("31", "2", "")),
        ("05(08),", ("5", "8", "")),
        ("4(March),", ("4", "", "March")),
        ("15(S2),", ("15", "S2", "")),
        ("vol. 51, no. 10,", ("51", "10", "")),
        ("14, no. 3", ("14", "3", "")),
        ("Vol. 9,", ("9", "", "")),
        ("41 (4):", ("41", "4", "")),
    ],
)
def test_volume_and_issue(text: str, expected: tuple[str, str, str]) -> None:
    assert split_volume(text) == expected


def test_volume_issue_in_whole_references() -> None:
    e = parse_reference(
        "Kaburuan, E. D., & Damayanti, A. (2022). The Effectiveness of Indonesian National Police Strategy. "
        "International Journal of Social Science and Human Research, 05(08), 3649–3661."
    )
    assert (e.volume, e.issue, e.pages) == ("5", "8", "3649-3661")
    e = parse_reference(
        "Rahman, A. (2021). Human trafficking in the Riau Islands. Journal of Migration and Health, 4(March), 1–6."
    )
    assert (e.volume, e.issue, e.date) == ("4", "", "2021-03")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("333-340", "333-340"), ("pp. 1243–1248", "1243-1248"), ("p.111-145", "111-145"), ("S. 83–109.", "83-109"),
     ("hlm. 12 — 30", "12-30")],
)
def test_pages_normalised_to_hyphen(text: str, expected: str) -> None:
    assert clean_pages(text) == expected


def test_pages_in_ieee_reference() -> None:
    e = parse_reference(
        'M. Rahmawati and B. Santoso, "Fuzzy control of a small hydro plant," in Proc. Int. Conf. Electr. Eng., '
        "Bandung, Indonesia, 2019, pp. 1243–1248."
    )
    assert e.pages == "1243-1248"
    assert e.entry_type == "paper-conference"


@pytest.mark.parametrize(("text", "expected"), [("(3rd ed.).", "3"), ("2. Aufl.", "2"), ("Second edition", "2")])
def test_edition(text: str, expected: str) -> None:
    assert parse_edition(text) == expected


def test_trailing_edition_in_a_book_reference() -> None:
    e = parse_reference("Wahyudi, B. (2018). Kebijakan publik dalam perspektif tata kelola (3rd ed.). Pustaka Pelajar.")
    assert (e.edition, e.title, e.publisher, e.entry_type) == (
        "3", "Kebijakan publik dalam perspektif tata kelola", "Pustaka Pelajar", "book"
    )


def test_line_break_hyphenation_repaired_and_real_hyphens_kept() -> None:
    text = (
        "Luh, N., Lusi, P., & Ganesha, U. P. (2022). Peran Hukum Internasional dalam Upaya Pencegahan dan Pem-\n"
        "    berantasan Human Trafficking di Indonesia. Jurnal Pendidikan Kewarganegaraan Undiksha, 10(3), 235–252.\n"
        "Paksi, A. K., & Hutami, A. N. (2023). Counter-\n"
        "    Human Trafficking in East Nusa Tenggara. JIHI : Jurnal Ilmiah Hubungan Internasional, 19(1), 25–38.\n"
        "Stöckl, H., Fabbri, C., & Galez-\n"
        "    Davis, C. (2021). Kerja sama lintas batas 2020-\n"
        "    2023. Jurnal Hukum, 4(1), 1–6.\n"
    )
    refs = split_references(text)
    assert len(refs) == 3
    assert "Pemberantasan Human" in refs[0]
    assert "Counter-Human" in refs[1]
    assert "Galez-Davis" in refs[2] and "2020-2023" in refs[2]


def test_inline_hyphenation_left_by_copy_paste() -> None:
    assert repair_inline("Upaya Pencegahan dan Pem-berantasan Human Trafficking") == (
        "Upaya Pencegahan dan Pemberantasan Human Trafficking"
    )
    assert repair_inline("Mengem-bangkan Kebijakan") == "Mengembangkan Kebijakan"
    for keep in ("Can Inter-governmental Organizations Be Peacebuilders in Intra-State War?",
                 "long-term care", "anak-anak jalanan", "e-Library", "Counter-Human Trafficking",
                 "evidence-based policy", "Covid-related deaths"):
        assert repair_inline(keep) == keep


def test_ris_debris_removed() -> None:
    text, tags = remove_debris(
        "Kim, Y. (2023). Influence Through Cyber Capacity Building BT - Information Security Applications. "
        "Information Security Applications, February, 330–343."
    )
    assert "BT -" not in text and tags == {"BT"}
    assert text.count("Information Security Applications") == 1


def test_dotless_i_in_a_latin_word() -> None:
    assert fix_dotless_i("Security, Economy, Health and Envıronment") == "Security, Economy, Health and Environment"
    assert fix_dotless_i("Türkiye'de kısa çalışma ödeneği") == "Türkiye'de kısa çalışma ödeneği"


@pytest.mark.parametrize(
    ("ref", "title", "container"),
    [
        ("Arifin, R., Riyanto, S., & Putra, A. K. (2023). Collaborative Efforts in ASEAN for Asset Recovery. "
         "Legality: Jurnal Ilmiah Hukum, 31(2), 329–343.",
         "Collaborative Efforts in ASEAN for Asset Recovery", "Legality: Jurnal Ilmiah Hukum"),
        ("Wijaya, K., & Lestari, M. (2022). Diplomasi maritim Indonesia di Laut Natuna Utara. "
         "JIHI : Jurnal Ilmiah Hubungan Internasional, 18(2), 101–118.",
         "Diplomasi maritim Indonesia di Laut Natuna Utara", "JIHI : Jurnal Ilmiah Hubungan Internasional"),
    ],
)
def test_title_and_container_with_colon(ref: str, title: str, container: str) -> None:
    e = parse_reference(ref)
    assert (e.title, e.container) == (title, container)


def test_particles_organisations_mononyms_and_et_al() -> None:
    people = parse_names("Foley, J. D., van Dam, A., & van der Berg, K.")
    assert [(p.particle, p.family, p.given) for p in people] == [
        ("", "Foley", "J. D."), ("van", "Dam", "A."), ("van der", "Berg", "K.")
    ]
    assert parse_names("World Health Organization.")[0].literal == "World Health Organization"
    mono = parse_names("Syugiarto.")
    assert [(p.family, p.given, p.literal) for p in mono] == [("Syugiarto", "", "")]
    # "et al." is kept as BibTeX's "and others" marker (issue 15: a 9-author paper is not a 1-author one).
    people = parse_names("Susanto, B., Hadi, C., et al.")
    assert [p.family for p in people] == ["Susanto", "Hadi", ""] and people[-1].is_others
    e = parse_reference("Sutrisno, A., et al. (2020). Tata kelola air bersih di desa. Jurnal Wilayah, 8(2), 11–20.")
    assert [p.family for p in e.authors] == ["Sutrisno", ""] and e.authors[-1].is_others
    assert [p.is_others for p in parse_names("Smith J, Jones K")] == [False, False]


def test_role_word_before_a_trailing_comma_is_no_person() -> None:
    """IEEE 'R. Rosenberg, Ed., Title.': the editor field ends in 'Ed.,', which is a role, not a second editor."""
    for text in ("R. Rosenberg, Ed.,", "R. Rosenberg, Ed.", "Rosenberg, R. (Ed.),"):
        people = parse_names(text, "editor")
        assert [(p.family, p.given) for p in people] == [("Rosenberg", "R.")], text
    assert [p.family for p in parse_names("A. Smith and B. Jones, Eds.,", "editor")] == ["Smith", "Jones"]


def test_publisher_after_the_title_semicolon_in_mdpi_books() -> None:
    """MDPI/ACS 'Title; Publisher: City, Country, Year.' keeps publisher and place out of the title."""
    e = parse_reference(
        "UNDRR. Sendai Framework for Disaster Risk Reduction 2015–2030; United Nations Office for Disaster Risk "
        "Reduction: Geneva, Switzerland, 2015."
    )
    assert (e.title, e.publisher, e.place, e.year) == (
        "Sendai Framework for Disaster Risk Reduction 2015–2030",
        "United Nations Office for Disaster Risk Reduction",
        "Geneva, Switzerland",
        2015,
    )
    assert [p.literal or p.family for p in e.authors] == ["UNDRR"]
    # A semicolon inside a title with no 'Publisher: Place, Year' after it changes nothing.
    tokens = ["Smith,", "J.", "(2001).", "Crime;", "punishment:", "a", "study.", "Journal", "of", "Law,", "3,", "1-9."]
    labels = ["author"] * 2 + ["date"] + ["title"] * 4 + ["journal"] * 3 + ["volume", "pages"]
    assert relabel(tokens, labels) == labels


def test_acronym_is_no_date_and_an_organisation_is_no_journal() -> None:
    """'Title. Some Commission (ICMC).' with no volume or pages: a report's publisher, acronym included."""
    tokens = ["Rosenberg,", "R.", "(2003).", "Perdagangan", "Perempuan.", "International", "Migration", "Commision", "(ICMC)."]
    crf = ["author"] * 2 + ["date"] + ["title"] * 2 + ["journal"] * 3 + ["date"]
    assert relabel(tokens, crf) == ["author"] * 2 + ["date"] + ["title"] * 2 + ["publisher"] * 4
    # A journal that is no body, or one with a volume, stays a journal.
    plain = ["author"] * 2 + ["date"] + ["title"] * 2 + ["journal"] * 3 + ["volume"]
    assert relabel([*tokens[:8], "12."], plain) == plain
    nature = ["author"] * 2 + ["date"] + ["title"] * 2 + ["journal"]
    assert relabel([*tokens[:5], "Nature."], nature) == nature


def test_non_ascii_names() -> None:
    people = parse_names("Stöckl, H., Mobjörk, M., & Ødegaard, K.")
    assert [p.family for p in people] == ["Stöckl", "Mobjörk", "Ødegaard"]
    people = parse_names("Bolikowski Ł, Tkaczyk D, Szostek G")
    assert [(p.family, p.given) for p in people] == [("Bolikowski", "Ł."), ("Tkaczyk", "D."), ("Szostek", "G.")]


def test_month_in_issue_slot_is_not_an_issue() -> None:
    e = parse_reference(
        "Kim, Y., Go, M., & Lee, K. (2023). Influence Through Cyber Capacity Building. "
        "Information Security Applications, February, 330–343."
    )
    assert e.issue == "" and e.volume == "" and e.pages == "330-343"


def test_genre_of_a_thesis() -> None:
    e = parse_reference(
        "Susilo, D. (2024). Kerjasama Indonesia dan ASEANAPOL Tahun 2020-2023. Skripsi. Universitas Muhammadiyah Malang."
    )
    assert (e.entry_type, e.genre, e.publisher) == ("thesis", "Skripsi", "Universitas Muhammadiyah Malang")
    assert e.title.endswith("2020-2023")
    e = parse_reference(
        "Hartono, S. (2019). Dinamika kerja sama keamanan ASEAN [Doctoral dissertation, Universitas Gadjah Mada]."
    )
    assert (e.entry_type, e.genre, e.publisher) == ("thesis", "Doctoral dissertation", "Universitas Gadjah Mada")


def test_doi_and_url() -> None:
    e = parse_reference(
        "Nguyen, T. H., & van der Meer, P. (2019). Urban heat islands and public health. "
        "Environmental Research Letters, 14(7), 073002. https://doi.org/10.1088/1748-9326/ab1234"
    )
    assert e.doi == "10.1088/1748-9326/ab1234"
    assert e.url == ""
    e = parse_reference(
        "Badan Pusat Statistik. (2023). Statistik Indonesia 2023. Retrieved from https://www.bps.go.id/publication"
    )
    assert e.url == "https://www.bps.go.id/publication"


def test_bad_input_never_crashes() -> None:
    for junk in ("", "   ", "....", "(((", "2020", "— – -", "\x00\x01 abc", "a" * 5000, "[1]"):
        parse_reference(junk)


def test_unicode_digits_are_not_numbers() -> None:
    """'²' is a digit to str.isdigit but not a number to int(); a superscript in a line must not crash."""
    from refman.formats.refstrings import parse_reference

    parse_reference("1\U00018cd6²")
    parse_reference("Smith, J. (2001). Title². Journal, 3²(4), 1-2.")
