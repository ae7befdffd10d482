"""Read an article landing page into the article entry plus one entry per reference.

The page is cut into parts (sections.py); every line outside the reference list and the abstract is first
tried as a single fact (facts.py); then each part is read for what it holds. Facts that can come from
several places (the journal name, the year, volume and issue) are collected with a rank and the best
one wins, so that "Published 2023-12-15" beats the copyright year and a "Journal:" label beats the site
header. Lines nobody understood are reported as warnings with their line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refman.core.errors import RefmanError
from refman.core.model import Entry, ParseResult, Person, Problem, RawBlock
from refman.formats.article_page import facts, self_citation
from refman.formats.article_page.cited_tags import entry_from_tags
from refman.formats.article_page.html_facts import HtmlFacts, best_abstract, read_html, structured_reference
from refman.formats.article_page.html_text import looks_like_html
from refman.formats.article_page.labels import GALLEY, JOURNAL_CITE, heading, line_fact
from refman.formats.article_page.licences import find_licence
from refman.formats.article_page.lines import PageLine, match_key, raw_block, split_lines
from refman.formats.article_page.meta import MetaFacts, meta_title, read_meta
from refman.formats.article_page.numbered import as_items, numbered_item, numbered_run
from refman.formats.article_page.people import People, has_institution_word, read_people
from refman.formats.article_page.references import Reference, parse_references
from refman.formats.article_page.sections import Section, segment
from refman.formats.article_page.title_journal import journal_from_title
from refman.formats.article_page.zones import Zones, zones
from refman.formats.article_page.zones.authors import name_like, names_from_lines
from refman.formats.article_page.zones.use import abstract_lines, reference_block, title_start

FORMAT = "article-page"

# Parts whose lines are read as a whole and never tried as single facts.
_WHOLE_KINDS = frozenset(
    {"abstract", "keywords", "references", "fulltext", "howtocite", "authors", "biography", "backmatter", "body", "citedby"}
)
# Parts whose leftover lines are page furniture, not worth a warning.
_QUIET_KINDS = frozenset(
    {"chrome", "licence", "metrics", "refbacks", "footer", "downloads", "fulltext", "howtocite", "biography", "backmatter", "history", "body", "citedby"}
)
_ABSTRACT_LANGUAGES = {
    "abstract": "en",
    "summary": "en",
    "abstrak": "id",
    "ringkasan": "id",
    "resumen": "es",
    "resumo": "pt",
    "résumé": "fr",
    "abstrakt": "de",
}
_CITATION_STYLE = re.compile(
    r"^(?:mdpi and acs|ama|apa|acm|acs|abnt|chicago(?:/turabian)?|turabian|harvard|ieee|mla|vancouver|bibtex"
    r"|endnote|ris|more citation formats|download citation|export citation|find other styles|copy citation"
    r"|endnote/zotero/mendeley \(ris\))(?:\s+style)?$",
    re.I,
)
_FURNITURE_WARNINGS = ("not understood", "unlabelled text not understood")
_LANGUAGE_TAG = re.compile(r"^(?:[a-z]{2}|English|Français|Deutsch|Español|Indonesia)\s*\n+")  # HAL's "fr" above the text
_ISSUE_STATEMENT = re.compile(r"^vol(?:ume)?\.?\s*\d{1,4}\b(?:\s*\(\d{4}\))?\s*(?:,|$)", re.I)
_DOI_LINE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*)10\.\S+$", re.I)
_ARTICLE_URL = re.compile(r"^(?:url\s*:?\s*)?(https?://\S+/article/view/\S+)$", re.I)


@dataclass(slots=True)
class _Ranked:
    """A fact several parts of the page may state; the lowest rank wins, then the first seen."""

    value: object = None
    rank: int = 99

    def offer(self, value: object, rank: int) -> None:
        if value in (None, "") or rank >= self.rank:
            return
        self.value, self.rank = value, rank

    def text(self) -> str:
        return str(self.value) if isinstance(self.value, str) else ""


@dataclass(slots=True)
class _Page:
    source: str
    title: str = ""
    title_line: int | None = None
    people: People = field(default_factory=People)
    abstracts: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    keywords: list[str] = field(default_factory=list)
    reference_lines: list[PageLine] = field(default_factory=list)
    citation: str = ""
    citation_line: int | None = None
    journal: _Ranked = field(default_factory=_Ranked)
    publisher: _Ranked = field(default_factory=_Ranked)
    place: str = ""
    volume: _Ranked = field(default_factory=_Ranked)
    issue: _Ranked = field(default_factory=_Ranked)
    year: _Ranked = field(default_factory=_Ranked)
    pages: _Ranked = field(default_factory=_Ranked)
    doi: _Ranked = field(default_factory=_Ranked)
    date: str = ""
    url: str = ""
    copyright: tuple[int, str] | None = None
    site_holders: list[str] = field(default_factory=list)
    licence: tuple[str, str] | None = None
    licence_in_footer: bool = False
    guessed_abstract: bool = False  # the abstract is the unlabelled text under the by-line
    metrics: dict[str, str] = field(default_factory=dict)
    issns: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)  # an HTML page's citation_* / DC.* tags
    lines: list[PageLine] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indexes of the lines understood
    problems: list[Problem] = field(default_factory=list)

    def warn(self, line: int | None, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(self.source, line, message, severity))


# --- single facts ------------------------------------------------------------------------------------------


def _fact(page: _Page, line: PageLine, section: Section, previous: PageLine | None) -> bool:
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
            page.year.offer(found[2], 3)
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
        if _journal_like(before):
            page.journal.offer(before, 4)
        elif (
            in_footer
            and previous is not None
            and previous.index not in page.consumed
            and _journal_like(previous.text)
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
    if _DOI_LINE.match(text):
        page.doi.offer(facts.doi(text), 2)
        return True
    if section.kind in ("head", "chrome") and _ISSUE_STATEMENT.match(text) and (found := facts.volume_issue(text)):
        # "Volume 278, Issues 4–6, 31 October 1997, Pages 285-290" under the journal's name
        # (ScienceDirect, Hindawi, MDPI print the issue line between the journal and the title).
        # Only above the article's parts, and ranked below its own labelled dates and citations: further
        # down, the same kind of line may belong to a list of the journal's other issues.
        page.volume.offer(found[0], 5)
        page.issue.offer(found[1], 5)
        years = [int(y) for y in re.findall(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)", text[len(found[0]) + 7 :])]
        page.year.offer(found[2] or (years[0] if years else None), 6)
        if previous is not None and previous.index not in page.consumed and _journal_like(previous.text):
            page.journal.offer(previous.text, 5)
            page.consumed.add(previous.index)
        return True
    if m := _ARTICLE_URL.match(text):
        page.url = page.url or m.group(1)
        return True
    return False


_RANKED = ("journal", "publisher", "volume", "issue", "year", "pages", "doi")
_CHROME_PENALTY = 20


def _merge_below(page: _Page, chrome: _Page) -> None:
    """Offer the chrome's facts to the page at ranks below anything the article's own lines give."""
    for name in _RANKED:
        found: _Ranked = getattr(chrome, name)
        getattr(page, name).offer(found.value, found.rank + _CHROME_PENALTY)
    page.issns += chrome.issns
    page.site_holders += chrome.site_holders
    if page.licence is None and chrome.licence is not None:
        page.licence, page.licence_in_footer = chrome.licence, True
    page.date = page.date or ""


def _journal_like(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 14
        and not re.search(r"\d|@|https?://|\|", text)
        and heading(text) is None
        and line_fact(text) is None
        and any(w[:1].isupper() for w in words)
    )


def _copyright(page: _Page, text: str, in_footer: bool) -> None:
    found = facts.copyright_statement(text)
    if found is not None:
        year, holder, site_wide = found
        if in_footer or site_wide or page.copyright is not None:
            if holder:
                page.site_holders.append(holder)
        else:
            page.copyright = (year, holder)
    _licence(page, text, in_footer)


def _licence(page: _Page, text: str, in_footer: bool) -> None:
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


def _dates(page: _Page, text: str) -> None:
    for label, iso in facts.labelled_dates(text):
        if label == "published":
            page.date = page.date or iso
            page.year.offer(int(iso[:4]), 0)
        elif all(key != label for key, _ in page.extra):
            page.extra.append((label, iso))


def _journal_cite(page: _Page, text: str) -> None:
    m = JOURNAL_CITE.match(text)
    if m is None:
        return
    page.journal.offer(m.group("journal").strip(), 1)
    page.year.offer(int(m.group("year")), 1)
    page.volume.offer(m.group("volume"), 1)
    page.issue.offer((m.group("issue") or "").strip(), 1)
    page.pages.offer(re.sub(r"\s*[-–—]\s*", "-", m.group("pages")), 1)
    page.doi.offer(facts.doi(m.group("rest")), 1)


# --- parts -------------------------------------------------------------------------------------------------


def _head(page: _Page, section: Section) -> list[PageLine]:
    """Title, header and author block from the head; returns the lines after the title for the author reader."""
    lines = [ln for ln in section.lines if not ln.blank]
    crumbs = [i for i, ln in enumerate(lines) if line_fact(ln.text) == "breadcrumb"]
    if crumbs:
        for ln in lines[: crumbs[0]]:
            if ln.index not in page.consumed and _journal_like(ln.text):
                page.journal.offer(ln.text, 5)
                page.consumed.add(ln.index)
        lines = lines[crumbs[0] + 1 :]
    hinted = meta_title(page.meta).casefold()
    at_title = [i for i, ln in enumerate(lines) if hinted and ln.text.casefold() == hinted]
    if at_title:  # an HTML page names its title in a meta tag: what comes before it is site header
        lines = lines[at_title[0] :]
    journal_names = {str(page.journal.value).casefold()} if page.journal.value else set()
    rest: list[PageLine] = []
    for ln in lines:
        if ln.index in page.consumed:
            continue
        if page.title_line is None:
            if (
                ln.text.casefold() in journal_names
                or GALLEY.match(ln.text)
                or not re.search(r"[^\W\d_]", ln.text)
            ):
                page.consumed.add(ln.index)
                continue
            issue_line = facts.volume_issue(ln.text) if len(ln.text.split()) <= 10 else None
            if issue_line is not None:  # "Vol 5, No 2 (2020)" printed above the title
                page.volume.offer(issue_line[0], 3)
                page.issue.offer(issue_line[1], 3)
                page.year.offer(issue_line[2], 3)
                page.consumed.add(ln.index)
                continue
            page.title, page.title_line = ln.text, ln.number
            page.consumed.add(ln.index)
            continue
        rest.append(ln)
    return rest


def _abstract(page: _Page, section: Section) -> None:
    if section.heading is None:
        return
    label = re.match(r"[^\W\d_]+", section.heading.text)
    word = label.group(0).casefold() if label else ""
    inline = heading(section.heading.raw)
    first = inline[1] if inline else section.inline
    body = raw_block(section.lines)
    text = "\n".join(part for part in (first, body) if part).strip()
    if text:
        page.abstracts.append((_ABSTRACT_LANGUAGES.get(word, ""), text))
    for ln in section.lines:
        page.consumed.add(ln.index)


def _keywords(page: _Page, section: Section) -> None:
    values = [section.inline] if section.inline else []
    values += [ln.text for ln in section.content]
    for value in values:
        separator = ";" if ";" in value else ("," if "," in value else ("·" if "·" in value else "|"))
        for word in value.split(separator):
            word = word.strip(" .•·|")
            if word and word.casefold() not in {k.casefold() for k in page.keywords}:
                page.keywords.append(word)
    for ln in section.lines:
        page.consumed.add(ln.index)


def _citation(page: _Page, section: Section) -> None:
    candidates = ([section.heading] if section.inline and section.heading else []) + section.content
    for ln in candidates:
        text = section.inline if ln is section.heading else ln.text
        if not page.citation and len(text.split()) >= 6 and not _CITATION_STYLE.match(text):
            page.citation, page.citation_line = text, ln.number
    for ln in section.lines:
        page.consumed.add(ln.index)


def _value_part(page: _Page, section: Section) -> None:
    """Parts holding one value: DOI, Issue, Section, Published, Journal, Publisher, Pages."""
    values = ([(section.heading, section.inline)] if section.inline and section.heading else []) + [
        (ln, ln.text) for ln in section.content
    ]
    for ln, text in values[:1]:
        if ln is None:
            continue
        understood = True
        if section.kind == "doi":
            understood = bool(facts.doi(text))
            page.doi.offer(facts.doi(text), 0)
        elif section.kind == "issue":
            found = facts.volume_issue(text)
            understood = found is not None
            if found:
                page.volume.offer(found[0], 0)
                page.issue.offer(found[1], 0)
                page.year.offer(found[2], 2)
        elif section.kind == "section":
            page.extra.append(("section", text))
        elif section.kind == "published":
            iso = facts.leading_date(text)
            understood = bool(iso)
            if iso:
                page.date = page.date or iso
                page.year.offer(int(iso[:4]), 0)
        elif section.kind == "journal":
            # A menu's "Journal" item followed by "News" is not a label: a one-word value needs "Journal:".
            labelled = section.heading is not None and section.heading.text.rstrip().endswith((":", "："))
            understood = _journal_like(text) and (len(text.split()) >= 2 or labelled or ln is section.heading)
            if understood:
                page.journal.offer(text, 0)
        elif section.kind == "publisher":
            page.publisher.offer(text, 0)
        elif section.kind == "pages":
            found_pages = facts.pages(text, labelled=True)
            understood = bool(found_pages)
            page.pages.offer(found_pages, 0)
        if understood:
            page.consumed.add(ln.index)


# --- the whole page ----------------------------------------------------------------------------------------


def _read_page(
    lines: list[PageLine], meta: list[tuple[str, str]], source: str, start: int | None = None
) -> tuple[_Page, list[Section]]:
    """Read the page's parts; with `start`, the lines before it are site chrome (read for facts only)."""
    page = _Page(source, meta=meta)
    page.lines = lines
    if start:
        # Before the title is chrome, except a bibliography: a page that prints its title only at the end
        # (First Monday's full text, in its citation block) has its references above it.
        after = segment(lines[start:])
        # … and its abstract, when none follows the title.
        kept = {"references"} if any(s.kind == "abstract" for s in after) else {"references", "abstract"}
        before = [
            section if section.kind in kept else Section("chrome", None, "", section.lines)
            for section in segment(lines[:start])
        ]
        sections = [*before, *after]
    else:
        sections = segment(lines)

    # Pass 1: single facts, wherever they are; what the site chrome before the title states ranks
    # below everything the article itself states (a sidebar may show another article's journal or date).
    previous: PageLine | None = None
    for section in sections:
        if section.kind in _WHOLE_KINDS:
            previous = None
            continue
        target = _Page(source) if section.kind == "chrome" else page
        for ln in section.lines:
            if ln.blank:
                continue
            if ln.index not in page.consumed and _fact(target, ln, section, previous):
                page.consumed.add(ln.index)
            previous = ln
        if target is not page:
            _merge_below(page, target)

    # Pass 2: the parts.
    after_title: list[PageLine] = []
    for section in sections:
        if section.heading is not None:
            page.consumed.add(section.heading.index)
        if section.kind == "head":
            after_title = _head(page, section)
        elif section.kind == "abstract":
            _abstract(page, section)
        elif section.kind == "keywords":
            if not page.reference_lines:  # keyword clouds after the bibliography are the site's
                _keywords(page, section)
        elif section.kind in ("references", "fulltext"):
            body = [ln for ln in section.lines if not (ln.text and GALLEY.match(ln.text))]
            if section.kind == "fulltext" and section.inline and not GALLEY.match(section.inline):
                page.warn(
                    section.heading.number if section.heading else None, f"not understood: {section.inline!r}"
                )
            page.reference_lines.extend(body)
            for ln in section.lines:
                page.consumed.add(ln.index)
        elif section.kind == "howtocite":
            _citation(page, section)
        elif section.kind == "authors":
            after_title.extend(section.content)
        elif section.kind in ("doi", "issue", "section", "published", "journal", "publisher", "pages"):
            _value_part(page, section)

    _people(page, after_title, sections)

    for section in sections:
        if section.kind in _QUIET_KINDS or section.kind == "head":
            continue
        for ln in section.content:
            if ln.index not in page.consumed:
                page.warn(ln.number, f"not understood: {ln.text[:100]!r}")
                page.consumed.add(ln.index)
    return page, sections


