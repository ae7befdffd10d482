"""Single lines read as facts (a DOI line, a dates line, a copyright statement), wherever they stand; the
site chrome's facts rank below the article's own."""

from __future__ import annotations

import re

from refman.formats.article_page import facts
from refman.formats.article_page.labels import (
    APPEARS_IN,
    HIGHWIRE_CITE,
    JOURNAL_CITE,
    PREPRINT_CITE,
    VOLUME_FIRST_CITE,
    heading,
    line_fact,
)
from refman.formats.article_page.licences import find_licence
from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.page_state import PageState, Ranked
from refman.formats.article_page.sections import Section
from refman.formats.names import parse_person

# An issue date run into the heading before the title: "1 October 2015 Delocalization of eigenvectors …".
LEADING_DATE = re.compile(
    r"^(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\s+(?=[A-Z])",
    re.I,
)
ISSUE_STATEMENT = re.compile(r"^vol(?:ume)?\.?\s*\d{1,4}\b(?:\s*\(\d{4}\))?\s*(?:,|$)", re.I)
# "doi:10.…", "https://doi.org/10.…", Springer's "DOIhttps://doi.org/10.…", ScienceDirect's
# "https://doi.org/10.…Get rights and content" (a link label glued on).
_DOI_LINE = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?)10\.\S+(?:Get rights and content)?$", re.I
)
# An issue's date on a line of its own above its volume line ("May/June 2017", "Winter 2019").
_ISSUE_DATE = re.compile(r"^(?:[A-Z][a-z]+\.?(?:\s*[/–-]\s*[A-Z][a-z]+\.?)?\s+)?(?P<year>(?:19|20)\d\d)$")
# A journal's subtitle under its name ("An International Journal at the Interface Between Chemistry and Physics").
_SUBTITLE = re.compile(r"^an?\s+(?:international\s+)?journal\b", re.I)
# ACS's citation of the article, its parts run together: "Cite This:ACS Comb. Sci.20161811-14" (2016, 18, 1, 1-4).
_CITE_THIS = re.compile(r"^cite this:\s*(?P<abbr>[^\d]{2,60}?)\s*(?P<year>(?:19|20)\d\d)(?=\d|\s*,)", re.I)
_ARTICLE_URL = re.compile(r"^(?:url\s*:?\s*)?(https?://\S+/article/view/\S+)$", re.I)

# --- single facts ------------------------------------------------------------------------------------------


