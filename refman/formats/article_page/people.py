"""Authors and their affiliations as article pages print them.

Layouts handled:
- OJS 2 / many Indonesian journals: "Rifki Muhammad(1*), Ali Roziqin(2)" then "(1) Department of …" lines
  and a "(*) Corresponding Author" legend;
- publisher pages: "by Ana Ribeiro 1,*, Tomás García-López 2 and Kiri Walker 1" then "1 School of …";
- OJS 3: one name per line, each followed by its affiliation (and maybe an ORCID link);
- "Name, Institution" on one line, and a single shared affiliation under a list of names.
Names are split into given and family (with particles such as "van der"); academic titles and degrees
("Dr.", "S.IP., M.Si.") are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refman.core.model import Person
from refman.formats.article_page.lines import PageLine

# fmt: off
INSTITUTION_WORDS = frozenset((
    "university", "universitas", "universiti", "universidad", "universidade", "université", "università",
    "universität", "department", "departemen", "dept", "faculty", "fakultas", "school", "sekolah", "college",
    "institute", "institut", "institution", "centre", "center", "pusat", "laboratory", "laboratorium", "lab",
    "program", "programme", "prodi", "jurusan", "studi", "studies", "academy", "akademi", "politeknik",
    "polytechnic", "stie", "stikes", "stkip", "stmik", "iain", "uin", "ptiq", "ministry", "kementerian",
    "kemenkes", "agency", "badan", "lembaga", "dinas", "office", "kantor", "bureau", "biro", "division",
    "divisi", "unit", "hospital", "rumah", "sakit", "clinic", "foundation", "yayasan", "council", "dewan",
    "government", "pemerintah", "corporation", "company", "ltd", "inc", "pt", "bank", "research", "riset",
    "graduate", "pascasarjana", "magister", "doctoral", "organization", "organisation", "association",
    "asosiasi", "society", "commission", "komisi", "authority", "otoritas", "seminary", "madrasah", "pesantren",
    "laboratoire", "laboratorio", "laboratório", "departamento", "dipartimento", "département", "facultad",
    "faculté", "faculdade", "instituto", "istituto", "centro", "escuela", "école", "hochschule", "universidade",
))
# Words an affiliation begins with, so that one run on after a name can be told from the name.
_AFFILIATION_OPENERS = frozenset((
    "department", "dept", "laboratoire", "laboratory", "laboratorio", "laboratório", "università", "university",
    "universidad", "universidade", "université", "universität", "universitas", "universiti", "school", "institute",
    "institut", "instituto", "istituto", "faculty", "faculté", "facultad", "faculdade", "fakultas", "centre",
    "center", "centro", "college", "dipartimento", "departamento", "département", "division", "hospital",
    "école", "escuela", "hochschule",
))
_STOPWORDS = frozenset((
    "the", "of", "and", "for", "in", "on", "at", "to", "from", "with", "a", "an",
    "dan", "di", "ke", "dari", "untuk", "dalam", "yang", "pada", "dengan", "atau",
))
PARTICLES = frozenset((
    "van", "von", "der", "den", "de", "del", "della", "dela", "da", "das", "dos", "di", "du", "la", "le",
    "ten", "ter", "zu", "af", "av",
))
_TITLES = frozenset((
    "dr", "dr.", "prof", "prof.", "professor", "ir", "ir.", "drs", "drs.", "dra", "dra.", "h.", "hj.", "hj",
    "h", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "assoc.", "assist.", "asst.", "associate", "assistant",
    "kh", "kh.", "tgh",
))
_DEGREES = frozenset((
    "phd", "ph.d", "ph.d.", "ma", "m.a.", "msc", "m.sc", "mba", "mpa", "mpp", "mm", "m.m", "mh", "m.h", "mt",
    "m.t", "msi", "m.si", "mkom", "m.kom", "mpd", "m.pd", "mhum", "m.hum", "sh", "s.h", "se", "s.e", "st",
    "s.t", "sip", "s.ip", "spd", "s.pd", "ssi", "s.si", "skom", "s.kom", "sos", "s.sos", "msos", "m.sos",
    "ak", "cpa", "md", "m.d", "dds", "mph", "bsc", "b.sc", "ba", "b.a", "llm", "ll.m", "lld", "sp.kj", "msn",
    "rn",
))
# fmt: on
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰⁎∗", "1234567890**")
# One author and the markers after the name: "Rifki Muhammad(1*)", "Ana Ribeiro 1,*", "Kiri Walker¹".
_AUTHOR_ITEM = re.compile(
    r"\s*(?P<name>[^,;()\d*†‡§]+?)\s*"
    r"(?P<marks>\(\s*[\d*a-z†‡§](?:\s*[,\s]?\s*[\d*a-z†‡§])*\s*\)|(?:[\d*†‡§](?:\s*,\s*(?=[\d*†‡§]))?)+)?"
    r"\s*(?:[,;]|$)"
)
_NUMBERED_AFFILIATION = re.compile(
    r"^(?:\((?P<a>\d{1,2}|[a-z])\)|\[(?P<b>\d{1,2})\]|(?P<c>\d{1,2})(?:[.)]|(?=\s))|(?P<d>[a-h])(?=\s))\s*(?P<text>\S.*)$"
)
_ORCID = re.compile(r"(?:orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(slots=True)
class _Author:
    name: str
    marks: list[str]
    line: int  # page line number, for problems
    index: int  # position in the page's line list
    affiliations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class People:
    """What the author block said, and which lines it did not understand."""

    persons: list[Person] = field(default_factory=list)
    corresponding: list[str] = field(default_factory=list)  # names as written
    affiliations: list[tuple[str, str]] = field(default_factory=list)  # (number or "", text) given to nobody
    orcids: list[str] = field(default_factory=list)  # "Name: https://orcid.org/…"
    emails: list[str] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indexes of the lines understood
    # (line index, line number, message, severity)
    problems: list[tuple[int, int, str, str]] = field(default_factory=list)
    rest: list[PageLine] = field(default_factory=list)  # lines from the first prose line on


def _plain_word(token: str) -> str:
    return token.strip(".,;:()[]").casefold()


def has_institution_word(text: str) -> bool:
    return any(_plain_word(tok) in INSTITUTION_WORDS for tok in text.split())


def is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= 15 or (len(words) >= 8 and text.rstrip().endswith((".", "?", "!")))


def _is_degree(token: str) -> bool:
    low = token.casefold()
    return (
        low in _DEGREES
        or low.rstrip(".") in _DEGREES
        or re.fullmatch(r"(?:[A-Z][a-zA-Z]{0,3}\.){2,}[A-Za-z]{0,4}\.?", token) is not None
    )


def _clean_name(candidate: str) -> str:
    """Drop academic titles in front and degrees behind; '' if nothing but titles and degrees."""
    tokens = candidate.replace("\u2019", "'").split()
    while tokens and tokens[0].casefold() in _TITLES:
        tokens.pop(0)
    while tokens and _is_degree(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _name_like(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or len(name) > 70:
        return False
    for tok in tokens:
        word = tok.strip(".")
        if not word or _plain_word(tok) in INSTITUTION_WORDS or _plain_word(tok) in _STOPWORDS:
            return False
        if not re.fullmatch(r"[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?", tok):
            return False
        if not (tok[0].isupper() or tok.casefold() in PARTICLES):
            return False
    return any(len(tok.strip(".")) > 1 for tok in tokens)


def _marks(text: str | None) -> list[str]:
    if not text:
        return []
    return re.findall(r"\d+|\*|†|‡|§|[a-z]", text.translate(_SUPERSCRIPTS))


def parse_author_line(text: str) -> list[tuple[str, list[str]]] | None:
    """[(name, markers)] when the whole line is a list of author names, else None."""
    t = text.translate(_SUPERSCRIPTS).strip()
    t = re.sub(r"^(?:by|oleh|authors?|penulis)\s*:?\s+", "", t, flags=re.I)
    t = re.sub(r"\s+(?:and|&|dan|y|et|und)\s+", ", ", t)
    # A by-line printed a name per line carries its separator at the end ("Sabine Glaubitz1 and").
    t = re.sub(r"(?<=\S)\s+(?:and|&|dan|und)$", "", t)
    if not t or len(t) > 500:
        return None
    out: list[tuple[str, list[str]]] = []
    position = 0
    for m in _AUTHOR_ITEM.finditer(t):
        if m.start() != position or m.end() == m.start():
            return None
        position = m.end()
        raw_name = m.group("name").strip()
        name = _clean_name(raw_name)
        marks = _marks(m.group("marks"))
        if not name:
            if marks or not raw_name:
                return None
            continue  # a degree after a comma: "Rifki Muhammad, S.IP., M.Si."
        out.append((name, marks))
        if position >= len(t):
            break
    if position < len(t.rstrip()) or not out:
        return None
    if lettered := run_on_letters([name for name, _ in out]):
        out = [(name, [*letters, *marks]) for (name, letters), (_, marks) in zip(lettered, out, strict=True)]
    if not all(_name_like(name) for name, _ in out):
        return None
    if len(out) == 1 and not out[0][1] and len(out[0][0].split()) < 2:
        return None  # a lone word is not reliably a name
    return out


def run_on_letters(names: list[str]) -> list[tuple[str, str]] | None:
    """[(name, letters)] when a copy ran affiliation letters on to the names ("Tae-Sung Kima, Kyung-Ae
    Parkbc*, Xiaofeng Lid & Sungwook Honge", Taylor & Francis): every name ends in letters that, read in
    order, give the affiliations a, b, c… as a page letters them, three or more (names do not, by chance)."""
    if len(names) < 2:
        return None
    expected = ord("a")
    out: list[tuple[str, str]] = []
    for name in names:
        found = None
        for size in range(1, 5):
            suffix, rest = name[-size:], name[:-size]
            if not (suffix.isalpha() and suffix.islower() and len(rest) >= 2 and rest[-1].isalpha()):
                break
            codes = [ord(c) for c in suffix]
            new = [c for c in codes if c >= expected]
            if codes == sorted(set(codes)) and new == list(range(expected, expected + len(new))) and max(codes) <= ord("h"):
                found = rest, suffix, len(new)
                break
        if found is None:
            return None
        out.append((found[0], found[1]))
        expected += found[2]
    return out if expected - ord("a") >= 3 else None


def split_name(name: str) -> Person:
    """'Maria van der Berg' -> given 'Maria', particle 'van der', family 'Berg'; a mononym is a family name."""
    if name.isupper() and len(name) > 3:
        name = name.title()
    tokens = name.split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].rstrip(".").casefold() in {"jr", "sr", "ii", "iii", "iv"}:
        suffix = tokens.pop()
    if len(tokens) == 1:
        return Person(family=tokens[0], suffix=suffix)
    # The family name is the last word; particles ("van der") sit between it and the given names.
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].casefold() in PARTICLES:
        start -= 1
    return Person(
        family=tokens[-1],
        given=" ".join(tokens[:start]),
        particle=" ".join(tokens[start:-1]),
        suffix=suffix,
    )


def _numbered_affiliation(text: str) -> tuple[str, str, bool] | None:
    """(key, affiliation, written with brackets) for "(1) Department …", "1 School …", "a Faculty …"."""
    m = _NUMBERED_AFFILIATION.match(text.translate(_SUPERSCRIPTS))
    if m is None:
        return None
    key = m.group("a") or m.group("b") or m.group("c") or m.group("d") or ""
    return key, m.group("text").strip(), bool(m.group("a") or m.group("b"))


def _name_then_affiliation(text: str) -> tuple[str, str] | None:
    """("Sri Wahyuni", "Universitas Negeri Padang, Indonesia") from "Dr. Sri Wahyuni, M.Pd., Universitas …"."""
    if "," not in text:
        return None
    items = [item.strip() for item in text.split(",")]
    # Taylor & Francis runs the affiliation on after the name: "Jean-Paul Malrieu Laboratoire de Chimie
    # et Physique Quantiques , Université Paul Sabatier , Toulouse Cedex , 118 route de Narbonne".
    words = items[0].split()
    at = next((k for k, w in enumerate(words) if _plain_word(w) in INSTITUTION_WORDS), 0)
    if (
        2 <= at <= 4
        and _plain_word(words[at]) in _AFFILIATION_OPENERS  # not "Oil Crops Research Institute"
        and not any(re.fullmatch(r"[A-Z]{2,}", w) for w in words[:at])  # not "AIT Austrian Institute"
        and _name_like(" ".join(words[:at]))
        and not re.search(r"[.!?]\s", text)
    ):
        return " ".join(words[:at]), ", ".join([" ".join(words[at:]), *items[1:]])
    if is_prose(text):
        return None
    name = _clean_name(items[0])
    if not name or not _name_like(name) or len(name.split()) < 2:
        return None
    rest = items[1:]
    while rest and all(_is_degree(tok) for tok in rest[0].split()):
        rest.pop(0)
    affiliation = ", ".join(rest)
    if not rest or not has_institution_word(affiliation):
        return None
    return name, affiliation


def read_people(lines: list[PageLine]) -> People:
    """Read the author block: the head's lines after the title, up to the first line of prose."""
    out = People()
    authors: list[_Author] = []
    numbered: dict[str, str] = {}
    plain: list[str] = []
    pair_open: _Author | None = None  # OJS 3: a lone name waiting for the affiliation printed under it
    seen_marks: set[str] = set()
    mixed_case_names = False  # a by-line line not in capitals has been read
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if text.strip() in ("&", "and", ",", ";"):  # a separator on its own line between two names
            out.consumed.add(line.index)
            continue
        orcid = _ORCID.search(text)
        if orcid and len(text) < 80:
            if authors:
                out.orcids.append(f"{authors[-1].name}: https://orcid.org/{orcid.group(1)}")
            else:
                out.orcids.append(f"https://orcid.org/{orcid.group(1)}")
            out.consumed.add(line.index)
            continue
        email = _EMAIL.search(text)
        if email and len(text) - len(email.group(0)) < 25:
            out.emails.append(email.group(0))
            out.consumed.add(line.index)
            continue
        affiliation = _numbered_affiliation(text)
        if affiliation is not None:
            key, affil, bracketed = affiliation
            if bracketed or key in seen_marks or has_institution_word(affil):
                numbered[key] = affil
                out.consumed.add(line.index)
                pair_open = None
                continue
        names = parse_author_line(text)
        if names is not None and text.isupper() and mixed_case_names:
            # A tab row in capitals under a by-line printed in mixed case ("ABOUT" / "FIRST PAGE" /
            # "CITED BY", Project Euclid): "FIRST PAGE" reads like a name but names nobody.
            names = None
        if names is not None:
            mixed_case_names = mixed_case_names or not text.isupper()
            new = [_Author(name, marks, line.number, line.index) for name, marks in names]
            authors.extend(new)
            seen_marks.update(m for a in new for m in a.marks)
            pair_open = new[0] if len(new) == 1 and not new[0].marks else None
            out.consumed.add(line.index)
            continue
        with_affiliation = _name_then_affiliation(text)
        if with_affiliation is not None:
            authors.append(_Author(with_affiliation[0], [], line.number, line.index, [with_affiliation[1]]))
            out.consumed.add(line.index)
            pair_open = None
            continue
        if has_institution_word(text) and not is_prose(text):
            if pair_open is not None:
                pair_open.affiliations.append(text)
            else:
                plain.append(text)
            out.consumed.add(line.index)
            continue
        if is_prose(text):
            out.rest = lines[index:]
            break
        out.problems.append(
            (line.index, line.number, f"not understood near the authors: {text[:80]!r}", "warning")
        )

    _assign(authors, numbered, plain, out)
    return out


def _assign(authors: list[_Author], numbered: dict[str, str], plain: list[str], out: People) -> None:
    used: set[str] = set()
    for author in authors:
        for mark in author.marks:
            if mark in numbered:
                author.affiliations.append(numbered[mark])
                used.add(mark)
            elif mark.isalnum() and numbered:
                out.problems.append(
                    (author.index, author.line, f"{author.name}: no affiliation numbered {mark}", "warning")
                )
    if plain and authors:
        bare = [a for a in authors if not a.affiliations]
        if len(plain) == 1 and bare:
            for author in bare:
                author.affiliations.append(plain[0])
            plain = []
    for author in authors:
        person = split_name(author.name)
        affiliations = tuple(dict.fromkeys(author.affiliations))
        out.persons.append(
            Person(
                family=person.family,
                given=person.given,
                particle=person.particle,
                suffix=person.suffix,
                affiliations=affiliations,
            )
        )
        if "*" in author.marks:
            out.corresponding.append(author.name)
    out.affiliations = [(key, text) for key, text in numbered.items() if key not in used]
    out.affiliations += [("", text) for text in plain]


def _cited_as_author(family: str, text: str) -> bool:
    """`family` stands in `text` as a cited author's name: after initials ("S. Vivekanandhan") or before
    them ("Vivekanandhan, S.", "Vivekanandhan S")."""
    name = re.escape(family)
    return bool(re.search(rf"(?:\b[A-Z]\.\s?)+{name}\b|\b{name},?\s+(?:[A-Z]\.?\s?){{1,3}}\b", text))


def letters_confirmed(persons: list[Person], lines: list[str]) -> list[Person]:
    """The by-line's names without a run-on affiliation letter that the page itself shows is no part of
    them. Taylor & Francis's copy runs "a"/"b" marks on to the names ("S. Vivekanandhana, M. Venkateswarlub
    & N. Satyanarayanaa*"); with fewer than three affiliations run_on_letters cannot tell such marks from a
    name's own last letter, but the page cites the same people elsewhere ("S. Vivekanandhan, M.
    Venkateswarlu and N. Satyanarayana: Mater. Chem. Phys., 2008"). A name changes only when the page
    cites it without the letter and never with it (the by-line's own repeats aside); all or none change."""
    if len(persons) < 2:
        return persons
    # The by-line and its repeats (a running header prints it on every section): lines naming two of them.
    page_text = "\n".join(line for line in lines if sum(p.family in line for p in persons if p.family) < 2)
    out: list[Person] = []
    for person in persons:
        family = person.family
        if not (len(family) >= 5 and family[-1] in "abcdefgh" and family[-2].isalpha()):
            return persons
        if not _cited_as_author(family[:-1], page_text) or _cited_as_author(family, page_text):
            return persons
        out.append(replace(person, family=family[:-1]))
    return out
