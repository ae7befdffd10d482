"""The page cut into parts (sections.py) and each part read for what it holds: the head's title and
by-line, the abstract, keywords, a "How to cite" block, one-value parts."""

from __future__ import annotations

import re

from refman.formats.article_page import facts
from refman.formats.article_page.labels import GALLEY, HIGHWIRE_CITE, heading, line_fact
from refman.formats.article_page.line_facts import journal_like, line_as_fact, merge_below, offer_issue_year
from refman.formats.article_page.lines import PageLine, raw_block
from refman.formats.article_page.meta import meta_title
from refman.formats.article_page.page_state import PageState
from refman.formats.article_page.people import read_people
from refman.formats.article_page.sections import Section, segment

_WHOLE_KINDS = frozenset(
    {"abstract", "keywords", "references", "fulltext", "howtocite", "authors", "biography", "backmatter", "body", "citedby"}
)
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

# --- parts -------------------------------------------------------------------------------------------------
_A_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")


def _head(page: PageState, section: Section) -> list[PageLine]:
    """Title, header and author block from the head; returns the lines after the title for the author reader."""
    lines = [ln for ln in section.lines if not ln.blank]
    crumbs = [i for i, ln in enumerate(lines) if line_fact(ln.text) == "breadcrumb"]
    if crumbs:
        for ln in lines[: crumbs[0]]:
            if ln.index not in page.consumed and journal_like(ln.text):
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
                offer_issue_year(page, issue_line[2], 3)
                page.consumed.add(ln.index)
                continue
            page.title, page.title_line = ln.text, ln.number
            page.consumed.add(ln.index)
            continue
        rest.append(ln)
    return rest


def _abstract(page: PageState, section: Section) -> None:
    if section.heading is None:
        return
    label = re.match(r"[^\W\d_]+", section.heading.text)
    word = label.group(0).casefold() if label else ""
    inline = heading(section.heading.raw)
    first = inline[1] if inline else section.inline
    body = raw_block(_after_jump_menu(section.lines))
    text = "\n".join(part for part in (first, body) if part).strip()
    if _menu_like(first, section.lines) or _tab_name(text):
        # "Abstract" as a breadcrumb or tab name above the site's menus (Wiley: "Vol 173 Issue 9 >" /
        # "Abstract" / "JOURNAL TOOLS" / "Get RSS feed"…, or the tab row "Abstract" / "Article" /
        # "References"): the lines are left to the other readers.
        return
    if text:
        page.abstracts.append((_ABSTRACT_LANGUAGES.get(word, ""), text))
    for ln in section.lines:
        page.consumed.add(ln.index)


def _after_jump_menu(lines: list[PageLine]) -> list[PageLine]:
    """The lines after a jump menu of the article's sections printed under the heading (nature.com:
    "Abstract•" / "Introduction•" / … / "Supplementary information", then the abstract): a run of four or
    more short lines, no sentence among them, ended by a blank line and followed by more text."""
    run = 0
    for at, line in enumerate(lines):
        if not line.text:
            if run >= 4 and any(ln.text for ln in lines[at:]):
                return lines[at:]
            if run:
                break
            continue
        if not _menu_item(line.text):
            break
        run += 1
    return lines


def _tab_name(text: str) -> bool:
    """A few words and no sentence: the next tab's name, not an abstract (no abstract is that short)."""
    return len(text.split()) < 8 and re.search(r"[^\W\d_]{2}[.!?]$", text) is None


def _menu_like(inline: str, lines: list[PageLine]) -> bool:
    """Five or more short lines and not one sentence among them: a menu, not an abstract."""
    texts = [ln.text for ln in lines if ln.text]
    return not inline and len(texts) >= 5 and all(_menu_item(t) for t in texts)


def _menu_item(text: str) -> bool:
    """A menu's item: a few words, not a sentence."""
    return len(text.split()) < 10 and not re.search(r"[a-z]{2}[.!?]$", text)


def _keywords(page: PageState, section: Section) -> None:
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


def _citation(page: PageState, section: Section) -> None:
    candidates = ([section.heading] if section.inline and section.heading else []) + section.content
    for ln in candidates:
        text = section.inline if ln is section.heading else ln.text
        if not page.citation and len(text.split()) >= 6 and not _CITATION_STYLE.match(text):
            page.citation, page.citation_line = text, ln.number
    for ln in section.lines:
        page.consumed.add(ln.index)


