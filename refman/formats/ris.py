"""RIS, the tagged format of EndNote, Scopus, Web of Science and most publisher sites.

rispy 0.10.0 parses and formats the tag lines, but it stops at nothing: one record without
`ER  -` swallows the next, and header text is silently skipped. So this module splits the
file into records itself (by `TY  -` and `ER  -` lines), gives each record to rispy alone,
and reports a record that does not open with TY or does not close with ER, with its line.

Mapping to Entry (reading; the writer emits the first tag of each list):
  TY type (JOUR, BOOK, CHAP, CONF/CPAPER, THES, RPRT, ELEC/WEB, GEN, ...; the word itself is
  kept in original_type) · ID citekey (a number, EndNote's record id, is no citekey and goes
  to extra) · AU/A1 authors, A2/ED editors, A4 translators, as "Family, Given, Suffix"; a
  name without a comma is an organisation (literal) · TI/T1 title (BT for whole books) ·
  T2/JF/JO/BT container · PY/Y1/DA date ("2020/03/05/other") · VL · IS · SP/EP pages
  "SP-EP" · PB · CY · ET · DO · UR (first) · SN ISBN or ISSN by shape or a Scopus-style
  "(ISBN)"/"(ISSN)" mark · AB (N2 when there is no AB) · KW, one keyword per line · N1 note
  (several joined by a blank line) · LA · M3 genre. Every other tag, and every value not
  taken, stays in Entry.extra under its tag, in file order; a tag-named extra is written back.

Multi-line values use continuation lines. A continuation line that itself looks like a tag
line is written with one extra leading space, which the reader removes again.
RIS has no place for licence, copyright, affiliations or non-tag extra fields (e.g. BibTeX's
`howpublished`): those are not written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from rispy import LIST_TYPE_TAGS, TAG_KEY_MAPPING, RisParser
from rispy.writer import BaseWriter

from refman.core.citekeys import is_valid_key
from refman.core.model import Entry, ParseResult, Person, Problem, RawBlock
from refman.core.records import ExportRecord

FORMAT = "ris"

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?:[ \t](.*))?$")
_NUMBER_LINE = re.compile(r"^\s*\d+\.\s*$")  # rispy's own writer numbers records "1.", "2."
_NAME_TO_TAG = {name: tag for tag, name in TAG_KEY_MAPPING.items()}

_RIS_TYPES: dict[str, str] = {
    "JOUR": "article-journal",
    "EJOUR": "article-journal",
    "JFULL": "article-journal",
    "INPR": "article-journal",
    "ABST": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "UNPB": "article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CLSWK": "book",
    "PAMP": "book",
    "SER": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CPAPER": "paper-conference",
    "CONF": "paper-conference",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "STAND": "report",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "webpage",
    "ICOMM": "webpage",
    "MANSCPT": "manuscript",
    "DATA": "dataset",
    "DBASE": "dataset",
    "AGGR": "dataset",
    "COMP": "software",
    "PAT": "patent",
    "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary",
    "STAT": "legislation",
    "BILL": "legislation",
    "LEGAL": "legislation",
    "HEAR": "legislation",
    "CASE": "legal_case",
    "SLIDE": "speech",
    "MPCT": "motion_picture",
    "VIDEO": "motion_picture",
    "ADVS": "motion_picture",
    "GEN": "document",
}
# The type each entry type is written as, when its original RIS word is not at hand.
_WRITE_TYPE: dict[str, str] = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "article": "UNPB",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "manuscript": "MANSCPT",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "legislation": "STAT",
    "legal_case": "CASE",
    "speech": "SLIDE",
    "motion_picture": "MPCT",
    "document": "GEN",
}
_BOOKISH = {"book", "chapter", "paper-conference", "report", "thesis", "entry-encyclopedia", "entry-dictionary"}
_ROLE_TAGS = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor", "A4": "translator"}
_WRITE_ROLE_TAG = {"author": "AU", "editor": "A2", "translator": "A4"}


# --------------------------------------------------------------------------------------------
# Splitting a file into records


@dataclass
class _Record:
    line: int  # 1-based line of the TY line
    lines: list[str] = field(default_factory=list)


def _split(text: str, source: str, problems: list[Problem]) -> list[_Record]:
    """Records from TY to ER; everything malformed is reported with its line and skipped."""
    records: list[_Record] = []
    current: _Record | None = None
    orphan: int | None = None  # first line of tag lines seen outside a record
    junk: int | None = None  # first line of a run of plain text between records
    seen_record = False

    def close_orphan(end: int) -> None:
        nonlocal orphan
        if orphan is not None:
            span = f"lines {orphan}-{end}" if end > orphan else f"line {orphan}"
            problems.append(Problem(source, orphan, f"RIS tags without a 'TY  -' line ({span}); skipped"))
            orphan = None

    def close_junk(end: int) -> None:
        nonlocal junk
        if junk is not None:
            span = f"lines {junk}-{end}" if end > junk else f"line {junk}"
            problems.append(Problem(source, junk, f"text outside any RIS record ({span}) ignored", "warning"))
            junk = None

    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        m = _TAG_LINE.match(line)
        tag = m.group(1) if m else None
        if current is not None:
            if tag == "TY":
                problems.append(
                    Problem(
                        source,
                        current.line,
                        f"record starting at line {current.line} has no 'ER  -' line before the next "
                        f"record at line {number}; skipped",
                    )
                )
                current = _Record(number, [line])
            elif tag == "ER":
                current.lines.append(line)
                records.append(current)
                current = None
            else:
                current.lines.append(line)
            continue
        if tag == "TY":
            close_orphan(number - 1)
            close_junk(number - 1)
            current = _Record(number, [line])
            seen_record = True
        elif tag == "ER":
            close_junk(number - 1)
            if orphan is not None:
                close_orphan(number)
            else:
                problems.append(Problem(source, number, "'ER  -' line without a record before it; ignored", "warning"))
        elif tag is not None:
            close_junk(number - 1)
            if orphan is None:
                orphan = number
        elif not line.strip() or _NUMBER_LINE.match(line):
            continue
        elif orphan is None and seen_record and junk is None:
            junk = number
    last = len(lines) - (1 if lines and lines[-1] == "" else 0)
    close_orphan(last)
    close_junk(last)
    if current is not None:
        problems.append(
            Problem(
                source,
                current.line,
                f"record starting at line {current.line} is not closed by an 'ER  -' line "
                "(file truncated?); skipped",
            )
        )
    return records


def _logical(record: _Record) -> list[tuple[str, str, int]]:
    """(tag, value, line) with continuation lines joined to their tag's value by newlines."""
    out: list[list[Any]] = []
    for offset, line in enumerate(record.lines):
        m = _TAG_LINE.match(line)
        if m:
            out.append([m.group(1), m.group(2) or "", record.line + offset])
        elif out:
            if line.startswith(" ") and _TAG_LINE.match(line.lstrip(" ")):
                line = line[1:]  # our writer's escape of a value line that looks like a tag
            out[-1][1] += "\n" + line
    return [(t, v.strip(), n) for t, v, n in out if t != "ER"]


