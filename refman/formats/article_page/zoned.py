"""Where the line-zoning model (zones/) overrules or completes the rules: the reference lines, the
by-line and the abstract of pages whose layout the rules do not know."""

from __future__ import annotations

import re
from dataclasses import replace

from refman.core.model import Person
from refman.formats.article_page import facts
from refman.formats.article_page.abstract_tail import after_section_menu
from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.lines import PageLine, match_key, raw_block
from refman.formats.article_page.meta import meta_title
from refman.formats.article_page.page_references import whole_references
from refman.formats.article_page.page_state import PageState
from refman.formats.article_page.people import has_institution_word, run_on_letters
from refman.formats.article_page.references import link_line
from refman.formats.article_page.sections import ABSTRACT_PART
from refman.formats.article_page.zones import Zones, zones
from refman.formats.article_page.zones.authors import MARK_CHARS, name_like, names_from_lines
from refman.formats.article_page.zones.use import abstract_lines, reference_block, title_start

_LANGUAGE_TAG = re.compile(r"^(?:[a-z]{2}|English|Français|Deutsch|Español|Indonesia)\s*\n+")  # HAL's "fr" above the text


_HEAD_SLACK = 3  # lines by which the model may start a headed list late


def choose_reference_lines(page: PageState, lines: list[PageLine], zoning: Zones, citing: set[int]) -> None:
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
        kept = [ln for ln in page.reference_lines if not ln.text or ln.index in modelled]
        inside = [ln.index for ln in kept if ln.text]
        if inside:
            # Inside the list the model's lines all count: a reference's "Abstract" link (Wiley) reads to
            # the rules as a heading that ends the list mid-way.
            kept = [ln for ln in block if inside[0] <= ln.index <= inside[-1]]
            # The rules start the list right under its heading; a model that starts it a line or two
            # late (ScienceDirect's "V. Karasiev et al." / title / journal / year) would cut the first
            # reference in half.
            first_ruled = min(ruled)
            if first_ruled < inside[0] <= first_ruled + _HEAD_SLACK:
                kept = [ln for ln in page.reference_lines if first_ruled <= ln.index < inside[0]] + kept
        # … and the model's lines above the rules' heading when only link buttons stand between: Wiley
        # prints its first reference, then that reference's "Direct Link: / Abstract / PDF" and the
        # word "References" (a link), which the rules take for the list's heading.
        first = min((ln.index for ln in kept if ln.text), default=min(ruled))
        above = [ln for ln in block if ln.index < first]
        content = [ln for ln in above if ln.text and not link_line(ln.text)]
        if content and all(not ln.text or link_line(ln.text) for ln in lines[content[-1].index + 1 : first]):
            kept = [*above, *kept]
            page.consumed |= {ln.index for ln in above}
        page.reference_lines = kept
        return
    if ruled and whole_references(page.reference_lines) > whole_references(block):
        # The rules' list under a "References" heading reads as more references than the model's
        # run (a model cut short by a gap, or one that took a notes list): the heading wins.
        return
    page.reference_lines = block
    page.consumed |= modelled


