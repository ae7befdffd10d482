"""Single facts read off one line of a page: copyright, metrics, dates, volume and issue, DOI, ISSN, publisher.

Each function takes a line's text and returns the fact or None, so the reader can try them in turn and
know which lines it understood.
"""

from __future__ import annotations

import datetime
import re

from refman.formats.article_page.labels import COPYRIGHT

_YEAR = r"(?:19|20)\d\d"

# --- copyright ---------------------------------------------------------------------------------------------

_COPYRIGHT_PARTS = re.compile(
    rf"^(?:(?:copyright|hak\s+cipta)\b\s*:?\s*)?(?:\(c\)|©|@|\(C\))?\s*:?\s*"
    rf"(?P<year>{_YEAR})(?:\s*[-–—]\s*(?P<to>{_YEAR}))?\s*[,.]?\s*(?P<holder>.*)$",
    re.I,
)
# A full stop after a word of two letters or more, followed by a capital: "… by the authors. Licensee …"
# (but not the initials in "A. B. Smith").
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})\.\s+(?=[A-Z(])")
_RESERVED = re.compile(r"\s*[,.]?\s*(?:all\s+rights\s+reserved|hak\s+cipta\s+dilindungi[^.]*)\.?\s*$", re.I)


def copyright_statement(text: str) -> tuple[int, str, bool] | None:
    """(year, holder, is a range) from "Copyright (c) 2024 Rifki Muhammad" or "© 2022 by the authors. Licensee …".

    For a range ("© 2017–2024 Jurnal X") the year is the first one; `is a range` marks a site-wide notice.
    """
    t = text.strip()
    if not COPYRIGHT.match(t):
        return None
    m = _COPYRIGHT_PARTS.match(t)
    if m is None:
        return None
    holder = m.group("holder")
    # The holder ends with its sentence: "© 2022 by the authors. Licensee MDPI, …".
    end = _SENTENCE_END.search(holder)
    if end:
        holder = holder[: end.start()]
    holder = _RESERVED.sub("", holder)
    holder = re.sub(r"^by\s+", "", holder.strip(), flags=re.I).strip(" .,;")
    return int(m.group("year")), holder, m.group("to") is not None or bool(_RESERVED.search(text))


# --- metrics -----------------------------------------------------------------------------------------------

_NUMBER = r"(\d[\d.,]*)"
_ABSTRACT_VIEWS = re.compile(
    rf"(?:abstract|abstrak)\s*(?:views?|viewed|dilihat|dibaca)\s*[:\-=]?\s*{_NUMBER}", re.I
)
_FILE_VIEWS = re.compile(
    rf"(?P<file>pdf|html|full[- ]?text)\s*(?:views?|viewed|downloads?|downloaded|dilihat|diunduh)?\s*[:\-=]\s*{_NUMBER}",
    re.I,
)
_PLAIN_VIEWS = re.compile(
    rf"^(?:views?|dilihat|total\s+views?)\s*[:\-=]?\s*{_NUMBER}(?:\s*(?:times|kali))?$", re.I
)
_PLAIN_DOWNLOADS = re.compile(
    rf"^(?:downloads?|diunduh|unduhan|total\s+downloads?)\s*[:\-=]?\s*{_NUMBER}(?:\s*(?:times|kali))?$", re.I
)


def _count(number: str) -> str:
    """'1,204' and '1.204' (Indonesian thousands) are both 1204."""
    return re.sub(r"[.,]", "", number)


def metrics(text: str) -> list[tuple[str, str]]:
    """Extra fields for the counters on one line: ("abstract-views", "129"), ("pdf-downloads", "51")."""
    out: list[tuple[str, str]] = []
    if m := _ABSTRACT_VIEWS.search(text):
        out.append(("abstract-views", _count(m.group(1))))
    for m in _FILE_VIEWS.finditer(text):
        kind = m.group("file").lower().replace(" ", "").replace("-", "")
        name = {"pdf": "pdf-downloads", "html": "html-views"}.get(kind, "fulltext-views")
        out.append((name, _count(m.group(2))))
    if m := _PLAIN_VIEWS.match(text.strip()):
        out.append(("abstract-views", _count(m.group(1))))
    if m := _PLAIN_DOWNLOADS.match(text.strip()):
        out.append(("pdf-downloads", _count(m.group(1))))
    return out


# --- dates -------------------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "januari": 1,
    "feb": 2, "february": 2, "februari": 2, "pebruari": 2,
    "mar": 3, "march": 3, "maret": 3,
    "apr": 4, "april": 4,
    "may": 5, "mei": 5,
    "jun": 6, "june": 6, "juni": 6,
    "jul": 7, "july": 7, "juli": 7,
    "aug": 8, "august": 8, "agustus": 8, "agu": 8, "agt": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11, "nop": 11, "nopember": 11,
    "dec": 12, "december": 12, "des": 12, "desember": 12,
}  # fmt: skip
_DATE = (
    rf"(?:{_YEAR}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+[A-Za-z]{{3,10}}\.?,?\s+{_YEAR}"
    rf"|[A-Za-z]{{3,10}}\.?\s+\d{{1,2}},?\s+{_YEAR}|\d{{1,2}}/\d{{1,2}}/{_YEAR}|{_YEAR}/\d{{1,2}}/\d{{1,2}}"
    rf"|[A-Za-z]{{3,10}}\s+{_YEAR})"
)
_ISO = re.compile(rf"^({_YEAR})[-/](\d{{1,2}})[-/](\d{{1,2}})$")  # "2021-12-13", OPUS's "2021/12/13"
_DMY = re.compile(rf"^(\d{{1,2}})\s+([A-Za-z]{{3,10}})\.?,?\s+({_YEAR})$")
_MDY = re.compile(rf"^([A-Za-z]{{3,10}})\.?\s+(\d{{1,2}}),?\s+({_YEAR})$")
_SLASH = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/({_YEAR})$")
_MY = re.compile(rf"^([A-Za-z]{{3,10}})\s+({_YEAR})$")
_DATE_LABELS = {
    "received": "received",
    "submission received": "received",
    "submitted": "received",
    "diterima": "received",
    "dikirim": "received",
    "diajukan": "received",
    "revised": "revised",
    "direvisi": "revised",
    "accepted": "accepted",
    "disetujui": "accepted",
    "published": "published",
    "posted": "published",  # a preprint server's ("Posted July 11, 2019.")
    "published online": "published",
    "available online": "published",
    "issue date": "published",
    "date of publication": "published",
    "date of publication (online)": "published",
    "first published": "published",
    "publication date": "published",
    "diterbitkan": "published",
    "dipublikasikan": "published",
    "terbit": "published",
}
_LABELLED_DATE = re.compile(
    r"(?P<label>submission\s+received|published\s+online|available\s+online|issue\s+date"
    r"|date\s+of\s+publication(?:\s+\(online\))?|first\s+published|publication\s+date"
    r"|received|submitted|revised|accepted|published|posted"
    r"|diterima|dikirim|diajukan|direvisi|disetujui|diterbitkan|dipublikasikan|terbit)"
    rf"\s*(?:on\s*)?[:：]?\s*(?P<date>{_DATE})",
    re.I,
)