def _rispy_values(tags: list[tuple[str, str, int]]) -> dict[str, list[str]]:
    """Each tag's values, in order, as rispy parses them."""
    parser = RisParser(enforce_list_tags=False, delimiter_tags_mapping={})
    # A literal "UK" tag would collide with rispy's own bucket for unknown tags.
    lines = [f"{t}  - {v}" for t, v, _ in tags if t != "UK"] + ["ER  - "]
    parsed = parser.parse_lines(iter(lines))
    values: dict[str, list[str]] = {}
    uk = [v for t, v, _ in tags if t == "UK"]
    if uk:
        values["UK"] = uk
    if not parsed:
        return values
    for name, value in parsed[0].items():
        if name == "unknown_tag":
            for tag, vals in value.items():
                values[tag] = [str(v) for v in vals]
        elif name in _NAME_TO_TAG:
            values[_NAME_TO_TAG[name]] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return values


# --------------------------------------------------------------------------------------------
# Values


def _person(text: str, role: str) -> Person | None:
    s = text.strip()
    if not s:
        return None
    if "," not in s:
        return Person(literal=s, role=role)
    parts = [p.strip() for p in s.split(",")]
    family, given, suffix = parts[0], parts[1], ", ".join(parts[2:])
    particle = ""
    m = re.match(r"^((?:[a-z][^\s]*\s+)+)(\S.*)$", family)
    if m:
        particle, family = m.group(1).strip(), m.group(2)
    return Person(family=family, given=given, particle=particle, suffix=suffix, role=role)