def zoned_people_and_abstract(page: PageState, lines: list[PageLine], zoning: Zones, start: int | None) -> None:
    """The model's author and abstract lines, where the rules found none or found other names.

    Names the rules read with their affiliations are kept as the rules read them when the model
    names the same people; the rules' labelled abstract is kept when it has some substance.
    """
    begin = start or 0
    near = range(begin, min(len(lines), begin + 60))
    # (Never a menu's line the rules know: HighWire's "Next Section" link sits where a by-line might.)
    model_lines = [i for i in near if zoning.labels[i] == "author" and line_fact(lines[i].text) is None]
    names = names_from_lines([lines[i] for i in model_lines])
    under_title = _by_line(lines, start) if start is not None else []
    if under_title and (not names or len(under_title) >= len(names) or not _nearby(lines, zoning, start)):
        # The names printed right under the title: on a site the model never saw, its author lines
        # may be a menu's words ("Volume", "Number") or miss half the by-line (5-fold CV on the dev half).
        names = under_title
    once: dict[str, Person] = {}
    for person in page.people.persons:  # a by-line repeated in a hover card names each person once
        once.setdefault(f"{person.family}|{person.given}".casefold(), person)
    ruled = page.people.persons = list(once.values())
    ruled_families = {p.family.casefold() for p in ruled}
    ruled_plausible = all(name_like(f"{p.given} {p.particle} {p.family}") for p in ruled)
    # The rules read every line the model calls a by-line (a name with its affiliation run on, Taylor &
    # Francis): theirs is the reading of those very lines, the model's a split of them at commas.
    read_by_rules = bool(ruled) and ruled_plausible and bool(model_lines) and set(model_lines) <= page.people.consumed
    if names and not read_by_rules and not ({p.family.casefold() for p in names} <= ruled_families and ruled_plausible):
        page.people.persons = names
    abstract = abstract_lines(lines, zoning, begin)
    have = page.abstracts[0][1] if page.abstracts else ""
    text = raw_block(abstract)
    # The model's abstract where the rules found none, or where the rules' part ran on past it
    # (into subject headings, figure captions, a site's "Partners" block).
    structured = bool(ABSTRACT_PART.match(have.split("\n", 1)[0].strip())) if have else False
    if abstract and (
        len(have.split()) < 20
        or (not structured and match_key(have).startswith(match_key(text)[:40]) and len(have) > len(text))
    ):
        # (A structured abstract read under its heading runs on past the model's first part on purpose.)
        page.abstracts = [("", text), *page.abstracts[1:]] if have else [("", text)]
    if not (page.abstracts and page.abstracts[0][1].strip()) and start is not None and (
        paragraph := _first_paragraph(lines, start)
    ):
        # unheaded, and the model did not see it (NBER, LingBuzz)
        page.abstracts = [("", paragraph), *page.abstracts[1:]]
    if not (page.abstracts and page.abstracts[0][1].strip()) and (
        menu := after_section_menu([ln.text for ln in lines[begin:] if ln.text])
    ):
        page.abstracts = [("", menu), *page.abstracts[1:]]
    if not (page.abstracts and page.abstracts[0][1].strip()) and (parts := _structured_abstract(head_lines(page, lines, begin))):
        # its heading lost in a jump menu ("Abstract" / "Top of page" / "Introduction" / "Methods" …: Wiley)
        page.abstracts = [("", parts), *page.abstracts[1:]]
    if page.abstracts:
        language, first = page.abstracts[0]
        page.abstracts[0] = (language, _LANGUAGE_TAG.sub("", first))
    if page.year.value is None:
        _year_from_dates(page, head_lines(page, lines, begin))


def _nearby(lines: list[PageLine], zoning: Zones, start: int | None) -> bool:
    """The model's first author line is within a few lines of the title."""
    if start is None:
        return False
    return any(zoning.labels[i] == "author" for i in range(start + 1, min(len(lines), start + 9)))


def zoned_people(page: PageState, lines: list[PageLine]) -> None:
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


def zoned_abstract(lines: list[PageLine]) -> str:
    """The abstract the zoning model finds after the title, for a tagged page that neither tags nor
    heads its abstract (USENIX prints it as plain paragraphs under the by-line)."""
    zoning = zones(lines)
    if zoning is None:
        return ""
    start = title_start(lines, zoning)
    found = abstract_lines(lines, zoning, start or 0)
    text = raw_block(found)
    if len(text.split()) >= 30:
        return text
    return _first_paragraph(lines, start) if start is not None else ""


def _first_paragraph(lines: list[PageLine], title: int) -> str:
    """The one long paragraph of prose among the few lines under the title, before any heading (NBER
    prints its abstract under the by-line and the paper's number and date, unlabelled); else ""."""
    seen = 0
    for line in lines[title + 1 :]:
        if not line.text:
            continue
        seen += 1
        found = heading(line.text)
        if seen > 12 or (found is not None and not found[1]):  # "DOI 10.3386/w33843" is a value, not a part
            return ""
        words = line.text.split()
        if len(words) >= 50 and re.search(r"[.!?]$", line.text.strip()) and line_fact(line.text) is None:
            return line.text
    return ""


