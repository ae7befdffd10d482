"""BibTeX name lists: split on `and`, then "First von Last" / "von Last, First" / "von Last, Jr, First".

The rules are BibTeX's own (as in bibtex.web and "Tame the BEaST"): names are split on the word
`and` at brace level 0 (any case); a name's tokens are separated by blanks, `~` and `-` at brace
level 0; a token belongs to the von part when its first letter at brace level 0 is lower case,
where a `{\\...}` "special character" counts with the case of its letter and any other brace
group is skipped. Splitting is done on the raw LaTeX so that `{\\"O}zt{\\"u}rk` and
`{de la Vall{\\'e}e Poussin}` split exactly as BibTeX splits them; the parts are decoded afterwards.

A name that is one brace group, `{Barnes and Noble, Inc.}`, is an organisation (Person.literal).
`and others` becomes Person(literal="others"), the et-al marker, and is written back as `others`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refman.core.model import Person
from refman.formats.latex import decode, encode

ET_AL = "others"

_AND_RE = re.compile(r"\s+and\s+", re.I)
_SEPARATORS = " \t\n~-"
# Special characters whose case is that of the letter they stand for.
_FOREIGN_UPPER = {"OE", "AE", "AA", "O", "L", "SS", "DH", "TH", "NG", "DJ"}
_FOREIGN_LOWER = {"oe", "ae", "aa", "o", "l", "ss", "i", "j", "dh", "th", "ng", "dj"}


def split_names(raw: str) -> list[str]:
    """Split a raw name list on `and` at brace level 0; blank names are dropped."""
    if "{" not in raw:
        parts = _AND_RE.split(raw.strip())
        return [p.strip() for p in parts if p.strip()]
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and c in " \t\n" and raw[i + 1 : i + 4].lower() == "and" and i + 4 < n and raw[i + 4] in " \t\n":
            names.append(raw[start:i])
            i += 4
            start = i
            continue
        i += 1
    names.append(raw[start:])
    return [p.strip() for p in names if p.strip()]


def _split_commas(name: str) -> list[str]:
    if "," not in name:
        return [name]
    parts: list[str] = []
    depth = 0
    start = 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c == "," and depth == 0:
            parts.append(name[start:i])
            start = i + 1
    parts.append(name[start:])
    return [p.strip() for p in parts]


def _tokens(part: str) -> list[tuple[int, int]]:
    """(start, end) of each token of a name part, split at level-0 blanks, ties and hyphens."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start: int | None = None
    for i, c in enumerate(part):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        if depth == 0 and c in _SEPARATORS:
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(part)))
    return spans


def _is_von(token: str) -> bool:
    """BibTeX's von_token_found: the first letter at brace level 0 (or of a special character)."""
    i = 0
    n = len(token)
    while i < n:
        c = token[i]
        if c == "{":
            if i + 1 < n and token[i + 1] == "\\":
                j = i + 2
                k = j
                while k < n and token[k].isalpha():
                    k += 1
                name = token[j:k]
                if name in _FOREIGN_UPPER:
                    return False
                if name in _FOREIGN_LOWER:
                    return True
                # an accent or other command: the first letter after it decides
                depth = 1
                m = k if k > j else j + 1
                while m < n and depth > 0:
                    ch = token[m]
                    if ch == "{":
                        depth += 1
                    elif ch == "}":
                        depth -= 1
                    elif ch.isalpha():
                        return ch.islower()
                    m += 1
                return False
            # an ordinary brace group is skipped
            depth = 1
            i += 1
            while i < n and depth > 0:
                if token[i] == "{":
                    depth += 1
                elif token[i] == "}":
                    depth -= 1
                i += 1
            continue
        if c.isalpha():
            return c.islower()
        i += 1
    return False


