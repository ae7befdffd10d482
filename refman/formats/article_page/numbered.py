"""A numbered bibliography found by its numbering alone, where no heading or model marks it.

Physics, engineering and medical journals number their references ("1. E. Zavoisky, J. Phys. (USSR) 9,
245 (1945).", "[12] …", or the number on a line of its own with the reference under it). AIP's pasted
page prints the list in a tab far from its "References (76)" label, with no heading above it. A run of
items numbered 1, 2, 3, … in order, most of them with a year, is a bibliography whatever surrounds it;
menus and tables of contents are not numbered that way and rarely carry years.
"""

from __future__ import annotations

import re

from refman.formats.article_page.lines import PageLine

_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|\((\d{1,3})\)|(\d{1,3})[.)]?)(?:\s+(.*\S))?\s*$")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)")
MIN_ITEMS = 5
MAX_GAP = 6  # lines without a number inside one item (title, authors, source, DOI, links: eLife prints five)
MAX_TAIL = 2


def _number(text: str) -> tuple[int, str] | None:
    m = _NUMBER.match(text)
    if m is None:
        return None
    value = int(m.group(1) or m.group(2) or m.group(3))
    rest = m.group(4) or ""
    # "3 Results" or "2017" is not an item number: a bare number must be short or have text after a mark.
    if not rest and not re.fullmatch(r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]?)\s*", text):
        return None
    return value, rest


def as_items(run: list[PageLine]) -> list[PageLine]:
    """The run with each item on one line (its number line and the lines up to the next number joined),
    items apart by blank lines: a list that spreads an item over paragraphs (IEEE Xplore) reads as
    one reference per item."""
    out: list[PageLine] = []
    parts: list[PageLine] = []

    def close() -> None:
        if parts:
            texts = [ln.text for ln in parts]
            if re.fullmatch(r"\d{1,3}", texts[0].strip()):
                texts[0] = texts[0].strip() + "."  # a bare "12" line: marked, so the splitter sees a number
                texts[1:] = _authors_first(texts[1:])
            joined = " ".join(texts)
            out.append(PageLine(parts[0].number, joined, joined, parts[0].index))
            out.append(PageLine(parts[-1].number, "", "", parts[-1].index))
            parts.clear()

    for line in run:
        if line.text and _number(line.text) is not None:
            close()
        if line.text:
            parts.append(line)
    close()
    return out


# One name of an author list as eLife prints it: "HH Yu", "Gregory S. X. E. Jefferis", "Sen-Lin Lai".
_LISTED_NAME = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’-]+")


def _names(text: str) -> bool:
    parts = [p.strip() for p in text.split(",")]
    return all(_LISTED_NAME.fullmatch(p) for p in parts) and len(text.split()) >= 2


def _authors_first(lines: list[str]) -> list[str]:
    """Title, then authors, then the source (eLife's five-line items) put in the order a reference parser
    knows, authors first: the title-first order read as a title nobody wrote, and two were skipped."""
    if len(lines) >= 3 and _names(lines[1]) and not _names(lines[0]):
        return [lines[1].rstrip(".") + ".", lines[0].rstrip(".") + ".", *lines[2:]]
    return lines


def numbered_item(text: str) -> bool:
    """The line opens a numbered item ("12.", "[12] Smith …")."""
    return _number(text) is not None


def numbered_run(lines: list[PageLine]) -> list[PageLine]:
    """The lines of the longest run of items numbered 1, 2, 3, … (at least MIN_ITEMS, most with a year)."""
    best: list[PageLine] = []
    i = 0
    while i < len(lines):
        found = _number(lines[i].text) if lines[i].text else None
        if found is None or found[0] != 1:
            i += 1
            continue
        run, items, dated = _run_from(lines, i)
        if items >= MIN_ITEMS and dated >= 0.6 * items and len(run) > len(best):
            best = run
        i += max(1, len(run))
    return best


def _run_from(lines: list[PageLine], start: int) -> tuple[list[PageLine], int, int]:
    """(lines, items, items with a year) of the run numbered from 1 at `start`.

    An item is its number and the lines after it, up to the next number; after the last number the
    run keeps at most MAX_TAIL lines (the reference and its DOI link), not the page that follows.
    """
    expected = 1
    run: list[PageLine] = []
    texts: list[str] = []
    last_number = 0
    for line in lines[start:]:
        if not line.text:
            run.append(line)
            continue
        found = _number(line.text)
        if found is not None and found[0] == expected:
            expected += 1
            texts.append(found[1])
            last_number = len(run)
            run.append(line)
            continue
        if found is not None and texts:
            break  # another list's numbering
        if sum(1 for ln in run[last_number + 1 :] if ln.text) >= MAX_GAP or len(line.text) > 1500:
            break
        texts[-1] += "\n" + line.text
        run.append(line)
    # The last item may be as long as the others were (eLife: title, authors, source, DOI, links).
    sizes = sorted(t.count("\n") for t in texts[:-1]) or [0]
    keep = min(MAX_GAP, max(MAX_TAIL, sizes[len(sizes) // 2]))
    tail = [i for i in range(last_number + 1, len(run)) if run[i].text][:keep]
    run = run[: (tail[-1] if tail else last_number) + 1]
    if len(texts) > 0 and tail:
        texts[-1] = " ".join([texts[-1].split("\n")[0], *(run[i].text for i in tail)])
    dated = sum(1 for t in texts if _YEAR.search(t))
    return run, len(texts), dated
