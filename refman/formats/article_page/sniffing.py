"""How sure we are that a text is an article page rather than a bare reference list or another format.

A reference list can carry a "References" heading, so that alone counts for little; what marks a page is
what only pages have: an abstract label, numbered affiliations, a corresponding-author legend, article
metrics, copyright and licence lines, a "How to cite" block, refbacks, journal footers.
"""

from __future__ import annotations

import re

from refman.formats.article_page.html_text import html_page, looks_like_html
from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.people import has_institution_word

_OTHER_FORMAT = re.compile(r"^\s*(?:@\s*[A-Za-z]+\s*[{(]|[\[{]\s*[\"{\[]|TY\s{2}-|%0\s|PMID-\s)")
_AFFILIATION = re.compile(r"^(?:\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2}\s|[¹²³⁴⁵⁶⁷⁸⁹]\s?)\s*\S")

# How much each kind of evidence counts; page-only evidence counts most.
_WEIGHTS = {
    "abstract": 0.3,
    "keywords": 0.2,
    "references": 0.05,
    "fulltext": 0.2,
    "metrics": 0.35,
    "metric": 0.35,
    "authors": 0.1,
    "doi": 0.1,
    "howtocite": 0.25,
    "published": 0.1,
    "licence": 0.2,
    "copyright": 0.2,
    "refbacks": 0.35,
    "corresponding": 0.35,
    "affiliation": 0.3,
    "indexed": 0.1,
    "issn": 0.1,
    "breadcrumb": 0.15,
    "sidebar": 0.1,
    "journal-cite": 0.3,
    "highwire-cite": 0.3,
    "preprint-cite": 0.3,
    "dates": 0.15,
    "meta": 0.4,
}


def sniff(text: str, filename: str = "") -> float:
    sample = text[:200_000]
    if not sample.strip() or _OTHER_FORMAT.match(sample):
        return 0.0
    evidence: set[str] = set()
    if looks_like_html(sample):
        html = html_page(sample)
        lines = html.lines
        if any(name in ("citation_title", "dc.title") for name, _ in html.meta):
            evidence.add("meta")  # Highwire/Dublin Core tags: what journals put on article pages
    else:
        lines = split_lines(sample)
    for line in lines[:3000]:
        if not line.text or len(line.text) > 3000:
            continue
        found = heading(line.text)
        if found is not None:
            evidence.add(found[0])
            continue
        fact = line_fact(line.text)
        if fact is not None:
            evidence.add(fact)
        elif _AFFILIATION.match(line.text) and has_institution_word(line.text) and len(line.text) < 300:
            evidence.add("affiliation")
    page_only = evidence - {"references", "doi", "issn", "indexed", "sidebar", "breadcrumb"}
    score = sum(_WEIGHTS.get(kind, 0.0) for kind in evidence)
    if len(page_only) < 2:
        score = min(score, 0.15)
    if filename.lower().endswith((".bib", ".ris", ".json", ".csljson", ".xml")):
        score *= 0.5
    return round(min(score, 0.95), 3)
