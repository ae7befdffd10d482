"""Author names out of the lines the zoning model calls author lines.

Sites print the by-line every way: "T. Nomura1,*, X.-X. Zhang2,3,*", "Daniel H. Weissman mail,",
"Alexander Bulekov, Boston University and Red Hat; Bandan Das and Stefan Hajnoczi, Red Hat", one name
a line, names repeated in a hover card. What they share: names are short runs of capitalised words,
separated by commas, semicolons, "and" or "&", mixed with footnote marks, e-mail icons and affiliations.
This module keeps the runs that read as names, in order, once each.
"""

from __future__ import annotations

import re
from dataclasses import replace

from refman.core.model import Person
from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.people import run_on_letters, split_name

_SEPARATORS = re.compile(r"\s*(?:[,;·•|]|\band\b|&|\s{2,}|\t)\s*", re.I)
# ScienceDirect's affiliation letters after a name: "Alexander O. Mitrushenkov a", "Paolo Palmieri b,c".
_LETTER_MARKS = re.compile(r"(?<=[^\W\d_]{2})\s+[a-z](?:\s*,\s*[a-z])*(?=\s*(?:[,;]|$))")
# The footnote marks sites print after an author's name (one set for every reader of by-lines).
MARK_CHARS = "*†‡§¶#∗✉⊥◊∥‖♯⊗⁎•"
_MARKS = re.compile(rf"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[^\W\d_])\d+(?:,\d+)*|[{re.escape(MARK_CHARS)}]+|\(\d+\)|\[\d+\]|(?:\b|(?<=\d))(?:mail|email|e-mail|orcid|profile)(?:\s+author)?\b", re.I)
_PARTICLES = frozenset(("van", "von", "de", "der", "den", "da", "dos", "das", "du", "le", "la", "di", "del", "ter", "bin", "al", "el"))
_NOT_NAME = re.compile(
    r"universit|institut|college|school|department|dept\b|faculty|fakultas|centre|center|hospital|laborator"
    r"|research|society|company|inc\b|ltd\b|corp|published|received|accepted|editor|author|view|cite|download"
    r"|journal|volume|issue|article|abstract|open access|copyright|licen[cs]e|paper|information|cedex|support"
    r"|magazine|press\b|^the\b|\d",
    re.I,
)
# What sites print before the names: "Written by:", "Authors:", ScienceDirect's "Author links open overlay panel".
_LABEL = re.compile(r"^(?:.*?\bwritten\s+by\s*:|\s*authors?\s*:|\s*author\s+links\s+open\s+overlay\s+panel)\s*", re.I)
# Footnote numbers standing apart from the name ("Muaid S. Ali , 1   Apurba Sutradhar , 2").
_LONE_NUMBERS = re.compile(r"(?<![\w.])\d{1,2}(?:\s*,\s*\d{1,2})*(?![\w.])")
_INVERTED = re.compile(r"^\s*([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s*,\s*((?:[A-Z]\.\s*-?\s*)+)\s*\.?\s*$")
_BY = re.compile(r"^\s*(?:by|von|par|por|oleh)\s+(?=[A-ZÀ-ÖØ-Þ])", re.I)  # "by Calvin Liang, … and Os Keyes."
_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]\.(?:-?[A-Z]\.)*)$")


def name_like(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or _NOT_NAME.search(text):
        return False
    capitalised = [w for w in words if w.casefold() not in _PARTICLES]
    # One word longer than an initial; or initials and a two-letter family name ("R. K. Li", "J. Wu").
    substantial = any(len(w.strip(".")) > 2 for w in words) or (
        bool(re.fullmatch(r"[A-Z][a-z]", words[-1])) and all(re.fullmatch(r"(?:[A-Z]\.-?)+", w) for w in words[:-1])
    )
    return bool(capitalised) and all(_WORD.match(w) for w in capitalised) and substantial


def names_from_lines(lines: list[PageLine], site_forms: bool = True) -> list[Person]:
    """The people named on the author lines, in order, each once.

    `site_forms` reads the by-line forms of particular sites too (labels before the names, footnote
    numbers standing apart, "Family, I." pairs); the zoning model's features count names without them,
    as it was trained (reading them there lowered the reference lists found by 5-fold CV, 0.661 → 0.615).
    """
    people: list[Person] = []
    seen: set[str] = set()
    for line in lines:
        text = line.text
        if site_forms:
            text = _LONE_NUMBERS.sub(" ", _LETTER_MARKS.sub("", _LABEL.sub("", text)))
        for group in _BY.sub("", _MARKS.sub(" ", text)).split(";"):
            if site_forms and (inverted := _INVERTED.match(group)):  # "Izadpanah, H." (IEEE's "Written by: …; …")
                person = Person(family=inverted.group(1), given=" ".join(inverted.group(2).split()))
                if _key(person) not in seen:
                    seen.add(_key(person))
                    people.append(person)
                continue
            # "Names, Affiliation" groups: after the first part that is not a name, the rest is the address.
            for part in _SEPARATORS.split(group):
                part = " ".join(part.split()).strip(" .:")
                if not part:
                    continue
                if not name_like(part):
                    if len(part.split()) >= 2 and people:
                        break
                    continue
                person = _person(part)
                if person.family and _key(person) not in seen:
                    seen.add(_key(person))
                    people.append(person)
    if site_forms and (lettered := run_on_letters([p.family for p in people])):
        people = [replace(p, family=family) for p, (family, _) in zip(people, lettered, strict=True)]
    return people


def _key(person: Person) -> str:
    """Who a name is, to name each person once: family name and first initial, so a by-line repeated as
    "L. Chen" is one person but "Liang Chen" and "Xiaolong Chen" (Wiley) are two."""
    return f"{person.family}|{person.given[:1]}".casefold()


def _person(text: str) -> Person:
    """'Emslie MJ' (family, then initials, as in a citation line) or a name in reading order."""
    words = text.split()
    if len(words) >= 2 and re.fullmatch(r"[A-Z]{1,3}", words[-1]):
        return Person(family=" ".join(words[:-1]), given=" ".join(f"{c}." for c in words[-1]))
    return split_name(text)
