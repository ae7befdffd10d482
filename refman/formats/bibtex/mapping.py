"""BibTeX/BibLaTeX fields and types <-> Entry columns, both directions.

Read: each field either fills a column (decoded for display and search) or goes to
`Entry.extra` verbatim, in source order, so nothing is dropped. A field fills a column only
when the writer can give it back under a name that means the same thing to BibTeX and biber
(journal/journaltitle, address/location, school/institution for theses); a second field for an
already filled column, or a value the column cannot hold exactly (`year = {1988a}`), stays in
`extra`, and the writer lets an `extra` field win over the column of the same name.

Write: `bibtex_type` and `group_fields` give the one clean form of an entry for a dialect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refman.core.model import Entry, Person
from refman.formats.bibtex.syntax import MONTHS, NAME_OK_RE, RawField, evaluate
from refman.formats.bibtex.titles import (
    BOOK_TITLE_PARTS,
    MAIN_BEFORE_BOOKTITLE,
    MAIN_BEFORE_TITLE,
    MAIN_TITLE_PARTS,
    TITLE_PARTS,
    container_without_parts,
    join_title,
    title_without_parts,
    with_main_title,
)
from refman.formats.latex import decode, encode, protect_case, strip_braces
from refman.formats.names import format_names, parse_names

# BibTeX and BibLaTeX entry types -> CSL types (refman.core.model.ENTRY_TYPES).
TYPE_TO_CSL: dict[str, str] = {
    "article": "article-journal",
    "suppperiodical": "article-journal",
    "review": "article-journal",
    "periodical": "book",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "booklet": "book",
    "manual": "book",
    "bookinbook": "chapter",
    "inbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "standard": "report",
    "misc": "document",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "webpage": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "software": "software",
    "dataset": "dataset",
    "data": "dataset",
    "movie": "motion_picture",
    "video": "motion_picture",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
}
_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}

# CSL type -> BibTeX type for entries that did not come from BibTeX (or changed type).
CSL_TO_BIBTEX: dict[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "misc",
    "manuscript": "unpublished",
    "dataset": "misc",
    "software": "misc",
    "patent": "misc",
    "entry-encyclopedia": "incollection",
    "entry-dictionary": "incollection",
}
CSL_TO_BIBLATEX: dict[str, str] = {
    **CSL_TO_BIBTEX,
    "thesis": "thesis",
    "report": "report",
    "webpage": "online",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
}
# Types classic BibTeX styles do not know -> their classic equivalent, and back. (@periodical
# stays: classic bibliographies such as Beebe's TeX Live files use it with their own styles.)
BIBLATEX_TO_BIBTEX: dict[str, str] = {
    "online": "misc",
    "www": "misc",
    "electronic": "misc",
    "report": "techreport",
    "thesis": "phdthesis",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "mvproceedings": "proceedings",
    "reference": "book",
    "mvreference": "book",
    "inreference": "incollection",
    "bookinbook": "inbook",
    "suppbook": "inbook",
    "suppcollection": "incollection",
    "software": "misc",
    "dataset": "misc",
    "suppperiodical": "article",
    "review": "article",
    "standard": "techreport",
}
BIBTEX_TO_BIBLATEX: dict[str, str] = {
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
}

# Type words of other formats (CSL 1.0.2 item types, RIS reference types): an Entry.original_type
# from CSL-JSON or RIS is not a BibTeX type even when BibTeX would accept the word.
_FOREIGN_TYPES_TEXT = (
    "article-journal article-magazine article-newspaper bill broadcast chapter classic dataset "
    "document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview "
    "legal_case map motion_picture musical_score pamphlet paper-conference performance "
    "personal_communication post post-weblog regulation review-book song speech treaty webpage "
    "abst advs aggr ancient art blog case chap chart clswk comp conf cpaper ctlg dbase dict ebook "
    "echap edbook ejour elec encyc equa gen govdoc grant hear icomm inpr jfull jour mgzn mpct multi "
    "music news pamp pat pcomm rprt ser slide sound stand stat thes unbill unpb web"
)
_FOREIGN_TYPE_WORDS = frozenset(_FOREIGN_TYPES_TEXT.split())
THESIS_TYPES = frozenset({"phdthesis", "mastersthesis", "thesis"})
REPORT_TYPES = frozenset({"techreport", "report"})
ARTICLE_TYPES = frozenset({"article", "suppperiodical", "review"})
# The genre a type implies when no `type` field says otherwise (plain.bst prints its own words).
DEFAULT_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "techreport": "Technical report"}
# BibLaTeX's localisation keys for `type`, and the text refman shows for them.
GENRE_KEYS = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software",
    "datacd": "Data CD",
    "audiocd": "Audio CD",
}
_GENRE_TO_KEY = {v: k for k, v in GENRE_KEYS.items()}

_MONTH_NUMBERS: dict[str, int] = {}
for _i, (_abbr, _full) in enumerate(MONTHS.items(), 1):
    _MONTH_NUMBERS[_abbr] = _i
    _MONTH_NUMBERS[_full.lower()] = _i
    _MONTH_NUMBERS[_abbr + "."] = _i
_MONTH_NUMBERS["sept"] = _MONTH_NUMBERS["sept."] = 9
_MONTH_ABBR = {n: a for a, n in _MONTH_NUMBERS.items() if len(a) == 3}

_ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR_RE = re.compile(r"\d{1,4}")
_FIRST_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,;]\s*")

# Groups of columns, as the writer compares them (edited or not) and writes them.
GROUPS: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "title",
    "container",
    "date",
    "volume",
    "issue",
    "pages",
    "edition",
    "publisher",
    "place",
    "genre",
    "doi",
    "url",
    "isbn",
    "issn",
    "keywords",
    "language",
    "abstract",
    "note",
    "licence",
    "licence_url",
    "copyright_holder",
    "copyright_year",
)
_GROUP_ATTRS: dict[str, tuple[str, ...]] = {
    "date": ("year", "date"),
}


def group_value(entry: Entry, group: str) -> object:
    """What the writer compares to tell an edited group from an unedited one."""
    if group in ("author", "editor", "translator"):
        return tuple(p for p in entry.contributors if p.role == group)
    attrs = _GROUP_ATTRS.get(group, (group,))
    return tuple(getattr(entry, a) for a in attrs)


def csl_type(type_word: str, subtype: str | None = None) -> str:
    t = type_word.lower()
    if t == "article" and subtype:
        return _SUBTYPES.get(subtype.strip("{} \"").lower(), "article-journal")
    return TYPE_TO_CSL.get(t, "document")


def container_names(type_word: str) -> tuple[str, ...]:
    return ("journal", "journaltitle") if type_word in ARTICLE_TYPES else ("booktitle",)


def publisher_names(type_word: str) -> tuple[str, ...]:
    if type_word in THESIS_TYPES:
        return ("school", "institution")
    if type_word in REPORT_TYPES:
        return ("institution",)
    return ("publisher",)


def month_number(text: str) -> int | None:
    t = text.strip().lower()
    if t.isdigit():
        n = int(t)
        return n if 1 <= n <= 12 else None
    return _MONTH_NUMBERS.get(t)


def genre_text(decoded_type: str) -> str:
    return GENRE_KEYS.get(decoded_type.strip().lower(), decoded_type)


# ---------------------------------------------------------------- read


@dataclass(slots=True)
class Mapped:
    """An entry built from fields, with which own fields each column group consumed."""

    entry: Entry
    groups: dict[str, list[int]] = field(default_factory=dict)
    warnings: list[tuple[RawField, str]] = field(default_factory=list)
    undefined: list[str] = field(default_factory=list)  # macros its own fields use and nobody defined


class _Fields:
    """Lookup of own fields (first occurrence wins) with crossref-inherited ones behind them."""

    def __init__(self, own: list[RawField], inherited: list[RawField], macros: dict[str, str]) -> None:
        self.own = own
        self.index: dict[str, int] = {}
        for i, f in enumerate(own):
            self.index.setdefault(f.name.lower(), i)
        self.inherited = {f.name.lower(): f for f in inherited if f.name.lower() not in self.index}
        self.macros = macros
        self.consumed: set[int] = set()
        self.groups: dict[str, list[int]] = {}
        self.warnings: list[tuple[RawField, str]] = []
        self.undefined: list[str] = []

    def has(self, name: str) -> bool:
        return name in self.index or name in self.inherited

    def raw(self, name: str) -> str | None:
        """Evaluated (macros expanded, delimiters removed) but not decoded value."""
        f = self._field(name)
        if f is None:
            return None
        missing: list[str] = []
        own = name in self.index
        value = evaluate(f.parts, self.macros, missing, keep_missing=own)
        if missing and own:
            for m in missing:
                self.warnings.append((f, f"field '{f.name}' uses undefined @string macro '{m}'"))
                if m.lower() not in self.undefined:
                    self.undefined.append(m.lower())
        return value

    def _field(self, name: str) -> RawField | None:
        i = self.index.get(name)
        if i is not None:
            return self.own[i]
        return self.inherited.get(name)

    def take(self, group: str, name: str) -> None:
        i = self.index.get(name)
        if i is not None:
            self.consumed.add(i)
            self.groups.setdefault(group, []).append(i)

    def own_raw(self, name: str) -> str | None:
        """The entry's own field (never one inherited through crossref), macros expanded."""
        return self.raw(name) if name in self.index else None

    def first(self, names: tuple[str, ...]) -> str | None:
        for n in names:
            if self.has(n):
                return n
        return None


