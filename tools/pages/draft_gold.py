"""Draft gold.json for a saved article page from its own structured metadata and DOM.

Why: typing 40 gold files by hand invites slips; drafting them from the page's citation_* / DC.* /
og: meta tags and its reference-list markup, then checking every field by eye, is faster and leaves
the human check to what a machine gets wrong.  A draft is only a draft: gold.json files in the corpus
have all been corrected by hand afterwards, so this script writes drafts outside the corpus
(--out, default /tmp/refman-gold-drafts/<id>.json) and prints them with --stdout.

Usage: .venv/bin/python tools/pages/draft_gold.py [--out DIR] [--stdout] tests/data/pages/<id> ...
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from lxml.html import HtmlElement

REF_HINT = re.compile(r"ref|biblio|citation|literature|cited", re.I)
DEBRIS = re.compile(
    r"\s*(Google Scholar|CrossRef|Crossref|PubMed|PubMed Central|Web of Science|Scopus|"
    r"Article|CAS|MathSciNet|zbMATH|ADS|Find this article online|View Article|OpenURL[^\s]*|"
    r"Search in Google Scholar|Export citation)\s*$"
)
SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse whitespace the way a reader sees the text."""
    return SPACE.sub(" ", text).strip()


def metas(doc: HtmlElement, *names: str) -> list[str]:
    """Values of <meta name|property=...> for the first of names that is present."""
    for name in names:
        found = [
            clean(str(v))
            for v in doc.xpath(
                "//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n "
                "or translate(@property,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n]/@content",
                n=name.lower(),
            )
        ]
        found = [v for v in found if v]
        if found:
            return found
    return []


def split_name(name: str) -> dict[str, str]:
    """'Family, Given' or 'Given Family' -> {'family', 'given'} (a guess to be checked by eye)."""
    if "," in name:
        family, given = name.split(",", 1)
        return {"family": clean(family), "given": clean(given)}
    parts = name.split()
    if len(parts) < 2:
        return {"family": name, "given": ""}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def year_of(values: list[str]) -> int | None:
    for value in values:
        match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", value)
        if match:
            return int(match.group(1))
    return None


def strip_debris(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = DEBRIS.sub("", text)
    return text.strip()


def reference_items(doc: HtmlElement) -> list[str]:
    """The largest list of reference-looking items in the DOM (ol/ul under a ref-ish container)."""
    best: list[HtmlElement] = []
    for lst in doc.iter("ol", "ul"):
        items = [li for li in lst if isinstance(li, HtmlElement) and li.tag == "li"]
        if len(items) < 2:
            continue
        chain = [lst, *list(lst.iterancestors())[:4]]
        hint = " ".join(f"{e.get('id', '')} {e.get('class', '')}" for e in chain)
        if REF_HINT.search(hint) and len(items) > len(best):
            best = items
    if not best:
        for cls in ("ref", "reference", "citation", "c-article-references__item", "bib-reference"):
            found = doc.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
            if len(found) > len(best):
                best = found
    return [strip_debris(clean(e.text_content())) for e in best]


def first_of(values: list[str]) -> str:
    return values[0] if values else ""


def ref_entry(text: str) -> dict[str, Any]:
    year = year_of([text])
    family = re.split(r"[,\s]", re.sub(r"^\[?\d+[\].]?\s*", "", text), maxsplit=1)[0] if text else ""
    return {"text": text, "title": "", "year": year, "first_author_family": family}


def parse_page(data: bytes) -> HtmlElement:
    """Parse as UTF-8 when the bytes are UTF-8 (saved pages often lost the HTTP charset header)."""
    try:
        return lxml_html.fromstring(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return lxml_html.fromstring(data)


def draft(page_dir: Path) -> dict[str, Any]:
    """Draft gold for one page directory."""
    doc = parse_page(page_dir.joinpath("page.html").read_bytes())
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    url = first_of(metas(doc, "citation_abstract_html_url", "citation_fulltext_html_url", "og:url"))
    url = url or (str(canonical[0]) if canonical else "")
    authors = metas(doc, "citation_author", "dc.creator", "dc.creator.personalname", "author")
    abstract = first_of(metas(doc, "citation_abstract", "dc.description", "description", "og:description"))
    licence = first_of(
        [v for v in metas(doc, "dc.rights", "dcterms.license", "citation_license") if "creativecommons" in v]
    )
    lic_links = doc.xpath("//a[@rel='license']/@href|//link[@rel='license']/@href")
    licence = licence or (str(lic_links[0]) if lic_links else "")
    refs = reference_items(doc)
    meta_refs = metas(doc, "citation_reference")
    doi = first_of(metas(doc, "citation_doi", "dc.identifier.doi", "prism.doi", "dc.identifier"))
    return {
        "id": page_dir.name,
        "platform": page_dir.name.split("-")[0],
        "url": url,
        "title": first_of(metas(doc, "citation_title", "dc.title", "og:title")),
        "authors": [split_name(a) for a in authors],
        "journal": first_of(
            metas(doc, "citation_journal_title", "citation_conference_title", "dc.source", "og:site_name")
        ),
        "year": year_of(
            metas(doc, "citation_publication_date", "citation_date", "citation_online_date", "dc.date")
        ),
        "doi": re.sub(r"^(doi:|https?://(dx\.)?doi\.org/)", "", doi),
        "abstract_start": abstract[:80],
        "abstract_end": abstract[-80:] if len(abstract) > 80 else "",
        "licence": licence,
        "reference_count": len(refs),
        "first_reference": ref_entry(refs[0]) if refs else None,
        "last_reference": ref_entry(refs[-1]) if refs else None,
        "notes": f"DRAFT: citation_reference metas={len(meta_refs)}",
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/refman-gold-drafts"))
    parser.add_argument("--stdout", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    for page_dir in args.dirs:
        text = json.dumps(draft(page_dir), ensure_ascii=False, indent=1) + "\n"
        if args.stdout:
            print(text)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{page_dir.name}.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
