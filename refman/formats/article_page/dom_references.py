"""The reference list of a saved HTML page, taken from the page's own structure.

A pasted page loses where one reference ends; the HTML keeps it: publishers print the bibliography as
`ol > li`, as `div.ref-list` items, as `p` elements with `id="ref-…"`, or at least under a "References"
heading. This module finds that container, takes one item per reference, and removes what the site adds
inside each item (link buttons such as "Google Scholar", "CrossRef", "PubMed", "View Article", back-links),
keeping the DOI each item links to. Notes lists ("Notes", footnotes), which D-Lib and First Monday print
before the bibliography, are not references and are passed over.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from refman.formats.article_page.dom import BLOCK, classes, hidden, lines_of, tag, text_of
from refman.formats.article_page.labels import heading

_REF_NAME = re.compile(
    r"(?:^|[\s_-])(?:ref-?list|references?|reflist|bibliography|biblio|bibliografia|citation-?list|"
    r"literature(?:-cited)?|bib-?list|backmatter-refs|refs|referencias|referencelist|ref-section)(?:$|[\s_-]|\d)"
)
_NOT_A_LIST = re.compile(
    r"(?:^|[\s_-])(?:links?|lnk|button|btn|tooltip|popup|nav|menu|toggle|count|label|cited-?by|footnotes?"
    r"|fn|notes?)(?:$|[\s_-])"
)
_ITEM_ID = re.compile(r"^(?:ref|r|b|bib|bibr|cr|cit|c|en|reference|ref-list-|sref|bb|bbib|ref_)[-_]?\w*\d", re.I)
_DEBRIS_CLASS = re.compile(
    r"(?:^|[\s_-])(?:links?|reflinks|ref-?lnk|extra-links|external|google-?scholar|crossref|pubmed|pmc|getftr"
    r"|citation-?links|openurl|sfx|findit|access|button|btn|cross-?ref|scholar|ref__links|ext-link|hlFld"
    r"|reference-?links|references__links|ref-links|actions?|tools?|backlinks?|back-?link|goto|jump)(?:$|[\s_-])"
)
_DEBRIS_WORDS = (
    "google scholar", "crossref", "cross ref", "pubmed", "pubmed central", "pubmed/ncbi", "ncbi", "pmc",
    "pmc free article", "free full text", "full text", "view article", "view at publisher", "publisher site",
    "scopus", "web of science", "isi", "medline", "cas", "article", "links", "link", "abstract", "openurl",
    "find this article online", "search in google scholar", "ref list", "back to text", "return to ref",
    "reference source", "show context", "view in article", "download references", "ads", "math review",
    "mathscinet", "zentralblatt math", "europe pmc", "semantic scholar", "get it", "find it", "sfx",
    "check for updates", "go to citation", "go to reference", "close modal", "open in new tab", "doi",
    "full text via crossref", "free article", "view", "^", "↑", "[ links ]", "pdf", "google", "citation",
    "full-text", "journal", "publisher", "worldcat", "jstor", "crossref full text", "view record in scopus",
)
_DEBRIS = frozenset(_DEBRIS_WORDS)
_BRACKET_DEBRIS = re.compile(
    r"\s*[\[(]\s*(?:" + "|".join(re.escape(w) for w in sorted(_DEBRIS_WORDS, key=len, reverse=True) if len(w) > 2)
    + r")\s*(?:\(\d+\))?\s*[\])]",
    re.I,
)
_TRAILING_DEBRIS = re.compile(
    r"(?:[\s,;|/]+(?:google scholar|crossref|cross ref|pubmed(?:/ncbi)?|pmc(?: free article)?|view article"
    r"|view at publisher|publisher site|scopus(?: \(\d+\))?|web of science|isi|medline|cas|article|full text"
    r"|free full text|reference source|show context|links?|open ?url|europe pmc|math ?scinet|ads|google"
    r"|\[\s*links\s*\]|find this article online|search in google scholar|worldcat|publisher(?: full text)?"
    r"|full text:\s*pdf))+[\s|]*$"
    r"|[\s|]+$",  # the separators left where link buttons were removed ("… 2000 | |")
    re.I,
)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\.|\bin press\b|\bforthcoming\b", re.I)


@dataclass(frozen=True, slots=True)
class DomReference:
    text: str  # the reference as printed, debris removed
    line: int  # source line of the item in the HTML file
    doi: str = ""  # a DOI the item links to


def _debris(el: etree._Element) -> bool:
    """An element inside a reference item that is a site's button or link, not part of the reference."""
    if hidden(el):
        return True
    text = text_of(el).strip(" []().,;|").casefold()
    name = tag(el)
    # A class named for links may still wrap the whole reference text: keep anything reference-sized.
    if (
        name in ("a", "span", "div", "p", "ul", "li", "sup", "button")
        and _DEBRIS_CLASS.search(classes(el))
        and (len(text.split()) <= 6 or not _YEAR.search(text))
    ):
        return True
    if not text:
        return name in ("a", "sup")
    if name == "a" and (text in _DEBRIS or text.startswith(("google scholar", "crossref", "pubmed"))):
        return True
    # Back-links to where the reference is cited.
    return bool(
        name in ("a", "sup") and re.fullmatch(r"[↑^⤴↩︎]+|\d+|[a-z]", text) and (el.get("href") or "").startswith("#")
    )


