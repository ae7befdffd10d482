"""Rule-based clean-up of the text the CRF labelled: one small function per field.

The CRF decides which words belong to which field; these rules turn a field's words into the value a
person expects: `31(2)` is volume 31 issue 2, `05(08)` is 5 and 8, "March" in the issue slot is a month
and not an issue, "pp. 1243–1248" is the page range "1243-1248", "(3rd ed.)" is edition "3".

Page ranges are written with a plain hyphen-minus ("333-340") whatever dash the source used, because
that is what CSL-JSON and BibTeX carry; citation styles turn it into an en dash when they render.
"""

from __future__ import annotations

import re
import unicodedata

from refman.formats.refstrings import lexicon as lx

_SPACES = re.compile(r"\s+")
_DASH = "-‐‑‒–—―"
_DASH_RUN = re.compile(rf"\s*[{_DASH}]+\s*")
_QUOTES = "\"“”„‟«»‘’‚'`"


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_punct(text: str, keep_final_dot: bool = False) -> str:
    """Trim separators around a field: ', ; :' always, a final '.' unless it ends an abbreviation."""
    t = squash(text).strip(" ,;:")
    if not keep_final_dot:
        while t.endswith(".") and not re.search(r"(?:\b[A-Z]|\b(?:al|Inc|Ltd|Co|Jr|Sr|St|etc))\.$", t):
            t = t[:-1].rstrip(" ,;:")
    return t


def strip_brackets(text: str) -> str:
    """Remove one pair of unbalanced or enclosing brackets: '(2011)' -> '2011', '(Vol. 3' -> 'Vol. 3'."""
    t = text.strip()
    for o, c in (("(", ")"), ("[", "]"), ("<", ">")):
        if t.startswith(o) and t.endswith(c):
            t = t[1:-1].strip()
        if t.startswith(o) and c not in t:
            t = t[1:].strip()
        if t.endswith(c) and o not in t:
            t = t[:-1].strip()
    return t


def clean_title(text: str) -> str:
    """Drop enclosing quotes and trailing separators; keep a closing '?' or '!' ('War?.' -> 'War?')."""
    t = squash(text).strip(" ,;:")
    for _ in range(3):
        before = t
        t = t.strip(" ,;:")
        if t.endswith(".") and not re.search(r"\b(?:[A-Z]|al|etc|Inc|Ltd|Co|Jr|St|U\.S|vs)\.$", t):
            t = t[:-1]
        if len(t) > 1 and t[0] in _QUOTES and t[-1] in _QUOTES:
            t = t[1:-1]
        elif len(t) > 1 and t[0] in _QUOTES and not any(q in t[1:] for q in _QUOTES):
            t = t[1:]
        elif len(t) > 1 and t[-1] in _QUOTES and not any(q in t[:-1] for q in _QUOTES):
            t = t[:-1]
        t = t.strip()
        if t == before:
            break
    if t.startswith("[") and t.endswith("]") and t.count("[") == 1:
        t = t[1:-1]
    return t


def clean_container(text: str) -> str:
    """Journal or book title: drop a leading 'In' / 'In:' and enclosing punctuation."""
    t = squash(text)
    t = re.sub(r"^(?:in|dalam|en|dans|im)\s*:?\s+(?=\S)", "", t, flags=re.I)
    t = re.sub(r"\(\s*(?:vol|bd|jg)\.?\s*$", "", t, flags=re.I)
    return clean_title(t)