def _people(page: _Page, lines: list[PageLine], sections: list[Section]) -> None:
    people = read_people([ln for ln in lines if ln.index not in page.consumed])
    page.people = people
    page.consumed |= people.consumed
    for index, number, message, severity in people.problems:
        page.warn(number, message, severity)
        page.consumed.add(index)
    if people.rest:
        first, last = people.rest[0].index, people.rest[-1].index
        head = sections[0].lines
        block = [ln for ln in head if first <= ln.index <= last and ln.index not in page.consumed]
        if page.abstracts:
            for ln in block:
                if not ln.blank:
                    page.warn(ln.number, f"unlabelled text not understood: {ln.text[:100]!r}")
        else:
            page.abstracts.append(("", raw_block(block)))
            page.guessed_abstract = True
        page.consumed |= {ln.index for ln in block}


def _citation_entry(page: _Page) -> Entry | None:
    if not page.citation:
        return None
    from refman.formats.refstrings import parse_reference  # loads the reference model only when needed

    try:
        return parse_reference(page.citation)
    except RefmanError as exc:
        page.warn(page.citation_line, f"citation not understood: {exc}")
        return None


def _versioned(licence: tuple[str, str]) -> bool:
    return bool(re.search(r"/\d\.\d/", licence[1]))


def _apply_meta(page: _Page, meta: MetaFacts) -> tuple[Person, ...]:
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
    printed = page.licence if page.licence and not page.licence_in_footer and _versioned(page.licence) else None
    if printed and meta.licence and printed[0].split()[:2] != meta.licence[0].split()[:2]:
        printed = None
    page.licence = printed or meta.licence or page.licence
    page.issns += meta.issns
    if not page.keywords:
        page.keywords = list(meta.keywords)
    if not page.abstracts and meta.abstract:
        page.abstracts.append(("", meta.abstract))
    text_people = page.people.persons
    if not meta.persons:
        return tuple(text_people)
    if len(text_people) == len(meta.persons):
        # Same authors: the meta names, with the affiliations the text gave where the tags give none.
        return tuple(
            m
            if m.affiliations
            else Person(m.family, m.given, m.particle, m.suffix, affiliations=t.affiliations)
            for m, t in zip(meta.persons, text_people, strict=True)
        )
    return tuple(meta.persons)