def iso_date(text: str) -> str:
    """'27 February 2022', 'February 27, 2022', '2023-12-15', '5/3/2021' (day first) -> ISO; '' if not a date."""
    t = " ".join(text.strip().rstrip(".,;").split())
    if m := _ISO.match(t):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(t):
        day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).lower(), 0), int(m.group(3))
    elif m := _MDY.match(t):
        month, day, year = _MONTHS.get(m.group(1).lower(), 0), int(m.group(2)), int(m.group(3))
    elif m := _SLASH.match(t):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _MY.match(t):
        month = _MONTHS.get(m.group(1).lower(), 0)
        return f"{m.group(2)}-{month:02d}" if month else ""
    else:
        return ""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # "31 Februari", month 13, day 0
        return ""


def labelled_dates(text: str) -> list[tuple[str, str]]:
    """[("received", "2022-01-20"), ("published", "2022-02-27")] from a line of article history."""
    out: list[tuple[str, str]] = []
    for m in _LABELLED_DATE.finditer(text):
        iso = iso_date(m.group("date"))
        if iso:
            label = _DATE_LABELS[" ".join(m.group("label").lower().split())]
            out.append((label, iso))
    return out


def leading_date(text: str) -> str:
    """The ISO date a line starts with ("2023-12-15", "15 December 2023"), or ''."""
    m = re.match(_DATE, text.strip())
    return iso_date(m.group(0)) if m else ""