@dataclass(frozen=True, slots=True)
class NameParts:
    """The four BibTeX name parts, still raw LaTeX."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""


def _span(part: str, spans: list[tuple[int, int]], a: int, b: int) -> str:
    """Text of tokens a..b-1 including the separators between them."""
    if a >= b:
        return ""
    return part[spans[a][0] : spans[b - 1][1]]


def split_name(name: str) -> NameParts:
    """One raw name -> its raw First/von/Last/Jr parts, by BibTeX's rules."""
    parts = _split_commas(name.strip())
    if len(parts) == 1:
        part = parts[0]
        spans = _tokens(part)
        n = len(spans)
        if n == 0:
            return NameParts()
        toks = [part[s:e] for s, e in spans]
        von_start = next((i for i in range(n - 1) if _is_von(toks[i])), None)
        if von_start is None:
            # No von part: Last is the last token, extended back over hyphen-joined tokens
            # ("Anna Smith-Jones" -> Last "Smith-Jones"), as bibtex.web backtracks.
            last = n - 1
            while last > 0 and "-" in part[spans[last - 1][1] : spans[last][0]] and not any(
                c in " \t\n~" for c in part[spans[last - 1][1] : spans[last][0]]
            ):
                last -= 1
            return NameParts(first=_span(part, spans, 0, last), last=_span(part, spans, last, n))
        von_end = max(i for i in range(von_start, n - 1) if _is_von(toks[i])) + 1
        return NameParts(
            first=_span(part, spans, 0, von_start),
            von=_span(part, spans, von_start, von_end),
            last=_span(part, spans, von_end, n),
        )
    vonlast = parts[0]
    if len(parts) == 2:
        jr, first = "", parts[1]
    else:
        jr, first = parts[1], ", ".join(parts[2:])
    spans = _tokens(vonlast)
    n = len(spans)
    toks = [vonlast[s:e] for s, e in spans]
    lows = [i for i in range(n - 1) if _is_von(toks[i])]
    if lows:
        von_end = lows[-1] + 1
        return NameParts(
            first=first, von=_span(vonlast, spans, 0, von_end), last=_span(vonlast, spans, von_end, n), jr=jr
        )
    return NameParts(first=first, last=vonlast, jr=jr)


def _is_single_group(name: str) -> bool:
    """True for `{...}` where the opening brace closes at the very end."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(name) - 1:
                return False
    return depth == 0


@lru_cache(maxsize=65536)
def parse_person(raw: str, role: str = "author") -> Person:
    """One raw BibTeX name -> Person with decoded parts (organisations and `others` as literal)."""
    name = raw.strip()
    if name.lower() == ET_AL:
        return Person(literal=ET_AL, role=role)
    if _is_single_group(name):
        return Person(literal=decode(name[1:-1]), role=role)
    p = split_name(name)
    return Person(
        family=decode(p.last), given=decode(p.first), particle=decode(p.von), suffix=decode(p.jr), role=role
    )


def parse_names(raw: str, role: str = "author") -> list[Person]:
    """A raw name list (`A and B and others`) -> Persons in order."""
    return [parse_person(n, role) for n in split_names(raw)]


# ---------------------------------------------------------------- writing


_AND_WORD_RE = re.compile(r"(?<![^\s~-])and(?![^\s~-])", re.I)


def _protect(text: str) -> str:
    """Brace what BibTeX would misread in a name part: a comma (the whole part) or a word `and`."""
    if "," in text:
        return "{" + text + "}"
    return _AND_WORD_RE.sub(lambda m: "{" + m.group(0) + "}", text)


def _protect_family(encoded: str) -> str:
    """Brace a family name that BibTeX would otherwise split into von and Last parts."""
    toks = [encoded[s:e] for s, e in _tokens(encoded)]
    if "," in encoded or any(_is_von(t) for t in toks):
        return "{" + encoded + "}"
    return _protect(encoded)


def format_person(person: Person, ascii: bool = False) -> str:
    """Person -> BibTeX name in "von Last, Jr, First" form; organisations in braces."""
    if person.literal:
        if person.literal == ET_AL:
            return ET_AL
        return "{" + encode(person.literal, ascii) + "}"
    family = _protect_family(encode(person.family, ascii)) if person.family else ""
    given = _protect(encode(person.given, ascii))
    particle = _protect(encode(person.particle, ascii))
    suffix = _protect(encode(person.suffix, ascii))
    if not family:
        # A lone given name: BibTeX reads a one-part name as Last, which is what it is.
        family, given = _protect_family(given), ""
        if not family:
            return ""
    vonlast = f"{particle} {family}" if particle else family
    if suffix:
        return f"{vonlast}, {suffix}, {given}"
    if given:
        return f"{vonlast}, {given}"
    if len(_tokens(family)) > 1 or particle or _is_single_group(family):
        return f"{vonlast},"  # "Brinch Hansen," keeps both words in Last; "{And}," is not a literal
    return vonlast


def format_names(people: list[Person] | tuple[Person, ...], ascii: bool = False) -> str:
    return " and ".join(s for s in (format_person(p, ascii) for p in people) if s)