def _structured_abstract(lines: list[PageLine]) -> str:
    """A structured abstract's parts ("Background and Purpose" / text / "Experimental Approach" / text …),
    from the first part heading that prose follows to the last part's text; "" unless two parts or more."""
    texts = [(ln, ln.text.strip()) for ln in lines if ln.text]
    for at, (_, text) in enumerate(texts[:-1]):
        if ABSTRACT_PART.match(text) and len(texts[at + 1][1].split()) >= 15:
            break
    else:
        return ""
    taken: list[PageLine] = []
    parts = 0
    for line, text in texts[at:]:
        if ABSTRACT_PART.match(text):
            parts += 1
        elif len(text.split()) < 8 or not taken or not re.search(r"[.!?)]$", text):
            break
        taken.append(line)
    while taken and ABSTRACT_PART.match(taken[-1].text.strip()):
        taken.pop()
        parts -= 1
    return "\n\n".join(ln.text.strip() for ln in taken) if parts >= 2 else ""


def head_lines(page: PageState, lines: list[PageLine], begin: int) -> list[PageLine]:
    """The article's own lines after its title: up to its reference list, at most 150 of them; the
    chrome after a page's bibliography may show other articles' dates and citations."""
    # A galley that prints its title in a citation block after the bibliography has its head below it.
    first_reference = min((ln.index for ln in page.reference_lines if ln.index >= begin), default=len(lines))
    return lines[begin : min(first_reference, begin + 150)]


def _by_line(lines: list[PageLine], title: int) -> list[Person]:
    """The names printed in the first lines under the title that name people (a by-line is there)."""
    found: list[Person] = []
    gap = False  # lines between one person and the next were skipped
    for line in lines[title + 1 : title + 40]:
        text = line.text
        if not text or not re.search(r"\w", text) or match_key(text) == match_key(lines[title].text):
            continue  # blank, the "," between two name links, or the title printed twice
        if heading(text) is not None or line_fact(text) is not None:
            if found:
                break
            continue
        # "Victoria Van Hyning, University of Oxford, Zooniverse": a name, then its affiliation.
        first = re.sub(rf"(?<=[^\W\d_])\d+|[{re.escape(MARK_CHARS)}]+|\b(?:e-?mail|mail)\b", " ", re.split(r"[,;]", text)[0]).strip()
        leads_with_name = name_like(first)
        names = names_from_lines([line]) if leads_with_name or not has_institution_word(text) else []
        whole_name = leads_with_name and not re.search(r"[,;]", text) and len(names) == 1  # "André Pharisat"
        if names and gap and not (leads_with_name and (re.search(r"[,;]", text) or whole_name)):
            names = []  # after the gap, only a person's own line ("Bettina Reichenbacher mail,") goes on
        if names:
            # each person once, but "Liang Chen" and "Xiaolong Chen" are two (Wiley)
            found += [p for p in names if (p.family, p.given[:1]) not in {(f.family, f.given[:1]) for f in found}]
        elif found and _between_names(text):
            gap = True
        elif found or line.index > title + 9:
            break
    if lettered := run_on_letters([p.family for p in found]):
        found = [replace(p, family=family) for p, (family, _) in zip(found, lettered, strict=True)]
    return found


def _between_names(text: str) -> bool:
    """What a by-line prints between one person and the next (PLOS, D-Lib): an e-mail, an affiliation,
    a one-letter close button."""
    return (
        "@" in text
        or "[at]" in text
        or has_institution_word(text)
        or text.casefold().startswith(("affiliation", "* e-mail", "e-mail", "email"))
        or (len(text.split()) <= 2 and not name_like(text))
    )


def _year_from_dates(page: PageState, lines: list[PageLine]) -> None:
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
