"""Line labels for training the zoning CRF, read off a page's hand-checked gold file.

Nobody labels thousands of pasted lines by hand; the gold file of a corpus page (title, author names, the
first and last words of the abstract, the first and last reference) says where each zone is, and this
module finds those strings among the page's lines: the title line nearest above the abstract, author lines
just after it, the abstract's run of lines, and every line from the first reference to the last.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from refman.formats.article_page.lines import PageLine

LABELS = ("title", "author", "abstract", "ref", "other")


_MONTHS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
                     r"|july|august|september|october|november|december)?")
_NUMBERING = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])\s*")


def _norm(text: str, numbered: bool = True) -> str:
    """Letters and digits only, folded; `numbered`: a leading list number ("[3]", "4.") is dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = _NUMBERING.sub("", text) if numbered else text
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", text).casefold()


def _find(lines: list[PageLine], wanted: str, start: int = 0, end: int | None = None) -> int | None:
    """The first line index from `start` whose normalised text begins with (a prefix of) `wanted`."""
    key = _norm(wanted)[:40]
    if not key:
        return None
    stop = len(lines) if end is None else end
    for i in range(start, stop):
        have = _norm(lines[i].text)
        if have and (have.startswith(key) or (len(have) >= 12 and key.startswith(have))):
            return i
    # A string a browser's copy breaks over lines (HighWire prints a reference an author a line:
    # "Alonso-Sáez, L.," / "Galand, P. E.," / … / "(2010). High bicarbonate …"): the first line of the
    # first run of up to eight lines that, joined, begins with it.
    for i in range(start, stop):
        have = _norm(lines[i].text)
        if len(have) < 3 or not key.startswith(have):
            continue
        joined = have
        for line in lines[i + 1 : min(stop, i + 8)]:
            joined += _norm(line.text, numbered=False)  # "(2010). High …" under the names is a year
            if joined.startswith(key):
                return i
            if not key.startswith(joined):
                break
    return None


def _find_end(lines: list[PageLine], wanted: str, start: int) -> int | None:
    key = _norm(wanted)[-40:]
    if not key:
        return None
    for i in range(start, len(lines)):
        have = _norm(lines[i].text)
        if have and (have.endswith(key) or key in have):
            return i
    # A string the page prints over two or three paragraphs (BioMed Central's "Authors: Title." then
    # "Journal 2014, 15:247." under it): the end is the last line of the first window holding it.
    content = [i for i in range(start, len(lines)) if lines[i].text]
    for k in range(len(content)):
        window = content[k : k + 3]
        joined = ""
        for n, i in enumerate(window):
            joined += _norm(lines[i].text, numbered=n == 0)  # "(1988)" under a name is a year
            if key in joined:
                return i
    return None


def _title_lines(lines: list[PageLine], title: str, before: int | None) -> list[int]:
    want = _norm(title)
    found: list[list[int]] = []
    for i, line in enumerate(lines):
        have = _norm(line.text)
        if not have or not want.startswith(have[: len(want)]) or len(have) < min(12, len(want)):
            continue
        run, joined = [i], have
        j = i + 1
        while joined != want and want.startswith(joined) and j < len(lines) and j - i <= 4:
            if lines[j].text:
                joined += _norm(lines[j].text)
                run.append(j)
            j += 1
        if joined == want:
            found.append(run)
    if not found:
        # The title with a little around it on its one line: "Title (1988)", "1 October 2015 Title".
        found = [[i] for i, line in enumerate(lines)
                 if want and want in (have := _norm(line.text)) and _MONTHS.fullmatch(re.sub(r"\d+", "", have.replace(want, "", 1)))]
    if not found:
        return []
    if before is not None:
        above = [run for run in found if run[-1] < before]
        if above:
            return above[-1]
    return found[0]


def gold_labels(lines: list[PageLine], gold: dict[str, Any]) -> list[str] | None:
    """One label per line (blank lines 'other'), or None when the gold strings cannot be placed."""
    labels = ["other"] * len(lines)
    abstract_at = _find(lines, str(gold.get("abstract_start") or ""))
    title = _title_lines(lines, str(gold.get("title") or ""), abstract_at)
    if not title:
        return None
    for i in title:
        labels[i] = "title"
    families = [_norm(str(a.get("family", ""))) for a in gold.get("authors", [])]
    for i in range(title[-1] + 1, min(len(lines), title[-1] + 25)):
        have = _norm(lines[i].text)
        if abstract_at is not None and i >= abstract_at:
            break
        if have and len(lines[i].text.split()) <= 40 and any(f and f in have for f in families):
            labels[i] = "author"
    if abstract_at is not None:
        end = _find_end(lines, str(gold.get("abstract_end") or ""), abstract_at)
        if end is not None:
            for i in range(abstract_at, end + 1):
                if lines[i].text:
                    labels[i] = "abstract"
    first = gold.get("first_reference") or {}
    last = gold.get("last_reference") or {}
    if int(gold.get("reference_count") or 0) > 0 and isinstance(first, dict) and isinstance(last, dict):
        start = _find(lines, str(first.get("text") or ""), title[-1])
        if start is None:  # First Monday's full text prints its title last, in its citation block
            start = _find(lines, str(first.get("text") or ""))
        if start is not None:
            stop = _find_end(lines, str(last.get("text") or ""), start)
            if stop is None:
                return None
            for i in range(start, stop + 1):
                if lines[i].text:
                    labels[i] = "ref"
    return labels