def line_as_fact(page: PageState, line: PageLine, section: Section, previous: PageLine | None) -> bool:
    """Read one line as a fact; True when the line was understood."""
    text = line.text
    kind = line_fact(text)
    in_footer = section.kind == "footer"
    if kind in ("nav", "skip", "sidebar", "refbacks", "article-type"):
        return True
    if kind == "breadcrumb":
        if found := facts.volume_issue(text):
            page.volume.offer(found[0], 2)
            page.issue.offer(found[1], 2)
            offer_issue_year(page, found[2], 3)
        return True
    if kind == "corresponding":
        for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            page.extra.append(("corresponding-email", email))
        return True
    if kind == "metric":
        for name, value in facts.metrics(text):
            page.metrics.setdefault(name, value)
        return True
    if kind == "copyright":
        _copyright(page, text, in_footer)
        return True
    if kind == "licence":
        _licence(page, text, in_footer)
        return True
    if kind == "indexed":
        page.journal.offer(facts.indexed_journal(text), 3)
        return True
    if kind == "issn":
        page.issns.extend(facts.issns(text))
        before = re.split(r"\(?\b(?:[pe]\s*-?\s*|print\s+|online\s+)?ISSN\b", text, maxsplit=1, flags=re.I)[0]
        before = before.strip(" :|-–,")
        if journal_like(before):
            page.journal.offer(before, 4)
        elif (
            in_footer
            and previous is not None
            and previous.index not in page.consumed
            and journal_like(previous.text)
        ):
            page.journal.offer(previous.text, 4)
            page.consumed.add(previous.index)
        return True
    if kind == "publisher":
        if by := facts.published_by(text):
            page.journal.offer(by[0], 2)
            page.publisher.offer(by[1], 0)
        elif holder := facts.licensee(text):
            page.publisher.offer(holder[0], 2)
            page.place = page.place or holder[1]
        return True
    if kind == "dates":
        _dates(page, text)
        return True
    if kind == "special-issue":
        m = re.search(r"(?:special issue|section|topic)\s+(.+?)\)?\.?$", text, re.I)
        if m:
            page.extra.append(("special-issue", m.group(1).strip()))
        return True
    if kind == "journal-cite":
        _journal_cite(page, text)
        return True
    if kind == "highwire-cite" and (m := HIGHWIRE_CITE.match(text)):
        offer_issue_year(page, int(m.group("year")), 1)
        page.volume.offer(m.group("volume"), 1)
        page.issue.offer((m.group("issue") or "").strip(), 1)
        page.pages.offer(re.sub(r"\s*[-–]\s*", "-", m.group("pages") or ""), 1)
        page.doi.offer(facts.doi(m.group("doi")), 1)
        page.journal.offer(m.group("journal").strip(), 8)  # the site's abbreviation ("IJSEM"), a last resort
        return True
    if kind == "appears-in" and (m := APPEARS_IN.match(text)):
        name = m.group("journal").strip()
        if org := re.fullmatch(r"(.+),\s*([A-Z]{2,6})", name):  # "Wireless Communications, IEEE"
            name = f"{org.group(2)} {org.group(1)}"
        page.journal.offer(name, 1)
        if year := re.search(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)", m.group("date")):
            page.year.offer(int(year.group(1)), 1)
        if m.group("authors") and not page.stated_people:
            page.stated_people = [parse_person(name.strip()) for name in m.group("authors").split(";") if name.strip()]
        return True
    if _DOI_LINE.match(text):
        doi = facts.doi(text)
        page.doi.offer(doi, 8 if facts.component_doi(doi) else 2)
        return True
    if section.kind in ("head", "chrome") and ISSUE_STATEMENT.match(text) and (found := facts.volume_issue(text)):
        # "Volume 278, Issues 4–6, 31 October 1997, Pages 285-290" under the journal's name
        # (ScienceDirect, Hindawi, MDPI print the issue line between the journal and the title).
        # Only above the article's parts, and ranked below its own labelled dates and citations: further
        # down, the same kind of line may belong to a list of the journal's other issues.
        page.volume.offer(found[0], 5)
        page.issue.offer(found[1], 5)
        years = [int(y) for y in re.findall(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)", text[len(found[0]) + 7 :])]
        date = _ISSUE_DATE.match(previous.text) if previous is not None else None
        if date is not None and not (found[2] or years):
            # D-Lib: "D-Lib Magazine" / "May/June 2017" / "Volume 23, Number 5/6"
            years = [int(date.group("year"))]
            previous = _line_above(section, previous) if previous is not None else None
        offer_issue_year(page, found[2] or (years[0] if years else None), 6)
        if previous is not None and previous.index not in page.consumed and journal_like(previous.text):
            journal_line = previous
            if _SUBTITLE.match(previous.text):
                # Taylor & Francis: "Molecular Physics" / "An International Journal at the Interface …"
                above = _line_above(section, previous)
                journal_line = above if above is not None and journal_like(above.text) else previous
            page.journal.offer(journal_line.text, 5)
            page.consumed.add(journal_line.index)
        return True
    if m := _ARTICLE_URL.match(text):
        page.url = page.url or m.group(1)
        return True
    if kind == "preprint-cite" and (m := PREPRINT_CITE.match(text)):
        page.journal.offer(m.group("server"), 3)
        page.doi.offer(facts.doi(text), 1)
        return True
    if m := _CITE_THIS.match(text):
        offer_issue_year(page, int(m.group("year")), 1)
        return True
    return False


def offer_issue_year(page: PageState, year: int | None, rank: int) -> None:
    """A year the article's citation or issue line states: the year, and the issue's (building.py)."""
    page.year.offer(year, rank)
    page.issue_year.offer(year, rank)


def _line_above(section: Section, line: PageLine) -> PageLine | None:
    """The section's last non-blank line before `line`."""
    above = [ln for ln in section.lines if ln.text and ln.index < line.index]
    return above[-1] if above else None


_RANKED = ("journal", "publisher", "volume", "issue", "year", "issue_year", "pages", "doi")
_CHROME_PENALTY = 20


def merge_below(page: PageState, chrome: PageState) -> None:
    """Offer the chrome's facts to the page at ranks below anything the article's own lines give."""
    for name in _RANKED:
        found: Ranked = getattr(chrome, name)
        getattr(page, name).offer(found.value, found.rank + _CHROME_PENALTY)
    page.issns += chrome.issns
    page.stated_people = page.stated_people or chrome.stated_people
    page.site_holders += chrome.site_holders
    if page.licence is None and chrome.licence is not None:
        page.licence, page.licence_in_footer = chrome.licence, True
    page.date = page.date or ""


def journal_like(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 14
        and not re.search(r"\d|@|https?://|\|", text)
        and heading(text) is None
        and line_fact(text) is None
        and any(w[:1].isupper() for w in words)
    )


def _copyright(page: PageState, text: str, in_footer: bool) -> None:
    found = facts.copyright_statement(text)
    if found is not None:
        year, holder, site_wide = found
        if in_footer or site_wide or page.copyright is not None:
            if holder:
                page.site_holders.append(holder)
        else:
            page.copyright = (year, holder)
    _licence(page, text, in_footer)


def _licence(page: PageState, text: str, in_footer: bool) -> None:
    found = find_licence(text)
    if found is not None and (page.licence is None or (page.licence_in_footer and not in_footer)):
        page.licence = found
        page.licence_in_footer = in_footer
    if work := facts.licensed_work(text):
        page.journal.offer(work[0], 2)
        page.publisher.offer(work[1], 1)
    if found_licensee := facts.licensee(text):
        page.publisher.offer(found_licensee[0], 2)
        page.place = page.place or found_licensee[1]


def _dates(page: PageState, text: str) -> None:
    for label, iso in facts.labelled_dates(text):
        if label == "published":
            page.date = page.date or iso
            page.year.offer(int(iso[:4]), 0)
        elif all(key != label for key, _ in page.extra):
            page.extra.append((label, iso))


def _journal_cite(page: PageState, text: str) -> None:
    m = JOURNAL_CITE.match(text) or VOLUME_FIRST_CITE.match(text)
    if m is None:
        return
    page.journal.offer(m.group("journal").strip(), 1)
    offer_issue_year(page, int(m.group("year")), 1)
    page.volume.offer(m.group("volume"), 1)
    page.issue.offer((m.groupdict().get("issue") or "").strip(), 1)
    page.pages.offer(re.sub(r"\s*[-–—]\s*", "-", m.group("pages")), 1)
    page.doi.offer(facts.doi(m.group("rest")), 1)
