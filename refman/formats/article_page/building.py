"""The article entry from what was gathered: an HTML page's tags rank above its visible text, the
page's own citation of itself fills what neither states."""

from __future__ import annotations

import re

from refman.core.errors import RefmanError
from refman.core.model import Entry, Person
from refman.formats.article_page.journal_names import full_journal_name
from refman.formats.article_page.line_facts import LEADING_DATE
from refman.formats.article_page.lines import match_key
from refman.formats.article_page.meta import MetaFacts, read_meta
from refman.formats.article_page.page_state import PageState
from refman.formats.article_page.people import letters_confirmed


def _citation_entry(page: PageState) -> Entry | None:
    if not page.citation:
        return None
    from refman.formats.refstrings import parse_reference  # loads the reference model only when needed

    try:
        return parse_reference(page.citation)
    except RefmanError as exc:
        page.warn(page.citation_line, f"citation not understood: {exc}")
        return None


def versioned(licence: tuple[str, str]) -> bool:
    return bool(re.search(r"/\d\.\d/", licence[1]))


def _apply_meta(page: PageState, meta: MetaFacts) -> tuple[Person, ...]:
    """Rank an HTML page's meta tags above the visible text; returns the contributors to use."""
    page.journal.offer(meta.journal, -1)
    page.publisher.offer(meta.publisher, -1)
    page.volume.offer(meta.volume, -1)
    page.issue.offer(meta.issue, -1)
    page.pages.offer(meta.pages, -1)
    page.doi.offer(meta.doi, -1)
    page.year.offer(meta.year, -1)
    page.date = meta.date or page.date
    page.title = meta.title or page.title
    page.url = page.url or meta.url
    # A rel="license" link or a rights tag names the article's own licence, unless the article's text
    # states a versioned one: MDPI and BioMed Central pages print "CC BY 4.0" beside a stale "3.0" tag.
    # (Another licence named in the text is the site's, for its older material, say: the tag wins then.)
    printed = page.licence if page.licence and not page.licence_in_footer and versioned(page.licence) else None
    if printed and meta.licence and printed[0].split()[:2] != meta.licence[0].split()[:2]:
        printed = None
    page.licence = printed or meta.licence or page.licence
    page.issns += meta.issns
    if not page.keywords:
        page.keywords = list(meta.keywords)
    if not page.abstracts and meta.abstract:
        page.abstracts.append(("", meta.abstract))
    text_people = page.people.persons
    stated = [p.family.casefold() for p in page.stated_people]
    if stated and stated != [p.family.casefold() for p in text_people]:
        text_people = page.stated_people  # the by-line was not found or misread; the page lists its authors
    if not meta.persons:
        return tuple(letters_confirmed(text_people, [line.text for line in page.lines]))
    if len(text_people) == len(meta.persons):
        # Same authors: the meta names, with the affiliations the text gave where the tags give none.
        return tuple(
            m
            if m.affiliations
            else Person(m.family, m.given, m.particle, m.suffix, affiliations=t.affiliations)
            for m, t in zip(meta.persons, text_people, strict=True)
        )
    return tuple(meta.persons)


def build_entry(page: PageState) -> Entry:
    cited = _citation_entry(page)
    meta = read_meta(page.meta)
    contributors: tuple[Person, ...] = _apply_meta(page, meta)
    if cited is not None:
        page.journal.offer(cited.container, 6)
        page.volume.offer(cited.volume, 4)
        page.issue.offer(cited.issue, 4)
        page.pages.offer(cited.pages, 4)
        page.year.offer(cited.year, 4)
        page.doi.offer(cited.doi, 3)
        if not contributors:
            contributors = cited.authors
    if page.copyright is not None:
        page.year.offer(page.copyright[0], 9)
    if page.site_holders:
        page.publisher.offer(page.site_holders[0], 3)

    # A journal or site name printed by the by-line ("First Monday, Volume 25 …") is nobody's name.
    not_people = {match_key(name) for name in (page.journal.text(), page.publisher.text()) if name}
    contributors = tuple(
        p for p in contributors if p.literal or match_key(f"{p.given} {p.particle} {p.family}") not in not_people
    )
    extra: list[tuple[str, str]] = []
    if not contributors:
        first = page.title_line
        message = "no author names on the page"
        if page.people.affiliations:
            message += "; its affiliations are kept as extra fields"
        page.warn(first, message)
    # Affiliations nobody could be given; an HTML page's tags give each author theirs.
    unassigned = [] if meta.persons else page.people.affiliations
    numbered = [key for key, _ in unassigned]
    for key, text in unassigned:
        name = f"affiliation-{key}" if key and numbered.count(key) == 1 else "affiliation"
        extra.append((name, text))
    if meta.number:
        extra.append(("number", meta.number))
    extra += [("corresponding-author", name) for name in page.people.corresponding]
    extra += [("orcid", value) for value in page.people.orcids]
    extra += [("email", value) for value in page.people.emails]
    for language, text in page.abstracts[1:]:
        extra.append((f"abstract-{language}" if language else "abstract-other", text))
    extra += page.extra
    if page.citation:
        extra.append(("how-to-cite", page.citation))
    extra += list(page.metrics.items())

    issn = ""
    if page.issns:
        online = [number for medium, number in page.issns if medium == "online"]
        issn = online[0] if online else page.issns[0][1]
        seen = {issn}
        for medium, number in page.issns:
            if number not in seen:
                extra.append((f"issn-{medium}" if medium else "issn", number))
                seen.add(number)

    container = page.journal.text()
    if full := full_journal_name(container):
        extra.append(("shortjournal", container))
        container = full
    year = page.year.value if isinstance(page.year.value, int) else None
    issue_year = page.issue_year.value if isinstance(page.issue_year.value, int) else None
    if year is not None and issue_year is not None and abs(issue_year - year) == 1:
        # Online in one year, in an issue dated the next or the one before: a bibliography cites the
        # issue's year (ACS's "Cite This: ACS Comb. Sci. 2016, 18, 1, 1-4" for an article online in
        # December 2015; Taylor & Francis's "Volume 1, Issue 4, 2015" for one online in February 2016).
        year = issue_year
    volume, issue = page.volume.text(), page.issue.text()
    title = LEADING_DATE.sub("", page.title) or page.title  # "1 October 2015 Delocalization of …" (Project Euclid)
    if year is not None and title.endswith(f" ({year})") and len(title) > 12:
        title = title[: -len(f" ({year})")].rstrip()  # CiteSeerX's "Computational Lambda-Calculus and Monads (1988)"
    return Entry(
        entry_type=meta.kind or "article-journal",
        title=title,
        contributors=contributors,
        year=year,
        date=page.date,
        container=container,
        volume=volume,
        issue=issue,
        pages=page.pages.text(),
        publisher=page.publisher.text(),
        place=page.place,
        doi=page.doi.text(),
        url=page.url,
        issn=issn,
        abstract=page.abstracts[0][1] if page.abstracts else "",
        licence=page.licence[0] if page.licence else "",
        licence_url=page.licence[1] if page.licence else "",
        copyright_holder=page.copyright[1] if page.copyright else "",
        copyright_year=page.copyright[0] if page.copyright else None,
        keywords=tuple(page.keywords),
        language=meta.language,
        extra=tuple(extra),
    )
