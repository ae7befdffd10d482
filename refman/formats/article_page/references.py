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
_LINK_WORDS = (
    r"google scholar|crossref|cross ref|pubmed(?:/ncbi)?(?: abstract)?|pubmed central|pmc(?: free article)?"
    r"|view article|view at publisher|publisher site|scopus(?: \(\d+\))?|web of science|isi|medline|cas|article"
    r"|full text|free full text|reference source|show context|links?|open ?url|europe pmc|math ?scinet|ads"
    r"|find this article online|search in google scholar|worldcat|download references|view in article"
    r"|return to text|back to (?:text|top)|jump to (?:reference|text)|go to (?:reference|text)"
    r"|\[\s*links\s*\]|google|in text citations?|search via refindit"
)


def _only(words: str) -> re.Pattern[str]:
    """A whole line of these link words, glued or apart."""
    return re.compile(rf"^(?:[\s,;|/•·]*(?:{words}))+[\s,;|/•·]*$", re.I)


_ONLY_LINKS = _only(_LINK_WORDS)
# The same with the buttons of sites the zoning model was trained without (kept out of only_links, which
# decides what the model sees): OUP's and MIT Press's "Search ADS", ScienceDirect's "View in Scopus" and
# "View PDF", Wiley's "Web of Science®" and "Wiley Online Library", Taylor & Francis's own link.
_LINK_RUN = _only(
    rf"{_LINK_WORDS}|web of science\s*®|search ads|view (?:record )?in scopus|view pdf"
    r"|wiley online library|taylor & francis online"
)
_TRAILING_LINKS = re.compile(
    r"(?:\s+(?:google scholar|crossref|view at publisher|view in article))+\s*$"
    # BioMed Central's "PubMed Abstract | Publisher Full Text | PubMed Central Full Text"
    r"|(?:\s*\|?\s*(?:pubmed abstract|publisher full text|biomed central full text|pubmed central full text"
    r"|openurl|full text))+\s*$"
    # SpringerOpen's labels glued to the page numbers: "…317:531–538View ArticleGoogle Scholar"
    r"|(?:(?<=[\d.)\]])|\s+)(?:view article|google scholar|pubmed(?: central)?|crossref)"
    r"(?:\s*(?:view article|google scholar|pubmed(?: central)?|crossref))*\s*$"
    # Hindawi's "… 1999. View at Publisher · View at Google Scholar · View at Scopus"
    r"|(?:\s*[·|]?\s*view at (?:publisher|google scholar|scopus|pubmed|crossref))+\s*$"
    # IEEE Xplore's (2008) "… Sys., 2000 Quick Abstract | Show Context | Full Text: PDF"
    r"|(?:\s*\|?\s*(?:quick abstract|show context|full text:\s*(?:pdf|html)(?:\s*\(\d+\s*[km]b\))?))+\s*$",
    re.I,
)
# The second paragraph of a reference printed as "Authors: Title." then "Journal Year, Volume:Pages."
# (BioMed Central): a few capitalised journal words, the year, then the volume.
_JOURNAL_YEAR_VOLUME = re.compile(
    r"^(?:[A-Z][\w.&'’-]*(?:\s+\([^)]{1,30}\))?\s+){1,8}(?:1[6-9]|20)\d\d[a-z]?\.?\s*[,;]\s*(?:suppl\.?\s*)?[A-Z]{0,3}\d+\s*(?:\([^)]{1,12}\))?\s*(?::|\.?(?:\s|$))", re.I
)
# Link buttons of HighWire's and Wiley's lists (kept out of _ONLY_LINKS: the zoning model was trained without them).
_SITE_LINKS = re.compile(
    r"^(?:abstract|(?:free )?full text|abstract\s*/\s*(?:free )?full text|full text \(pdf\)"
    # Wiley's (2016) links under a reference and its own article's galleys: "Web of Science® Times Cited: 10",
    # "Direct Link:", "Full Article (HTML)", "PDF(4444K)", "References".
    r"|web of science®?(?:\s*times cited:\s*\d+)?,?|direct link:?|full article \(html\)|pdf\s*\(\d+k\)|references"
    # nature.com's (2011) "ChemPort" (the CAS record) among "OpenURL", "ISI", "PubMed", "Show context".
    r"|chemport"
    # Taylor & Francis's (2014) bracketed buttons on a line of their own: "[CrossRef], [Web of Science ®], [CSA]".
    r"|(?:\[(?:crossref|pubmed|web of science ®?|csa|taylor & francis online|infotrieve|google scholar)\],?\s*)+"
    r"|↵)$",  # HighWire's back-link alone on its line (_backlinked_items starts a reference there)
    re.I,
)
# The back-link a HighWire reference list prints before each reference.
BACKLINK = "↵"
# In such a list: the line of a reference's year and title, and an author's line ("Piddock, L. J. V.").
_YEAR_PART = re.compile(r"^(?:&\s*other authors\s*)?\((?:1[5-9]|20)\d\d[a-z]?\)")
_NEXT_AUTHOR = re.compile(r"^[A-Z][\w'’-]+(?:[ -][A-Za-z][\w'’-]+){0,3},\s*(?:[A-Z]\.\s?-?)+(?:\s*(?:Jr\.?|,|&))?$")
# A reference's URL on a paragraph of its own under it ("http://… webcite").
_LONE_URL = re.compile(r"^(?:https?://|www\.)\S+(?:\s+webcite)?$", re.I)
# … or its article number ("CD008880", a Cochrane review's, under "Cochrane Database Syst Rev 2012, 9").
_LONE_ID = re.compile(r"^(?:[A-Z]{1,3}\d{3,}|\d{5,})[A-Z]?\.?$")


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
    for line in _labelled_items(_backlinked_items(lines)):
        if line.text and link_line(line.text):
            continue
        raw = _TRAILING_LINKS.sub("", _LINK_LABELS.sub("", line.raw.replace("\xa0", " ")))  # "PubMed\xa0Abstract"
        text = _TRAILING_LINKS.sub("", _LINK_LABELS.sub("", line.text))
        if line.text and not text:
            continue
        out.append(PageLine(line.number, raw, text, line.index))
    return _joined_paragraphs(out)


