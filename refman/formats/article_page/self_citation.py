"""What a page says about itself when it cites itself: its BibTeX block, its "Cite this" line, its date line.

Most article pages print the article's own citation somewhere — an export box with a BibTeX record
(USENIX, ACL), "Jacques Friedel. Déplacement de Knight … Journal de Physique et le Radium, 1955, 16 (6),
pp.444-445" (HAL), "Citation D N Astrov et al 1976 Metrologia 12 143" (IOP), "Acta Palaeontologica
Polonica 68 (4), 2023: 709-718" under the title — and many print a bare date under the by-line
("May/June 2017"). These are the journal, year, volume and pages the text gives no label for. A record
is only believed when its title is the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refman.core.errors import RefmanError
from refman.core.model import Entry
from refman.formats.article_page import facts
from refman.formats.article_page.lines import PageLine, match_key

_BIBTEX_START = re.compile(r"@\s*(?:article|inproceedings|incollection|conference|book|inbook|techreport|misc"
                           r"|phdthesis|mastersthesis|report|online|unpublished)\s*\{", re.I)
_CITE_LABEL = re.compile(r"^(?:cite\s+this(?:\s+article)?|citation|how\s+to\s+cite(?:\s+this\s+article)?"
                         r"|recommended\s+citation|to\s+cite\s+this\s+article)\s*[:.]?\s*", re.I)
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)")
_LONE_DATE = re.compile(
    r"^(?:(?:[A-Z][a-z]+(?:/[A-Z][a-z]+)?\s+)?(?:\d{1,2}\s+)?)?(1[6-9]\d\d|20[0-3]\d)$|^"
    r"(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{1,2},?\s+(1[6-9]\d\d|20[0-3]\d)$"
)
_VOLUME_LINE = re.compile(r"\b\d{1,4}\s*\(\s*\d{1,4}\s*\)|\bvol(?:ume)?\.?\s*\d|\bpp?\.\s*\d|\d+\s*[-–]\s*\d+", re.I)


@dataclass(frozen=True, slots=True)
class SelfCitation:
    entry: Entry
    rank: int  # how far to trust it against other sources (reader.py's ranks: lower wins)



def _same_title(a: str, b: str) -> bool:
    ka, kb = match_key(a), match_key(b)
    return bool(ka and kb) and (ka == kb or (len(kb) >= 20 and (kb in ka or ka in kb)))


def _bibtex_blocks(text: str) -> list[str]:
    out: list[str] = []
    for m in _BIBTEX_START.finditer(text):
        depth, i = 0, m.end() - 1
        while i < len(text) and i - m.start() < 20_000:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    out.append(text[m.start() : i + 1])
                    break
            i += 1
    return out


def from_bibtex(text: str, title: str) -> SelfCitation | None:
    """The page's own BibTeX record (an export box), when its title is the article's."""
    from refman.formats.bibtex import read as read_bibtex

    for block in _bibtex_blocks(text):
        try:
            result = read_bibtex(block, "page")
        except (RefmanError, ValueError):
            continue
        for entry in result.entries:
            if _same_title(entry.title, title):
                return SelfCitation(entry, 1)
    return None


def bibtex_title_line(text: str, lines: list[PageLine]) -> int | None:
    """The line that prints the title of the page's one BibTeX record (its export box), for a page where
    nothing else says which line is the title (CiteSeerX: "Computational Lambda-Calculus and Monads
    (1988)" over "Cached", its record below). None unless the page holds exactly one record."""
    from refman.formats.bibtex import read as read_bibtex

    blocks = _bibtex_blocks(text)
    if len(blocks) != 1:
        return None
    try:
        entries = read_bibtex(blocks[0], "page").entries
    except (RefmanError, ValueError):
        return None
    if len(entries) != 1 or len(match_key(entries[0].title)) < 10:
        return None
    want = match_key(entries[0].title)
    for line in lines:
        key = match_key(line.text)
        if key == want or (key.startswith(want) and re.fullmatch(r"\d{4}", key[len(want) :])):
            return line.index
    return None


def from_citation_lines(lines: list[PageLine], title: str, title_index: int | None) -> SelfCitation | None:
    """A line that cites the article (its title inside, or a "Cite this"/"Citation" label), parsed."""
    from refman.formats.refstrings import parse_reference

    tkey = match_key(title)
    for line in lines:
        text = line.text
        if not text or line.index == title_index or not _YEAR.search(text) or len(text) > 600:
            continue
        labelled = bool(_CITE_LABEL.match(text))
        if not labelled and not (len(tkey) >= 20 and tkey in match_key(text) and len(match_key(text)) > len(tkey) + 10):
            continue
        try:
            entry = parse_reference(_CITE_LABEL.sub("", text))
        except RefmanError:
            continue
        if labelled or _same_title(entry.title, title):
            return SelfCitation(entry, 4)
    return None


def from_journal_line(lines: list[PageLine], start: int) -> SelfCitation | None:
    """'Acta Palaeontologica Polonica 68 (4), 2023: 709-718' or 'Volume 1144, 15 November 2018, Pages 50-55'
    printed just under the title: the issue the article is in."""
    from refman.formats.refstrings import parse_reference

    for line in lines[start : start + 25]:
        text = line.text
        if not text or len(text) > 200 or not _YEAR.search(text) or not _VOLUME_LINE.search(text):
            continue
        if facts.labelled_dates(text) and not re.search(r"\bvol", text, re.I):
            continue
        try:
            entry = parse_reference(text)
        except RefmanError:
            continue
        if entry.year is not None and (entry.volume or entry.pages):
            return SelfCitation(entry, 5)
    return None


def lone_year(lines: list[PageLine], start: int) -> int | None:
    """A date printed on a line of its own just under the title ('May/June 2017', 'August 2024')."""
    for line in lines[start : start + 15]:
        m = _LONE_DATE.match(line.text)
        if m:
            return int(m.group(1) or m.group(2))
    return None
