"""The journal's name confirmed by a second mention (article_page/journal_evidence.py), on lines of real
development-half pages; each case failed before the module existed (2026-12-05)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.formats.article_page.journal_evidence import repeated_journal
from refman.formats.article_page.lines import split_lines

PAGES = Path(__file__).parent / "data" / "pages"


@pytest.mark.parametrize(("page", "journal"), [
    ("aps-prl-phonon-magnetochiral", "Physical Review Letters"),  # "Phys. Rev. Lett. 122, 145901 – Published …"
    ("aps-rmp-electron-diffraction", "Reviews of Modern Physics"),  # "Rev. Mod. Phys. 94, 045004 – …"
    ("acs-jpca-heisenberg-polyynes", "The Journal of Physical Chemistry A"),  # "Cite This:J. Phys. Chem. A2001105…"
    ("acs-combsci-cuaac", "ACS Combinatorial Science"),  # "Cite This:ACS Comb. Sci.20161811-14"
    ("springeropen-biobioproc-carboxypeptidase", "Bioresources and Bioprocessing"),  # "…Bioprocessing20163:21"
    ("iop-jpcm-ito-near-infrared", "Journal of Physics: Condensed Matter"),  # "…, Volume 28, Number 22"
])
def test_the_journal_is_the_name_the_page_repeats_in_its_citation(page: str, journal: str) -> None:
    text = (PAGES / page / "page.txt").read_text(encoding="utf-8")
    assert repeated_journal(split_lines(text)) == journal


@pytest.mark.parametrize("lines", [
    # A menu item abbreviated nowhere, and an abbreviation whose words do not begin the name's.
    ["Physical Review Letters", "About", "Phys. Rev. B 12, 3456"],
    ["Journal of Things", "Journal of Things and more"],
])
def test_no_second_mention_no_journal(lines: list[str]) -> None:
    assert repeated_journal(split_lines("\n".join(lines))) == ""