# --- volume, issue, pages ----------------------------------------------------------------------------------

_VOLUME_ISSUE = re.compile(
    r"\b(?:vol(?:ume)?|jilid)\.?\s*(?P<volume>\d{1,4})\s*[,.]?\s*"
    r"(?:(?:nomor|number|num|no|issue|iss|edisi)\b\.?\s*(?P<issue>\d{1,3}[A-Za-z]?(?:\s*[-/&]\s*\d{1,3})?|S\d{1,2})\b)?"
    rf"(?:\s*[,(]?\s*(?:tahun\s+|year\s+)?(?:[A-Za-z]+\s+)?(?P<year>{_YEAR})\)?)?",
    re.I,
)


def volume_issue(text: str) -> tuple[str, str, int | None] | None:
    """('12', '2', 2023) from "Vol. 12 No. 2 (2023): December" or "Vol 8, No 1 (2021)"."""
    m = _VOLUME_ISSUE.search(text)
    if m is None:
        return None
    volume = m.group("volume").lstrip("0") or "0"
    issue = m.group("issue") or ""
    if issue.isdigit():
        issue = issue.lstrip("0") or "0"
    issue = re.sub(r"\s+", "", issue)
    year = int(m.group("year")) if m.group("year") else None
    return volume, issue, year


_PAGES = re.compile(r"\b(?:pp?\.?|pages?|halaman|hal\.?|hlm\.?)\s*[:.]?\s*(\d+)\s*[-–—]\s*(\d+)", re.I)
_BARE_PAGES = re.compile(r"^([A-Za-z]?\d+)\s*(?:[-–—]\s*([A-Za-z]?\d+))?$")


def pages(text: str, labelled: bool = False) -> str:
    """'101-115' from "pp. 101–115" (or from a bare "101–115" when the line is already known to be pages)."""
    if m := _PAGES.search(text):
        return f"{m.group(1)}-{m.group(2)}"
    if labelled and (m := _BARE_PAGES.match(text.strip())):
        return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
    return ""


# --- identifiers -------------------------------------------------------------------------------------------

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


_GLUED_LABEL = re.compile(
    r"(?<=\d)(?:Published|Received|Accepted|Revised|Cite|Citation|Download|Views?|Abstract|Full|PDF|Issue|Copyright|Get)\w*$"
)


_COMPONENT_DOI = re.compile(r"\.(?:g|t|s|e)\d{3,4}$")


def component_doi(value: str) -> bool:
    """A figure's, table's or supplement's own DOI (PLOS "…pone.0064117.g001"), not an article's."""
    return _COMPONENT_DOI.search(value) is not None


def doi(text: str) -> str:
    """The DOI in a line, without resolver prefix or trailing punctuation."""
    m = _DOI.search(text)
    if m is None:
        return ""
    # A label glued on by the page's inline markup ("…/eLife.04407Published December 29, 2014").
    value = _GLUED_LABEL.sub("", m.group(1))
    while value and value[-1] in ".,;:)]}'\u201d\u2019":
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


_ISSN_ITEM = re.compile(
    r"(?P<prefix>\b(?:[pe]\s*-?\s*|print\s+|online\s+|electronic\s+)?ISSN\b)?\s*[:.]?\s*"
    r"(?P<number>\d{4}\s*-\s*\d{3}[\dXx])(?:\s*\((?P<medium>[^)]{1,30})\))?",
    re.I,
)


