"""What a saved HTML article page states outright: embedded metadata, the abstract element, the bibliography.

The text reader (reader.py) still reads the page's visible lines for what only the text says (affiliations
printed beside the names, metrics, "How to cite"), but these facts, taken from the page's structure, rank
above anything guessed from lines: a `citation_title` tag cannot be confused with a menu item, and an
`ol > li` bibliography cannot run into the footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from refman.formats.article_page import dom
from refman.formats.article_page.dom_references import DomReference, find_references, split_structured
from refman.formats.article_page.embedded import Embedded, page_title, read_embedded
from refman.formats.article_page.html_text import html_page
from refman.formats.article_page.labels import heading
from refman.formats.article_page.lines import PageLine

_ABSTRACT_NAME = re.compile(r"(?:^|[\s_-])(?:abstract|abstracts|abstract-content|articleabstract|abstr|summary)(?:$|[\s_-]|\d)")
_NOT_ABSTRACT = re.compile(r"(?:^|[\s_-])(?:graphical|video|author-summary|trans|lay|toggle|link|nav|button)(?:$|[\s_-])")


@dataclass(slots=True)
class HtmlFacts:
    lines: list[PageLine] = field(default_factory=list)  # visible text lines, numbered by HTML source line
    meta: list[tuple[str, str]] = field(default_factory=list)  # Highwire-vocabulary pairs (embedded.py)
    references: list[DomReference] = field(default_factory=list)  # from the page's structure
    cited_tags: list[str] = field(default_factory=list)  # citation_reference tags, when no list was found
    abstract: str = ""
    heading_title: str = ""  # the article's <h1>, for pages without a title tag
    article: bool = False  # the page declares itself an article (title tag or JSON-LD article)


def _abstract(root: etree._Element) -> str:
    """The abstract element's text without its heading; structured abstracts keep one line per part."""
    for el in root.iter("section", "div", "p", "blockquote"):
        names = dom.classes(el)
        if not _ABSTRACT_NAME.search(names) or _NOT_ABSTRACT.search(names) or dom.hidden(el):
            continue
        lines = dom.lines_of(el, paragraph_gaps=True)
        while lines and (found := heading(lines[0])) is not None and found[0] == "abstract":
            if found[1]:
                lines[0] = found[1]
                break
            lines = lines[1:]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if len(text.split()) >= 25:
            return text
    return ""


def _heading_title(root: etree._Element, site: str) -> str:
    for el in root.iter("h1"):
        text = dom.text_of(el)
        if text and len(text.split()) >= 3 and text.casefold() != site.casefold() and heading(text) is None:
            return text
    return ""


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
    facts.abstract = _abstract(root)
    facts.heading_title = _heading_title(root, page_title(root))
    return facts


def structured_reference(value: str) -> dict[str, list[str]] | None:
    """A `citation_reference` tag's fields when it is written in Highwire's key=value form."""
    return split_structured(value)
