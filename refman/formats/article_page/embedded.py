"""The metadata a saved article page embeds for machines: meta tags, JSON-LD, OpenGraph, licence links.

Google Scholar's inclusion guidelines made Highwire `citation_*` tags the lingua franca of journal sites
(OJS, Atypon, HighWire, Springer, PLOS, MDPI …); Dublin Core `DC.*`/`dcterms.*`, PRISM and bepress tags fill
gaps, JSON-LD `ScholarlyArticle` and OpenGraph are what the rest offer. Zotero's embedded-metadata
translator reads them in that order of trust, and so does this module: everything is returned as
(name, value) pairs in Highwire vocabulary, real tags first, so `meta.read_meta` can take the first of each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from refman.formats.article_page.dom import tag

_KEPT_PREFIXES = ("citation_", "dc.", "dcterms.", "prism.", "bepress_citation_", "eprints.", "og:", "article:")
# Alternative vocabularies, renamed to the Highwire/DC names meta.py reads.
_RENAME = {
    "bepress_citation_title": "citation_title",
    "bepress_citation_author": "citation_author",
    "bepress_citation_journal_title": "citation_journal_title",
    "bepress_citation_date": "citation_date",
    "bepress_citation_volume": "citation_volume",
    "bepress_citation_issue": "citation_issue",
    "bepress_citation_firstpage": "citation_firstpage",
    "bepress_citation_lastpage": "citation_lastpage",
    "bepress_citation_doi": "citation_doi",
    "eprints.title": "citation_title",
    "eprints.creators_name": "citation_author",
    "eprints.date": "citation_date",
    "eprints.publication": "citation_journal_title",
    "eprints.abstract": "citation_abstract",
    "dcterms.title": "dc.title",
    "dcterms.creator": "dc.creator",
    "dcterms.abstract": "citation_abstract",
    "dcterms.issued": "dc.date.issued",
    "dcterms.date": "dc.date",
    "dcterms.publisher": "dc.publisher",
    "dcterms.rights": "dc.rights",
    "dcterms.license": "dc.rights",
    "dcterms.identifier": "dc.identifier",
    "dc.description.abstract": "citation_abstract",
    "citation_authors": "citation_authors",
}
_ARTICLE_TYPES = {"scholarlyarticle", "article", "medicalscholarlyarticle", "report", "chapter", "techarticle"}


@dataclass(slots=True)
class Embedded:
    """The page's machine-readable facts, in Highwire vocabulary, plus its stated licence links."""

    meta: list[tuple[str, str]] = field(default_factory=list)
    licence_links: list[str] = field(default_factory=list)
    jsonld_article: bool = False

    def has(self, name: str) -> bool:
        return any(n == name for n, _ in self.meta)

    def first(self, name: str) -> str:
        return next((v for n, v in self.meta if n == name), "")


def _meta_tags(root: etree._Element) -> Iterator[tuple[str, str]]:
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if not name or not content or not name.startswith(_KEPT_PREFIXES):
            continue
        yield _RENAME.get(name, name), content


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("value") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _jsonld_objects(root: etree._Element) -> Iterator[dict[str, object]]:
    for el in root.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = _as_list(data)
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(_as_list(item.get("@graph")))
            stack.extend(x for x in _as_list(item.get("mainEntity")) if isinstance(x, dict))
            yield item