def issns(text: str) -> list[tuple[str, str]]:
    """[("print", "2088-8379"), ("online", "2549-9165")]: each ISSN on the line with its medium if said."""
    if not re.search(r"\bISSN\b", text, re.I):
        return []
    out: list[tuple[str, str]] = []
    for m in _ISSN_ITEM.finditer(text):
        number = re.sub(r"\s+", "", m.group("number")).upper()
        words = f"{m.group('prefix') or ''} {m.group('medium') or ''}".lower()
        if re.search(r"\be\b|\be-|online|electronic|elektronik|daring", words):
            medium = "online"
        elif re.search(r"\bp\b|\bp-|print|cetak|media cetak", words):
            medium = "print"
        else:
            medium = ""
        out.append((medium, number))
    return out


# --- journal and publisher phrases -------------------------------------------------------------------------

_PUBLISHED_BY = re.compile(
    r"^(?:(?P<journal>.+?)\s+(?:is\s+)?)?(?:published\s+by|diterbitkan\s+oleh|publisher\s*[:：]|penerbit\s*[:：])"
    r"\s*:?\s*(?P<publisher>.+?)\.?$",
    re.I,
)
_LICENSED_WORK = re.compile(
    r"^(?P<work>.+?)(?:\s+by\s+(?P<owner>.+?))?\s+(?:is\s+licensed|berlisensi|dilisensikan)\b", re.I
)
_GENERIC_WORK = re.compile(
    r"^(?:this|the)\s+(?:work|article|journal|site|website|content|material|paper|publication|item|document"
    r"|book|chapter|page|research|study|preprint|thesis|dataset|version)|^karya\s+ini|^artikel\s+ini"
    r"|^all\s+(?:articles?|content)|^(?:articles?|content)\s+(?:in|on|of)\s",
    re.I,
)
_LICENSEE = re.compile(r"\blicensee\s+(?P<publisher>[^,.]+)(?:,\s*(?P<place>[^.]+))?", re.I)
_INDEXED_BY = re.compile(
    r"^(?P<journal>.+?)\s*(?:abstracted\s*/\s*indexed|abstracted\s+and\s+indexed|indexed)\s+(?:by|in)\b", re.I
)


def published_by(text: str) -> tuple[str, str] | None:
    """(journal, publisher) from "Jurnal X is published by Universitas Y." (journal may be '')."""
    m = _PUBLISHED_BY.match(text.strip())
    if m is None:
        return None
    journal = (m.group("journal") or "").strip(" ,.;")
    if _GENERIC_WORK.match(journal):
        journal = ""
    return journal, m.group("publisher").strip(" ,.;")


def licensed_work(text: str) -> tuple[str, str] | None:
    """(journal, publisher) from "Jurnal X by Penerbit Y is licensed under …"; ('', '') parts when generic."""
    m = _LICENSED_WORK.match(text.strip())
    if m is None:
        return None
    # "© 2016 Author(s). All article content, except where otherwise noted, is licensed …" (AIP)
    work = re.sub(r"^(?:©|\(c\)|copyright\b)[^.]*\.\s*", "", m.group("work").strip(), flags=re.I).strip(" ,.;")
    owner = (m.group("owner") or "").strip(" ,.;")
    if _GENERIC_WORK.match(work) or len(work) > 120:
        return None
    return work, owner


def licensee(text: str) -> tuple[str, str] | None:
    """(publisher, place) from "… Licensee MDPI, Basel, Switzerland. …"."""
    m = _LICENSEE.search(text)
    if m is None:
        return None
    return m.group("publisher").strip(), (m.group("place") or "").strip()


def indexed_journal(text: str) -> str:
    """The journal name before "Abstracted/Indexed by:" on a footer line."""
    m = _INDEXED_BY.match(text.strip())
    if m is None:
        return ""
    name = m.group("journal").strip(" ,.;:-|")
    return "" if _GENERIC_WORK.match(name) or len(name) > 150 else name
