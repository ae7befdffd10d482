"""The article as an HTML page's Highwire (`citation_*`), Dublin Core (`DC.*`) and PRISM meta tags state it.

OJS and most publishers write these tags for Google Scholar; when a saved page has them they are more
reliable than anything read off the visible text, so the reader ranks them first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refman.core.model import Person
from refman.formats.article_page import facts
from refman.formats.article_page.licences import find_licence
from refman.formats.article_page.people import split_name

_TITLE = ("citation_title", "dc.title")
_AUTHOR = ("citation_author", "dc.creator")
_JOURNAL = ("citation_journal_title", "prism.publicationname", "dc.source", "citation_conference_title")
_PUBLISHER = ("citation_publisher", "dc.publisher")
_DATE = (
    "citation_publication_date",
    "citation_date",
    "prism.publicationdate",
    "dc.date.issued",
    "citation_online_date",
    "dc.date.created",
    "dc.date",
)
_VOLUME = ("citation_volume", "prism.volume", "dc.source.volume")
_ISSUE = ("citation_issue", "prism.number", "dc.source.issue")
_FIRST_PAGE = ("citation_firstpage", "prism.startingpage")
_LAST_PAGE = ("citation_lastpage", "prism.endingpage")
_DOI = ("citation_doi", "dc.identifier.doi", "prism.doi")
_ISSN = ("citation_issn", "prism.issn", "prism.eissn", "dc.source.issn")
_KEYWORDS = ("citation_keywords", "dc.subject")
_LANGUAGE = ("citation_language", "dc.language")
_URL = ("citation_abstract_html_url", "citation_public_url", "dc.identifier.uri", "prism.url")
_RIGHTS = ("dc.rights", "prism.copyright")
_ABSTRACT = ("citation_abstract", "dc.description")


@dataclass(slots=True)
class MetaFacts:
    title: str = ""
    persons: list[Person] = field(default_factory=list)
    journal: str = ""
    publisher: str = ""
    date: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    issns: list[tuple[str, str]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str = ""
    url: str = ""
    licence: tuple[str, str] | None = None
    abstract: str = ""
    kind: str = ""  # a CSL type when the tags say the work is not a journal article
    number: str = ""  # report number or arXiv id


def _first(meta: list[tuple[str, str]], names: tuple[str, ...]) -> str:
    for wanted in names:
        for name, value in meta:
            if name == wanted:
                return value
    return ""


def meta_title(meta: list[tuple[str, str]]) -> str:
    return _first(meta, _TITLE)


_MARKS = re.compile(r"[*†‡§¶#∗⁎✉]+|\d+(?=\W*$)|\s+and\s*$|^\s*and\s+", re.I)


def _person(name: str) -> Person:
    """'Lestari, Dewi' (the Highwire form) or 'Dewi Lestari'; footnote marks some sites leave in
    the tag ('Jean Paul  Malrieu,*,‡ and') are not part of the name."""
    name = " ".join(_MARKS.sub(" ", name).split()).strip(" ,;")
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        split = split_name(f"{given} {family}")
        if split.family == family:
            return split
        return Person(family=family, given=given)
    return split_name(name)


def _date(value: str) -> tuple[str, int | None]:
    value = value.strip().replace("/", "-")
    if m := re.match(r"^((?:19|20)\d\d)(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value):
        year, month, day = m.group(1), m.group(2), m.group(3)
        if month and day and (iso := facts.iso_date(f"{year}-{month}-{day}")):
            return iso, int(year)
        if month and 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}", int(year)
        return "", int(year)
    iso = facts.iso_date(value)
    return iso, int(iso[:4]) if iso else None


def read_meta(meta: list[tuple[str, str]]) -> MetaFacts:
    out = MetaFacts(title=meta_title(meta))
    authors: list[tuple[str, list[str]]] = []
    for name, value in meta:
        if name in _AUTHOR and not (name == "dc.creator" and any(n == "citation_author" for n, _ in meta)):
            authors.append((value, []))
        elif name == "citation_author_institution" and authors:
            authors[-1][1].append(value)
    out.persons = [
        Person(
            family=p.family,
            given=p.given,
            particle=p.particle,
            suffix=p.suffix,
            affiliations=tuple(dict.fromkeys(institutions)),
        )
        for p, institutions in ((_person(n), i) for n, i in authors)
    ]
    # Atypon fills dc.source with the DOI link, which names no journal.
    out.journal = next(
        (v for k in _JOURNAL for n, v in meta if n == k and v.strip() and not re.match(r"(?:https?://|doi:|10\.\d)", v.strip(), re.I)),
        "",
    )
    out.publisher = _first(meta, _PUBLISHER)
    out.date, out.year = _date(_first(meta, _DATE))
    out.volume = _first(meta, _VOLUME)
    out.issue = _first(meta, _ISSUE)
    first, last = _first(meta, _FIRST_PAGE), _first(meta, _LAST_PAGE)
    out.pages = f"{first}-{last}" if first and last and first != last else first
    out.doi = facts.doi(_first(meta, _DOI))
    for name, value in meta:
        if name in _ISSN:
            medium = "online" if name == "prism.eissn" else ""
            out.issns += [(medium, n) for n in re.findall(r"\d{4}-\d{3}[\dXx]", value)]
        elif name in _KEYWORDS:
            for word in re.split(r"[;,]", value):
                if word.strip() and word.strip().casefold() not in {k.casefold() for k in out.keywords}:
                    out.keywords.append(word.strip())
    out.language = _first(meta, _LANGUAGE)
    out.url = _first(meta, _URL)
    rights = " ".join(value for name, value in meta if name in _RIGHTS)
    out.licence = find_licence(rights) if rights else None
    out.abstract = _first(meta, _ABSTRACT)
    if not out.journal and _first(meta, ("citation_arxiv_id",)):
        out.journal = "arXiv"  # arXiv's own pages name no journal; the preprint server is the container
    out.kind = (
        "paper-conference" if _first(meta, ("citation_conference_title", "citation_conference"))
        else "report" if _first(meta, ("citation_technical_report_institution", "citation_technical_report_number"))
        else "thesis" if _first(meta, ("citation_dissertation_institution",))
        else "article" if _first(meta, ("citation_arxiv_id",))
        else ""
    )
    out.number = _first(meta, ("citation_technical_report_number", "citation_arxiv_id"))
    if not out.publisher:
        out.publisher = _first(meta, ("citation_technical_report_institution", "citation_dissertation_institution"))
    return out
