"""Read an article landing page into the article entry plus one entry per reference.

The page is cut into parts (sections.py); every line outside the reference list and the abstract is first
tried as a single fact (facts.py); then each part is read for what it holds. Facts that can come from
several places (the journal name, the year, volume and issue) are collected with a rank and the best
one wins, so that "Published 2023-12-15" beats the copyright year and a "Journal:" label beats the site
header. Lines nobody understood are reported as warnings with their line number.
"""

from __future__ import annotations

from refman.core.model import ParseResult, RawBlock
from refman.formats.article_page import self_citation
from refman.formats.article_page.abstract_tail import without_label, without_tail
from refman.formats.article_page.building import build_entry, versioned
from refman.formats.article_page.html_facts import HtmlFacts, best_abstract, read_html
from refman.formats.article_page.html_text import looks_like_html
from refman.formats.article_page.journal_evidence import masthead_journal, repeated_journal, spelled_out
from refman.formats.article_page.licences import find_licence
from refman.formats.article_page.lines import PageLine, match_key, split_lines
from refman.formats.article_page.meta import meta_title, read_meta
from refman.formats.article_page.page_parts import read_page
from refman.formats.article_page.page_references import kept_references, numbered_references, page_references
from refman.formats.article_page.page_state import PageState
from refman.formats.article_page.title_journal import journal_from_title
from refman.formats.article_page.zoned import (
    choose_reference_lines,
    head_lines,
    zoned_abstract,
    zoned_people,
    zoned_people_and_abstract,
)
from refman.formats.article_page.zones import Zones, zones
from refman.formats.article_page.zones.use import title_start

FORMAT = "article-page"
_FURNITURE_WARNINGS = ("not understood", "unlabelled text not understood")


def _self_citations(
    page: PageState, text: str, lines: list[PageLine], html: HtmlFacts | None, citing: set[int]
) -> None:
    """Offer what the page's citations of itself say (self_citation.py) to the ranked facts.

    A "Cited by" list (`citing`) may hold a reprint of the article under its own title ("ChemInform
    Abstract: …"): its journal and year are the reprint's.
    """
    title = meta_title(page.meta) or page.title
    at = next((ln.index for ln in lines if ln.text and match_key(ln.text) == match_key(title)), None)
    outside = [ln for ln in head_lines(page, lines, 0 if at is None else max(0, at - 5)) if ln.index not in citing]
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
        authors = [p for p in entry.contributors if p.role == "author"]
        if rank == 1 and authors and not read_meta(page.meta).persons:
            # The page's own BibTeX record names the authors as the publisher exports them: no reading of
            # a by-line beats it ("Alexander Bulekov, Boston University and Red Hat; …", USENIX).
            page.people.persons = authors
    if at is not None and page.year.value is None:
        page.year.offer(self_citation.lone_year(lines, at + 1), 7)


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
        if start is None:
            start = self_citation.bibtex_title_line(text, lines)
    page, sections = read_page(lines, meta, source, start)
    citing = {ln.index for section in sections if section.kind == "citedby" for ln in section.lines}
    if zoning is not None:
        choose_reference_lines(page, lines, zoning, citing)
    if zoning is not None:
        zoned_people_and_abstract(page, lines, zoning, start)
    if html is not None:
        if zoning is None and not read_meta(page.meta).persons:
            zoned_people(page, lines)
        if html.authors and not read_meta(page.meta).persons:
            # No tags name the authors: the element the markup classes as the by-line beats any reading
            # of the text's look (dom_people.py).
            page.people.persons = list(html.authors)
        from_text = page.abstracts[0][1] if page.abstracts else ""
        if zoning is None and (not from_text or page.guessed_abstract):
            # No heading named an abstract: the model's reading of the lines under the title beats the
            # rules' guess, which takes whatever unlabelled text follows the by-line.
            from_text = zoned_abstract(lines) or from_text
        abstract = best_abstract(html, from_text)
        if abstract:
            page.abstracts = [("", abstract), *page.abstracts[1:]]
        if html.heading_title and not meta_title(page.meta):
            page.title = html.heading_title
        # The deed the page links to, where its text names the licence without a version (or not at all).
        linked = next((found for href in html.licence_links if (found := find_licence(href)) and versioned(found)), None)
        if linked and (page.licence is None or (not versioned(page.licence) and linked[0].startswith(page.licence[0]))):
            page.licence, page.licence_in_footer = linked, False
    if page.abstracts:  # what a site prints right after the abstract ("Export citation", "Previous article")
        language, abstract_text = page.abstracts[0]
        page.abstracts[0] = (language, without_label("\n".join(without_tail(abstract_text.split("\n"))).strip()))
    references = kept_references(page, page_references(page, html))
    if not (html is not None and (html.references or html.cited_tags)):
        references = numbered_references(page, lines, citing, references)

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
    if page.journal.rank >= 7:
        in_references = {ln.index for ln in page.reference_lines}
        outside = [ln for ln in lines if ln.index not in in_references]
        if page.journal.rank > 7:
            page.journal.offer(repeated_journal(outside), 7)
        # A name no better than a site's acronym ("IJSEM"): the name it stands for, printed in the masthead.
        page.journal.offer(spelled_out(outside, page.journal.text()), 6)
    if html is not None and html.article:
        # Last resort for the journal's full name: the browser title beside the article's (title_journal.py).
        page.journal.offer(journal_from_title(html.page_title, meta_title(page.meta) or page.title), 10)
    if not page.journal.text():
        # Nothing named the journal: a masthead line near the title that the journal lists know.
        skip = {ln.index for ln in page.reference_lines}
        page.journal.offer(masthead_journal(lines, meta_title(page.meta) or page.title, skip), 11)
    if html is not None and html.article:
        # The page states the article in its tags: what the text reader could not place is site furniture.
        page.problems = [p for p in page.problems if not p.message.startswith(_FURNITURE_WARNINGS)]
    article = build_entry(page)
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
