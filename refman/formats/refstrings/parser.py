"""From one reference string to an Entry: normalise, label tokens with the CRF, then clean each field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from refman.core.model import Entry, Person
from refman.formats.refstrings import cleanup as cu
from refman.formats.refstrings.entry_types import Evidence, infer_type, looks_like_publisher
from refman.formats.refstrings.hyphenation import repair_inline, vocabulary
from refman.formats.refstrings.names import is_organisation, parse_names
from refman.formats.refstrings.relabel import relabel
from refman.formats.refstrings.tagger import label

_ROLE_OF = {
    "author": "author",
    "director": "author",
    "producer": "author",
    "editor": "editor",
    "translator": "translator",
}
_EDITOR_MARK = re.compile(r"\(\s*(?:eds?|editors?|hrsg|hg|éds?|coords?|dirs?)\.?\s*\)|\b(?:eds?|editors?)\.?\s*$", re.I)
_GENRE_HINT = re.compile(
    r"\b(thesis|dissertation|skripsi|tesis|disertasi|report|working paper|laporan|manuscript|"
    r"unpublished|preprint|data set|dataset|computer software|video|film|podcast|blog post|"
    r"conference presentation|poster|abstract|editorial|letter|review)\b",
    re.I,
)
_NAME_TAIL = re.compile(r"\s+(?:by\s+)?([A-Z][\w'’\-]*\.?(?:\s+[A-Z]\.)*)$")
_EDITION_TAIL = re.compile(
    r"\s*[(\[]?\s*(\d+)\s*(?:st|nd|rd|th|\.)?\s*(?:ed|edn|edition|aufl|éd)\.?\s*[)\]]?\s*$", re.I
)


@dataclass
class Labelled:
    """A reference split into its CRF fields, in order."""

    text: str
    tokens: list[str]
    labels: list[str]
    segments: list[tuple[str, str]] = field(default_factory=list)
    debris: set[str] = field(default_factory=set)
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # ("pmid", "24055351"), taken out of the text


# PubMed's identifiers a medical reference list appends ("[PMID: 24055351]", "PMID: 15692073", "PMCID:
# PMC3141478"): kept as the entry's pmid / pmcid, and out of the text the labeller reads, where the
# number was read as pages and the brackets cut the volume block ("2013;31:5339-48. [PMID:").
_PUBMED_ID = re.compile(r"\s*\[?\s*\b(?P<kind>PMID|PMCID)\s*:?\s*(?P<id>(?:PMC)?\d{1,9})\s*\]?\.?", re.I)


def pubmed_ids(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text without its PubMed identifiers, and those identifiers as ("pmid"|"pmcid", value)."""
    found = [(m.group("kind").lower(), m.group("id")) for m in _PUBMED_ID.finditer(text)]
    return (_PUBMED_ID.sub(" ", text).strip(), found) if found else (text, [])


def prepare(text: str) -> tuple[str, set[str]]:
    """Normalise a reference string before labelling: spacing, RIS debris, OCR slips, lost hyphen breaks."""
    t = cu.normalise_text(text)
    t, tags = cu.remove_debris(t)
    if "ı" in t:
        t = cu.fix_dotless_i(t, vocabulary())
    t = repair_inline(t)
    # A leading list number is no part of the reference.
    t = re.sub(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}\.(?=\s+\D)|\d{1,4}\)(?=\s))\s*", "", t)
    return t, tags


def label_reference(text: str, model: Path | None = None) -> Labelled:
    t, tags = prepare(text)
    t, identifiers = pubmed_ids(t)
    tokens = t.split()
    labels = relabel(tokens, label(tokens, model))
    segments: list[tuple[str, str]] = []
    for tok, lab in zip(tokens, labels, strict=True):
        if segments and segments[-1][0] == lab:
            segments[-1] = (lab, segments[-1][1] + " " + tok)
        else:
            segments.append((lab, tok))
    return Labelled(t, tokens, labels, segments, tags, identifiers)