def link_line(text: str) -> bool:
    """Link buttons under a HighWire reference (its "Abstract" is a link there, never a heading)."""
    return bool(GALLEY.match(text) or _LINK_RUN.match(text) or _SITE_LINKS.match(text))


def backlinked(lines: list[PageLine]) -> bool:
    """A HighWire list: references begin with back-links, so each item is known without splitting."""
    return sum(1 for line in lines if line.text.startswith(BACKLINK)) >= 3


# A reference's label on a line of its own ("12", "3d", "[4]", "5.").
ITEM_LABEL = re.compile(r"^\[?(\d{1,3})([a-z]?)[.\]]?$")


def labelled(lines: list[PageLine]) -> bool:
    """A list whose references' labels stand on lines of their own, some lettered ("2a")."""
    labels = [m for line in lines if line.text and (m := ITEM_LABEL.match(line.text.strip()))]
    return len(labels) >= 5 and len({int(m.group(1)) for m in labels}) >= 3 and any(m.group(2) for m in labels)


def _labelled_items(lines: list[PageLine]) -> list[PageLine]:
    """One paragraph per reference where each reference's label stands on a line of its own, sub-items
    lettered ("2" / "2a" / "A. La Porta, …" / "2b" / …: Wiley's chemistry journals, 2015). A number whose
    items are lettered holds no reference of its own, only a lead-in at most ("For selected reviews see:"),
    and a reference's second line (its German edition, "Angew. Chem. 2011, 123, 8386–8397;") stays in it."""
    if not labelled(lines):
        return lines
    out: list[PageLine] = []
    item: list[PageLine] = []

    def close() -> None:
        text = " ".join(line.text for line in item if line.text)
        if re.search(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)", text):  # a lead-in or an empty number holds no year
            out.append(PageLine(item[0].number, text, text, item[0].index))
            out.append(PageLine(item[-1].number, "", "", item[-1].index))
        item.clear()

    for line in lines:
        if line.text and ITEM_LABEL.match(line.text.strip()):
            close()
            continue
        if line.text and not link_line(line.text):
            item.append(line)
    close()
    return out


def _backlinked_items(lines: list[PageLine]) -> list[PageLine]:
    """One line per reference where references start with a "↵" back-link to the text (HighWire: BMJ,
    IJSEM, the Royal Society), which a browser's copy breaks over lines - an author a line, then the year
    and title, then the link buttons - with no blank line between references.  A reference the text
    never cites has no back-link: the link buttons ending the one before are where it starts."""
    if not backlinked(lines):
        return lines
    out: list[PageLine] = []
    item: list[PageLine] = []

    def close() -> None:
        text = " ".join(t for line in item if (t := line.text.lstrip(BACKLINK).strip()))
        if re.search(r"\d", text):  # no year, volume or page: the sharing buttons after the list
            out.append(PageLine(item[0].number, text, text, item[0].index))
            out.append(PageLine(item[-1].number, "", "", item[-1].index))
        item.clear()

    for line in lines:
        if not line.text:
            continue
        if line.text.startswith(BACKLINK) or (_NEXT_AUTHOR.match(line.text) and any(_YEAR_PART.match(x.text) for x in item)):
            close()  # (a reference after one without link buttons: its first author after the other's year)
        if link_line(line.text):
            close()
            continue
        item.append(line)
    close()
    return out


def _joined_paragraphs(lines: list[PageLine]) -> list[PageLine]:
    """Join a "Journal 2014, 15:247." paragraph to the "Authors: Title." paragraph above it: the blank
    line between them would otherwise split one reference into two halves, neither a reference."""
    out: list[PageLine] = []
    for line in lines:
        tail = bool(line.text) and (_LONE_URL.match(line.text) or _LONE_ID.match(line.text))
        if line.text and (tail or _JOURNAL_YEAR_VOLUME.match(line.text)):
            gap = len(out)
            while gap and not out[gap - 1].text:
                gap -= 1
            # Two journal lines in a row are two references' second halves, not one reference.
            if gap < len(out) and gap and (tail or not _JOURNAL_YEAR_VOLUME.match(out[gap - 1].text)):
                del out[gap:]
        out.append(line)
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
    # A HighWire list, or one of labelled items, comes out of clean_lines one reference a line: nothing
    # is left to split.
    one_a_line = backlinked(lines) or labelled(lines)
    items = [line.text for line in cleaned if line.text] if one_a_line else split_references(text)
    for reference in items:
        if not reference.strip():
            continue
        index, number = _locate(reference, cleaned, position)
        position = index + 1
        out.append(Reference(reference, number, parse_reference(reference)))
    return out