def map_entry(
    type_word: str,
    key: str,
    own: list[RawField],
    macros: dict[str, str],
    inherited: list[RawField] | None = None,
) -> Mapped:
    """Fields of one entry -> Entry (decoded columns, verbatim extras)."""
    t = type_word.lower()
    f = _Fields(own, inherited or [], macros)
    values: dict[str, object] = {}

    def text(group: str, name: str) -> None:
        raw = f.raw(name)
        if raw is not None:
            decoded = decode(raw)
            if decoded:  # `pages = {}` stays verbatim in extra: an empty column would drop it
                values[group] = decoded
                f.take(group, name)

    text("title", "title")

    def own_parts(names: tuple[str, ...]) -> list[str]:
        return [decode(v) for v in (f.own_raw(n) for n in names) if v is not None and v.strip()]

    parts = own_parts(TITLE_PARTS)
    if parts:  # shown and cited as biblatex prints them; the fields stay in `extra` as written
        values["title"] = join_title(str(values.get("title", "")), parts)
    main = own_parts(MAIN_TITLE_PARTS)
    if main and t in MAIN_BEFORE_TITLE:
        values["title"] = with_main_title(main, str(values.get("title", "")))
    people: list[Person] = []
    for role in ("author", "editor", "translator"):
        raw = f.raw(role)
        if raw is not None and raw.strip():
            people.extend(parse_names(raw, role))
            f.take(role, role)
    _map_date(f, values)
    name = f.first(container_names(t))
    if name:
        text("container", name)
    if name == "booktitle" and "container" in values:
        book_parts = own_parts(BOOK_TITLE_PARTS)
        if book_parts:
            values["container"] = join_title(str(values["container"]), book_parts)
        if main and t in MAIN_BEFORE_BOOKTITLE:
            values["container"] = with_main_title(main, str(values["container"]))
    text("volume", "volume")
    text("issue", "number")
    text("pages", "pages")
    text("edition", "edition")
    name = f.first(publisher_names(t))
    if name:
        text("publisher", name)
    name = f.first(("address", "location"))
    if name:
        text("place", name)
    _map_genre(f, t, values)
    for col in ("doi", "url"):
        raw = f.raw(col)
        if raw is not None and raw.strip():
            values[col] = strip_braces(raw)
            f.take(col, col)
    for col in ("isbn", "issn", "abstract", "note", "language"):
        text(col, col)
    raw = f.raw("keywords")
    if raw is not None and raw.strip():
        values["keywords"] = tuple(k for k in _KEYWORD_SPLIT_RE.split(decode(raw)) if k)
        f.take("keywords", "keywords")
    name = f.first(("license", "licence"))
    if name:
        text("licence", name)
    raw = f.raw("licenseurl")
    if raw is not None and raw.strip():
        values["licence_url"] = strip_braces(raw)
        f.take("licence_url", "licenseurl")
    text("copyright_holder", "copyright")
    raw = f.raw("copyrightyear")
    if raw is not None and _YEAR_RE.fullmatch(decode(raw).strip()):
        values["copyright_year"] = int(decode(raw))
        f.take("copyright_year", "copyrightyear")

    extra = tuple((fld.name, fld.value) for i, fld in enumerate(own) if i not in f.consumed)
    subtype = f.raw("entrysubtype") if t == "article" else None
    entry = Entry(
        citekey=key,
        entry_type=_misc_type(f) if t == "misc" else csl_type(t, subtype),
        original_type=t,
        contributors=tuple(people),
        extra=extra,
        **values,  # type: ignore[arg-type]
    )
    return Mapped(entry, f.groups, f.warnings, f.undefined)