def _person_text(p: Person) -> str:
    if p.literal:
        return p.literal
    family = f"{p.particle} {p.family}".strip()
    if p.suffix:
        return f"{family}, {p.given}, {p.suffix}"
    if p.given:
        return f"{family}, {p.given}"
    return f"{family}," if family else ""


def _parse_date(text: str) -> tuple[list[int], str] | None:
    """'2020', '2020///', '2020/03/05/Spring', '2020-03-05' as ([y, m, d], other) or None."""
    s = text.strip()
    parts = s.split("/") if "/" in s else s.split("-")
    if not re.fullmatch(r"\d{4}", parts[0]):
        return None
    out = [int(parts[0])]
    for i, part in enumerate(parts[1:3], 1):
        if not part:
            break
        if not re.fullmatch(r"\d{1,2}", part) or not (1 <= int(part) <= (12 if i == 1 else 31)):
            return None
        out.append(int(part))
    other = "/".join(parts[3:]).strip() if "/" in s else ""
    if "/" not in s and len(parts) > 3:
        return None
    if len(out) < len([p for p in parts[1:3] if p]):
        return None  # a day without a month
    return out, other


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


_SN_MARK = re.compile(r"\s*\((ISSN|ISBN)\)\s*$", re.IGNORECASE)


def _sn_kind(value: str) -> str | None:
    first = value.split()[0] if value.split() else ""
    if re.fullmatch(r"\d{4}-?\d{3}[\dXx]", first):
        return "issn"
    if len(re.sub(r"[^0-9Xx]", "", first)) in (10, 13):
        return "isbn"
    return None


# --------------------------------------------------------------------------------------------
# Record -> Entry


def _entry(tags: list[tuple[str, str, int]], values: dict[str, list[str]]) -> tuple[Entry, list[str]]:
    warnings: list[str] = []
    pool = {t: [v for v in vals if v] for t, vals in values.items()}

    def take(*names: str) -> str:
        for name in names:
            if pool.get(name):
                return pool[name].pop(0)
        return ""

    ty = take("TY").strip()
    entry_type = _RIS_TYPES.get(ty.upper(), "document")
    if ty.upper() not in _RIS_TYPES:
        warnings.append(f"unknown RIS type '{ty}'; imported as document" if ty else "empty TY; imported as document")
    fields: dict[str, Any] = {"entry_type": entry_type, "original_type": ty}

    ident = take("ID")
    if ident and is_valid_key(ident) and not ident.isdigit():
        fields["citekey"] = ident
    elif ident:
        pool.setdefault("ID", []).insert(0, ident)

    # Contributors in file order across AU/A1/A2/ED/A4, values as rispy read them.
    people: list[Person] = []
    for tag, _, _ in tags:
        if tag in _ROLE_TAGS and pool.get(tag):
            p = _person(pool[tag].pop(0), _ROLE_TAGS[tag])
            if p is not None:
                people.append(p)
    fields["contributors"] = tuple(people)

    fields["title"] = take("TI", "T1") or (take("BT") if entry_type == "book" else "")
    container = take("T2", "JF", "JO", "BT")
    fields["container"] = container
    for alt in ("JF", "JO", "BT"):
        if container and pool.get(alt):
            pool[alt] = [v for v in pool[alt] if v != container]

    dates: list[tuple[list[int], str]] = []
    for tag in ("PY", "Y1", "DA"):
        kept: list[str] = []
        for v in pool.get(tag, []):
            parsed = _parse_date(v)
            if parsed is None or parsed[1]:
                kept.append(v)
            if parsed is not None:
                dates.append(parsed)
        pool[tag] = kept
    if dates:
        year = dates[0][0][0]
        same = [d for d, _ in dates if d[0] == year]
        best = max(same, key=len)
        fields["year"], fields["date"] = year, _iso(best)
        for tag in ("PY", "Y1", "DA"):  # dates of another year were not used: keep them
            pool[tag] = pool[tag] + [
                v for v in values.get(tag, []) if (d := _parse_date(v)) and not d[1] and d[0][0] != year
            ]

    fields["volume"] = take("VL")
    fields["issue"] = take("IS")
    sp, ep = take("SP"), take("EP")
    fields["pages"] = f"{sp}-{ep}" if sp and ep else sp
    if ep and not sp:
        pool.setdefault("EP", []).insert(0, ep)
    fields["publisher"] = take("PB")
    fields["place"] = take("CY")
    fields["edition"] = take("ET")
    fields["doi"] = take("DO")
    fields["url"] = take("UR")
    fields["language"] = take("LA")
    fields["genre"] = take("M3")
    fields["abstract"] = take("AB", "N2")

    sn_left: list[str] = []
    for v in pool.get("SN", []):
        mark = _SN_MARK.search(v)
        kind = mark.group(1).lower() if mark else _sn_kind(v)
        core = v[: mark.start()] if mark else v
        if kind is None:
            kind = "isbn" if entry_type in _BOOKISH else "issn"
        if not fields.get(kind):
            fields[kind] = core
        else:
            sn_left.append(v)
    pool["SN"] = sn_left

    fields["keywords"] = tuple(pool.pop("KW", []))
    notes = pool.pop("N1", [])
    fields["note"] = "\n\n".join(notes)

    extra: list[tuple[str, str]] = []
    for tag in dict.fromkeys(t for t, _, _ in tags):
        extra.extend((tag, v) for v in pool.get(tag, []))
    return Entry(extra=tuple(extra), **fields), warnings


