"""Turn the text of an author or editor field into people.

Reference styles write name lists in a handful of ways, all handled here by looking at the parts
between commas and conjunctions:
  APA/Harvard  "Anggraeni, D., Li, S., & Fitri, I."       (Family, Initials pairs)
  Chicago/MLA  "Lee, L. L., W. E. Howard, and R. E. Marsh" (first inverted, the rest natural order)
  IEEE         "T. E. Anderson, H. M. Levy, and E. D. Lazowska"
  Vancouver    "Fattorini L, Mustazzolu A, Cirillo DM"
plus organisations ("World Health Organization", kept whole as a literal), mononyms ("Syugiarto", a
family name alone), lower-case particles ("van der", "de la") and suffixes ("Jr.", "III").
"et al." and its translations are not authors: they become the list's last Person(literal="others"),
BibTeX's `and others` (formats that cannot say it drop it; citations print it as the style's et al.).
"""

from __future__ import annotations

import re

from refman.core.model import Person
from refman.formats.names import ET_AL
from refman.formats.refstrings import lexicon as lx

PARTICLES = frozenset(
    ["van", "von", "der", "den", "de", "del", "della", "dalla", "di", "da", "du", "le", "la", "les", "ten", "ter", "dos", "das", "do", "bin", "binti", "al", "el", "zu", "vom", "op", "'t", "d'", "y"]
)
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"])
_ET_AL = re.compile(
    r",?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|\bdkk\b\.?|\bu\.\s?a\.|\bet\s+coll?\b\.?|\[?…\]?|\.\.\.)",
    re.I,
)
_ROLE = re.compile(
    r"""(?:
        \(\s*(?:eds?|editors?|hrsg|hgg?|éds?|dirs?|coords?|comps?|trans|tr|writer|director|producer|
              writer\s*/\s*director|executive\s+producer|ed\.\s*by|red)\.?\s*\)\.?
      | ^\s*(?:in|dalam|en|dans|im)\s*:?\s+
      | ^\s*(?:edited|translated|compiled|directed|produced)\s+by\s+
      | ^\s*(?:eds?|hrsg|hg|trans|tr|dir|directed|perf|transl)\.\s*
      | ,?\s*\b(?:eds?|editors?|hrsg|hg|éds?|trans|transl)\.?\s*$
    )""",
    re.I | re.X,
)
_CONJ = re.compile(r"\s*(?:,\s*)?(?:\b(?:and|And|AND|dan|und|et|y|sowie)\b|&|\bu\.(?=\s))\s*")
# Initials, including the abbreviated given names of older and German references ('Th.', 'Chr.', 'Wm.').
_INITIALS = re.compile(
    r"^(?:(?:[A-ZÀ-ÞĀ-Ž]\.|(?:Th|Ch|Chr|Wm|Jas|Geo|Chas|Jos|Benj|Ph|Fr|Jr|Sr|Kh|Sh|Zh|Ed|Hy)\.|[A-ZÀ-ÞĀ-Ž])\s?-?\s?){1,5}$"
)
_VANCOUVER = re.compile(r"^[A-ZÀ-ÞĀ-Ž]{1,4}$")
_ORG_EXTRA = frozenset(
    ["press", "publishing", "publishers", "publications", "inc", "ltd", "llc", "gmbh", "corporation", "corp", "company", "group", "team", "consortium", "collaboration", "project", "network", "alliance", "forum", "agency", "partnership", "program", "programme", "initiative", "unit", "staff", "research", "health", "police"]
)
_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)


def _clean_part(part: str) -> str:
    """Trim separators but keep a final dot: it tells the initial 'Th.' from the name 'Li'."""
    return part.strip(" \t,;:").strip()


def _is_initials(part: str) -> bool:
    """'D.', 'A. K.', 'A.K.', 'J.-P.', 'Ł.', 'Th.', or Vancouver 'JA'."""
    p = part.strip()
    if not p:
        return False
    if _VANCOUVER.match(p.replace(".", "").replace(" ", "").replace("-", "")) and (
        "." in p or len(p.replace(" ", "")) <= 3
    ):
        return True
    return bool(_INITIALS.match(p)) and any(c.isupper() for c in p)


def _is_given(part: str) -> bool:
    """Initials or one to three capitalised given names ('Nicholson B.', 'Clive', 'Mary Ann')."""
    if _is_initials(part):
        return True
    words = part.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and _WORD.match(w) for w in words)


def format_initials(given: str) -> str:
    """'JA' -> 'J. A.', 'A.K.' -> 'A. K.'; full given names stay as written."""
    g = given.strip()
    compact = g.replace(" ", "")
    if re.fullmatch(r"[A-ZÀ-ÞŁ]{2,3}\.", compact):  # 'JC.' at the end of a Vancouver list, not 'Th.'
        compact = compact[:-1]
    if _VANCOUVER.match(compact) and len(compact) <= 4 and not any(c.islower() for c in compact):
        return " ".join(f"{c}." for c in compact)
    if re.fullmatch(r"(?:[^\W\d_]{1,2}\.-?)+", compact) and "." in compact:
        return re.sub(r"\.(?=[^\W\d_])", ". ", compact)
    return " ".join(g.split())