def _item_doi(el: etree._Element) -> str:
    for a in el.iter("a"):
        href = a.get("href") or ""
        if "doi.org/" in href or href.startswith("doi:"):
            m = _DOI.search(href)
            if m:
                return m.group(0).rstrip(".,;)")
    for attr in ("data-doi", "data-citation-doi"):
        for node in el.iter():
            if isinstance(node.tag, str) and node.get(attr):
                return str(node.get(attr))
    return ""


def clean_item(el: etree._Element) -> DomReference | None:
    """One reference item as text, without the site's link buttons; None when nothing is left."""
    doi = _item_doi(el)
    item = copy.deepcopy(el)
    for node in list(item.iter()):
        if node is item or not isinstance(node.tag, str):
            continue
        if node.getparent() is not None and _debris(node):
            parent = node.getparent()
            tail = node.tail
            at = parent.index(node)
            parent.remove(node)
            if tail:  # keep what follows the removed element, after what came before it
                previous = parent[at - 1] if at else None
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
    text = " ".join(lines_of(item))
    for _ in range(3):
        text = _BRACKET_DEBRIS.sub("", text)
        text = _TRAILING_DEBRIS.sub("", text).strip()
    text = re.sub(r"\s+([.,;:])", r"\1", text).strip(" |").lstrip("↵ ")  # HighWire's back-link
    if not text or len(text) < 8:
        return None
    if not doi and (m := _DOI.search(text)):
        doi = m.group(0).rstrip(".,;)")
    return DomReference(text, el.sourceline or 0, doi)


def _referenceness(text: str) -> float:
    """How much an item's text looks like a reference: a year, several words, punctuation."""
    words = text.split()
    score = 0.0
    if _YEAR.search(text):
        score += 0.5
    if 4 <= len(words) <= 400:
        score += 0.3
    if re.search(r"[.,;:]", text):
        score += 0.2
    return score


def _items(container: etree._Element) -> list[etree._Element]:
    """The reference items in a container: its largest list, else id-marked items, else its child blocks."""
    lists = [
        el for el in container.iter("ol", "ul", "dl")
        if not hidden(el) and not _NOT_A_LIST.search(classes(el))
        and not any(tag(a) == "li" for a in el.iterancestors())
    ]
    best: list[etree._Element] = []
    for el in lists:
        items = [li for li in el if tag(li) in ("li", "dd", "dt") and not hidden(li)]
        if tag(el) == "dl":
            items = [li for li in el if tag(li) == "dd"] or items
        if len(items) > len(best):
            best = items
    if best and tag(best[0]) == "li" and classes(best[0]):
        # The rest of a list a site shows on "View more references", kept in the same container as items
        # of the same class outside the list (ScienceDirect's preview: a <ul> of 10, then a <div> of 29).
        shown = set(best)
        more = [
            li for li in container.iter("li")
            if li not in shown and classes(li) == classes(best[0]) and not hidden(li)
            and not any(tag(a) == "li" for a in li.iterancestors())
        ]
        if more:
            order = {el: i for i, el in enumerate(container.iter("li"))}
            best = sorted([*best, *more], key=order.__getitem__)
    marked = [
        el for el in container.iter()
        if isinstance(el.tag, str) and _ITEM_ID.match(el.get("id") or "") and tag(el) in BLOCK | {"span"}
        and not hidden(el)
    ]
    # Keep the outermost marked elements (an item's inner span may carry the same kind of id).
    marked = [el for el in marked if not any(a in marked for a in el.iterancestors())]
    if len(marked) > len(best):
        best = marked
    if len(best) >= 2:
        return best
    rows = [tr for table in container.iter("table") for tr in table.iter("tr") if not hidden(tr) and text_of(tr)]
    if len(rows) >= 2:  # D-Lib and older sites lay the bibliography out as a table, a reference a row
        return rows
    blocks = [
        el for el in container
        if tag(el) in ("p", "div", "li", "span") and not hidden(el) and text_of(el)
        and heading(text_of(el)) is None
    ]
    if len(blocks) == 1 and len(blocks[0]) > 1 and tag(blocks[0]) == "div":
        return _items(blocks[0])
    return blocks