def _build_entry(page: _Page) -> Entry:
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

    year = page.year.value if isinstance(page.year.value, int) else None
    volume, issue = page.volume.text(), page.issue.text()
    return Entry(
        entry_type=meta.kind or "article-journal",
        title=page.title,
        contributors=contributors,
        year=year,
        date=page.date,
        container=page.journal.text(),
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


def _dom_references(html: HtmlFacts) -> list[Reference]:
    """The page's own bibliography items (or its citation_reference tags), each parsed, in order."""
    from refman.formats.refstrings import parse_reference  # loads the reference model only when needed

    out: list[Reference] = []
    for item in html.references:
        entry = parse_reference(item.text)
        if item.doi and not entry.doi:
            entry = replace(entry, doi=item.doi)
        out.append(Reference(item.text, item.line, entry))
    if out:
        return out
    for value in html.cited_tags:
        fields = structured_reference(value)
        entry = entry_from_tags(fields) if fields else parse_reference(value)
        out.append(Reference(value, 0, entry))
    return out


def _choose_reference_lines(page: _Page, lines: list[PageLine], zoning: Zones, citing: set[int]) -> None:
    """Keep the rules' reference part where the model agrees; take the model's where they differ.

    The rules end a list precisely at the page's next label; the model knows a bibliography without a
    heading, and a notes list or a menu under a "References"-like word for what it is. A list under a
    "Cited by" heading (`citing`) looks just like a bibliography but holds the articles citing this one.
    """
    block = reference_block(lines, zoning)
    if sum(1 for ln in block if ln.index in citing) > len(block) // 2:
        block = []
    if not block:
        return
    ruled = {ln.index for ln in page.reference_lines if ln.text}
    modelled = {ln.index for ln in block if ln.text}
    if ruled and len(ruled & modelled) >= 0.8 * len(ruled | modelled):
        # The same list: keep the rules' lines the model also calls references (it ends a list that
        # runs into "Questions · Add a link" without a heading where the rules cannot).
        page.reference_lines = [ln for ln in page.reference_lines if not ln.text or ln.index in modelled]
        return
    if ruled and _whole_references(page.reference_lines) > _whole_references(block):
        # The rules' list under a "References" heading reads as more references than the model's
        # run (a model cut short by a gap, or one that took a notes list): the heading wins.
        return
    page.reference_lines = block
    page.consumed |= modelled


def _zoned_people_and_abstract(page: _Page, lines: list[PageLine], zoning: Zones, start: int | None) -> None:
    """The model's author and abstract lines, where the rules found none or found other names.

    Names the rules read with their affiliations are kept as the rules read them when the model
    names the same people; the rules' labelled abstract is kept when it has some substance.
    """
    begin = start or 0
    near = range(begin, min(len(lines), begin + 60))
    names = names_from_lines([lines[i] for i in near if zoning.labels[i] == "author"])
    if not names and not page.people.persons and start is not None:
        names = _by_line(lines, start)
    once: dict[str, Person] = {}
    for person in page.people.persons:  # a by-line repeated in a hover card names each person once
        once.setdefault(f"{person.family}|{person.given}".casefold(), person)
    ruled = page.people.persons = list(once.values())
    ruled_families = {p.family.casefold() for p in ruled}
    ruled_plausible = all(name_like(f"{p.given} {p.particle} {p.family}") for p in ruled)
    if names and not ({p.family.casefold() for p in names} <= ruled_families and ruled_plausible):
        page.people.persons = names
    abstract = abstract_lines(lines, zoning, begin)
    have = page.abstracts[0][1] if page.abstracts else ""
    text = raw_block(abstract)
    # The model's abstract where the rules found none, or where the rules' part ran on past it
    # (into subject headings, figure captions, a site's "Partners" block).
    if abstract and (len(have.split()) < 20 or (match_key(have).startswith(match_key(text)[:40]) and len(have) > len(text))):
        page.abstracts = [("", text), *page.abstracts[1:]] if have else [("", text)]
    if page.abstracts:
        language, first = page.abstracts[0]
        page.abstracts[0] = (language, _LANGUAGE_TAG.sub("", first))
    if page.year.value is None:
        _year_from_dates(page, _head_lines(page, lines, begin))


def _numbered_references(
    page: _Page, lines: list[PageLine], citing: set[int], found: list[Reference]
) -> list[Reference]:
    """A list numbered 1, 2, 3, … with years (numbered.py), outside any "Cited by" list, where it gives
    more references than the heading or the model did: IEEE Xplore spreads each item over three
    paragraphs, AIP prints its list in a tab with no heading above it."""
    run = numbered_run([ln for ln in lines if ln.index not in citing])
    items = sum(1 for ln in run if ln.text and numbered_item(ln.text))
    if items <= len(found):
        return found
    before, problems = page.reference_lines, list(page.problems)
    page.reference_lines = as_items(run)
    kept = _kept_references(page, _references(page, None))
    if len(kept) <= len(found):
        page.reference_lines, page.problems = before, problems
        return found
    page.problems = problems + [p for p in page.problems[len(problems):] if p.message not in {q.message for q in problems}]
    page.consumed |= {ln.index for ln in run}
    page.reference_lines = run
    return kept


def _reads_as_reference(ref: Reference) -> bool:
    """A year, a name or title, and a title or a container: chemistry and physics styles print no
    article titles ("Smith J (2004) Food Hydrocoll 19:157"), so a container stands in for one."""
    e = ref.entry
    return e.year is not None and bool(e.contributors or e.title) and bool(e.title or e.container)


def _whole_references(lines: list[PageLine]) -> int:
    """How many of the references parsed from `lines` have a year, a name or title, and a title or container."""
    try:
        parsed = parse_references(lines)
    except RefmanError:
        return 0
    return sum(1 for r in parsed if _reads_as_reference(r))


def _zoned_people(page: _Page, lines: list[PageLine]) -> None:
    """The model's author lines under the title, for a tagged page whose tags name no authors
    (ScienceDirect): the rules read menu words around the title ("Purchase PDF") as names."""
    title = match_key(meta_title(page.meta) or page.title)
    at = next((ln.index for ln in lines if ln.text and match_key(ln.text) == title), None)
    if at is None:
        return
    zoning = zones(lines)
    names = (
        names_from_lines([ln for ln in lines[at + 1 : at + 30] if ln.text and zoning.labels[ln.index] == "author"])
        if zoning is not None
        else []
    ) or _by_line(lines, at)
    if names:
        page.people.persons = names


def _zoned_abstract(lines: list[PageLine]) -> str:
    """The abstract the zoning model finds after the title, for a tagged page that neither tags nor
    heads its abstract (USENIX prints it as plain paragraphs under the by-line)."""
    zoning = zones(lines)
    if zoning is None:
        return ""
    start = title_start(lines, zoning)
    found = abstract_lines(lines, zoning, start or 0)
    text = raw_block(found)
    return text if len(text.split()) >= 30 else ""


def _head_lines(page: _Page, lines: list[PageLine], begin: int) -> list[PageLine]:
    """The article's own lines after its title: up to its reference list, at most 150 of them; the
    chrome after a page's bibliography may show other articles' dates and citations."""
    # A galley that prints its title in a citation block after the bibliography has its head below it.
    first_reference = min((ln.index for ln in page.reference_lines if ln.index >= begin), default=len(lines))
    return lines[begin : min(first_reference, begin + 150)]


def _by_line(lines: list[PageLine], title: int) -> list[Person]:
    """The names printed in the first lines under the title that name people (a by-line is there)."""
    found: list[Person] = []
    for line in lines[title + 1 : title + 9]:
        if not line.text or not re.search(r"\w", line.text):  # blank, or the "," between two name links
            continue
        if heading(line.text) is not None or line_fact(line.text) is not None or has_institution_word(line.text):
            if found:
                break
            continue
        names = names_from_lines([line])
        if names:
            found += [p for p in names if p.family not in {f.family for f in found}]
        elif found:
            break
    return found


def _year_from_dates(page: _Page, lines: list[PageLine]) -> None:
    """The first publication date printed after the title ("Published 10 April, 2019", "Available online
    15 March 2018"), for pages whose date is not on a line of its own."""
    in_references = {ln.index for ln in page.reference_lines}
    for line in lines:
        if line.index in in_references or not line.text:
            continue
        for label, iso in facts.labelled_dates(line.text):
            if label == "published":
                page.date = page.date or iso
                page.year.offer(int(iso[:4]), 5)
                return


def _self_citations(
    page: _Page, text: str, lines: list[PageLine], html: HtmlFacts | None, citing: set[int]
) -> None:
    """Offer what the page's citations of itself say (self_citation.py) to the ranked facts.

    A "Cited by" list (`citing`) may hold a reprint of the article under its own title ("ChemInform
    Abstract: …"): its journal and year are the reprint's.
    """
    title = meta_title(page.meta) or page.title
    at = next((ln.index for ln in lines if ln.text and match_key(ln.text) == match_key(title)), None)
    outside = [ln for ln in _head_lines(page, lines, 0 if at is None else max(0, at - 5)) if ln.index not in citing]
    found = [
        c for c in (
            self_citation.from_bibtex(text if html is None else "\n".join(ln.text for ln in lines), title),
            self_citation.from_citation_lines(outside, title, at),
            self_citation.from_journal_line([ln for ln in outside if ln.index > at], 0) if at is not None else None,
        ) if c is not None
    ]
    for cited in found:
        entry, rank = cited.entry, cited.rank
        page.journal.offer(entry.container, rank)
        page.year.offer(entry.year, rank)
        page.volume.offer(entry.volume, rank)
        page.issue.offer(entry.issue, rank)
        page.pages.offer(entry.pages, rank)
        page.doi.offer(entry.doi, rank)
    if at is not None and page.year.value is None:
        page.year.offer(self_citation.lone_year(lines, at + 1), 7)



def _references(page: _Page, html: HtmlFacts | None) -> list[Reference]:
    if html is not None and (html.references or html.cited_tags):
        return _dom_references(html)
    if not page.reference_lines:
        return []
    try:
        return parse_references(page.reference_lines)
    except RefmanError as exc:
        page.warn(page.reference_lines[0].number, f"reference list not understood: {exc}", "error")
        return []


def _kept_references(page: _Page, references: list[Reference]) -> list[Reference]:
    """The references worth an entry; a list that is mostly not references imports none of them.

    A page part taken for a bibliography that is really a notes list, a menu or a table of contents
    would otherwise fill the library with junk ("Contents", "Received 17 October 2019 …").
    """
    kept: list[Reference] = []
    for ref in references:
        if not ref.entry.title and not ref.entry.contributors:
            page.warn(ref.line, f"reference not understood, skipped: {ref.text[:80]!r}", "error")
            continue
        if not ref.entry.title or ref.entry.year is None:
            missing = " and ".join(
                n for n, v in (("title", ref.entry.title), ("year", ref.entry.year)) if not v
            )
            page.warn(ref.line, f"reference has no {missing}: {ref.text[:80]!r}")
        kept.append(ref)
    whole = [r for r in kept if _reads_as_reference(r)]
    if kept and len(whole) < 0.5 * len(references):
        first = kept[0].line
        page.warn(
            first,
            f"the {len(references)} lines taken for the reference list do not read as references "
            f"({len(whole)} with a year, a name and a title or journal): none imported",
            "error",
        )
        return []
    return kept


def read(text: str, source: str = "") -> ParseResult:
    """The article (entries[0]) and its references (entries[1:]) from the text or HTML of an article page."""
    html: HtmlFacts | None = None
    zoning: Zones | None = None
    start: int | None = None
    if looks_like_html(text):
        html = read_html(text)
        lines, meta = html.lines, html.meta
        if not html.article:
            # No tags state the article (an HTML galley, an old-style page): its rendered lines are read
            # as a pasted page is, so the zoning model finds where the article starts among the chrome.
            zoning = zones(lines)
            start = title_start(lines, zoning) if zoning is not None else None
    else:
        lines, meta = split_lines(text), []
        zoning = zones(lines)
        start = title_start(lines, zoning) if zoning is not None else None
    page, sections = _read_page(lines, meta, source, start)
    citing = {ln.index for section in sections if section.kind == "citedby" for ln in section.lines}
    if zoning is not None:
        _choose_reference_lines(page, lines, zoning, citing)
    if zoning is not None:
        _zoned_people_and_abstract(page, lines, zoning, start)
    if html is not None:
        if zoning is None and not read_meta(page.meta).persons:
            _zoned_people(page, lines)
        from_text = page.abstracts[0][1] if page.abstracts else ""
        if zoning is None and (not from_text or page.guessed_abstract):
            # No heading named an abstract: the model's reading of the lines under the title beats the
            # rules' guess, which takes whatever unlabelled text follows the by-line.
            from_text = _zoned_abstract(lines) or from_text
        abstract = best_abstract(html, from_text)
        if abstract:
            page.abstracts = [("", abstract), *page.abstracts[1:]]
        if html.heading_title and not meta_title(page.meta):
            page.title = html.heading_title
        # The deed the page links to, where its text names the licence without a version (or not at all).
        linked = next((found for href in html.licence_links if (found := find_licence(href)) and _versioned(found)), None)
        if linked and (page.licence is None or (not _versioned(page.licence) and linked[0].startswith(page.licence[0]))):
            page.licence, page.licence_in_footer = linked, False
    references = _kept_references(page, _references(page, html))
    if not (html is not None and (html.references or html.cited_tags)):
        references = _numbered_references(page, lines, citing, references)

    in_references = {ln.index for ln in page.reference_lines}
    article_text = "\n".join(ln.raw for ln in page.lines if ln.index not in in_references).strip()

    if not page.title and not meta_title(page.meta):
        page.warn(None, "no article title found: not an article page? nothing imported", "error")
        return ParseResult(format=FORMAT, problems=tuple(page.problems))
    if html is not None and not html.article and not ((html.heading_title or start is not None) and (page.abstracts or references)):
        page.warn(None, "no article title found: the page states no article metadata (citation_title, Dublin Core, "
                  "JSON-LD) and has no headed article with an abstract or references; nothing imported", "error")
        return ParseResult(format=FORMAT, problems=tuple(page.problems))

    _self_citations(page, text, lines, html, citing)
    if html is not None and html.article:
        # Last resort for the journal's full name: the browser title beside the article's (title_journal.py).
        page.journal.offer(journal_from_title(html.page_title, meta_title(page.meta) or page.title), 10)
    if html is not None and html.article:
        # The page states the article in its tags: what the text reader could not place is site furniture.
        page.problems = [p for p in page.problems if not p.message.startswith(_FURNITURE_WARNINGS)]
    article = _build_entry(page)
    entries = (article, *(ref.entry for ref in references))
    blocks = (
        RawBlock("entry", article_text, page.title_line or 1, 0),
        *(RawBlock("entry", ref.text, ref.line, i) for i, ref in enumerate(references, start=1)),
    )
    return ParseResult(
        format=FORMAT,
        entries=entries,
        blocks=blocks,
        problems=tuple(sorted(page.problems, key=lambda p: p.line or 0)),
        citing_index=0,
        cited_indexes=tuple(range(1, len(entries))),
        raw_texts=(article_text, *(ref.text for ref in references)),
    )