def _jsonld_pairs(obj: dict[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    title = _text(obj.get("headline")) or _text(obj.get("name"))
    if title:
        pairs.append(("citation_title", title))
    for person in _as_list(obj.get("author")):
        if isinstance(person, dict):
            name = _text(person.get("name"))
            if not name and (person.get("familyName") or person.get("givenName")):
                name = f"{_text(person.get('familyName'))}, {_text(person.get('givenName'))}".strip(", ")
            if name:
                pairs.append(("citation_author", name))
                for org in _as_list(person.get("affiliation")):
                    if _text(org):
                        pairs.append(("citation_author_institution", _text(org)))
        elif _text(person):
            pairs.append(("citation_author", _text(person)))
    date = _text(obj.get("datePublished")) or _text(obj.get("dateCreated"))
    if date:
        pairs.append(("citation_publication_date", date))
    part = obj.get("isPartOf")
    while isinstance(part, dict):
        kind = str(part.get("@type", "")).lower()
        if "volume" in kind and _text(part.get("volumeNumber")):
            pairs.append(("citation_volume", _text(part.get("volumeNumber"))))
        elif "issue" in kind and _text(part.get("issueNumber")):
            pairs.append(("citation_issue", _text(part.get("issueNumber"))))
        elif "periodical" in kind and _text(part.get("name")):
            pairs.append(("citation_journal_title", _text(part.get("name"))))
        part = part.get("isPartOf")
    for key, name in (("pageStart", "citation_firstpage"), ("pageEnd", "citation_lastpage"),
                      ("description", "fallback_abstract"), ("abstract", "citation_abstract"),
                      ("inLanguage", "citation_language")):
        if _text(obj.get(key)):
            pairs.append((name, _text(obj.get(key))))
    publisher = obj.get("publisher")
    if _text(publisher):
        pairs.append(("citation_publisher", _text(publisher)))
    for ident in [*_as_list(obj.get("identifier")), *_as_list(obj.get("sameAs")), obj.get("@id")]:
        text = _text(ident) if not isinstance(ident, dict) else _text(ident.get("value"))
        if m := re.search(r"10\.\d{4,9}/\S+", text):
            pairs.append(("citation_doi", m.group(0)))
            break
    for licence in _as_list(obj.get("license")):
        if _text(licence) or isinstance(licence, str):
            pairs.append(("dc.rights", _text(licence) or str(licence)))
    return pairs


def _licence_links(root: etree._Element) -> list[str]:
    out: list[str] = []
    for el in root.iter("a", "link"):
        rels = (el.get("rel") or "").lower().split()
        href = (el.get("href") or "").strip()
        if href and ("license" in rels or "licence" in rels or "dc:rights" in rels):
            out.append(href)
    return out


def read_embedded(root: etree._Element) -> Embedded:
    """Every embedded fact of the page; tags the page states beat JSON-LD, which beats OpenGraph."""
    found = Embedded(meta=list(_meta_tags(root)))
    stated = {name for name, _ in found.meta}
    fallback: list[tuple[str, str]] = []
    for obj in _jsonld_objects(root):
        kinds = {str(t).lower() for t in _as_list(obj.get("@type"))}
        if kinds & _ARTICLE_TYPES:
            found.jsonld_article = True
            fallback += _jsonld_pairs(obj)
    og = {name: value for name, value in found.meta if name.startswith(("og:", "article:"))}
    if og.get("og:type", "").lower() == "article" and og.get("og:title"):
        fallback.append(("citation_title", og["og:title"]))
    if og.get("article:published_time"):
        fallback.append(("citation_publication_date", og["article:published_time"]))
    if og.get("og:description"):
        fallback.append(("fallback_abstract", og["og:description"]))
    if og.get("og:url"):
        fallback.append(("citation_abstract_html_url", og["og:url"]))
    has_authors = bool(stated & {"citation_author", "dc.creator"})
    for name, value in fallback:
        if name in stated or (name in ("citation_author", "citation_author_institution") and has_authors):
            continue
        found.meta.append((name, value))
    found.meta = [(n, v) for n, v in found.meta if not n.startswith(("og:", "article:"))]
    # "citation_authors" (one tag, names separated by ';') is what some older sites write.
    if not has_authors and found.has("citation_authors"):
        for name in re.split(r"\s*;\s*", found.first("citation_authors")):
            if name:
                found.meta.append(("citation_author", name))
    found.licence_links = _licence_links(root)
    for link in found.licence_links:
        found.meta.append(("dc.rights", link))
    return found


def page_title(root: etree._Element) -> str:
    """The document's <title>, for telling a site's name from the article's."""
    for el in root.iter("title"):
        if tag(el) == "title":
            return " ".join((el.text or "").split())
    return ""