def _misc_type(f: _Fields) -> str:
    """@misc is a web page when all it has to say where it is published is a URL."""
    if f.has("journal") or f.has("booktitle") or f.has("publisher") or f.has("institution"):
        return "document"
    how = f.raw("howpublished") or ""
    return "webpage" if f.has("url") or "\\url" in how or "http" in how else "document"


def _map_date(f: _Fields, values: dict[str, object]) -> None:
    """`date` (ISO) or `year` + `month` -> year and date columns.

    A date the column cannot hold (a range, `1988a`, `aug # "~11"`) stays in extra with the
    fields next to it, and the columns get the first four-digit year for sorting and search.
    """
    raw_date = f.raw("date")
    if raw_date is not None and "date" not in f.index and "year" in f.index:
        raw_date = None  # the entry's own year wins over a date inherited from its crossref parent
    if raw_date is not None:
        d = raw_date.strip()
        if _ISO_DATE_RE.fullmatch(d):
            values["year"] = int(d[:4])
            values["date"] = d
            f.take("date", "date")
        else:
            _best_effort_year(decode(raw_date), values)
        return
    raw_year = f.raw("year")
    if raw_year is None:
        return
    y_text = raw_year.strip()
    if not _YEAR_RE.fullmatch(y_text):  # `{\noopsort{1973c}}1981`: shown as 1981, kept verbatim
        _best_effort_year(decode(raw_year), values)
        return
    year = int(y_text)
    date = f"{year:04d}"
    raw_month = f.raw("month")
    if raw_month is not None:
        month = month_number(decode(raw_month))
        if month is None:
            _best_effort_year(date, values)  # the month stays verbatim, and with it the year
            return
        date += f"-{month:02d}"
        f.take("date", "month")
    f.take("date", "year")
    values["year"] = year
    values["date"] = date