def _roman_to_int(s: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    s = s.lower()
    if not s or any(c not in values for c in s):
        return None
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        va = values[a]
        total += -va if b and values[b] > va else va
    return total


def _number(text: str) -> str:
    """'05' -> '5', 'S2' stays, '3A' stays: leading zeros go, other characters stay."""
    t = text.strip(" .,;:")
    if t.isdecimal() and t.isascii():  # "²" and other Unicode digits are digits but not numbers int() reads
        return str(int(t))
    return t


def is_month(text: str) -> bool:
    words = [w for w in re.split(r"[\s/\-–.,]+", text.lower()) if w]
    return bool(words) and all(w in lx.MONTHS or w in lx.SEASONS for w in words)


def month_number(text: str) -> int | None:
    for w in re.split(r"[\s/\-–.,]+", text.lower()):
        if w in lx.MONTHS:
            return lx.MONTHS[w]
    return None


_VOL_WORD = r"(?:vol(?:ume)?s?|bd|band|jg|jahrgang|t|tome|tomo|v)\.?"
_NO_WORD = r"(?:no|nos|nr|num|núm|number|issue|iss|heft|h|n°|n)\.?"


def split_volume(text: str) -> tuple[str, str, str]:
    """Volume field text -> (volume, issue, month found in the issue slot).

    '31(2),' -> ('31', '2', ''); '05(08)' -> ('5', '8', ''); '4(March)' -> ('4', '', 'March');
    'Vol. 9, No. 3' -> ('9', '3', ''); 'vol. 51, no. 10' -> ('51', '10', '').
    """
    t = squash(text).strip(" ,;:.")
    t = strip_brackets(t) if t.startswith("(") and t.count("(") > t.count(")") else t
    volume = issue = month = ""
    m = re.match(
        rf"^(?:{_VOL_WORD}\s*)?([\w.\-–/]+?)\s*\(\s*([^()]+?)\s*\)?\s*(?:[,:].*)?$", t, flags=re.I
    )
    if m and not re.match(rf"^{_NO_WORD}\s*\(", t, flags=re.I):
        volume, inner = m.group(1), m.group(2)
        inner = re.sub(rf"^{_NO_WORD}\s*", "", inner, flags=re.I).strip(" .,")
        if is_month(inner):
            month = inner
        elif re.fullmatch(r"(?:1[5-9]|20)\d\d", inner):
            month = ""  # '(1993)' after a volume is the year, not an issue
        else:
            issue = inner
    else:
        mv = re.search(rf"\b{_VOL_WORD}\s*([\w\-–/]+)", t, flags=re.I)
        mi = re.search(rf"(?:^|[\s,;(]){_NO_WORD}\s*([\w\-–/]+)", t, flags=re.I)
        if mv:
            volume = mv.group(1)
        if mi:
            cand = mi.group(1)
            if is_month(cand):
                month = cand
            else:
                issue = cand
        if not mv and not mi:
            parts = [p for p in re.split(r"[\s,;:.]+", t) if p]
            if parts and is_month(" ".join(parts)):
                month = " ".join(parts)
            elif len(parts) == 2 and not is_month(parts[1]):
                volume, issue = parts
            elif parts:
                volume = parts[0]
                if len(parts) > 1 and is_month(parts[1]):
                    month = parts[1]
        elif mi and not mv:
            # '14, no. 3' (Chicago): the number before 'no.' is the volume; 'No. 134' alone is an issue.
            lead = re.match(r"^([\w\-–/]+)\s*[,;:]?\s+(?=" + _NO_WORD + r")", t, flags=re.I)
            if lead and not is_month(lead.group(1)):
                volume = lead.group(1)
    volume = _number(volume)
    issue = _number(issue)
    if volume and _roman_to_int(volume) and volume.isupper() and len(volume) > 1:
        volume = str(_roman_to_int(volume))
    return volume, issue, month


def clean_pages(text: str) -> str:
    """'pp. 1243–1248' -> '1243-1248'; 'p.111-145' -> '111-145'; 'S. 83-109' -> '83-109'."""
    t = squash(text).strip(" ,;:.()")
    t = re.sub(r"^(?:pp?|pages?|pgs?|s|ss|hal|hlm|halaman|pág|págs|str|seiten|sp)\.?\s*", "", t, flags=re.I)
    t = re.sub(r"\s*(?:ff?|et seq)\.?$", "", t)
    t = _DASH_RUN.sub("-", t)
    t = t.strip(" ,;:.()")
    return t


_ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "revised": "Rev.",
}


def parse_edition(text: str) -> str:
    """'(3rd ed.)' -> '3'; '2. Aufl.' -> '2'; 'Second edition' -> '2'; 'Rev. ed.' -> 'Rev.'."""
    t = strip_brackets(squash(text).strip(" ,;:."))
    m = re.search(r"(\d+)\s*(?:st|nd|rd|th|e|er|ème|\.)?\s*(?:ed|edn|edition|aufl|auflage|éd|edición|edisi)?", t, re.I)
    if m:
        return m.group(1)
    for word, value in _ORDINALS.items():
        if re.search(rf"\b{word}\b", t, re.I):
            return value
    return re.sub(r"\s*\b(?:ed|edn|edition)\b\.?$", "", t, flags=re.I).strip() or t


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def parse_date(text: str) -> tuple[int | None, str]:
    """'(2011).' -> (2011, '2011'); 'December 1998' -> (1998, '1998-12'); '2 Aug. 2006' -> (2006, '2006-08-02')."""
    t = squash(text)
    m = _YEAR.search(t)
    if not m:
        return None, ""
    year = int(m.group(1))
    month = month_number(t)
    iso = str(year)
    if month:
        iso = f"{year}-{month:02d}"
        day = re.search(r"(?<![\d])([0-3]?\d)(?![\d])(?!\s*[-–]\s*\d)", _YEAR.sub(" ", t))
        if day and 1 <= int(day.group(1)) <= 31 and not re.search(r"\d\s*[-–]\s*\d", t):
            iso += f"-{int(day.group(1)):02d}"
    return year, iso


