"""The page's reference list as entries: from the DOM's bibliography or citation_reference tags, the
lines under a references heading, or a numbered run; a list that does not read as references imports
nothing."""

from __future__ import annotations

import re
from dataclasses import replace

from refman.core.errors import RefmanError
from refman.formats.article_page.cited_tags import entry_from_tags
from refman.formats.article_page.html_facts import HtmlFacts, structured_reference
from refman.formats.article_page.lines import PageLine, match_key
from refman.formats.article_page.numbered import as_items, numbered_item, numbered_run
from refman.formats.article_page.page_state import PageState
from refman.formats.article_page.references import Reference, parse_references


def dom_references(html: HtmlFacts) -> list[Reference]:
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


def numbered_references(
    page: PageState, lines: list[PageLine], citing: set[int], found: list[Reference]
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
    kept = kept_references(page, page_references(page, None))
    if len(kept) <= len(found):
        page.reference_lines, page.problems = before, problems
        return found
    page.problems = problems + [p for p in page.problems[len(problems):] if p.message not in {q.message for q in problems}]
    page.consumed |= {ln.index for ln in run}
    page.reference_lines = run
    return kept


def reads_as_reference(ref: Reference) -> bool:
    """A year, a name or title, and a title or a container: chemistry and physics styles print no
    article titles ("Smith J (2004) Food Hydrocoll 19:157"), so a container stands in for one."""
    e = ref.entry
    return e.year is not None and bool(e.contributors or e.title) and bool(e.title or e.container)


def whole_references(lines: list[PageLine]) -> int:
    """How many of the references parsed from `lines` have a year, a name or title, and a title or container."""
    try:
        parsed = parse_references(lines)
    except RefmanError:
        return 0
    return sum(1 for r in parsed if reads_as_reference(r))


def page_references(page: PageState, html: HtmlFacts | None) -> list[Reference]:
    if html is not None and (html.references or html.cited_tags):
        return dom_references(html)
    if not page.reference_lines:
        return []
    try:
        return parse_references(page.reference_lines)
    except RefmanError as exc:
        page.warn(page.reference_lines[0].number, f"reference list not understood: {exc}", "error")
        return []


def _printed_as(ref: Reference) -> str:
    """The reference's words (no list number, punctuation or case), when they say enough to be told
    from another reference's; "" for a short one ("Ibid.", "Id. at 12")."""
    key = match_key(re.sub(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]?)\s+", "", ref.text))
    return key if len(key) >= 40 else ""


def kept_references(page: PageState, references: list[Reference]) -> list[Reference]:
    """The references worth an entry; a list that is mostly not references imports none of them.

    A page part taken for a bibliography that is really a notes list, a menu or a table of contents
    would otherwise fill the library with junk ("Contents", "Received 17 October 2019 …").
    """
    kept: list[Reference] = []
    seen: set[str] = set()
    again: list[Reference] = []  # printed again word for word
    for ref in references:
        if not ref.entry.title and not ref.entry.contributors:
            page.warn(ref.line, f"reference not understood, skipped: {ref.text[:80]!r}", "error")
            continue
        key = _printed_as(ref)
        if key in seen:
            # The same reference printed again, word for word: a page that holds its list twice (a tab
            # and the full text, a list and its pop-up copies) imports it once.
            again.append(ref)
            continue
        if key:
            seen.add(key)
        if not ref.entry.title or ref.entry.year is None:
            missing = " and ".join(
                n for n, v in (("title", ref.entry.title), ("year", ref.entry.year)) if not v
            )
            page.warn(ref.line, f"reference has no {missing}: {ref.text[:80]!r}")
        kept.append(ref)
    if again:
        page.warn(again[0].line, f"{len(again)} reference{'s' if len(again) > 1 else ''} printed again word for "
                  f"word, imported once (from {again[0].text[:60]!r})")
    whole = [r for r in kept if reads_as_reference(r)]
    if kept and len(whole) < 0.5 * (len(references) - len(again)):
        first = kept[0].line
        page.warn(
            first,
            f"the {len(references)} lines taken for the reference list do not read as references "
            f"({len(whole)} with a year, a name and a title or journal): none imported",
            "error",
        )
        return []
    return kept
