"""The journal's full name where no label states it, from what the page repeats.

A pasted page often prints the journal's name once, unlabelled, in its header ("Physical Review Letters",
"Bioresources and Bioprocessing"), among menu items that look just as much like names. The name is
told apart by a second mention that only the journal gets:
- the article's citation line in the journal's abbreviation ("Phys. Rev. Lett. 122, 145901 – Published
  10 April, 2019"; "J. Phys. Chem. A 2001, 105, …") whose words abbreviate the name's, word by word;
- the name run into the year and volume ("Bioresources and Bioprocessing20163:21", SpringerOpen's
  citation under the title, its parts in separate inline elements), or followed by the volume
  ("Journal of Physics: Condensed Matter, Volume 28, Number 22").
"""

from __future__ import annotations

import re

from refman.formats.article_page.journal_names import full_name_known
from refman.formats.article_page.lines import PageLine, match_key

# "Phys. Rev. Lett. 122, 145901", "Rev. Mod. Phys. 94, 045004", "J. Phys. Chem. A 2001, 105, 3960"
# ACS runs it together: "Cite This:J. Phys. Chem. A2001105133365-3370".
_ABBREVIATED_CITATION = re.compile(
    r"^(?:(?i:cite this):?\s*)?(?P<abbr>(?:[A-Z]{2,5}\s+)?(?:[A-Z][a-z]{0,12}\.\s*){2,8}(?:[A-Z](?![a-z])\s*)?)"
    r"(?:\d{1,4}\s*,|\(?(?:19|20)\d\d\)?\s*,?\s*\d)",
)
# What follows the name in its second mention: "20163:21" (year, volume, article) or ", Volume 28, Number 22".
_AFTER_NAME = re.compile(r"\s*(?:(?:19|20)\d\d\s*\d{1,4}\s*:\s*\w+|,\s*vol(?:ume)?\.?\s*\d{1,4}\b)", re.I)
_STOP = frozenset({"of", "the", "and", "for", "in", "on", "&", "a", "an", "de", "der", "und", "la", "le"})
_NAME = re.compile(r"^[A-Z][\w'’&-]*(?:[ ,:]+[\w'’&-]+){0,11}$")


def _abbreviates(abbr: str, name: str) -> bool:
    """"Phys. Rev. Lett." abbreviates "Physical Review Letters": each short word begins the next long one."""
    short = [w.rstrip(".") for w in abbr.split()]
    # A capital letter alone is a section ("The Journal of Physical Chemistry A"), not the article "a".
    long = [w for w in re.split(r"[\s:,]+", name) if w and (w.casefold() not in _STOP or w == "A")]
    if len(short) != len(long) or len(short) < 2:
        return False
    return all(b.casefold().startswith(a.casefold()) and (len(a) < len(b) or a == b) for a, b in zip(short, long, strict=True))


def _candidates(lines: list[PageLine]) -> list[str]:
    seen: list[str] = []
    for line in lines:
        text = line.text.strip()
        if 2 <= len(text.split()) <= 12 and _NAME.match(text) and not re.search(r"\d", text) and text not in seen:
            seen.append(text)
    return seen


def repeated_journal(lines: list[PageLine]) -> str:
    """The journal's name the page prints and confirms by a second mention (see the module's docstring), or ''."""
    names = _candidates(lines)
    if not names:
        return ""
    for line in lines:
        text = line.text.strip()
        if m := _ABBREVIATED_CITATION.match(text):
            abbr = m.group("abbr").strip()
            for name in names:
                if _abbreviates(abbr, name):
                    return name
        for name in names:
            if text.startswith(name) and _AFTER_NAME.match(text[len(name) :]):
                return name
    return ""


def spelled_out(lines: list[PageLine], acronym: str) -> str:
    """The name a site's acronym for its journal stands for, where the page prints it ("IJSEM" in
    HighWire's citation line, "International Journal of Systematic and Evolutionary Microbiology" in its
    masthead): the initials of the name's words, short words left out, spell the acronym.  Else ''."""
    if not re.fullmatch(r"[A-Z]{3,8}", acronym):
        return ""
    for name in _candidates(lines):
        words = [w for w in re.split(r"[\s:,]+", name) if w and w.casefold() not in _STOP]
        if "".join(w[0] for w in words) == acronym and all(w[0].isupper() for w in words):
            return name
    return ""


_NEAR_TITLE = 40  # lines from the title within which a masthead stands


def masthead_journal(lines: list[PageLine], title: str, skip: set[int]) -> str:
    """A journal's full name the page prints as a line of its own near the article's title, where nothing
    else named the journal: a name the bundled lists know ("Journal of Polymers and the Environment"
    over SpringerLink's title), not one of a list of them (a publisher's journals menu: its neighbours
    are names too). A one-word name ("Metrologia") counts only where the page prints it again with a
    number after it ("Metrologia, Volume 12"), as a menu's "Imprint" is never printed. `lines` is the
    whole page (a line's index is its place); `skip` the reference list's lines."""
    key = match_key(title)
    texts = [ln.text.strip() for ln in lines]  # by place: an HTML page's lines are numbered by source line
    at = next((i for i, text in enumerate(texts) if text and key and match_key(text) == key), None)
    if at is None:
        return ""
    found: list[int] = []
    for i in range(max(0, at - _NEAR_TITLE), min(len(lines), at + _NEAR_TITLE + 1)):
        text = texts[i]
        if lines[i].index in skip or not full_name_known(text):
            continue
        if any(full_name_known(texts[j]) for j in (i - 1, i + 1) if 0 <= j < len(texts)):
            continue
        if len(text.split()) == 1:
            again = re.compile(re.escape(text) + r"\W{1,3}(?:vol\w*\.?\s*)?\d")
            if not any(again.search(other) for j, other in enumerate(texts) if j != i):
                continue
        found.append(i)
    return texts[min(found, key=lambda i: abs(i - at))] if found else ""