def _best_effort_year(text: str, values: dict[str, object]) -> None:
    y = _FIRST_YEAR_RE.search(text)
    if y:
        values["year"] = int(y.group(1))
        values["date"] = y.group(1)


def _map_genre(f: _Fields, t: str, values: dict[str, object]) -> None:
    raw = f.raw("type")
    default = DEFAULT_GENRE.get(t, "")
    if raw is not None and raw.strip():
        genre = genre_text(decode(raw))
        if genre != default or t not in DEFAULT_GENRE:
            values["genre"] = genre
            f.take("genre", "type")
            return
        # `type = {PhD thesis}` on a @phdthesis: the words matter to plain.bst, keep them verbatim
    if default:
        values["genre"] = default


def inherit(child: list[RawField], parent: list[RawField], child_type: str) -> list[RawField]:
    """Fields a crossref child takes from its parent for display (BibTeX rules, plus title -> booktitle)."""
    have = {f.name.lower() for f in child}
    out = [f for f in parent if f.name.lower() not in have and f.name.lower() not in ("crossref", "ids")]
    parent_has_booktitle = any(f.name.lower() == "booktitle" for f in parent)
    if child_type not in ARTICLE_TYPES and "booktitle" not in have and not parent_has_booktitle:
        title = next((f for f in parent if f.name.lower() == "title"), None)
        if title is not None:
            out.append(replace(title, name="booktitle"))
    return out


# ---------------------------------------------------------------- write


def bibtex_type(entry: Entry, dialect: str) -> str:
    """The type word to write: the entry's own if still consistent with its CSL type."""
    ot = entry.original_type.lower()
    own = ot in TYPE_TO_CSL or (bool(NAME_OK_RE.fullmatch(ot)) and ot not in _FOREIGN_TYPE_WORDS)
    mapped = csl_type(ot, entry.extra_value("entrysubtype"))
    if own and (mapped == entry.entry_type or (ot == "misc" and entry.entry_type == "webpage")):
        t = ot
    else:
        table = CSL_TO_BIBLATEX if dialect == "biblatex" else CSL_TO_BIBTEX
        t = table.get(entry.entry_type, "misc")
        if t == "phdthesis" and "master" in entry.genre.lower():
            t = "mastersthesis"
    if dialect == "biblatex":
        return BIBTEX_TO_BIBLATEX.get(t, t)
    t = BIBLATEX_TO_BIBTEX.get(t, t)
    if t == "phdthesis" and "master" in entry.genre.lower():
        t = "mastersthesis"
    return t