_CITE_AS = re.compile(r"\bCite (?:this article )?as:?\s+(?P<journal>[A-Za-z][^;:\d]{0,80}?)\s+(?P<year>(?:19|20)\d\d)\s*;\s*\d+")
_CONTAINER_TAIL = re.compile(r"\s*(?:\(\s*(?:vol|volume|issue|no)\b.*|,\s*(?:vol|volume|no|issue)\b.*)$", re.I)


def _published_in(section: Section, text: str) -> str:
    """The container a "Published in:" line names ("NELS 54: Proceedings of …", "IEEE Wireless
    Communications ( Volume: 10, Issue: 2 …)"), where it names one rather than only an issue ("Vol 5 No 2")."""
    if section.heading is None or not section.heading.text.casefold().startswith("published in"):
        return ""
    name = _CONTAINER_TAIL.sub("", text).strip(" ,;:")
    words = name.split()
    if not 2 <= len(words) <= 25 or re.search(r"@|https?://|\|", name) or not words[0][:1].isupper():
        return ""
    if re.match(r"(?i)(?:vol|volume|no|issue|number)\b|\d", name):
        return ""
    return name


def _value_part(page: PageState, section: Section) -> None:
    """Parts holding one value: DOI, Issue, Section, Published, Journal, Publisher, Pages."""
    values = ([(section.heading, section.inline)] if section.inline and section.heading else []) + [
        (ln, ln.text) for ln in section.content
    ]
    for ln, text in values[:1]:
        if ln is None:
            continue
        understood = True
        if section.kind == "doi":
            found_doi = facts.doi(text)
            understood = bool(found_doi)
            # A figure's or table's own DOI under its caption (PLOS "doi:…pone.0064117.g001") is not the article's.
            page.doi.offer(found_doi, 8 if facts.component_doi(found_doi) else 0)
            if cited := _CITE_AS.search(text):  # eLife: "DOI: …Published December 29, 2014 Cite as eLife 2014;3:e04407"
                page.journal.offer(cited.group("journal"), 3)
                page.issue_year.offer(int(cited.group("year")), 3)  # the year it is cited by, not a later version's
            if section.heading is not None and HIGHWIRE_CITE.match(section.heading.text):
                # HighWire's citation without its online date: "doi: 10.1099/… IJSEM November 2013 vol. 63 …"
                line_as_fact(page, section.heading, section, None)
        elif section.kind == "issue":
            found = facts.volume_issue(text)
            understood = found is not None
            if found:
                page.volume.offer(found[0], 0)
                page.issue.offer(found[1], 0)
                offer_issue_year(page, found[2], 2)
            container = _published_in(section, text)
            if container:
                page.journal.offer(container, 5)
                understood = True
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
            understood = journal_like(text) and (len(text.split()) >= 2 or labelled or ln is section.heading)
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


def _reads_as_list(section: Section) -> bool:
    """A bibliography above the title has references in it; a "References (79)" link in a page's
    table of contents (ScienceDirect) heads only the menu items and the journal's name under it."""
    return sum(1 for ln in section.lines if len(ln.text) >= 30 and _A_YEAR.search(ln.text)) >= 2


def read_page(
    lines: list[PageLine], meta: list[tuple[str, str]], source: str, start: int | None = None
) -> tuple[PageState, list[Section]]:
    """Read the page's parts; with `start`, the lines before it are site chrome (read for facts only)."""
    page = PageState(source, meta=meta)
    page.lines = lines
    if start:
        # Before the title is chrome, except a bibliography: a page that prints its title only at the end
        # (First Monday's full text, in its citation block) has its references above it.
        after = segment(lines[start:])
        # … and its abstract, when none follows the title.
        kept = {"references"} if any(s.kind == "abstract" for s in after) else {"references", "abstract"}
        before = [
            section if section.kind in kept and (section.kind != "references" or _reads_as_list(section)) else
            # (its heading kept as a line: a "doi:10.…" line read as a heading holds the DOI inline)
            Section("chrome", None, "", [section.heading, *section.lines] if section.heading else section.lines)
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
        target = PageState(source) if section.kind == "chrome" else page
        for ln in section.lines:
            if ln.blank:
                continue
            if ln.index not in page.consumed and line_as_fact(target, ln, section, previous):
                page.consumed.add(ln.index)
            previous = ln
        if target is not page:
            merge_below(page, target)

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
            if any(_A_YEAR.search(ln.text) for ln in body):
                # (a tab row "Full text" / "Figures & Tables" / "References" / "Citations" holds no year: no list)
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


def _people(page: PageState, lines: list[PageLine], sections: list[Section]) -> None:
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