# --------------------------------------------------------------------------------------------
# Registry contract


def sniff(text: str, filename: str) -> float:
    head = text[:8192].lstrip("\ufeff")
    score = 0.0
    if re.search(r"^TY  - ", head, re.MULTILINE):
        score = 0.8
        first = next((ln for ln in head.split("\n") if ln.strip()), "")
        if first.startswith("TY  - ") or re.search(r"^ER  -", head, re.MULTILINE):
            score = 0.95
    if filename.lower().endswith(".ris"):
        score = max(score, 0.3) + 0.04
    return min(score, 1.0)


def read(text: str, source: str) -> ParseResult:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    if not text.strip():
        return ParseResult(FORMAT, problems=(Problem(source, None, "empty file: no RIS records"),))
    records = _split(text, source, problems)
    if not records and not problems:
        problems.append(Problem(source, 1, "no RIS records found (no 'TY  - ' line)"))
    entries: list[Entry] = []
    raws: list[str] = []
    blocks: list[RawBlock] = []
    for record in records:
        tags = _logical(record)
        try:
            values = _rispy_values(tags)
        except Exception as exc:  # rispy is third-party: one record must never stop the file
            problems.append(Problem(source, record.line, f"record could not be parsed: {exc}; skipped"))
            continue
        entry, warnings = _entry(tags, values)
        if len(tags) <= 1:
            warnings.append("no fields besides TY; imported as an empty entry")
        label = f"record at line {record.line}" + (f" ('{entry.citekey}')" if entry.citekey else "")
        problems.extend(Problem(source, record.line, f"{label}: {w}", "warning") for w in warnings)
        raw = "\n".join(record.lines)
        blocks.append(RawBlock("entry", raw, record.line, len(entries)))
        entries.append(entry)
        raws.append(raw)
    return ParseResult(FORMAT, tuple(entries), tuple(blocks), tuple(problems), raw_texts=tuple(raws))


# --------------------------------------------------------------------------------------------
# Entry -> RIS


class _Writer(BaseWriter):
    START_TAG = "TY"
    PATTERN = "{tag}  - {value}"
    DEFAULT_MAPPING = TAG_KEY_MAPPING
    DEFAULT_LIST_TAGS = LIST_TYPE_TAGS
    DEFAULT_DELIMITER_MAPPING: dict[str, str] = {}  # noqa: RUF012 - rispy's own class attribute
    SEPARATOR = None

    def set_header(self, count: int) -> str:
        return ""


def _escape(value: str) -> str:
    lines = value.split("\n")
    return "\n".join([lines[0]] + [" " + ln if _TAG_LINE.match(ln.lstrip(" ")) else ln for ln in lines[1:]])


def _ris_type(entry: Entry) -> str:
    ot = entry.original_type
    if ot in _RIS_TYPES and _RIS_TYPES[ot] == entry.entry_type:
        return ot
    if entry.entry_type == "document" and re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", ot):
        return ot  # a type word this module does not know, read from RIS: give it back
    return _WRITE_TYPE.get(entry.entry_type, "GEN")


