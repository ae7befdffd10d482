"""Infer the CSL type of a parsed reference from which fields it has, as AnyStyle does after labelling.

No reference says "this is a journal article"; the evidence is the shape: a thesis word in the genre,
"Proceedings" in the container, an editor or "In" before a book title, volume/issue/pages after a
journal, a publisher and no container for a book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_THESIS = re.compile(
    r"\b(thesis|dissertation|diss|skripsi|tesis|disertasi|ph\.?\s?d|doctoral|master'?s?|magister|"
    r"habilitation|doktorarbeit|diplomarbeit|magisterarbeit|bachelor'?s?|undergraduate)\b",
    re.I,
)
_REPORT = re.compile(
    r"\b(report|working paper|technical|tech\.|policy brief|white paper|discussion paper|laporan|memorandum|"
    r"occasional paper|research paper|briefing)\b",
    re.I,
)
_CONFERENCE = re.compile(
    r"\b(proceedings|proc\.|conference|conf\.|symposium|symp\.|workshop|congress|colloquium|meeting|"
    r"prosiding|konferensi|seminar|simposium|tagung|kongress|actes|convention)(?!\w)",
    re.I,
)
# Journals named "Proceedings": "Proc. IEEE", "Proc. Natl. Acad. Sci. USA", "Proceedings of the Royal Society B".
_PROCEEDINGS_ONLY = re.compile(r"\b(proceedings|proc\.)(?!\w)", re.I)
_MEETING = re.compile(r"\b(conference|conf\.|symposium|symp\.|workshop|congress|colloquium|meeting|seminar|convention|annual)", re.I)
_PUBLISHER_LIKE = re.compile(
    r"\b(press|publications?|publishing|publishers?|verlag|books|penerbit|edizioni|éditions|editora|"
    r"pustaka|university press)\s*$",
    re.I,
)
_WEB = re.compile(r"\b(blog|website|web site|web page|online|retrieved|accessed|diakses)\b", re.I)
_NEWS = re.compile(r"\b(times|post|guardian|herald|tribune|gazette|kompas|tempo|daily|news|newspaper)\b", re.I)
_MAGAZINE = re.compile(r"\b(magazine|weekly|newsweek|economist|atlantic|new yorker|majalah)\b", re.I)


@dataclass
class Evidence:
    """What the labelled reference contains, reduced to what the type depends on."""

    has_journal_label: bool = False
    has_container_label: bool = False
    container: str = ""
    has_editor: bool = False
    in_marker: bool = False
    book_tag: bool = False  # a RIS "BT - " (book title) tag was seen
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    genre: str = ""
    url: str = ""
    doi: str = ""
    isbn: str = ""
    edition: str = ""
    date_has_day: bool = False


def infer_type(ev: Evidence) -> str:
    genre = ev.genre
    if genre and _THESIS.search(genre):
        return "thesis"
    if genre and _REPORT.search(genre) and not ev.container:
        return "report"
    if ev.container:
        if _CONFERENCE.search(ev.container):
            # A "Proceedings" with both a volume and an issue, no "In" and no meeting word, is a journal.
            journal_named = (
                ev.volume and ev.issue and not ev.in_marker and not ev.has_editor
                and _PROCEEDINGS_ONLY.search(ev.container) and not _MEETING.search(ev.container)
            )
            if not journal_named:
                return "paper-conference"
            return "article-journal"
        if ev.book_tag or ev.in_marker or ev.has_editor or ev.isbn:
            return "chapter"
        if _MAGAZINE.search(ev.container) and not ev.volume:
            return "article-magazine"
        if _NEWS.search(ev.container) and not ev.volume and ev.date_has_day:
            return "article-newspaper"
        if ev.has_journal_label or ev.volume or ev.issue:
            return "article-journal"
        if ev.publisher:
            return "chapter"
        if ev.url and _WEB.search(ev.container):
            return "webpage"
        return "article-journal"
    if genre and _REPORT.search(genre):
        return "report"
    if ev.publisher or ev.isbn or ev.edition:
        return "book"
    if ev.url:
        return "webpage"
    if ev.pages and not ev.publisher:
        return "article-journal"
    return "document"


def looks_like_publisher(name: str) -> bool:
    """'SAGE Publications', 'Oxford University Press': a publisher set where a container stands."""
    return bool(_PUBLISHER_LIKE.search(name.strip(" .,;:")))
