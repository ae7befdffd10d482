"""Split a pasted reference list into one string per reference.

Lists come one reference per line, numbered ("[1]", "1.", "(1)"), separated by blank lines, or wrapped
over several lines, either with hanging indents or flush with the margin. The layout is decided once for
the whole list (numbered > blank-line blocks > hanging indent > flush), because one list uses one layout.
"""

from __future__ import annotations

import re
from itertools import pairwise

from refman.formats.refstrings.hyphenation import join_lines

# An item's number, also run into its text ("1.Benson DA, …": PMC prints the label in its own element,
# and a browser's copy keeps no space after it); a capitalised word after it tells it from "1.5 mm".
_NUMBER = re.compile(
    r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.(?=\s|[A-Z][^\W\d_]*[\s,])|(\d{1,4})\)(?=\s))\s*"
)
_HEADINGS = re.compile(
    r"^\s*(references?|bibliography|works cited|literature cited|sources|daftar pustaka|daftar referensi|"
    r"referensi|rujukan|pustaka|literatur|literaturverzeichnis|bibliographie|full text:?)\s*:?\s*$",
    re.I,
)
_UP = r"[A-ZÀ-ÞĀ-ſ]"
_START = re.compile(
    rf"""^(?:
        {_UP}[^\s,;]*(?:\s[^\s,;]+){{0,3}},\s*(?:{_UP}|\(|\d)  # Surname, X  /  Brown Swan, C.
      | {_UP}[\w'’\-]+\s{_UP}{{1,3}}[,.\s]                  # Vancouver: Smith JA,
      | (?:{_UP}\.\s?(?:-?{_UP}\.\s?)*)+\s?{_UP}             # IEEE: J. A. Smith
      | {_UP}[\w'’\-]+\.?\s\(?\d{{4}}                        # Syugiarto. (2022)
      | {_UP}[\w'’\-]+\s\({{1}}                              # Organisation (WHO)
      | (?:van|von|de|der|den|del|della|di|da|du|le|la|ten|ter)\s(?:\w+\s)?{_UP}  # particles
      | [A-Z]{{2,}}\b                                         # WHO. / UNESCO
      | {_UP}[\w'’\-]*(?:\s{_UP}[\w'’\-]*){{1,5}}\.\s\(?\d{{4}}   # R Core Team. 2017. / World Health Organization. (2015)
      | {_UP}[\w'’\-]*(?:\s[\w'’\-]+){{0,8}}\.\s(?:Available\s(?:online|at|from)|Retrieved\sfrom)\b  # Name of a site. Available online: …
      | [“"«]                                                # a title first
      | {_UP}[\w'’\-]+\s{_UP}[\w'’\-]+(?:\s{_UP}[\w'’\-]+)?[.,]\s  # Two Words. / Given Family,
    )""",
    re.X,
)
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
_YEARS_IN_A_BLOCK = 3  # lines with a year that one reference spreads over, at most (year, "Retrieved …")
# A reference never ends with its authors: "et al." ends an author list, which a title or journal follows
# (ScienceDirect's preview prints "H.J. Werner et al.", "J. Chem. Phys.", "(1988)" on lines of their own,
# and "J. Chem." opens like an author "J. Smith").
_ET_AL_END = re.compile(r"\bet\s+al\.?$", re.I)
_TERMINAL = re.compile(r"([.?!)\]>\d]|https?://\S+|doi\S+|\b10\.\d{4,9}/\S+)$", re.I)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _is_heading(line: str) -> bool:
    return bool(_HEADINGS.match(line))


def looks_like_start(line: str) -> bool:
    """Whether a line can open a reference: a name, an organisation, a number or a quoted title."""
    return bool(_START.match(line.strip()))


def _numbered(lines: list[str]) -> list[str] | None:
    """Split on leading numbers when the list is numbered in (mostly) increasing order."""
    marks = []
    for i, line in enumerate(lines):
        m = _NUMBER.match(line)
        if m:
            marks.append((i, int(next(g for g in m.groups() if g))))
    if len(marks) < 2 or len(marks) * 3 < sum(1 for line in lines if line.strip()):
        return None
    increasing = sum(1 for (_, a), (_, b) in pairwise(marks) if b == a + 1)
    if increasing < (len(marks) - 1) * 0.6:
        return None
    starts = {i for i, n in marks}
    first = marks[0][0]
    # Unnumbered references before the first number (a list mixing styles) are split on their own.
    refs: list[str] = _unnumbered([line for line in lines[:first] if not _is_heading(line)])
    current: str | None = None
    for i, line in enumerate(lines[first:], first):
        if not line.strip():
            continue
        if i in starts:
            if current is not None:
                refs.append(current)
            current = _NUMBER.sub("", line, count=1).strip()
        elif current is not None and _TERMINAL.search(current) and _stands_alone(line):
            refs.append(current)  # an unnumbered reference after a finished numbered one
            current = line.strip()
        else:
            current = line.strip() if current is None else join_lines(current, line)
    if current is not None:
        refs.append(current)
    return refs