def _strip_author_from_title(title: str, people: list[Person]) -> str:
    """'International Organisations 3rd Edition Clive Archer' -> drop the trailing author name
    that PDF metadata often glues onto a title."""
    if not people or not people[0].family:
        return title
    family = people[0].family
    initial = (people[0].given[:1] or "").upper()
    if not initial or not title.endswith(" " + family):
        return title
    m = _NAME_TAIL.search(title[: -len(family)].rstrip())
    if m and m.group(1)[:1].upper() == initial and len(title[: m.start()].split()) >= 2:
        return title[: m.start()].rstrip(" ,;:")
    return title


def _split_genre(genre: str) -> tuple[str, str]:
    """'[Doctoral dissertation, University of Malang]' -> ('Doctoral dissertation', 'University of Malang')."""
    g = cu.strip_brackets(cu.strip_punct(genre))
    if "," in g:
        head, tail = g.split(",", 1)
        if re.search(r"\b(univ|universit|institut|college|school|department)", tail, re.I):
            return head.strip(), tail.strip(" .")
    return g, ""


_VANCOUVER_LABELS = ("date", "volume", "pages")
_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,6}\.[,;:]?$")  # 'Syst.', 'Process.', 'Conf.'


def _join_vancouver(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """'2002 Jul' + '25;347(4):284-7.' labelled apart (date, pages) is one Vancouver block again."""
    out: list[tuple[str, str]] = []
    for name, text in segments:
        if out and name in _VANCOUVER_LABELS and out[-1][0] in _VANCOUVER_LABELS \
                and cu.split_vancouver(out[-1][1]) is None and cu.split_vancouver(text) is None:
            joined = out[-1][1] + " " + text
            if cu.split_vancouver(joined) is not None:
                out[-1] = (out[-1][0], joined)
                continue
        out.append((name, text))
    return out


# "Vaccine. 2013;31:5339-48.": a journal's name, then Vancouver's date;volume(issue):pages block.
_NAME_THEN_VANCOUVER = re.compile(r"^(?P<name>[A-Z][\w&'’ -]{1,80}?)\.?\s+(?P<block>(?:1[6-9]|20)\d\d\b.*)$")
_NOT_A_CONTAINER = ("note", "genre", "publisher")


def _split_vancouver_note(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A part after the title that is a journal's name and a Vancouver block ("Vaccine. 2013;31:5339-48."):
    the labeller knows "Lancet." or "Am J Epidemiol." as journals but may call a one-word name it never
    saw, and the block with it, a note, a genre or a publisher. Only right after the title, in the
    container's place, in a reference with no container."""
    if any(name in ("journal", "container-title") for name, _ in segments):
        return segments
    out: list[tuple[str, str]] = []
    for name, text in segments:
        m = _NAME_THEN_VANCOUVER.match(text.strip()) if name in _NOT_A_CONTAINER and out and out[-1][0] == "title" else None
        if m and cu.split_vancouver(m.group("block")) is not None:
            out += [("journal", m.group("name") + "."), ("volume", m.group("block"))]
            continue
        out.append((name, text))
    return out


def _join_abbreviated_container(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """'Proc. Adv. Neural Inf. Process.' + publisher 'Syst.,': an abbreviated proceedings or journal
    name cut at an abbreviation's dot; the lone abbreviated word after it belongs to the name."""
    out: list[tuple[str, str]] = []
    for name, text in segments:
        if out and name == "publisher" and out[-1][0] in ("container-title", "journal") \
                and _ABBREVIATION.match(text.strip()) and re.search(r"\b[A-Z][a-z]{0,6}\.$", out[-1][1].strip()):
            out[-1] = (out[-1][0], out[-1][1].rstrip() + " " + text.strip())
            continue
        out.append((name, text))
    return out


def build_entry(lab: Labelled) -> Entry:
    people: list[Person] = []
    titles: list[str] = []
    containers: list[tuple[str, str]] = []  # (label, text)
    volume = issue = pages = publisher = place = edition = genre = doi = url = isbn = ""
    month_hint = ""
    year: int | None = None
    date = ""
    date_has_day = False
    notes: list[str] = []
    extra: list[tuple[str, str]] = list(lab.identifiers)
    has_editor = False
    in_marker = False
    after_container = False
    publisher_open = False
    prev_label = ""
    for lab_name, text in _join_abbreviated_container(_join_vancouver(_split_vancouver_note(lab.segments))):
        vancouver = cu.split_vancouver(text) if lab_name in ("volume", "date", "pages") else None
        if vancouver is not None:
            vy, vwhen, vvol, viss, vpages = vancouver
            if year is None:
                year, date = cu.parse_date(vy + " " + vwhen)
            volume, issue, pages = volume or vvol, issue or viss, pages or vpages
            prev_label = lab_name
            continue
        if lab_name in _ROLE_OF:
            role = _ROLE_OF[lab_name]
            if role == "author" and _EDITOR_MARK.search(text):
                role = "editor"
            if role == "editor":
                has_editor = True
                if re.match(r"^\s*(?:in|dalam)\b", text, re.I):
                    in_marker = True
            people.extend(parse_names(text, role))
        elif lab_name == "title":
            if titles and not containers and (has_editor or in_marker):
                containers.append(("container-title", text))
            else:
                titles.append(text)
        elif lab_name in ("journal", "container-title"):
            if re.match(r"^\s*(?:in|dalam)\s*:?\s", text, re.I):
                in_marker = True
            containers.append((lab_name, text))
            after_container = True
        elif lab_name == "collection-title":
            extra.append(("collection-title", cu.clean_title(text)))
        elif lab_name == "volume":
            if not volume and not issue:
                v, i, mon = cu.split_volume(text)
                if cu.is_month(v):
                    month_hint, v = v, ""
                volume, issue, month_hint = v, i, mon or month_hint
        elif lab_name == "pages":
            if not pages:
                p = cu.clean_pages(text)
                # "2008, 8:8-20" (BioMed Central, Vancouver without a space) tagged as one pages field.
                vp = None if volume else re.fullmatch(r"(\d{1,4})(?:\((\w{1,8})\))?:([A-Za-z]?\d+(?:-[A-Za-z]?\d+)?)", p)
                if vp:
                    volume, issue, p = vp.group(1), issue or (vp.group(2) or ""), vp.group(3)
                if any(c.isdigit() for c in p):
                    pages = p
        elif lab_name == "date":
            y, iso = cu.parse_date(text)
            if y is not None and year is None:
                year, date = y, iso
                date_has_day = iso.count("-") == 2
            elif y is not None and year == y and after_container and not volume and re.fullmatch(
                r"\(?\d{4}\)?[.,;:]?", text.strip()
            ):
                volume = str(y)  # 'Complexity, 2018, 1–16': the year in the volume slot
            elif y is None and cu.is_month(cu.strip_punct(text)) and not month_hint:
                month_hint = cu.strip_punct(text)
            elif y is not None:
                extra.append(("date-other", cu.strip_punct(text)))
        elif lab_name == "publisher":
            if not publisher:
                publisher = cu.strip_punct(cu.strip_brackets(text), keep_final_dot=False)
                publisher_open = not re.search(r"[.,:;)]$", text)
        elif lab_name == "location":
            if publisher and publisher_open and prev_label == "publisher" and is_organisation(publisher):
                # 'Universitas Muhammadiyah Malang': a place name that is part of the institution's name.
                publisher = cu.strip_punct(publisher + " " + text)
            elif not place:
                place = cu.strip_punct(text)
        elif lab_name == "edition":
            edition = cu.parse_edition(text)
        elif lab_name == "genre":
            g, where = _split_genre(text)
            genre = genre or g
            if where and not publisher:
                publisher = where
        elif lab_name == "doi":
            doi = doi or cu.clean_doi(text)
        elif lab_name == "url":
            u = cu.clean_url(text)
            d = cu.clean_doi(u) if "doi.org" in u else ""
            if d and not doi:
                doi = d
            elif u and not url:
                url = u
        elif lab_name == "isbn":
            isbn = isbn or cu.clean_isbn(text)
        elif lab_name == "note":
            n = cu.strip_punct(text)
            if n and not re.fullmatch(r"(?:retrieved|available|accessed)?\s*(?:from|at|online)?", n, re.I):
                notes.append(n)
        elif lab_name in ("medium", "source"):
            extra.append((lab_name, cu.strip_punct(text)))
        prev_label = lab_name
    # DOIs and URLs written anywhere (a CRF slip must not lose them).
    if not doi:
        found = re.search(r"\b10\.\d{4,9}/[^\s\"<>]+", lab.text)
        if found:
            doi = cu.clean_doi(found.group(0))
    if not url:
        u = cu.clean_url(lab.text)
        if u and not ("doi.org" in u and doi):
            url = u

    if not titles:
        # MLA 'Said, Edward W. Orientalism.': a short title swallowed by the author field.
        for k, (lab_name, text) in enumerate(lab.segments):
            if lab_name == "author":
                m = re.search(r"^(.*?,\s*(?:[^\W\d_][\w'’\-]*\s+)*[A-Z]\.)\s+([A-Z][^.]*[.?!])\s*$", text)
                if m and not re.search(r"\b(?:and|&)\b|,", m.group(2)):
                    lab.segments[k] = ("author", m.group(1))
                    people = [p for p in people if p.role != "author"] + parse_names(m.group(1))
                    titles.append(m.group(2))
                break
    title = repair_inline(cu.clean_title(titles[0])) if titles else ""
    # APA 7 puts the kind of work in brackets after the title: '… pemula [Skripsi]', '[Doctoral dissertation, X]'.
    m = re.search(r"\s*\[([^\[\]]+)\]$", title)
    if m and _GENRE_HINT.search(m.group(1)):
        g, where = _split_genre(m.group(1))
        genre = genre or g
        if where and not publisher:
            publisher = where
        title = title[: m.start()].rstrip(" ,;:.")
    if "]" in publisher:
        publisher = publisher.split("]")[0].strip(" .,;:[")
    container_label, container = ("", "")
    if containers:
        container_label, container = containers[0][0], repair_inline(cu.clean_container(containers[0][1]))
    elif len(titles) > 1:
        container_label, container = "container-title", repair_inline(cu.clean_container(titles[1]))

    m = _EDITION_TAIL.search(title)
    if m and len(title) > m.end() - m.start() + 3:
        edition = edition or m.group(1)
        title = title[: m.start()].rstrip(" ,;:.")
    stripped = _strip_author_from_title(title, [p for p in people if p.role == "author"])
    if stripped != title:
        title = stripped
        m = _EDITION_TAIL.search(title)
        if m and len(title) > m.end() - m.start() + 3:
            edition = edition or m.group(1)
            title = title[: m.start()].rstrip(" ,;:.")

    # A "container" that is really a publisher ('… Research Design. SAGE Publications, 11.').
    if container and not publisher and not issue and not pages and looks_like_publisher(container):
        publisher, container, container_label = container, "", ""

    # A lone page number on a book is a pinpoint (a note citation's locator), not the book's pages.
    if pages and not container and re.fullmatch(r"\d{1,4}", pages) and (publisher or place):
        extra.append(("locator", pages))
        pages = ""

    if month_hint and year and date == str(year):
        mn = cu.month_number(month_hint)
        if mn:
            date = f"{year}-{mn:02d}"

    ev = Evidence(
        has_journal_label=container_label == "journal",
        has_container_label=container_label == "container-title",
        container=container,
        has_editor=has_editor,
        in_marker=in_marker or bool(re.search(r"[.,]\s+(?:In|Dalam)\s*:?\s", lab.text)),
        book_tag="BT" in lab.debris,
        volume=volume,
        issue=issue,
        pages=pages,
        publisher=publisher,
        genre=genre,
        url=url,
        doi=doi,
        isbn=isbn,
        edition=edition,
        date_has_day=date_has_day,
    )
    entry_type = infer_type(ev)
    if entry_type == "thesis" and genre:
        genre = genre[:1].upper() + genre[1:]
    return Entry(
        entry_type=entry_type,
        title=title,
        contributors=tuple(people),
        year=year,
        date=date,
        container=container,
        volume=volume,
        issue=issue,
        pages=pages,
        publisher=publisher,
        place=place,
        edition=edition,
        genre=genre,
        doi=doi,
        url=url,
        isbn=isbn,
        note="; ".join(notes),
        extra=tuple(extra),
    )


def parse_reference(text: str, model: Path | None = None) -> Entry:
    """One reference string -> Entry (citekey left empty: the store assigns keys)."""
    if not text or not text.strip():
        return Entry(entry_type="document")
    return build_entry(label_reference(text, model))
