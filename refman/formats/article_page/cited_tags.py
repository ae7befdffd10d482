"""A reference stated as Highwire `citation_reference` fields, as an Entry without guessing.

Springer, PLOS and HighWire sites write each reference of the article as one meta tag
('citation_title=…; citation_author=…; citation_journal_title=…; citation_year=…'); when the page's
visible list cannot be found, those fields are the reference, already labelled by the publisher.
"""

from __future__ import annotations

import re

from refman.core.model import Entry, Person
from refman.formats.article_page import facts
from refman.formats.article_page.people import split_name


def _person(name: str) -> Person:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return Person(family=family, given=given)
    return split_name(name)


def entry_from_tags(fields: dict[str, list[str]]) -> Entry:
    def one(*names: str) -> str:
        for name in names:
            if fields.get(name):
                return fields[name][0]
        return ""

    year_text = one("citation_year", "citation_publication_date", "citation_date")
    year_match = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", year_text)
    first, last = one("citation_firstpage"), one("citation_lastpage")
    pages = one("citation_pages") or (f"{first}-{last}" if first and last and first != last else first)
    container = one("citation_journal_title", "citation_conference_title", "citation_inbook_title",
                    "citation_book_title", "citation_series_title")
    kind = "article-journal" if one("citation_journal_title") else (
        "paper-conference" if one("citation_conference_title") else
        "chapter" if one("citation_inbook_title", "citation_book_title") else
        "book" if one("citation_isbn", "citation_publisher") else "article-journal"
    )
    authors = [_person(name) for name in fields.get("citation_author", []) if name.strip()]
    if not authors and one("citation_authors"):
        authors = [_person(n) for n in re.split(r"\s*;\s*", one("citation_authors")) if n]
    return Entry(
        entry_type=kind,
        title=one("citation_title", "citation_article_title"),
        contributors=tuple(authors),
        year=int(year_match.group(1)) if year_match else None,
        container=container,
        volume=one("citation_volume"),
        issue=one("citation_issue"),
        pages=pages,
        publisher=one("citation_publisher"),
        doi=facts.doi(one("citation_doi")),
        isbn=one("citation_isbn"),
        url=one("citation_pdf_url", "citation_fulltext_html_url"),
    )
