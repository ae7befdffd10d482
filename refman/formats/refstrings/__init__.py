"""Free-text reference parsing: split a pasted list, label each reference with a CRF, clean the fields.

Public API (other modules depend on these names):
  split_references(text) -> list[str]
  parse_reference(text) -> Entry
  parse_references(text) -> list[Entry]
and the format-module contract of `refman.formats.registry` ("references"): sniff(text, filename), read(text, source).
The model is `resources/refstrings-crf.json.gz`: three CRF experts trained by crfsuite on AnyStyle's core.xml
(BSD-2, see resources/LICENSE-anystyle.txt) and pooled into one (experts.py, pooled.py), rebuilt by `make model`.
"""

from __future__ import annotations

import re

from refman.core.errors import RefmanError
from refman.core.model import Entry, ParseResult, Problem
from refman.formats.refstrings.parser import parse_reference as _parse_one
from refman.formats.refstrings.splitting import split_references, unplaced_lines

__all__ = ["parse_reference", "parse_references", "read", "sniff", "split_references"]

_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)[a-z]?(?!\d)|\bn\.\s?d\.")
_OTHER_FORMATS = re.compile(r"^\s*(?:@\w+\s*[{(]|TY\s{2}-|\{|\[\s*\{|<\?xml|%\w)", re.M)
_PAGE_MARKERS = re.compile(
    r"^(?:abstract|article metrics|full text:?|keywords?:|\(\*\) corresponding author|copyright \(c\))", re.I | re.M
)


def parse_reference(text: str) -> Entry:
    """One free-text reference -> Entry; the citekey is left empty for the store to assign."""
    return _parse_one(text)


def parse_references(text: str) -> list[Entry]:
    """A pasted list -> one Entry per reference, in order."""
    return [parse_reference(ref) for ref in split_references(text)]


def sniff(text: str, filename: str = "") -> float:
    """How much `text` looks like a bare list of references (0..1)."""
    head = text[:20000]
    if not head.strip() or _OTHER_FORMATS.search(head[:2000]):
        return 0.0
    refs = split_references(head)
    if not refs:
        return 0.0
    good = 0
    for ref in refs:
        words = ref.split()
        if len(words) >= 4 and _YEAR.search(ref) and any(c in ref for c in ".,"):
            good += 1
    frac = good / len(refs)
    score = 0.25 + 0.6 * frac if len(refs) >= 2 else 0.4 * frac
    if _PAGE_MARKERS.search(head):
        score *= 0.5  # an article page holds references but is more than a list: let that reader win
    if filename.lower().endswith((".bib", ".ris", ".json")):
        score *= 0.3
    return round(min(score, 0.9), 3)


def _line_of(text: str, ref: str, start: int) -> tuple[int, int]:
    """1-based line where `ref` begins in `text` (searching from offset `start`), and the next offset."""
    probe = ref.split()[0] if ref.split() else ref
    pos = text.find(probe, start)
    if pos < 0:
        return text.count("\n", 0, start) + 1, start
    return text.count("\n", 0, pos) + 1, pos + len(probe)


def read(text: str, source: str = "") -> ParseResult:
    """Parse a reference list; a string with neither a title nor an author becomes a Problem, not an entry."""
    entries: list[Entry] = []
    raws: list[str] = []
    problems: list[Problem] = []
    offset = 0
    refs = split_references(text)
    for line, dropped in unplaced_lines(text, refs):  # never silently: every line is a row or a problem
        problems.append(Problem(source, line, f"line not read as part of any reference: {dropped[:80]!r}"))
    for ref in refs:
        line, offset = _line_of(text, ref, offset)
        try:
            entry = parse_reference(ref)
        except RefmanError as exc:
            problems.append(Problem(source, line, f"could not parse reference: {exc}"))
            continue
        if not entry.title and not entry.contributors:
            problems.append(Problem(source, line, f"could not parse reference: {ref[:80]!r}"))
            continue
        if not entry.title or entry.year is None:
            missing = " and ".join(n for n, v in (("title", entry.title), ("year", entry.year)) if not v)
            problems.append(Problem(source, line, f"reference has no {missing}: {ref[:80]!r}", "warning"))
        entries.append(entry)
        raws.append(ref)
    return ParseResult(format="references", entries=tuple(entries), problems=tuple(problems), raw_texts=tuple(raws))
