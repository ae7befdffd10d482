"""What a saved HTML article page states outright: embedded metadata, the abstract element, the bibliography.

The text reader (reader.py) still reads the page's visible lines for what only the text says (affiliations
printed beside the names, metrics, "How to cite"), but these facts, taken from the page's structure, rank
above anything guessed from lines: a `citation_title` tag cannot be confused with a menu item, and an
`ol > li` bibliography cannot run into the footer.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from refman.core.model import Person
from refman.formats.article_page import dom
from refman.formats.article_page.abstract_tail import DOI_ONLY, part_name, without_tail
from refman.formats.article_page.dom_people import dom_authors
from refman.formats.article_page.dom_references import DomReference, find_references, split_structured
from refman.formats.article_page.embedded import Embedded, page_title, read_embedded
from refman.formats.article_page.html_text import html_page
from refman.formats.article_page.journal_names import is_journal_name
from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.line_facts import LEADING_DATE
from refman.formats.article_page.lines import PageLine, match_key

_ABSTRACT_NAME = re.compile(r"(?:^|[\s_-])(?:abstract|abstracts|abstract-content|articleabstract|abstr|summary)(?:$|[\s_-]|\d)")
_AFTER_ABSTRACT = re.compile(r"(?:^|[\s_-])(?:physh|subject|keywords?|kwd|received|history|article-info|metrics)(?:$|[\s_-])")
_APPENDED = re.compile(r"(?:^|[\s_-])(?:footer|copyright|intellectual-prop|permissions|license|licence)(?:$|[\s_-])")
_NOT_ABSTRACT = re.compile(r"(?:^|[\s_-])(?:graphical|video|author-summary|trans|lay|toggle|link|nav|button|promo|teaser|related|recommended|footer|sidebar|widget)(?:$|[\s_-])")


@dataclass(slots=True)
class HtmlFacts:
    lines: list[PageLine] = field(default_factory=list)  # visible text lines, numbered by HTML source line
    meta: list[tuple[str, str]] = field(default_factory=list)  # Highwire-vocabulary pairs (embedded.py)
    references: list[DomReference] = field(default_factory=list)  # from the page's structure
    cited_tags: list[str] = field(default_factory=list)  # citation_reference tags, when no list was found
    abstract: str = ""
    heading_title: str = ""  # the article's <h1>, for pages without a title tag
    article: bool = False  # the page declares itself an article (title tag or JSON-LD article)
    page_title: str = ""  # the document's <title>
    licence_links: list[str] = field(default_factory=list)  # hrefs of the body's links to a CC deed, in order
    authors: list[Person] = field(default_factory=list)  # the by-line the markup classes as authors (dom_people.py)


def _jump_list(el: etree._Element) -> bool:
    """A list of links to places on the page itself (a table of contents), not part of any text."""
    links = [a for a in el.iter("a") if (a.get("href") or "").startswith("#")]
    return len(links) >= 3 and len(" ".join(dom.text_of(a) for a in links)) >= 0.8 * len(dom.text_of(el))


def _abstract_part(el: etree._Element) -> etree._Element:
    """The abstract element without what some sites append inside it after the text: a second heading
    and what follows it (subject headings, keywords, "Received …" lines)."""
    part = copy.deepcopy(el)
    started = False
    label_level = 7  # headings deeper than the "Abstract" heading are a structured abstract's labels
    for child in list(part.iter()):
        if child is part or not isinstance(child.tag, str) or child.getparent() is None:
            continue
        name = dom.tag(child)
        if _APPENDED.search(dom.classes(child)) and started:
            child.getparent().remove(child)  # IEEE's "This paper appears in: …" footer and © line
            continue
        if name in ("ol", "ul", "nav") and _jump_list(child):
            child.getparent().remove(child)  # Wiley's "Top of page / Abstract / Introduction…" links
            continue
        text = dom.text_of(child)
        level = int(name[1]) if re.fullmatch(r"h[1-6]", name) else 0
        kind = (heading(text) or ("", ""))[0]
        if level and kind == "abstract" and not started:
            label_level = level + 1
        if level >= label_level and kind not in ("keywords", "references"):
            continue  # "Background" / "Results" / "Conclusions and Implications" inside the abstract
        heading_like = level > 0 or _AFTER_ABSTRACT.search(dom.classes(child))
        if heading_like and started and kind != "abstract":
            parent = child.getparent()
            siblings = list(parent)
            for later in siblings[siblings.index(child):]:
                parent.remove(later)
            continue
        if name == "p" and len(text.split()) >= 8:
            started = True
    return part


def _headed_abstract(el: etree._Element) -> bool:
    """A section whose own first heading reads "Abstract" (BioMed Central's `<section><h3>Abstract`),
    for pages that give the abstract no class or id."""
    first = next((h for h in el.iter("h1", "h2", "h3", "h4", "h5", "h6")), None)
    if first is None or (found := heading(dom.text_of(first))) is None or found[0] != "abstract":
        return False
    parent = first.getparent()
    if parent is not el and (parent is None or parent.getparent() is not el or dom.text_of(parent) != dom.text_of(first)):
        return False  # the heading opens the section itself (or its heading wrapper), not a part inside it
    return sum(1 for _ in el.iter("h1", "h2", "h3", "h4", "h5", "h6")) <= 12 and len(dom.text_of(el)) < 12000


def _abstract(root: etree._Element) -> str:
    """The abstract element's text without its heading; structured abstracts keep one line per part.
    Elements named for the abstract come first, then sections headed "Abstract"."""
    named = [
        el for el in root.iter("section", "div", "p", "blockquote")
        if _ABSTRACT_NAME.search(dom.classes(el)) and not _NOT_ABSTRACT.search(dom.classes(el))
    ]
    headed = [el for el in root.iter("section", "div") if _headed_abstract(el)]
    for el in [*named, *headed]:
        if dom.hidden(el):
            continue
        lines = dom.lines_of(_abstract_part(el), paragraph_gaps=True)
        while lines and (line_fact(lines[0]) == "nav" or not lines[0].strip()):
            lines = lines[1:]  # HighWire's "Next Section" link above the heading
        while lines and (found := heading(lines[0])) is not None and found[0] == "abstract":
            if found[1]:
                lines[0] = found[1]
                break
            lines = lines[1:]
        lines = without_tail(lines)
        while lines and (not (last := lines[-1].strip()) or DOI_ONLY.match(last) or part_name(last)):
            # eLife's "DOI: http://dx.doi.org/10.7554/eLife.04407.001" and "View Full Text" under the text
            lines = lines[:-1]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if len(text.split()) >= 25:
            return text
    return ""



_SENTENCE_END = re.compile(r"[.!?)\]\"”’]\s*$")


def _truncated(tagged: str) -> str | None:
    """The tag text without its "…" when a site cut it short (no sentence end), else None."""
    if not tagged:
        return None
    if tagged.rstrip().endswith(("...", "…")):
        return tagged.rstrip().rstrip(".… ")
    return None if _SENTENCE_END.search(tagged) else tagged


def _untruncated(tagged: str, lines: list[PageLine]) -> str:
    """The whole abstract where a tag holds only its start (Atypon's dc.Description, Taylor & Francis,
    BioMed Central cut it at a few hundred characters): the printed paragraphs that begin with it."""
    if _truncated(tagged) is None:
        return tagged
    want = match_key(tagged)
    start = next((i for i, ln in enumerate(lines) if ln.text and match_key(ln.text)[:60] == want[:60]), None)
    if start is None:
        return tagged
    taken: list[str] = []
    for ln in lines[start : start + 40]:
        if ln.text and (heading(ln.text) is not None or line_fact(ln.text) is not None):
            break
        if not ln.text and taken and match_key("\n".join(taken)).startswith(want):
            break  # the paragraph that holds the whole tag text ends here
        if ln.text:
            taken.append(ln.text)
    whole = "\n".join(taken)
    return whole if match_key(whole).startswith(want) and len(whole) > len(tagged) else tagged


def best_abstract(facts: HtmlFacts, from_text: str) -> str:
    """The abstract the page states, by trust: the abstract tags (cut from the element where both
    exist, so paragraph breaks survive), the abstract element, the text reader's, then OpenGraph."""
    tag_name, tagged = next(((n, v) for n, v in facts.meta if n in ("citation_abstract", "dc.description")), ("", ""))
    if len(tagged.split()) < 20:
        tagged = ""
    element = facts.abstract
    cut = _truncated(tagged)
    if cut is not None:
        tagged = cut
    if tagged and element:
        head, tail = match_key(tagged)[:50], match_key(tagged)[-30:]
        first, _, rest = element.partition("\n")
        structured = bool(rest) and part_name(first)
        if match_key(rest if structured else element).startswith(head):
            if cut is not None or structured:
                # The tag stops short, or holds only the first part of a structured abstract
                # ("Background" of BioMed Central's four): the element holds the whole abstract.
                return element
            # Cut the element where the tag's text ends: what follows is the site's, not the abstract.
            for end in range(len(element)):
                if match_key(element[: end + 1]).endswith(tail):
                    return element[: end + 1].strip()
            return element
        # The element the page heads "Abstract" and a Dublin Core description that says something else
        # (eLife's dc.description holds its plain-language digest): the printed abstract wins.
        return tagged if tag_name == "citation_abstract" else element
    if tagged:
        return _untruncated(tagged, facts.lines)
    if element:
        return element
    if from_text:
        return from_text
    return next((v for n, v in facts.meta if n == "fallback_abstract"), "")


def _heading_title(root: etree._Element, site: str, lines: list[PageLine]) -> str:
    """The article's title on a page without title tags: a heading or a line that the document's
    <title> repeats ("Adverb order with still - lingbuzz/008324"); else its first <h1> that is not the
    journal's name (APS and HighWire put the masthead in an <h1> above the article's, Frontiers a login
    box's); else the last sizeable heading above the "Abstract" heading; else the first sizeable heading."""
    def usable(text: str) -> bool:
        return len(text.split()) >= 3 and heading(text) is None and not is_journal_name(text)

    pieces = [site, *re.split(r"\s+[-|–—:]\s+", site)]
    parts = {match_key(part) for part in pieces if usable(part)}
    # The longest part a heading (else a line) repeats: "Article | Journal | Full Text" repeats both
    # the article's title and the journal's name in headings, and the journal's is the shorter.
    repeated = [text for el in root.iter("h1", "h2", "h3", "h4") if usable(text := dom.text_of(el)) and match_key(text) in parts]
    repeated = repeated or [ln.text for ln in lines if ln.text and usable(ln.text) and match_key(ln.text) in parts]
    if repeated:
        return max(repeated, key=lambda text: len(match_key(text)))
    # A short title ("GenBank", PMC): the page's only <h1> saying what the <title> says before the site's name.
    h1s = [dom.text_of(el) for el in root.iter("h1")]
    lead = match_key(pieces[1]) if len(pieces) > 2 else ""
    if len(h1s) == 1 and lead and match_key(h1s[0]) == lead and heading(h1s[0]) is None and not is_journal_name(h1s[0]):
        return h1s[0]
    for text in h1s:
        if usable(text):
            return text
    # A line that prints the <title>'s words after a date ("1 October 2015 Delocalization of eigenvectors
    # …", Project Euclid's issue date run into the heading): the rest of the line is the title.
    long_parts = [match_key(part) for part in pieces if len(part.split()) >= 5 and usable(part)]
    for line in lines:
        if (m := LEADING_DATE.match(line.text)) and usable(rest := line.text[m.end() :].strip()) and match_key(rest) in long_parts:
            return rest
    first = last = ""
    for text in (dom.text_of(el) for el in root.iter("h2", "h3", "h4")):
        found = heading(text)
        if found is not None and found[0] == "abstract" and last:
            return last
        if usable(text):
            first = first or text
            last = text
    return first


def read_html(text: str) -> HtmlFacts:
    """The facts of a saved page; an unparsable page gives only its text lines (html_text.py's reading)."""
    plain = html_page(text)
    facts = HtmlFacts(lines=plain.lines, meta=plain.meta)
    root = dom.parse(text)
    if root is None:
        return facts
    embedded: Embedded = read_embedded(root)
    facts.meta = embedded.meta
    facts.article = embedded.has("citation_title") or embedded.has("dc.title") or embedded.jsonld_article
    facts.references = find_references(root)
    if not facts.references:
        facts.cited_tags = [v for n, v in embedded.meta if n == "citation_reference"]
    facts.licence_links = [
        href for a in root.iter("a") if "creativecommons.org/" in (href := a.get("href") or "") and "/licen" in href
    ]
    facts.abstract = _abstract(root)
    facts.page_title = page_title(root)
    facts.heading_title = _heading_title(root, facts.page_title, facts.lines)
    if not embedded.has("citation_author") and not embedded.has("dc.creator"):
        title = next((v for n, v in embedded.meta if n in ("citation_title", "dc.title")), "") or facts.heading_title
        facts.authors = dom_authors(root, title)
    return facts


def structured_reference(value: str) -> dict[str, list[str]] | None:
    """A `citation_reference` tag's fields when it is written in Highwire's key=value form."""
    return split_structured(value)