def is_organisation(text: str) -> bool:
    words = text.split()
    lowered = {w.strip(".,()").lower() for w in words}
    if lowered & (lx.ORG_WORDS | _ORG_EXTRA):
        return True
    if len(words) >= 5:
        return True
    letters = re.sub(r"[^A-Za-z]", "", text)
    return len(words) == 1 and len(letters) >= 2 and letters.isupper() and len(letters) <= 8 and "." not in text


def _split_family(family: str) -> tuple[str, str]:
    """('van der Berg') -> ('van der', 'Berg'): lower-case particles leave the family name."""
    words = family.split()
    i = 0
    while i < len(words) - 1 and words[i] in PARTICLES:
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def _natural(part: str, role: str) -> Person:
    """'T. E. Anderson', 'Ralph H. Abraham', 'Ludwig van Beethoven', 'Heidegger M.' (Vancouver)."""
    words = part.split()
    suffix = ""
    # 'Kumar V' (Vancouver) is the initial V; 'Henry Ford V' or 'Smith J V' keeps the suffix.
    if len(words) > 1 and words[-1].lower() in SUFFIXES and not (len(words) == 2 and len(words[-1].rstrip(".")) == 1):
        suffix = words.pop()
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix, role=role)
    # Vancouver / inverted without comma: 'Fattorini L', 'Bolikowski Ł.', 'Pérez-Higueras JJ'.
    tail = words[-1]
    if _is_initials(tail) and not _is_initials(words[0]):
        family_words = words[:-1]
        while len(family_words) > 1 and _is_initials(family_words[-1]):
            tail = family_words.pop() + " " + tail
        particle, family = _split_family(" ".join(family_words))
        return Person(family=family, given=format_initials(tail), particle=particle, suffix=suffix, role=role)
    # Given names first, then particles, then the family name.
    j = len(words) - 1
    while j > 1 and words[j - 1] in PARTICLES:
        j -= 1
    given = " ".join(words[:j])
    rest = " ".join(words[j:])
    particle, family = _split_family(rest)
    if not family:
        family, particle = particle, ""
    return Person(family=family, given=format_initials(given), particle=particle, suffix=suffix, role=role)


def _inverted(family: str, given: str, role: str, suffix: str = "") -> Person:
    particle, fam = _split_family(family)
    given_words = given.split()
    # 'Beethoven, Ludwig van' : trailing particles belong to the family.
    trail: list[str] = []
    while len(given_words) > 1 and given_words[-1] in PARTICLES:
        trail.insert(0, given_words.pop())
    if trail:
        particle = " ".join([*trail, particle]).strip()
    return Person(
        family=fam, given=format_initials(" ".join(given_words)), particle=particle, suffix=suffix, role=role
    )


def parse_names(text: str, role: str = "author") -> list[Person]:
    """People named in one author/editor field, in order; empty when nothing is a name."""
    t = " ".join(text.split())
    truncated = bool(_ET_AL.search(t))
    # Trim separators first: 'R. Rosenberg, Ed.,' must end in its role word for _ROLE to drop it.
    t = _ET_AL.sub("", t).strip(" ,;:")
    for _ in range(3):
        t2 = _ROLE.sub(" ", t).strip()
        if t2 == t:
            break
        t = t2
    t = t.strip(" ,;:")
    if t.endswith(".") and not _is_initials(t.split()[-1]):
        t = t[:-1].rstrip(" ,;:")
    if not t:
        return []
    if "," not in t and ";" not in t and not _CONJ.search(t) and is_organisation(t):
        return [Person(literal=t.strip(" ."), role=role)]
    # Split on semicolons first (they never fall inside a name), then conjunctions and commas.
    groups = [g for g in (s.strip() for s in t.split(";")) if g]
    people: list[Person] = []
    for group in groups:
        people.extend(_parse_group(group, role))
    out = []
    for p in people:
        family = p.family.strip(" .")
        if family != p.family:
            p = Person(family=family, given=p.given, particle=p.particle, suffix=p.suffix, literal=p.literal, role=role)
        if p.family or p.literal or p.given:
            out.append(p)
    if truncated and out:
        out.append(Person(literal=ET_AL, role=role))  # '… et al.': the list goes on
    return out


def _parse_group(group: str, role: str) -> list[Person]:
    pieces = [p for p in (_clean_part(x) for x in _CONJ.split(group)) if p]
    parts: list[str] = []
    for piece in pieces:
        parts.extend(x for x in (_clean_part(y) for y in piece.split(",")) if x)
    people: list[Person] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        words = part.split()
        if is_organisation(part) and not _is_initials(part):
            people.append(Person(literal=part, role=role))
            i += 1
            continue
        family_like = 1 <= len(words) <= 3 and not _is_initials(part) and not (
            len(words) > 1 and _is_initials(words[0])
        )
        pairs = nxt is not None and family_like and (
            _is_initials(nxt) or (_is_given(nxt) and (len(words) == 1 or words[0] in PARTICLES))
        )
        if pairs and nxt is not None and (len(words) == 1 or not _is_initials(words[-1])):
            suffix = ""
            consumed = 2
            if i + 2 < len(parts) and parts[i + 2].lower() in SUFFIXES:
                suffix = parts[i + 2]
                consumed = 3
            people.append(_inverted(part, nxt, role, suffix))
            i += consumed
            continue
        if part.lower() in SUFFIXES and people:
            last = people[-1]
            people[-1] = Person(
                family=last.family, given=last.given, particle=last.particle, suffix=part, role=role
            )
            i += 1
            continue
        people.append(_natural(part, role))
        i += 1
    return people