def entry_to_ris(entry: Entry) -> list[tuple[str, str]]:
    """(tag, value) lines of one record, without TY and ER."""
    out: list[tuple[str, str]] = []

    def add(tag: str, value: str) -> None:
        if value.strip():
            out.append((tag, value))

    add("ID", entry.citekey)
    for p in entry.contributors:
        if p.role in _WRITE_ROLE_TAG:
            add(_WRITE_ROLE_TAG[p.role], _person_text(p))
    add("TI", entry.title)
    add("T2", entry.container)
    if entry.year is not None:
        add("PY", f"{entry.year:04d}" if entry.year >= 0 else str(entry.year))
    parsed = _parse_date(entry.date) if entry.date and "/" not in entry.date else None
    if parsed and (entry.year is None or parsed[0][0] == entry.year) and (len(parsed[0]) > 1 or entry.year is None):
        add("DA", "/".join([f"{parsed[0][0]:04d}", *(f"{n:02d}" for n in parsed[0][1:])]))
    add("VL", entry.volume)
    add("IS", entry.issue)
    m = re.fullmatch(r"([^\s-]+)-([^\s-]+)", entry.pages)
    if m:
        add("SP", m.group(1))
        add("EP", m.group(2))
    else:
        add("SP", entry.pages)
    add("ET", entry.edition)
    add("PB", entry.publisher)
    add("CY", entry.place)
    for kind, value in (("isbn", entry.isbn), ("issn", entry.issn)):
        if value.strip():
            shape = _sn_kind(value) or ("isbn" if entry.entry_type in _BOOKISH else "issn")
            mark = _SN_MARK.search(value)
            add("SN", value if shape == kind and not mark else f"{value} ({kind.upper()})")
    add("DO", entry.doi)
    add("UR", entry.url)
    add("LA", entry.language)
    add("M3", entry.genre)
    for kw in entry.keywords:
        add("KW", kw)
    add("AB", entry.abstract)
    add("N1", entry.note)
    for key, value in entry.extra:
        if _TAG_LINE.match(f"{key}  - ") and key not in ("TY", "ER"):
            add(key, value)
    return [(t, _escape(v.strip())) for t, v in out]


def _ref(entry: Entry) -> dict[str, Any]:
    """The record as the dict rispy's writer takes: tag names as keys, lists of values."""
    ref: dict[str, Any] = {"type_of_reference": _ris_type(entry)}
    unknown: dict[str, list[str]] = {}
    for tag, value in entry_to_ris(entry):
        name = TAG_KEY_MAPPING.get(tag)
        if name is None or tag in ("UK", "TY", "ER"):
            if not unknown:
                ref["unknown_tag"] = unknown
            unknown.setdefault(tag, []).append(value)
        else:
            ref.setdefault(name, []).append(value)
    return ref


def _raw_if_current(record: ExportRecord) -> str | None:
    """The record's original RIS text, when it is one record that still gives the entry's key."""
    if record.raw is None or record.entry is None:
        return None
    raw = record.raw.strip("\n")
    lines = raw.split("\n")
    tags = [m.group(1) for m in map(_TAG_LINE.match, lines) if m]
    if not lines[0].startswith("TY  -") or not _TAG_LINE.match(lines[-1]) or tags.count("TY") != 1:
        return None
    if tags[-1] != "ER" or tags.count("ER") != 1:
        return None
    ident = next((m.group(2) or "" for m in map(_TAG_LINE.match, lines) if m and m.group(1) == "ID"), "").strip()
    key = ident if ident and is_valid_key(ident) and not ident.isdigit() else ""
    return raw + "\n" if key == record.entry.citekey else None


def write(records: Iterable[ExportRecord], out: TextIO, **options: object) -> int:
    """Write ER-terminated records, separated by a blank line. Returns the number written."""
    writer = _Writer(enforce_list_tags=False)
    count = 0
    for record in records:
        if record.kind != "entry" or record.entry is None:
            continue
        if count:
            out.write("\n")
        raw = _raw_if_current(record)
        if raw is not None:
            out.write(raw)
        else:
            writer.format_lines(out, [_ref(record.entry)])
        count += 1
    return count