def _stands_alone(line: str) -> bool:
    """A whole unnumbered reference on one line: it opens like one, has a year and ends like one."""
    s = line.strip()
    return looks_like_start(s) and bool(_YEAR.search(s)) and bool(_TERMINAL.search(s)) and len(s.split()) >= 5


def _unnumbered(lines: list[str]) -> list[str]:
    if not any(line.strip() for line in lines):
        return []
    for strategy in (_blocks, _hanging):
        refs = strategy(lines)
        if refs is not None:
            return refs
    return _flush(lines)


def _blocks(lines: list[str]) -> list[str] | None:
    """Blank-line separated blocks, when at least one block spans several lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) < 2 or all(len(b) == 1 for b in blocks):
        return None
    dated = [sum(1 for line in b if _YEAR.search(line)) for b in blocks]
    if max(dated) > _YEARS_IN_A_BLOCK and sum(1 for n in dated if n) == 1:
        # One block of many dated lines and undated ones around it: a one-per-line list (PeerJ) with the
        # site's blank-separated lines after it ("Questions" / "Ask a question" / "Links"), not one
        # reference with blocks of chrome.
        return None
    out = []
    for b in blocks:
        text = b[0]
        for line in b[1:]:
            text = join_lines(text, line)
        out.append(text)
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _hanging(lines: list[str]) -> list[str] | None:
    """References start at the margin and continue indented."""
    body = [line for line in lines if line.strip()]
    if len(body) < 2:
        return None
    margin = min(_indent(line) for line in body)
    indented = [line for line in body if _indent(line) > margin]
    if not indented or _indent(body[0]) > margin:
        return None
    refs: list[str] = []
    for line in body:
        if _indent(line) == margin or not refs:
            refs.append(line.strip())
        else:
            refs[-1] = join_lines(refs[-1], line)
    return refs


def _flush(lines: list[str]) -> list[str]:
    """Lines at one margin: a line opens a reference when the previous one ended one and it looks like a start."""
    refs: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if not refs:
            refs.append(s)
            continue
        prev = refs[-1]
        continues = (
            (prev.endswith("-") and s[:1].islower())
            or (s[:1].islower() and not looks_like_start(s))
            or not _TERMINAL.search(prev)
            or _ET_AL_END.search(prev) is not None  # "H.J. Werner et al." / "J. Chem. Phys." / "(1988)"
            or not looks_like_start(s)
        )
        if continues:
            refs[-1] = join_lines(prev, s)
        else:
            refs.append(s)
    return refs


def split_references(text: str) -> list[str]:
    """One clean string per reference, in order; headings and blank lines dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (not lines[0].strip() or _is_heading(lines[0])):
        lines.pop(0)
    refs = _numbered(lines)
    if refs is None:
        refs = _unnumbered(lines)
    return [c for c in (_clean(r) for r in refs) if c and not _is_heading(c)]


def unplaced_lines(text: str, refs: list[str]) -> list[tuple[int, str]]:
    """(1-based line, text) of every non-blank input line that no reference in `refs` contains
    (headings aside): the splitter must never drop a line without the user being told."""
    joined = " ".join(_clean(r) for r in refs)
    out: list[tuple[int, str]] = []
    at = 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    for number, line in enumerate(lines, 1):
        clean = _clean(_NUMBER.sub("", line, count=1))
        if not clean or _is_heading(clean):
            continue
        words = clean.split()
        if len(words) > 1 and words[-1].endswith("-"):
            words = words[:-1]  # a hyphenated word is joined with the next line's start
        probe = " ".join(words[:4])
        found = joined.find(probe, max(0, at - 400))  # lines come in order: look just behind first
        if found < 0:
            found = joined.find(probe)
        if found < 0:
            out.append((number, clean))
        else:
            at = found
    return out
