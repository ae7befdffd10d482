"""Where an abstract stops and the site's matter after it begins, for abstracts read from an element
(saved pages) and from a page's lines (pasted pages) alike."""

from __future__ import annotations

import re

from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.sections import ABSTRACT_PART

# The abstract's own heading kept inside its text ("Abstract Background: …", "ABSTRACT\nWe study …"), as a
# tag or an element may hold it: a label, not the abstract's first word. "Summary" and the other
# languages' words only before a colon or a line break, where no sentence begins with them.
_LABEL = re.compile(
    r"^\s*(?:abstract(?=\s*[:.\n—–]|(?-i:\s+[A-Z]))|(?:abstract|summary|résumé|resumen|resumo|abstrak|zusammenfassung|riassunto|аннотация)\s*(?=[:\n]))"
    r"[\s:.—–]*",
    re.I,
)


def without_label(text: str) -> str:
    """The abstract without a leading "Abstract" / "Summary:" label."""
    rest = _LABEL.sub("", text, count=1)
    return rest if len(rest.split()) >= 5 else text


DOI_ONLY = re.compile(r"^(?:doi\s*:?\s*)?(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)


def part_name(line: str) -> bool:
    """A structured abstract's part name ("Background", "Background and Purpose"): a few words, no sentence."""
    return 0 < len(line.split()) <= 5 and not re.search(r"[.!?:;,]$", line.strip())


def without_tail(lines: list[str]) -> list[str]:
    """The element's lines up to where the site's matter begins after the prose: a DOI, "Keywords",
    a fact line ("Copyright …", "Received …"), or a run of three short lines that are no sentences
    ("Full text HTML" / "PDF" / "Keywords"; AIP's "IPC Codes:" list). A structured abstract's part name
    is one short line followed by prose, so it stays."""
    prose = False
    ended = False  # the line before ends a sentence
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if prose and (
            DOI_ONLY.match(text)
            or (
                (found := heading(text)) is not None
                and found[0] != "abstract"
                and not found[1]
                and not ABSTRACT_PART.match(text)
            )
            or line_fact(text) is not None
            or (ended and _short_run(lines, i))
        ):
            return lines[:i]
        prose = prose or len(text.split()) >= 12
        ended = bool(re.search(r"[.!?)\]]$", text))
    return lines


def _short_run(lines: list[str], at: int) -> bool:
    """Three short lines from `at` and no prose after them: the site's links, not a formula set line by
    line inside a sentence ("ferrimagnet" / "Cu" / "2" / "OSeO" / "3" / ". Our high-resolution …")."""
    rest = [t.strip() for t in lines[at:] if t.strip()]
    def link_like(text: str) -> bool:  # "Export citation and abstract BibTeX RIS", "PDF"
        return len(text.split()) <= 7 and not re.search(r"[.!?:;,]$", text)

    return all(link_like(t) for t in rest[:3]) and not any(len(t.split()) >= 12 for t in rest)


_MENU_ITEMS = range(2, 16)  # the section menu a page prints after its "Abstract" tab, in lines
_PROSE = re.compile(r"[.!?]$")


def after_section_menu(lines: list[str]) -> str:
    """The abstract where its "Abstract" label is the first tab of the page's section menu ("Abstract" /
    "Authors" / "Figures" / "References" …: IEEE Xplore; Wiley's jump list "Abstract" / "Introduction" /
    "Conclusions" …): the first long paragraph right after the menu's short items, else "".

    `lines` are the page's non-blank lines from the article's start. A label with its text right under
    it is the rules' case, not this one; a menu longer than a section menu is not one."""
    for at, text in enumerate(lines):
        if heading(text) == ("abstract", "") and (found := _after_menu(lines[at + 1 :])):
            return found
    return ""


def _after_menu(lines: list[str]) -> str:
    items = 0
    for text in lines:
        if len(text.split()) <= 6 and not _PROSE.search(text.strip()):
            items += 1
            if items >= _MENU_ITEMS.stop:
                return ""
            continue
        if items in _MENU_ITEMS and len(text.split()) >= 40 and _PROSE.search(text.strip()) and line_fact(text) is None:
            return text.strip()
        return ""
    return ""
