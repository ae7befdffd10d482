"""The page's reference list, handed to the reference-string parser after removing page debris.

Splitting and parsing belong to `refman.formats.refstrings`; this module only cuts out what the page
adds around the strings (link labels such as "[Google Scholar] [CrossRef]", galley names) and keeps
each reference's line number so a problem can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refman.core.model import Entry
from refman.formats.article_page.labels import GALLEY
from refman.formats.article_page.lines import PageLine, match_key

_LINK_LABELS = re.compile(
    r"\s*\[(?:google scholar|crossref|cross ref|pubmed|pubmed central|pmc free article|green version"
    r"|scopus|web of science|ref list|full text|publisher site|cas|isi|medline|view article|link)\]",
    re.I,
)
# A line that is nothing but a site's link buttons, as a pasted PLOS, Springer or Atypon list has them.
_ONLY_LINKS = re.compile(
    r"^(?:[\s,;|/•·]*(?:google scholar|crossref|cross ref|pubmed(?:/ncbi)?|pubmed central|pmc(?: free article)?"
    r"|view article|view at publisher|publisher site|scopus(?: \(\d+\))?|web of science|isi|medline|cas|article"
    r"|full text|free full text|reference source|show context|links?|open ?url|europe pmc|math ?scinet|ads"
    r"|find this article online|search in google scholar|worldcat|download references|view in article"
    r"|return to text|back to (?:text|top)|jump to (?:reference|text)|go to (?:reference|text)"
    r"|\[\s*links\s*\]|google))+[\s,;|/•·]*$",
    re.I,
)
_TRAILING_LINKS = re.compile(
    r"(?:\s+(?:google scholar|crossref|view at publisher|view in article))+\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class Reference:
    text: str  # the reference string as split from the list
    line: int  # page line where it starts
    entry: Entry


def only_links(text: str) -> bool:
    """A line that is nothing but a site's link buttons ("View Article", "PubMed/NCBI", "Google Scholar")."""
    return bool(_ONLY_LINKS.match(text))


def clean_lines(lines: list[PageLine]) -> list[PageLine]:
    """The reference lines without link labels and galley names, blank lines kept (they separate items)."""
    out: list[PageLine] = []
    for line in lines:
        if line.text and (GALLEY.match(line.text) or _ONLY_LINKS.match(line.text)):
            continue
        raw = _TRAILING_LINKS.sub("", _LINK_LABELS.sub("", line.raw))
        text = _TRAILING_LINKS.sub("", _LINK_LABELS.sub("", line.text))
        if line.text and not text:
            continue
        out.append(PageLine(line.number, raw, text, line.index))
    return out


def _key(text: str) -> str:
    return match_key(text)[:24]


def _locate(reference: str, lines: list[PageLine], start: int) -> tuple[int, int]:
    """(index in lines, page line number) where a split reference begins, searching on from `start`."""
    wanted = _key(re.sub(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s*", "", reference))
    for index in range(start, len(lines)):
        have = _key(re.sub(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s*", "", lines[index].text))
        if (
            have
            and wanted
            and (have.startswith(wanted[: len(have)]) or wanted.startswith(have[: len(wanted)]))
        ):
            return index, lines[index].number
    fallback = min(start, len(lines) - 1)
    return fallback, lines[fallback].number if lines else 0


def parse_references(lines: list[PageLine]) -> list[Reference]:
    """Split the page's reference lines into references and parse each one, in order."""
    # Imported here: the reference parser loads a trained model, which only a page with references needs.
    from refman.formats.refstrings import parse_reference, split_references

    cleaned = clean_lines(lines)
    text = "\n".join(line.raw for line in cleaned)
    if not text.strip():
        return []
    out: list[Reference] = []
    position = 0
    for reference in split_references(text):
        if not reference.strip():
            continue
        index, number = _locate(reference, cleaned, position)
        position = index + 1
        out.append(Reference(reference, number, parse_reference(reference)))
    return out
