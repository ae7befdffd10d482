"""Single lines of a page read as facts (labels.py line_fact): the journal citation under a by-line."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("line", "journal", "volume", "pages"), [
    ("Trials 2014, 15:511  doi:10.1186/1745-6215-15-511", "Trials", "15", "511"),  # BioMed Central
    ("BMC Evolutionary Biology 2014, 14:70 doi:10.1186/1471-2148-14-70", "BMC Evolutionary Biology", "14", "70"),
    ("Molecules 2014, 19(4), 4517-4530; https://doi.org/10.3390/molecules19044517", "Molecules", "19", "4517-4530"),
])
def test_a_journal_citation_line_under_the_by_line_is_read(line: str, journal: str, volume: str, pages: str) -> None:
    from refman.formats.article_page.labels import JOURNAL_CITE, line_fact

    assert line_fact(line) == "journal-cite"
    m = JOURNAL_CITE.match(line)
    assert m is not None and (m.group("journal"), m.group("volume"), m.group("pages")) == (journal, volume, pages)