def clean_doi(text: str) -> str:
    m = re.search(r"10\.\d{4,9}/\S+", text)
    if not m:
        return ""
    return m.group(0).rstrip(".,;>)]").rstrip(".")


def clean_url(text: str) -> str:
    m = re.search(r"(?:https?://|www\.)\S+", text)
    if not m:
        return ""
    url = m.group(0).rstrip(",;>)]")
    if url.endswith(".") and not url.endswith(".."):
        url = url[:-1]
    return url


def clean_isbn(text: str) -> str:
    m = re.search(r"(?:97[89][\s\-]?)?(?:\d[\s\-]?){9}[\dXx]", text)
    return m.group(0).replace(" ", "").upper() if m else ""


_TURKISH = set("şŞğĞçÇöÖüÜİ")


def fix_dotless_i(text: str, known: frozenset[str] | None = None) -> str:
    """'Envıronment' -> 'Environment': a dotless ı inside an otherwise Latin word is an OCR/keyboard slip.

    A word keeps its ı when the text has other Turkish letters (ş, ğ, ç, ö, ü, İ), which mark real Turkish.
    """
    if "ı" not in text:
        return text
    turkish_text = any(c in _TURKISH for c in text)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        candidate = word.replace("ı", "i")
        if known is not None and candidate.lower() in known:
            return candidate
        if not turkish_text and all(ord(c) < 128 or c == "ı" for c in word) and len(word) > 2:
            return candidate
        return word

    return re.sub(r"\w*ı\w*", fix, text)


# RIS tags left in a string by a copy from a reference manager's export ("BT - Book title").
_RIS_DEBRIS = re.compile(r"\s+\b(BT|T2|T3|JO|JF|JA|SP|EP|VL|IS|PB|CY|TI|T1|AU|A2|PY|Y1|DA|UR|DO|SN|ER|N1|KW|ED)\s+-\s+")


def remove_debris(text: str) -> tuple[str, set[str]]:
    """Drop RIS tags such as ' BT - Information Security Applications' and return which tags were seen.

    When the tagged text is repeated right after (a common export slip) the tag and its copy go; otherwise
    only the tag goes and its text becomes a sentence of its own.
    """
    tags: set[str] = set()
    while True:
        m = _RIS_DEBRIS.search(text)
        if not m:
            return text, tags
        tags.add(m.group(1))
        rest = text[m.end() :]
        end = re.search(r"\.\s", rest)
        chunk = rest[: end.start()] if end else rest
        after = rest[end.end() :] if end else ""
        if chunk and after.lower().startswith(chunk.lower()):
            text = text[: m.start()] + ". " + after
        else:
            text = text[: m.start()] + ". " + rest
        text = re.sub(r"\.\s*\.", ".", text)


def normalise_text(text: str) -> str:
    """NFC, no control characters, single spaces."""
    t = unicodedata.normalize("NFC", text)
    if not t.isprintable():
        t = "".join(c if c.isprintable() else " " for c in t)
    return squash(t)


_VANCOUVER = re.compile(
    r"^\s*((?:1[5-9]|20)\d\d)(?:\s+([A-Za-z]{3,9}\.?(?:\s*\d{1,2})?(?:\s*[-–]\s*[A-Za-z]{3,9})?))?\s*;\s*"
    r"([\w\-–/]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*(?::\s*([A-Za-z]?\d[\w\-–]*))?[.,;]?\s*$"
)


def split_vancouver(text: str) -> tuple[str, str, str, str, str] | None:
    """'2018;36(4):812-9.' -> ('2018', '', '36', '4', '812-819'): Vancouver's date;volume(issue):pages
    block, with the abbreviated last page written out ('2002 Jul 25;347(4):284-7' -> pages 284-287)."""
    m = _VANCOUVER.match(squash(text))
    if not m:
        return None
    year, when, volume, issue, pages = (g or "" for g in m.groups())
    return year, when, _number(volume), _number(issue), expand_page_range(clean_pages(pages))


_SHORT_RANGE = re.compile(r"^(\d+)-(\d+)$")


def expand_page_range(pages: str) -> str:
    """'284-7' -> '284-287', '1243-8' -> '1243-1248': a last page written with only its changed
    digits (Vancouver, NLM) in full. Anything else ('e123', '12-9' read as 12-19, 'S1-S9') is kept
    unless the expansion gives a later page."""
    m = _SHORT_RANGE.match(pages)
    if not m:
        return pages
    first, last = m.groups()
    if len(last) >= len(first):
        return pages
    full = first[: len(first) - len(last)] + last
    return f"{first}-{full}" if int(full) > int(first) else pages