def _heading_level(el: etree._Element) -> int:
    name = tag(el)
    return int(name[1]) if re.fullmatch(r"h[1-6]", name) else 7


def _following_region(head: etree._Element) -> etree._Element:
    """A synthetic container with what follows a "References" heading up to the next heading of its rank."""
    region = etree.Element("div")
    level = _heading_level(head)
    node: etree._Element | None = head
    # Climb while the heading is alone in its wrapper (e.g. <div class="title"><h2>References</h2></div>).
    while node is not None and node.getnext() is None and node.getparent() is not None:
        node = node.getparent()
    sibling = node.getnext() if node is not None else None
    while sibling is not None:
        if isinstance(sibling.tag, str):
            if _heading_level(sibling) <= level or (
                tag(sibling) in ("h1", "h2", "h3", "h4", "h5", "h6")
                or (len(text_of(sibling).split()) <= 4 and heading(text_of(sibling)) is not None
                    and heading(text_of(sibling))[0] != "references")  # type: ignore[index]
            ):
                break
            region.append(copy.deepcopy(sibling))
        sibling = sibling.getnext()
    return region


def _candidates(root: etree._Element) -> list[tuple[int, etree._Element]]:
    """(priority, container) for every place that may hold the bibliography; lower priority is better."""
    out: list[tuple[int, etree._Element]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or hidden(el):
            continue
        name = tag(el)
        names = classes(el)
        if _REF_NAME.search(names) and not _NOT_A_LIST.search(names) and name not in ("a", "span", "li", "p"):
            out.append((1, el))
            continue
        if name in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "div", "p", "span", "dt", "summary"):
            text = text_of(el)
            if len(text) <= 40 and (found := heading(text)) is not None and found[0] == "references" and not found[1]:
                parent = el.getparent()
                if name in ("h1", "h2", "h3", "h4", "h5", "h6") and parent is not None and _REF_NAME.search(
                    classes(parent)
                ):
                    continue  # the heading of a container already taken by its name
                out.append((0, _following_region(el)))
    return out


def find_references(root: etree._Element) -> list[DomReference]:
    """The page's bibliography, one DomReference per printed reference, in order; [] when there is none."""
    best: list[DomReference] = []
    best_score = 0.0
    for priority, container in _candidates(root):
        refs = [r for r in (clean_item(el) for el in _items(container)) if r is not None]
        if len(refs) < 1:
            continue
        good = sum(1 for r in refs if _referenceness(r.text) >= 0.8)
        if good == 0 or good < 0.6 * len(refs):
            continue
        score = good - 0.5 * (len(refs) - good) + (0.5 if priority == 0 else 0)
        if score > best_score:
            best, best_score = refs, score
    return best


def split_structured(value: str) -> dict[str, list[str]] | None:
    """A Highwire `citation_reference` written as 'citation_title=…; citation_author=…', else None."""
    if "citation_" not in value or "=" not in value:
        return None
    fields: dict[str, list[str]] = {}
    for part in re.split(r";\s*(?=citation_\w+=)", value):
        name, _, content = part.partition("=")
        name = name.strip().lower()
        if name.startswith("citation_") and content.strip():
            fields.setdefault(name, []).append(content.strip().rstrip(";").strip())
    return fields or None
