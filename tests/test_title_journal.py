"""The journal named in a page's <title> (title_journal.py), checked on the real corpus pages' titles."""

from __future__ import annotations

import json
from pathlib import Path

from rapidfuzz import fuzz

from refman.formats.article_page.dom import parse
from refman.formats.article_page.embedded import page_title
from refman.formats.article_page.title_journal import journal_from_title

CORPUS = Path(__file__).resolve().parent / "data" / "pages"


def _answers() -> list[tuple[str, str, str]]:
    out = []
    for page in sorted(p for p in CORPUS.iterdir() if (p / "gold.json").exists()):
        gold = json.loads((page / "gold.json").read_text(encoding="utf-8"))
        root = parse((page / "page.html").read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        found = journal_from_title(page_title(root), str(gold["title"]))
        if found:
            out.append((page.name, found, str(gold["journal"])))
    return out


def test_title_journal_names_the_gold_journal_on_most_corpus_pages() -> None:
    answers = _answers()
    wrong = [a for a in answers if fuzz.ratio(a[1].casefold(), a[2].casefold()) < 90]
    # Measured: 20 of 24 answers right; on the 107-page corpus (2026-12-06) 29 of 37. The wrong ones name
    # a section of the journal ("Frontiers in Brain Imaging Methods"), its acronym ("ACP", "PNAS"), "The
    # BMJ" for "BMJ", "Open Science" for "Royal Society Open Science", the journal with its publisher in
    # parentheses ("… (ACS Publications)", two pages) or a proceedings' name without its acronym. The
    # reader ranks this answer below everything else the page states. A regression guard at the measured
    # share, which the 15 pages added that day pushed from 7 of 36 to 8 of 37 wrong; the 4 pages added later
    # that day to 9 of 40: DergiPark's <title> names its journal in Turkish ("İstanbul 29 Mayıs Üniversitesi
    # Eğitim Fakültesi Dergisi"), the gold by its English name.
    assert len(answers) >= 20
    assert len(wrong) <= 0.23 * len(answers), wrong


def test_platform_words_abbreviations_and_surnames_are_not_journals() -> None:
    title = "Formation of Structures - Yang - 2016 - Advanced Science - Wiley Online Library"
    assert journal_from_title(title, "Formation of Structures") == "Advanced Science"
    assert journal_from_title("Phonon Magnetochiral Effect  |  Phys. Rev. Lett.", "Phonon Magnetochiral Effect") == ""
    assert journal_from_title("Chemical bonding without orbitals - ScienceDirect", "Chemical bonding without orbitals") == ""
    assert journal_from_title("Some other page | Journal of Things", "Not the title of this page") == ""