def _braced(text: str) -> str:
    return "{" + text + "}"


def group_fields(entry: Entry, group: str, t: str, dialect: str, ascii: bool) -> list[tuple[str, str]]:
    """(name, value as written) for one column group of an entry, in the canonical form."""
    bl = dialect == "biblatex"
    if group in ("author", "editor", "translator"):
        people = [p for p in entry.contributors if p.role == group]
        return [(group, _braced(format_names(people, ascii)))] if people else []
    if group == "title":
        title = title_without_parts(entry.title, entry.extra, t)
        return [("title", _braced(protect_case(encode(title, ascii))))] if title else []
    if group == "container":
        if not entry.container:
            return []
        name = ("journaltitle" if bl else "journal") if t in ARTICLE_TYPES else "booktitle"
        value = entry.container if name != "booktitle" else container_without_parts(entry.container, entry.extra, t)
        return [(name, _braced(encode(value, ascii)))]
    if group == "date":
        return _date_fields(entry, bl)
    if group == "issue":
        return [("number", _braced(encode(entry.issue, ascii)))] if entry.issue else []
    if group == "publisher":
        if not entry.publisher:
            return []
        if t in THESIS_TYPES:
            name = "institution" if bl else "school"
        elif t in REPORT_TYPES:
            name = "institution"
        else:
            name = "publisher"
        return [(name, _braced(encode(entry.publisher, ascii)))]
    if group == "place":
        return [("location" if bl else "address", _braced(encode(entry.place, ascii)))] if entry.place else []
    if group == "genre":
        return _genre_fields(entry, t, bl, ascii)
    if group in ("doi", "url"):
        value = getattr(entry, group)
        return [(group, _braced(value))] if value else []
    if group == "licence_url":
        return [("licenseurl", _braced(entry.licence_url))] if entry.licence_url else []
    if group == "keywords":
        return [("keywords", _braced(encode(", ".join(entry.keywords), ascii)))] if entry.keywords else []
    if group == "licence":
        return [("license", _braced(encode(entry.licence, ascii)))] if entry.licence else []
    if group == "copyright_holder":
        return [("copyright", _braced(encode(entry.copyright_holder, ascii)))] if entry.copyright_holder else []
    if group == "copyright_year":
        return [("copyrightyear", _braced(str(entry.copyright_year)))] if entry.copyright_year else []
    value = getattr(entry, group)
    return [(group, _braced(encode(value, ascii)))] if value else []


def _date_fields(entry: Entry, biblatex: bool) -> list[tuple[str, str]]:
    m = _ISO_DATE_RE.fullmatch(entry.date) if entry.date else None
    if biblatex:
        if m:
            return [("date", _braced(entry.date))]
        return [("date", _braced(str(entry.year)))] if entry.year is not None else []
    year = int(m.group(1)) if m else entry.year
    if year is None:
        return []
    out = [("year", _braced(str(year)))]
    if m and m.group(2) and 1 <= int(m.group(2)) <= 12:
        out.append(("month", _MONTH_ABBR[int(m.group(2))]))
    return out


def _genre_fields(entry: Entry, t: str, biblatex: bool, ascii: bool) -> list[tuple[str, str]]:
    if not entry.genre:
        return []
    if biblatex and t in ("thesis", "report") and entry.genre in _GENRE_TO_KEY:
        key = _GENRE_TO_KEY[entry.genre]
        return [("type", _braced(key))]
    if entry.genre == DEFAULT_GENRE.get(t):
        return []
    return [("type", _braced(protect_case(encode(entry.genre, ascii))))]


def merge_extra(fields: list[tuple[str, str]], extra: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """Columns, minus those an extra field of the same name overrides, then the extras in order."""
    if not extra:
        return fields
    names = {n.lower() for n, _ in extra}
    return [(n, v) for n, v in fields if n.lower() not in names] + list(extra)
