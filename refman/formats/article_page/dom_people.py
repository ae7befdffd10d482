"""The article's authors from a saved page's markup, for a page whose tags name none.

Why: without `citation_author` tags the text readers find the by-line by its look, and a site's menus,
metrics and affiliations look like names too ("Publications", "Citations"; "Via Borsari 46"). The markup
says which element holds the authors: publishers class it so (`authors`, `author-list`, `contrib`,
`hlFld-ContribAuthor`, `vcard author`, `itemprop="author"`), right after the title's element. The names
are read from that element: from its lines, or from its smallest elements whose text is one name when a
line runs a name into its affiliation ("Jean-Paul Malrieu Laboratoire de Chimie …", Taylor & Francis).
"""

from __future__ import annotations

import re

from lxml import etree

from refman.core.model import Person
from refman.formats.article_page import dom
from refman.formats.article_page.lines import PageLine, match_key
from refman.formats.article_page.zones.authors import name_like, names_from_lines

_AUTHOR = re.compile(r"author|contrib|byline|creator", re.I)
_NOT_AUTHORS = re.compile(r"affil|search|\bbio|note|info|footnote|tooltip|popup|refer|related|recommend", re.I)
# Lists of other works, whose authors are not the article's.
_OTHER_WORKS = re.compile(r"refer|biblio|ref-list|reflist|\bref\b|related|recommend|cited-?by", re.I)
_TITLE_TAGS = frozenset(("h1", "h2", "h3", "h4", "div", "span", "p", "text"))
_REACH = 600  # elements after the title's within which its by-line stands
_SAME_KIND_REACH = 400  # elements after one author's within which the next one's stand


def dom_authors(root: etree._Element, title: str) -> list[Person]:
    """The authors the markup names right after the element holding `title`, or []."""
    key = match_key(title)
    if len(key) < 8:
        return []
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    at = next((i for i, el in enumerate(elements) if dom.tag(el) in _TITLE_TAGS and match_key(dom.text_of(el)) == key), None)
    if at is None:
        return []
    window = elements[at + 1 : at + 1 + _REACH]
    for j, el in enumerate(window):
        marks = f"{dom.classes(el)} {el.get('itemprop') or ''} {el.get('id') or ''}"
        if not _AUTHOR.search(marks) or _NOT_AUTHORS.search(marks) or _in_other_works(el):
            continue
        names = _names(el)
        if len(names) == 1:
            # One element per author (HighWire's "hlFld-ContribAuthor", IOP's "nowrap author"): the
            # others are in the elements of the same kind after it.
            names += _same_kind(el, window[j + 1 : j + 1 + _SAME_KIND_REACH], names)
        if names:
            return names
    return []


def _in_other_works(el: etree._Element) -> bool:
    return any(dom.tag(a) == "cite" or _OTHER_WORKS.search(f"{dom.classes(a)} {a.get('id') or ''}") for a in el.iterancestors())


def _names(el: etree._Element) -> list[Person]:
    """The names in `el`: read from its lines, or from its outermost elements whose text is one name,
    whichever finds more."""
    whole = []
    for inner in el.iter():
        if not isinstance(inner.tag, str):
            continue
        text = dom.text_of(inner).strip(" ,;&")
        parent = inner.getparent()
        if name_like(text) and (inner is el or parent is None or not name_like(dom.text_of(parent).strip(" ,;&"))):
            whole.append(text)
    by_lines = names_from_lines([PageLine(i, t, t) for i, t in enumerate(dom.lines_of(el))])
    by_elements = names_from_lines([PageLine(i, t, t) for i, t in enumerate(whole)])
    return by_elements if len(by_elements) > len(by_lines) else by_lines


def _same_kind(first: etree._Element, after: list[etree._Element], found: list[Person]) -> list[Person]:
    kind = (dom.tag(first), dom.classes(first))
    inside = {id(d) for d in first.iterdescendants()}
    seen = {(p.family, p.given) for p in found}
    more: list[Person] = []
    for el in after:
        if id(el) in inside or (dom.tag(el), dom.classes(el)) != kind or _in_other_works(el):
            continue
        inside |= {id(d) for d in el.iterdescendants()}
        for person in _names(el):
            if (person.family, person.given) not in seen:
                seen.add((person.family, person.given))
                more.append(person)
    return more
