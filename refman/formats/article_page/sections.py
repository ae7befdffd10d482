"""Cut a page into its parts: the head (title, authors, affiliations), then one part per heading or fact line.

A part runs from its heading to the next heading or to the next fact line that cannot belong to it; so a
reference list ends at "Article Metrics", at a copyright line or at a sidebar title even when the page
has no blank line or heading there. Once a footer or sidebar has begun, further fact lines stay in it
(a site-wide "Copyright © 2006, …" is the site's, not the article's) until an article heading returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refman.formats.article_page.labels import (
    CONTENT_KINDS,
    FACT_SECTION,
    HEAD_FACTS,
    REFERENCE_KINDS,
    STRONG_FACTS,
    VALUE_KINDS,
    heading,
    line_fact,
)
from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.references import ITEM_LABEL, link_line


@dataclass(slots=True)
class Section:
    kind: str  # "head", a heading kind (labels.HEADING_WORDS), or "licence", "metrics", "refbacks", "footer", "misc"
    heading: PageLine | None = None  # the heading line, when a heading opened the part
    inline: str = ""  # content written on the heading line itself
    lines: list[PageLine] = field(default_factory=list)

    @property
    def content(self) -> list[PageLine]:
        return [line for line in self.lines if not line.blank]


def _doi_closes_references(lines: list[PageLine], index: int) -> bool:
    """A "DOI: …" line inside a reference list is the article's own DOI only when the list ends there.

    OJS 2 prints the article DOI right after the references; a reference wrapped with its DOI on its own
    line is followed by more references.
    """
    for line in lines[index + 1 :]:
        if line.blank:
            continue
        return heading(line.text) is not None or line_fact(line.text) is not None
    return True


# The part names of a structured abstract (IMRaD and the clinical journals' variants).
ABSTRACT_PART = re.compile(
    r"^(?:background|backgrounds?\s+and\s+(?:purpose|aims?|objectives?)|introduction|context|importance|rationale"
    r"|objectives?|aims?|purpose|hypothesis|design|methods?|methodology|materials\s+and\s+methods|setting"
    r"|participants|patients|interventions?|main\s+outcome\s+measures?|measurements?|experimental\s+approach"
    r"|results?|findings|key\s+results|discussion|conclusions?|interpretation|significance|limitations"
    r"|implications|evidence\s+acquisition|evidence\s+synthesis|case\s+presentation|trial\s+registration"
    r"|(?:methods?|methodology|conclusions?)\s*/\s*\w+(?:\s+\w+)?|conclusions?\s+and\s+(?:implications|relevance))"
    r"\s*:?$",
    re.I,
)


def _part_key(line: PageLine) -> str:
    """A part name as compared for repeats: "Results:" and "results" are one part."""
    return line.text.strip().rstrip(":").casefold()


def _prose(line: PageLine) -> bool:
    return len(line.text.split()) >= 8 and heading(line.text) is None and line_fact(line.text) is None


def _abstract_part_at(lines: list[PageLine], index: int, seen: set[str]) -> bool:
    """A structured abstract's part name at `index`: a part name not seen yet in this abstract, then one
    paragraph of prose, then another part name, a heading or a fact line (a body section goes on with more
    paragraphs)."""
    if not ABSTRACT_PART.match(lines[index].text.strip()) or _part_key(lines[index]) in seen:
        return False
    rest = [ln for ln in lines[index + 1 : index + 40] if not ln.blank]
    if not rest or not _prose(rest[0]):
        return False
    after = rest[1] if len(rest) > 1 else None
    return (
        after is None
        or ABSTRACT_PART.match(after.text.strip()) is not None
        or heading(after.text) is not None
        or line_fact(after.text) is not None
    )



def _between_links(lines: list[PageLine], index: int) -> bool:
    """A heading word between two lines of link buttons is one of the buttons (a reference's "Abstract",
    "References" links in a pasted list), not the start of a part."""
    before = next((ln.text for ln in reversed(lines[:index]) if ln.text), "")
    after = next((ln.text for ln in lines[index + 1 :] if ln.text), "")
    return bool(before and after and link_line(before) and (link_line(after) or ITEM_LABEL.match(after)))


def segment(lines: list[PageLine]) -> list[Section]:
    sections = [Section("head")]
    parts_seen: set[str] = set()  # the part names of the structured abstract being read
    for index, line in enumerate(lines):
        current = sections[-1]
        if line.blank:
            current.lines.append(line)
            continue
        if (
            current.kind == "abstract"
            and (parts_seen or (not current.inline and not current.content))
            and _abstract_part_at(lines, index, parts_seen)
        ):
            parts_seen.add(_part_key(line))
            current.lines.append(line)  # "Background" / "Results" inside the abstract, not the body's
            continue
        found = heading(line.text)
        if (
            found is not None
            and found[0] == "doi"
            and current.kind in REFERENCE_KINDS
            and not _doi_closes_references(lines, index)
        ):
            found = None
        if found is not None and not found[1] and _between_links(lines, index):
            found = None  # Wiley's (2015) "PDF(1645K)" / "References" / "Web of Science® Times Cited: 7"
        if found is not None:
            sections.append(Section(found[0], line, found[1]))
            parts_seen = set()
            continue
        fact = line_fact(line.text)
        if fact is None:
            current.lines.append(line)
            continue
        if (
            (current.kind == "head" and fact in HEAD_FACTS)
            or (current.kind in CONTENT_KINDS and fact not in STRONG_FACTS)
            or (
                current.kind in VALUE_KINDS
                and not current.inline
                and not current.content
                and fact not in STRONG_FACTS
            )
        ):
            current.lines.append(line)
            continue
        kind = FACT_SECTION.get(fact, "misc")
        if current.kind == "footer" or kind == current.kind:
            current.lines.append(line)
            continue
        sections.append(Section(kind, None, "", [line]))
    return sections
