"""Duplicate detection, the pure part: identifier normalisation, the facts two records are
compared on, blocking keys and the vetoes.

Kept free of I/O and third-party code (core's contract) so the store can compute the indexed
blocking keys when it writes an entry, and the library's scorer (rapidfuzz) only compares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from refman.core.citekeys import ascii_fold
from refman.core.model import Entry, Person
from refman.core.normalize import normalize_doi

# --- identifiers ------------------------------------------------------------------------------

_LATEX_ESCAPE = re.compile(r"\\([_%&#$])|\{\\([_%&#$])\}")
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/\S+", re.I)


def doi_key(doi: str) -> str:
    """A DOI as the identifier tier compares it: no resolver prefix, no LaTeX escapes or URL
    encoding, case-folded. 'https://doi.org/10.1000/ABC\\_1' and 'doi:10.1000/abc_1' agree."""
    d = _LATEX_ESCAPE.sub(lambda m: m.group(1) or m.group(2), doi.strip())
    d = d.replace("{", "").replace("}", "")
    if "%" in d:
        d = unquote(d)
    d = normalize_doi(d)
    m = _DOI_IN_TEXT.search(d)
    if m is None:
        return ""
    return m.group(0).rstrip(".,;)]").lower()


def _isbn10_ok(d: str) -> bool:
    total = sum((10 - i) * (10 if c in "xX" else int(c)) for i, c in enumerate(d))
    return total % 11 == 0


def _isbn13_ok(d: str) -> bool:
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(d))
    return total % 10 == 0


def isbn13(isbn: str) -> str:
    """One ISBN as 13 digits ('0-306-40615-2' -> '9780306406157'); '' unless checksum-valid."""
    d = re.sub(r"[\s\-‐–]", "", isbn).upper()
    if re.fullmatch(r"\d{9}[\dX]", d) and _isbn10_ok(d):
        core = "978" + d[:9]
        check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core)) % 10) % 10
        return core + str(check)
    if re.fullmatch(r"97[89]\d{10}", d) and _isbn13_ok(d):
        return d
    return ""


_ISBN_CANDIDATE = re.compile(r"(?<![\dX])(?:97[89][\s\-]?)?(?:\d[\s\-]?){8}[\dX](?:[\s\-]?\d)*(?![\dX])", re.I)


def isbns(text: str) -> frozenset[str]:
    """Every valid ISBN in a field ('0306406152; 978-3-16-148410-0'), as 13 digits."""
    out = set()
    for m in _ISBN_CANDIDATE.finditer(text):
        norm = isbn13(m.group(0))
        if norm:
            out.add(norm)
    return frozenset(out)


_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)")
_ARXIV_OLD = re.compile(r"\b([a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")


def arxiv_key(text: str) -> str:
    """An arXiv id without its version: 'arXiv:1706.03762v5' -> '1706.03762', 'hep-th/9711200v2' -> 'hep-th/9711200'."""
    m = _ARXIV_NEW.search(text) or _ARXIV_OLD.search(text)
    return m.group(1).lower() if m else ""


_ARXIV_HINT = re.compile(r"arxiv", re.I)
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.I)


@dataclass(frozen=True, slots=True)
class Identifiers:
    doi: str = ""
    isbns: frozenset[str] = frozenset()
    arxiv: str = ""
    pmid: str = ""


def identifiers(entry: Entry) -> Identifiers:
    """The identifiers of an entry, wherever its source put them (DOI field or a doi.org URL,
    eprint/arXiv fields, an arXiv DOI or URL, PMID field or note)."""
    extra = {k.lower(): v for k, v in entry.extra}
    doi = doi_key(entry.doi) if entry.doi else ""
    if not doi and "doi.org/" in entry.url.lower():
        doi = doi_key(entry.url)
    arxiv = ""
    prefix = (extra.get("archiveprefix", "") + extra.get("eprinttype", "")).lower()
    if "eprint" in extra and (not prefix or "arxiv" in prefix):
        arxiv = arxiv_key(extra["eprint"])
    for value in (extra.get("arxiv", ""), extra.get("arxivid", ""), entry.url, entry.note, entry.doi):
        if arxiv:
            break
        if value and _ARXIV_HINT.search(value):
            arxiv = arxiv_key(value)
    if doi.startswith("10.48550/arxiv."):
        arxiv = arxiv or doi.removeprefix("10.48550/arxiv.")
    pmid = re.sub(r"\D", "", extra.get("pmid", ""))
    if not pmid:
        m = _PMID.search(entry.note) or _PMID.search(extra.get("note", ""))
        pmid = m.group(1) if m else ""
    return Identifiers(doi, isbns(entry.isbn) if entry.isbn else frozenset(), arxiv, pmid.lstrip("0"))


# --- text normalisation -----------------------------------------------------------------------

_STOP = frozenset({"a", "an", "the", "of", "and", "for", "in", "on", "to", "de", "der", "die", "das",
                   "la", "le", "les", "des", "du", "et", "und", "fur", "y", "el"})
STOP_WORDS = _STOP
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_SUBTITLE = re.compile(r"\s*[:?!;]\s+|\.\s+|\s+[-–—]+\s+|\s+\(")


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALNUM1 = re.compile(r"[^a-z0-9]")
_NON_ALPHA = re.compile(r"[^a-z]")


def fold_text(text: str) -> str:
    """Lower case, no accents, '&' read as 'and', punctuation to spaces: the form titles and
    journals are compared in ('Stöckl & Co.' -> 'stockl and co')."""
    if "&" in text:
        text = text.replace("&", " and ")
    t = text.lower() if text.isascii() else ascii_fold(text.replace("ß", "ss")).lower()
    return _NON_ALNUM.sub(" ", t).strip()


def title_norm(title: str) -> str:
    return _LEADING_ARTICLE.sub("", fold_text(title))


def main_title(title: str, norm: str | None = None) -> str:
    """The title without its subtitle: 'Deep learning: a review' -> 'deep learning'.
    `norm`: title_norm(title) when the caller has it already."""
    head = _SUBTITLE.split(title.strip(), maxsplit=1)[0]
    if len(head) < 3 or len(head) == len(title.strip()):
        return norm if norm is not None else title_norm(title)
    return title_norm(head)


def person_family(p: Person) -> str:
    name = p.family or p.literal or p.given
    if p.particle and not p.family:
        name = p.particle
    name = name.lower() if name.isascii() else ascii_fold(name).lower()
    return name if name.isalnum() and name.isascii() else _NON_ALNUM1.sub("", name)


def person_initial(p: Person) -> str:
    g = p.given.lower() if p.given.isascii() else ascii_fold(p.given).lower()
    g = _NON_ALPHA.sub("", g[:4])
    return g[:1]


_ABBR_STOP = frozenset({"of", "the", "and", "for", "in", "on", "de", "der", "und", "la", "le", "et", "fur"})


def journal_words(container: str) -> tuple[str, ...]:
    return tuple(w for w in fold_text(container).split() if w not in _ABBR_STOP)


def _abbreviates(short: str, full: str) -> bool:
    """'phys' abbreviates 'physical', 'natl' 'national': same first letter, letters in order."""
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    it = iter(full)
    return all(c in it for c in short)


def journals_match(a: str, b: str) -> bool:
    """Whether two container names name the same journal, one possibly ISO-4 abbreviated:
    'J. Am. Chem. Soc.' and 'Journal of the American Chemical Society'."""
    wa, wb = journal_words(a), journal_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if len(wa) != len(wb):
        return False
    return all(x == y or _abbreviates(x, y) or _abbreviates(y, x) for x, y in zip(wa, wb, strict=True))


_START_PAGE = re.compile(r"[A-Za-z]?\d+")


def start_page(pages: str) -> str:
    if not pages:
        return ""
    m = _START_PAGE.search(pages)
    return m.group(0).lower() if m else ""


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}


def edition_number(edition: str) -> int | None:
    """'2nd', 'Second edition', '2. Aufl.', '2' -> 2; '' or unreadable -> None."""
    e = edition.strip().lower()
    if not e:
        return None
    m = re.search(r"\d+", e)
    if m:
        return int(m.group(0))
    for word, n in _ORDINALS.items():
        if word in e:
            return n
    return None


# --- the facts compared -----------------------------------------------------------------------

CHAPTER_TYPES = frozenset({"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"})


@dataclass(frozen=True, slots=True)
class DupFacts:
    """What two records are compared on, normalised once per entry."""

    id: int
    title: str  # title_norm
    main: str  # main_title
    families: tuple[str, ...]
    initials: tuple[str, ...]
    year: int | None
    container: str
    start_page: str
    volume: str
    edition: int | None
    entry_type: str
    ids: Identifiers
    numbers: frozenset[str] = frozenset()  # numbers in the title: 'part 2', 'windows 95'
    part: frozenset[str] = frozenset()  # 'part 2', 'vol ii': the numbers that name a part


_NUMBER = re.compile(r"\b(?:\d+|[ivx]{1,5})\b")
_HAS_NUMBER = re.compile(r"\d|\b[ivx]{1,5}\b")
_PART = re.compile(r"\b(?:part|vol|volume|book|chapter|section|teil|band|tome)\s+(\d+|[ivx]{1,5}|one|two|three)\b")


def facts_from(entry_id: int, entry_type: str, title: str, people: Sequence[Person], year: int | None,
               container: str, pages: str, volume: str, edition: str, ids: Identifiers) -> DupFacts:
    authors = [p for p in people if p.role == "author" and not p.is_others] or \
              [p for p in people if not p.is_others]
    norm = title_norm(title)
    numbers = frozenset(_NUMBER.findall(norm)) if _HAS_NUMBER.search(norm) else frozenset()
    return DupFacts(entry_id, norm, main_title(title, norm), tuple(person_family(p) for p in authors),
                    tuple(person_initial(p) for p in authors), year, container, start_page(pages),
                    volume.strip().lower(), edition_number(edition), entry_type, ids,
                    numbers, frozenset(_PART.findall(norm)) if numbers else frozenset())


def facts(entry: Entry) -> DupFacts:
    return facts_from(entry.id or 0, entry.entry_type, entry.title, entry.contributors, entry.year,
                      entry.container, entry.pages, entry.volume, entry.edition, identifiers(entry))


# --- blocking keys ----------------------------------------------------------------------------

TITLE_PREFIX = 24


def blocking_keys(entry: Entry) -> list[tuple[str, str]]:
    """(kind, key) pairs the store indexes: two entries are compared only when they share one.

    'title': the main title's first letters without stop words, so a missing subtitle, '&' vs
    'and', accents or a leading article do not separate them; 'author': first author's family
    name and year, so a typo early in the title does not either. Identifiers are keys as well.
    """
    out: list[tuple[str, str]] = []
    ids = identifiers(entry)
    if ids.doi:
        out.append(("doi", ids.doi))
    out.extend(("isbn", i) for i in sorted(ids.isbns))
    if ids.arxiv:
        out.append(("arxiv", ids.arxiv))
    if ids.pmid:
        out.append(("pmid", ids.pmid))
    tkey = title_block(entry.title)
    if tkey:
        out.append(("title", tkey))
    people = [p for p in (entry.authors or entry.editors or entry.contributors) if not p.is_others]
    if people:
        fam = person_family(people[0])
        if fam:
            out.append(("author", f"{fam}|{entry.year or ''}"))
    return out


def title_block(title: str) -> str:
    words = [w for w in main_title(title).split() if w not in _STOP]
    return "".join(words)[:TITLE_PREFIX]


# --- vetoes -----------------------------------------------------------------------------------


def veto(a: DupFacts, b: DupFacts) -> str:
    """Why two records cannot be one work, or '' (the rules Zotero and JabRef apply):
    different DOIs, ISBNs, arXiv ids or PMIDs; years more than one apart; different editions;
    different pages (chapters of one book, articles of one issue); different volumes of a book."""
    ia, ib = a.ids, b.ids
    if ia.doi and ib.doi and ia.doi != ib.doi:
        return "different DOIs"
    if ia.isbns and ib.isbns and not (ia.isbns & ib.isbns):
        return "different ISBNs"
    if ia.arxiv and ib.arxiv and ia.arxiv != ib.arxiv:
        return "different arXiv ids"
    if ia.pmid and ib.pmid and ia.pmid != ib.pmid:
        return "different PMIDs"
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return "years more than one apart"
    if a.edition is not None and b.edition is not None and a.edition != b.edition:
        return "different editions"
    if a.start_page and b.start_page and a.start_page != b.start_page:
        return "different pages"
    if a.part != b.part or (a.numbers and b.numbers and a.numbers != b.numbers):
        return "different numbers in the titles"
    if (a.volume and b.volume and a.volume != b.volume
            and (a.entry_type in ("book", *CHAPTER_TYPES) or b.entry_type in ("book", *CHAPTER_TYPES))):
        return "different volumes"
    return ""


def book_and_part(a: DupFacts, b: DupFacts) -> bool:
    """A whole book against a chapter or article inside a container (the book itself, or a journal)."""
    def one_way(x: DupFacts, y: DupFacts) -> bool:
        return (x.entry_type == "book" and not x.container and bool(y.container)
                and y.entry_type in ("chapter", "article-journal", *CHAPTER_TYPES))
    return one_way(a, b) or one_way(b, a)


def same_identifier(a: DupFacts, b: DupFacts) -> bool:
    """The identifier tier: a shared DOI, arXiv id or PMID, or a shared ISBN between two records
    that are not parts of a book (the chapters of one book share its ISBN)."""
    ia, ib = a.ids, b.ids
    if (ia.doi and ia.doi == ib.doi) or (ia.arxiv and ia.arxiv == ib.arxiv) or (ia.pmid and ia.pmid == ib.pmid):
        return True
    return bool(ia.isbns & ib.isbns) and a.entry_type not in CHAPTER_TYPES and b.entry_type not in CHAPTER_TYPES


def pairs_of(ids: Iterable[int]) -> list[tuple[int, int]]:
    s = sorted(set(ids))
    return [(x, y) for i, x in enumerate(s) for y in s[i + 1:]]
